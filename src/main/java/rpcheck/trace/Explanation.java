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
 * @param cycle    the wait-for cycle of the final state, found once here (JGraphT) and used by every renderer:
 *                 its edges in order, starting at the offender, each wait's holder being the next wait's
 *                 context; empty if the final state has no cycle
 * @param keySteps the steps the violation depends on: those that changed the state the violation reads (the
 *                 counter a wait reads, the freed object and who touches it, the fault), and for a lost error
 *                 those after the fault that tried to change the controller state or tested it (the recovery
 *                 it should have started); in step order. The text never collapses them.
 * @param calledAt beside {@code chain}: where the spec calls each of its functions ({@link CalledAt}); empty where
 *                 not known
 */
public record Explanation(String offender, String position, List<String> chain, List<Wait> waits,
        List<String> notes, List<Wait> cycle, List<Integer> keySteps, List<String> calledAt) {
    public Explanation {
        chain = List.copyOf(chain);
        waits = List.copyOf(waits);
        notes = List.copyOf(notes);
        cycle = List.copyOf(cycle);
        keySteps = List.copyOf(new java.util.TreeSet<>(keySteps));
        calledAt = CalledAt.of(chain, calledAt);
    }

    /** An explanation without the call sites of its chain. */
    public Explanation(String offender, String position, List<String> chain, List<Wait> waits, List<String> notes,
            List<Wait> cycle, List<Integer> keySteps) {
        this(offender, position, chain, waits, notes, cycle, keySteps, List.of());
    }

    /** An explanation without key steps. */
    public Explanation(String offender, String position, List<String> chain, List<Wait> waits, List<String> notes,
            List<Wait> cycle) {
        this(offender, position, chain, waits, notes, cycle, List.of());
    }

    /** The same explanation with these key steps. */
    public Explanation withKeySteps(java.util.Collection<Integer> steps) {
        return new Explanation(offender, position, chain, waits, notes, cycle, List.copyOf(steps), calledAt);
    }

    /** The same explanation with the call sites of its chain. */
    public Explanation withCalledAt(List<String> sites) {
        return new Explanation(offender, position, chain, waits, notes, cycle, keySteps, sites);
    }

    /** An explanation without a wait-for cycle. */
    public Explanation(String offender, String position, List<String> chain, List<Wait> waits, List<String> notes) {
        this(offender, position, chain, waits, notes, List.of());
    }
}
