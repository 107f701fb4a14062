package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.ArgKind.CONTROLLER;
import static rpcheck.model.prims.ArgKind.FUNCTION;
import static rpcheck.model.prims.ArgKind.KREF;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;

/**
 * Reference counts: include/linux/kref.h. The put that drops the count to 0 frees the controller; given a release
 * function, that function frees it, with {@code kfree(ctrl)} (what it does before runs on allocated memory).
 */
final class Refcounts implements Family {
    private static final String SRC = "include/linux/kref.h";

    @Override
    public String name() {
        return "refcounts";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("kref_get"), name(), List.of(KREF), 1, false, List.of(Prim.KREF_GET), SRC,
                        "one more reference", cx -> cx.plain(Prim.KREF_GET, List.of(cx.arg(0)))),
                new Primitive(List.of("kref_get_unless_zero"), name(), List.of(KREF), 1, false,
                        List.of(Prim.KREF_GET_UNLESS_ZERO), SRC, "one more reference unless the count is already 0;"
                                + " returns true (a bool) if it took one (a lookup's `nvme_fc_ctrl_get()` of a controller that may"
                                + " be on its way to the free)",
                        cx -> valuedIfUsed(cx, Prim.KREF_GET_UNLESS_ZERO)),
                new Primitive(List.of("kref_put"), name(), List.of(KREF, FUNCTION), 1, false, List.of(Prim.KREF_PUT),
                        SRC, "one reference less; returns true (a bool) if it was the last. Without `release` the last put"
                                + " frees the controller (UseAfterFree watches from then on); given `release`, the"
                                + " last put calls `release()` in the putting context (it may not take arguments),"
                                + " which must free the controller with `kfree(ctrl)`",
                        Refcounts::put),
                new Primitive(List.of("kfree"), name(), List.of(CONTROLLER), 1, false, List.of(Prim.KFREE),
                        "mm/slub.c", "frees the controller's memory (UseAfterFree watches from then on): the end of"
                                + " a kref release function (`nvme_fc_ctrl_free()`)",
                        Refcounts::kfree),
                new Primitive(List.of("kref_read"), name(), List.of(KREF), 1, false, List.of(), SRC,
                        "the count (for a check such as `WARN_ON(kref_read(ref) == 0)`)", cx -> cx.read(cx.arg(0))));
    }

    private static LowerContext.Result put(LowerContext cx) {
        if (cx.args().size() == 2) {
            String release = (String) ((Ir.Const) cx.arg(1)).value().v();
            if (!cx.calls(release, "kfree")) {
                cx.error(rpcheck.diag.DiagnosticCode.NEVER_FREED, "release function '" + release + "' never frees the controller: the last put would leave"
                        + " it allocated for good", "end " + release + "() with kfree(ctrl), as a kernel release"
                        + " function ends with kfree() of the object it is handed");
                return cx.failed();
            }
            // the release's name as a second argument: this put does not free, kfree(ctrl) in the release does
            return cx.valuedThenCall(Prim.KREF_PUT, List.of(cx.arg(0), cx.arg(1)), release, List.of());
        }
        return valuedIfUsed(cx, Prim.KREF_PUT);
    }

    /** The step kind on the kref argument, with its result where the caller uses it ({@code if !kref_...(ref)}). */
    private static LowerContext.Result valuedIfUsed(LowerContext cx, Prim p) {
        return cx.wantsValue() ? cx.valued(p, List.of(cx.arg(0)), cx.site()) : cx.plain(p, List.of(cx.arg(0)));
    }

    private static LowerContext.Result kfree(LowerContext cx) {
        if (cx.model().krefs().isEmpty()) {
            cx.error(rpcheck.diag.DiagnosticCode.NEVER_FREED, "kfree(ctrl) frees a controller that no 'kref' keeps alive",
                    "declare its reference count ('kref ref = 1') and call kfree(ctrl) at the end of the function"
                            + " kref_put(ref, release) calls");
            return cx.failed();
        }
        return cx.plain(Prim.KFREE, List.of(cx.arg(0)));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.KREF_GET, s -> {
            String k = ((Ir.Global) s.op().args().get(0)).name();
            s.effect("g", field(k, infix("+", AT, num(1))));
            s.text("kref_get(" + k + ")");
        });
        out.put(Prim.KREF_GET_UNLESS_ZERO, s -> {
            String k = ((Ir.Global) s.op().args().get(0)).name();
            Tla.Expr live = infix(">", dot(s.state("g"), k), num(0));
            s.result(paren(live));
            s.effect("g", field(k, ite(live, infix("+", AT, num(1)), AT)));
            s.text("kref_get_unless_zero(" + k + ")");
        });
        out.put(Prim.KREF_PUT, s -> {
            String k = ((Ir.Global) s.op().args().get(0)).name();
            Tla.Expr last = eq(dot(s.state("g"), k), num(1));
            s.result(paren(last));
            if (s.op().args().size() == 1) {
                s.effect("g", field(rpcheck.model.Ghosts.FREED, ite(last, SELF, AT)));
                s.text("kref_put(" + k + "): the last reference frees the controller");
            } else {
                s.text("kref_put(" + k + "): the last reference calls "
                        + ((Ir.Const) s.op().args().get(1)).value().v() + "()");
            }
            s.effect("g", field(k, infix("-", AT, num(1))));
        });
        out.put(Prim.KFREE, s -> {
            s.effect("g", field(rpcheck.model.Ghosts.FREED, SELF));
            s.text("kfree(ctrl): the controller's memory is freed");
        });
    }
}
