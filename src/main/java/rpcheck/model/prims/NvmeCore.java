package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.id;
import static rpcheck.model.prims.Tla.in;
import static rpcheck.model.prims.Tla.index;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;

/** The nvme core's controller state machine: drivers/nvme/host/core.c. */
final class NvmeCore implements Family {
    private static final String SRC = "drivers/nvme/host/core.c";

    @Override
    public String name() {
        return "nvme core";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("nvme_change_ctrl_state"), name(), List.of(VALUE, VALUE), 1, true,
                        List.of(Prim.CHANGE_STATE, Prim.MIGHT_SLEEP), SRC,
                        "core.c's table; returns whether it changed; CONNECTING -> LIVE sleeps"
                                + " (`nvme_stop_failfast_work()`: `cancel_delayed_work_sync()`), a refused change"
                                + " and every other change do not. It takes `ctrl->lock` and reads `ctrl->state`,"
                                + " whether or not the change is allowed: a call after the last `kref_put` is a"
                                + " UseAfterFree",
                        cx -> cx.composite(LowerContext.Composite.CHANGE_STATE)),
                new Primitive(List.of("nvme_ctrl_state"), name(), List.of(VALUE), 0, false, List.of(), SRC,
                        "`ctrl.state` (the argument, if given, is the controller)",
                        cx -> cx.model().controller() == null ? cx.composite(LowerContext.Composite.CHANGE_STATE)
                                : cx.read(new Ir.Global(cx.model().controller()))));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.CHANGE_STATE, s -> {
            String st = (String) ((Ir.Const) s.op().args().get(0)).value().v();
            String ctl = s.model().controller();
            Tla.Expr allowed = index(id("CtrlAllowed"), st);
            s.result(paren(in(dot(s.state("g"), ctl), allowed)));
            s.effect("g", field(ctl, ite(in(AT, allowed), str(st), AT)));
            s.text("nvme_change_ctrl_state(" + st + ")");
        });
    }
}
