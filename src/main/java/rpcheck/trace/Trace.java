package rpcheck.trace;

import java.util.List;
import java.util.Objects;

/** A counterexample in the DSL's terms: its steps and the explanation of its final state. */
public record Trace(Property property, List<TraceStep> steps, Explanation explanation) {
    public Trace {
        Objects.requireNonNull(property, "property");
        steps = List.copyOf(steps);
        Objects.requireNonNull(explanation, "explanation");
    }
}
