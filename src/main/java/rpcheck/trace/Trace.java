package rpcheck.trace;

import rpcheck.model.Property;
import java.util.List;
import java.util.Objects;

/**
 * A counterexample in the DSL's terms: its steps and the explanation of its final state.
 *
 * @param loopsTo for a liveness counterexample (a lasso), the step after which the behaviour repeats forever:
 *                the last step leads back to the state reached by step {@code loopsTo} (0 = the initial
 *                state); if the last step changes nothing, the system stutters there forever. Null for a
 *                safety counterexample (a finite trace).
 */
public record Trace(Property property, List<TraceStep> steps, Explanation explanation, Integer loopsTo) {
    public Trace {
        Objects.requireNonNull(property, "property");
        steps = List.copyOf(steps);
        Objects.requireNonNull(explanation, "explanation");
        if (loopsTo != null && (loopsTo < 0 || loopsTo >= Math.max(1, steps.size()))) {
            throw new IllegalArgumentException("loopsTo " + loopsTo + " is not a step before the last of "
                    + steps.size());
        }
    }

    /** Whether this is a lasso (a liveness counterexample that repeats forever). */
    public boolean isLasso() {
        return loopsTo != null;
    }

    /** Whether the lasso ends in stuttering: its last step changes nothing and leads back to its own start. */
    public boolean stutters() {
        return stutters(steps, loopsTo);
    }

    /** The first step that repeats forever (the last step for stuttering); null for a finite trace. */
    public Integer loopStart() {
        return loopsTo == null ? null : loopsTo + 1;
    }

    /** A sentence: how the behaviour goes on after the last step. */
    public String loopText() {
        return loopText(steps, loopsTo);
    }

    static boolean stutters(List<TraceStep> steps, Integer loopsTo) {
        return loopsTo != null && (steps.isEmpty() || steps.get(steps.size() - 1).changes().isEmpty()
                && loopsTo >= steps.size() - 1);
    }

    static String loopText(List<TraceStep> steps, Integer loopsTo) {
        if (loopsTo == null) {
            return "the behaviour ends here";
        }
        return stutters(steps, loopsTo) ? "after step " + Math.max(0, steps.size() - 1) + " nothing changes any more"
                : "steps " + (loopsTo + 1) + ".." + steps.size() + " repeat forever";
    }
}
