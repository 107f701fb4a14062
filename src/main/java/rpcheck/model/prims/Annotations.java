package rpcheck.model.prims;


import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.NONE;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.not;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.str;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;

/** Model annotations: ghost updates that change no kernel state (assoc_begin, assoc_end, assert). */
final class Annotations implements Family {
    @Override
    public String name() {
        return "annotations";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(new Primitive(List.of("assoc_begin"), name(), List.of(), 0, false, List.of(Prim.ASSOC_BEGIN),
                Prim.MODEL_ANNOTATION, "a new association starts: faults of the old one no longer count (LostError)",
                cx -> cx.plain(Prim.ASSOC_BEGIN, List.of())),
                new Primitive(List.of("assoc_failed"), name(), List.of(), 0, false, List.of(Prim.ASSOC_FAILED),
                        Prim.MODEL_ANNOTATION, "the transport learns here that the association has failed, e.g. where"
                                + " the remote port is marked deleted under its lock: LostError watches the controller"
                                + " from here (as from the event declared `fails association`) until the next"
                                + " assoc_begin(), and the LLDD fails its exchanges",
                        Annotations::failed),
                new Primitive(List.of("assoc_end"), name(), List.of(), 0, false, List.of(Prim.ASSOC_END),
                        Prim.MODEL_ANNOTATION, "the driver has torn the association down: the controller must not"
                                + " stay LIVE until the next assoc_begin() (LiveWithoutAssoc)",
                        cx -> cx.plain(Prim.ASSOC_END, List.of())));
    }

    private static LowerContext.Result failed(LowerContext cx) {
        if (!cx.model().hasAssociationFaults()) {
            cx.error(rpcheck.diag.DiagnosticCode.MISSING_DECLARATION, "assoc_failed() marks where the transport learns"
                    + " of a failed association, but no event of the spec is declared 'fails association'",
                    "declare the fault that kills the association, e.g. 'event port_loss max 1 in lldd calls"
                            + " unregister() fails association', or remove assoc_failed()");
            return cx.failed();
        }
        return cx.plain(Prim.ASSOC_FAILED, List.of());
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.ASSOC_FAILED, s -> {
            s.effect("g", field(Ghosts.ASSOC_FAILED, Tla.TRUE));
            s.text("assoc_failed(): the association has failed (LostError watches from here)");
        });
        out.put(Prim.ASSOC_BEGIN, s -> {
            s.effect("g", field(Ghosts.ASSOC_FAILED, Tla.FALSE));
            if (s.hasGhost(Ghosts.ASSOC_GONE)) {
                s.effect("g", field(Ghosts.ASSOC_GONE, Tla.FALSE));
            }
            s.text("assoc_begin(): a new association; faults of the old one no longer count");
        });
        out.put(Prim.ASSOC_END, s -> {
            s.effect("g", field(Ghosts.ASSOC_GONE, Tla.TRUE));
            s.text("assoc_end(): the association is torn down");
        });
        out.put(Prim.ASSERT, s -> {
            Ir.Val cond = s.op().args().get(1);
            s.effect("g", field(Ghosts.ASSERT, ite(and(eq(AT, NONE), not(paren(s.operand(cond)))), str(s.label()),
                    AT)));
            s.text(Ir.assertText(s.op(), s::show));
        });
    }
}
