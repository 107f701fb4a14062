package rpcheck.model.prims;

import java.util.List;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/**
 * What a primitive's lowering works with: the call's arguments (already lowered, and already checked against
 * the primitive's {@link ArgKind}s), and the ways to emit steps. Implemented by {@link rpcheck.model.Lowering};
 * the results are opaque to the catalogue.
 */
public interface LowerContext {
    /** The opaque result of a lowering: the steps emitted and the value of the call. */
    interface Result {
    }

    /** The name the spec called (one of the primitive's names). */
    String fn();

    /** Whether the spec's function {@code fn}, or a spec function it calls, calls {@code callee}. */
    boolean calls(String fn, String callee);

    Model model();

    /** Whether some function of the spec calls {@code callee}. */
    boolean specCalls(String callee);

    /** The lowered arguments. */
    List<Ir.Val> args();

    default Ir.Val arg(int i) {
        return args().get(i);
    }

    /** The declared object argument {@code i} names (checked by kind before the lowering runs). */
    default String name(int i) {
        return ((Ir.Entity) arg(i)).name();
    }

    /** The object argument {@code i} as an operand. */
    default Ir.Entity entity(int i) {
        return (Ir.Entity) arg(i);
    }

    /** Where the call stands, with its call chain. */
    Ir.Site site();

    /** The call's site with a kernel helper appended to the chain (e.g. blk_sync_queue in block/blk-core.c). */
    Ir.Site siteVia(String helper, String file);

    /** " in FN()" for the spec function the call stands in, or "". */
    String inFunction();

    /** Whether the caller uses the call's value. */
    boolean wantsValue();

    /** One step; the call's value is 0. */
    Result plain(Prim p, List<Ir.Val> args, Ir.Site site);

    default Result plain(Prim p, List<Ir.Val> args) {
        return plain(p, args, site());
    }

    /** One step whose result is the call's value. */
    Result valued(Prim p, List<Ir.Val> args, Ir.Site site);

    /** A BEGIN step that decides whether to wait, a branch, and the WAIT step. */
    Result twoPhase(Prim begin, Prim wait, List<Ir.Val> args, Ir.Site site, boolean resultIsWaited);

    /** No step: the call is a read of shared state with value {@code v}. */
    Result read(Ir.Val v);

    /** A step whose result (true: the last reference went) selects a call of {@code fn(args)} (kref_put's release). */
    Result valuedThenCall(Prim p, List<Ir.Val> args, String fn, List<Ir.Val> fnArgs);

    /** A composite lowering that inlines the spec's own functions (blk-mq dispatch and completion, core.c's
     *  state change, quiesce): kept with the inliner in {@link rpcheck.model.Lowering}, named here. */
    Result composite(Composite which);

    /** An error was reported (or the arguments were bad): no step. */
    Result failed();

    /** Reports a semantic error at the call. */
    void error(String message, String hint);

    /** Reports a semantic error at the call with its own code. */
    void error(rpcheck.diag.DiagnosticCode code, String message, String hint);

    /** The composites of {@link #composite}. */
    enum Composite { EXECUTE_RQ, COMPLETE_RQ, CHANGE_STATE, QUIESCE, FREEZE, BLK_SYNC_QUEUE }
}
