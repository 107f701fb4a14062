package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.neq;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.or;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.ArgKind.COMPLETION;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;

/**
 * struct completion (kernel/sched/completion.c, include/linux/completion.h). Its {@code done} count is the field
 * {@code g.<name>}: complete() adds one, complete_all() sets it to "all" (UINT_MAX in the kernel, -1 here), a
 * waiter takes one (none after complete_all), reinit_completion() sets it to 0.
 */
final class Completions implements Family {
    private static final String SRC = "kernel/sched/completion.c";
    /** The kernel's UINT_MAX done count of complete_all(). */
    static final long ALL = -1;

    @Override
    public String name() {
        return "completion";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("init_completion", "reinit_completion"), name(), List.of(COMPLETION), 1, false,
                        List.of(Prim.REINIT_COMPLETION), SRC, "`done = 0`: later waiters wait for a new complete()",
                        cx -> cx.plain(Prim.REINIT_COMPLETION, List.of(cx.entity(0)))),
                new Primitive(List.of("complete"), name(), List.of(COMPLETION), 1, false, List.of(Prim.COMPLETE), SRC,
                        "wakes one waiter (`done += 1`, unless completed for all)",
                        cx -> cx.plain(Prim.COMPLETE, List.of(cx.entity(0)))),
                new Primitive(List.of("complete_all"), name(), List.of(COMPLETION), 1, false,
                        List.of(Prim.COMPLETE_ALL), SRC, "wakes every waiter, now and later, until reinit_completion()",
                        cx -> cx.plain(Prim.COMPLETE_ALL, List.of(cx.entity(0)))),
                new Primitive(List.of("wait_for_completion", "wait_for_completion_interruptible",
                        "wait_for_completion_killable", "wait_for_completion_io"), name(), List.of(COMPLETION), 1,
                        true, List.of(Prim.COMPLETION_WAIT), SRC,
                        "sleeps until `done > 0` and takes one (none after complete_all()); never interrupted",
                        cx -> cx.plain(Prim.COMPLETION_WAIT, List.of(cx.entity(0)))),
                new Primitive(List.of("wait_for_completion_timeout"), name(), List.of(COMPLETION, VALUE), 2, true,
                        List.of(Prim.COMPLETION_WAIT_TIMEOUT), SRC,
                        "as `wait_for_completion`, or the timeout expires first (any time: time is not modelled);"
                                + " returns nonzero if completed, 0 on timeout",
                        cx -> cx.valued(Prim.COMPLETION_WAIT_TIMEOUT, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("completion_done"), name(), List.of(COMPLETION), 1, false, List.of(), SRC,
                        "whether a wait would not sleep (`done != 0`)",
                        cx -> cx.read(new Ir.Bin("!=", new Ir.Global(cx.name(0)),
                                new Ir.Const(rpcheck.model.Model.Value.of(0))))));
    }

    /** {@code @ = ALL}: complete_all() was called. */
    private static Tla.Expr all() {
        return eq(AT, num(ALL));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.REINIT_COMPLETION, s -> {
            s.effect("g", field(s.entity(0), num(0)));
            s.text("reinit_completion(" + s.entity(0) + ")");
        });
        out.put(Prim.COMPLETE, s -> {
            s.effect("g", field(s.entity(0), ite(all(), AT, infix("+", AT, num(1)))));
            s.text("complete(" + s.entity(0) + ")");
        });
        out.put(Prim.COMPLETE_ALL, s -> {
            s.effect("g", field(s.entity(0), num(ALL)));
            s.text("complete_all(" + s.entity(0) + ")");
        });
        out.put(Prim.COMPLETION_WAIT, s -> {
            s.guard(neq(dot(s.state("g"), s.entity(0)), num(0)));
            s.effect("g", field(s.entity(0), ite(all(), AT, infix("-", AT, num(1)))));
            s.text("wait_for_completion(" + s.entity(0) + ") returns");
            s.waitsOn(s.entity(0));
        });
        out.put(Prim.COMPLETION_WAIT_TIMEOUT, s -> {
            // one action that either takes a completion or times out (the result says which): no guard, so a
            // waiter is never stuck, and a behaviour where the wait returns 0 without a complete() exists
            s.result(paren(ite(neq(dot(s.state("g"), s.entity(0)), num(0)), num(1), num(0))));
            s.effect("g", field(s.entity(0), ite(or(all(), eq(AT, num(0))), AT, infix("-", AT, num(1)))));
            s.text("wait_for_completion_timeout(" + s.entity(0) + ") returns");
        });
    }
}
