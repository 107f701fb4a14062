package rpcheck.trace;

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
    }
}
