package rpcheck.model.prims;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/**
 * What a primitive's TLA+ step rule writes into: the step's enabling condition, its result (the value the
 * lowered call returns), its effects on the state variables, and its text in kernel terms. Step rules name the
 * state variables by their plain names ({@code g}, {@code rq}, {@code wk}, {@code flw}, {@code lk}, {@code ev})
 * and the step's operands through {@link #operand}; the generator points both at the values current in the
 * action it builds. The generator implements this interface; the rules live with their primitive family.
 */
public interface StepContext {
    /** The TLA+ text of "no context" / "nothing". */
    String NONE = "\"none\"";

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

    /** A place holder for the TLA+ value of {@code v} in this action. */
    String operand(Ir.Val v);

    /** {@code v} as the DSL writes it (for the step's text). */
    String show(Ir.Val v);

    /** The program-counter label of this step. */
    String label();

    void guard(String tla);

    void result(String tla);

    /** An EXCEPT clause (or a whole new value) for state variable {@code var}; clauses apply in order. */
    void effect(String var, String update);

    /** A write of {@code value} to a flag, counter, var or request field. */
    void assign(Ir.Val target, String value);

    void text(String words);

    /** What a context blocked at this step waits on (the kind is the primitive's {@link Prim#waitKind()}). */
    void waitsOn(String what);

    // facts about the whole program that some blk-mq rules need

    /** The request queue whose timeout work {@code work} is, if blk_sync_queue() deletes that queue's timer. */
    String syncedQueueOf(String work);

    /** The effect on g of blk_sync_queue()'s timer_delete_sync(&q->timeout). */
    String timerDeleted(String queue);

    /** blk_add_timer(): arms the queue's timer again (an effect on g where blk_sync_queue() deletes it). */
    void armQueueTimer(String rq);

    /** Whether the global record g has ghost field {@code field} (see {@link rpcheck.model.Ghosts}) in this module. */
    boolean hasGhost(String field);

    /** Whether blk_execute_rq() returning clears rq.status (nothing else reads it). */
    boolean statusConsumed();

    /** A constant of the spec as TLA+. */
    static String constant(rpcheck.model.Model.Value v) {
        Object o = v.v();
        if (o instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (o instanceof Long l) {
            return l.toString();
        }
        return q((String) o);
    }

    /** A TLA+ string literal. */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
