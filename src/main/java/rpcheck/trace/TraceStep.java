package rpcheck.trace;

import java.util.List;

/**
 * One step of a counterexample: the action that led from TLC state {@code number} to state
 * {@code number + 1}.
 *
 * @param number   1-based step number (the initial state is step 0 and is not listed)
 * @param context  the acting context (whose program counter moved), or the environment actor ("timer", "env"),
 *                 or {@value #NOBODY} for the stuttering step that closes a lasso
 * @param action   the TLA+ action name as TLC printed it
 * @param kind     the action's kind (step, work_start, work_finish, context_start, lldd_completion, ...), or
 *                 {@value #STUTTER} for the stuttering step that closes a lasso
 * @param text     what the step did, in words
 * @param position the DSL position ({@code file:line:col}), or null if the action has no source
 * @param chain    the kernel call chain of the step, outermost first (may be empty)
 * @param changes  the shared state it changed (g, rq, wk, lk, ev)
 * @param waiting  every context blocked after the step, and on what
 * @param inner    the statements the step executed after the one {@code text} names (a critical section run as
 *                 one step, a folded reference put, the handler returning), in order; empty if none
 */
public record TraceStep(int number, String context, String action, String kind, String text, String position,
        List<String> chain, List<Change> changes, List<Wait> waiting, List<Statement> inner) {
    /** The context of a stuttering step. */
    public static final String NOBODY = "-";
    /** The kind of a stuttering step. */
    public static final String STUTTER = "stutter";

    public TraceStep {
        chain = List.copyOf(chain);
        changes = List.copyOf(changes);
        waiting = List.copyOf(waiting);
        inner = List.copyOf(inner);
    }

    /** A step without inner statements. */
    public TraceStep(int number, String context, String action, String kind, String text, String position,
            List<String> chain, List<Change> changes, List<Wait> waiting) {
        this(number, context, action, kind, text, position, chain, changes, waiting, List.of());
    }

    /** Whether this is the stuttering step that closes a lasso (nobody acts). */
    public boolean isStutter() {
        return STUTTER.equals(kind);
    }
}
