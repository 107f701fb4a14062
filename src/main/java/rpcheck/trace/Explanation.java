package rpcheck.trace;

import java.util.List;

/**
 * Why the final state of a counterexample violates its property.
 *
 * @param offender the context at fault: for WaitCycle the context of the cycle that started waiting last, for
 *                 SleepInAtomic the context that sleeps while atomic, for Deadlock a blocked context (one in a
 *                 wait cycle if there is one); null if none could be singled out
 * @param position DSL position of the offending call, or null
 * @param chain    the offending call's kernel call chain, outermost first, ending in the primitive
 * @param waits    WaitCycle: the cycle's edges, starting at the offender; Deadlock: every context that is not
 *                 idle and waits for something; SleepInAtomic: empty
 * @param notes    further sentences (why a context is atomic, contexts stuck without a wait, ...)
 */
public record Explanation(String offender, String position, List<String> chain, List<Wait> waits,
        List<String> notes) {
    public Explanation {
        chain = List.copyOf(chain);
        waits = List.copyOf(waits);
        notes = List.copyOf(notes);
    }
}
