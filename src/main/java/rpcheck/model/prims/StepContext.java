package rpcheck.model.prims;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/**
 * What a primitive's TLA+ step rule writes into: the step's enabling condition, its result (the value the
 * lowered call returns), its effects on the state variables, and its text in kernel terms, the TLA+ parts as
 * {@link Tla} trees. A rule reads a state variable ({@code g}, {@code rq}, {@code wk}, {@code flw}, {@code lk},
 * {@code ev}) through {@link #state} and the step's operands through {@link #operand}: both are the values current
 * in the action the generator builds (an earlier step folded into the same action may have changed them). The
 * generator implements this interface; the rules live with their primitive family.
 */
public interface StepContext {
    /** The lowered operation being translated. */
    Ir.Op op();

    Model model();

    /** The name of the declared object that operand {@code i} is. */
    default String entity(int i) {
        return ((Ir.Entity) op().args().get(i)).name();
    }

    /** The kernel name the spec called (test_and_set_bit rather than the step kind's xchg). */
    default String called() {
        return op().kernelName();
    }

    /** The value of state variable {@code var} ({@code g}, {@code rq}, ...) in this action before the step. */
    Tla.Expr state(String var);

    /** {@code state(var)[key]}: one request, work item, lock or event of a state variable. */
    default Tla.Expr state(String var, String key) {
        return Tla.index(state(var), key);
    }

    /** The TLA+ value of {@code v} in this action. */
    Tla.Expr operand(Ir.Val v);

    /** {@code v} as the DSL writes it (for the step's text). */
    String show(Ir.Val v);

    /** The program-counter label of this step. */
    String label();

    void guard(Tla.Expr tla);

    void result(Tla.Expr tla);

    /** An EXCEPT clause (or, with an empty path, a whole new value) for state variable {@code var}; in order. */
    void effect(String var, Tla.Update update);

    /** A write of {@code value} to a flag, counter, var or request field. */
    void assign(Ir.Val target, Tla.Expr value);

    void text(String words);

    /** What a context blocked at this step waits on (the kind is the primitive's {@link Prim#waitKind()}). */
    void waitsOn(String what);

    // facts about the whole program that some blk-mq rules need

    /** The request queue whose timeout work {@code work} is, if blk_sync_queue() deletes that queue's timer. */
    String syncedQueueOf(String work);

    /**
     * Whether the queue's timeout work waits for dispatches in progress ({@link BlkMq#waitedDispatches}): it does,
     * and some dispatch on the queue can be in progress between steps (its ->queue_rq sleeps or blocks).
     */
    default boolean timeoutWaitsFor(String queue) {
        return false;
    }

    /** Whether something freezes request queue {@code queue} (its requests then enter it: {@link BlkMq#users}). */
    default boolean freezes(String queue) {
        return false;
    }

    /** blk_add_timer(): arms the queue's timer again (an effect on g where blk_sync_queue() deletes it). */
    void armQueueTimer(String rq);

    /** Whether the global record g has ghost field {@code field} (see {@link rpcheck.model.Ghosts}) in this module. */
    boolean hasGhost(String field);

    /** Whether blk_execute_rq() returning clears rq.status (nothing else reads it). */
    boolean statusConsumed();

    /** A constant of the spec as TLA+. */
    static Tla.Expr constant(rpcheck.model.Model.Value v) {
        Object o = v.v();
        if (o instanceof Boolean b) {
            return b ? Tla.TRUE : Tla.FALSE;
        }
        if (o instanceof Long l) {
            return Tla.num(l);
        }
        return Tla.str((String) o);
    }

    /** A TLA+ string literal. */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
