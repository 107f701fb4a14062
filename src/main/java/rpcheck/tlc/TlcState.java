package rpcheck.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One state of a TLC error trace.
 *
 * @param number    the state number TLC printed (1-based)
 * @param action    {@value #INITIAL} for the first state, {@value #STUTTERING} for a liveness trace ending in
 *                  stuttering, otherwise the name of the action (the operator definition) that produced the
 *                  state. TLC 2.18 prints only the operator name, never parameter values: a step of
 *                  {@code \E p \in Procs : Step(p)} is just {@code Step}; an unnamed disjunct of {@code Next} is
 *                  reported as {@code Next} with the disjunct's location.
 * @param location  where the action is defined; null for the initial predicate and stuttering
 * @param variables variable name to value, in TLC's printed order (which is not necessarily declaration
 *                  order); unmodifiable
 */
public record TlcState(int number, String action, SourceLoc location, Map<String, TlaValue> variables) {

    public static final String INITIAL = "Initial predicate";
    public static final String STUTTERING = "Stuttering";

    public TlcState {
        Objects.requireNonNull(action, "action");
        LinkedHashMap<String, TlaValue> copy = new LinkedHashMap<>();
        variables.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        variables = Collections.unmodifiableMap(copy);
    }

    /** The value of a variable, or null if the state has no such variable. */
    public TlaValue get(String variable) {
        return variables.get(variable);
    }

    public boolean isInitial() {
        return INITIAL.equals(action) && location == null;
    }

    public boolean isStuttering() {
        return STUTTERING.equals(action) && location == null;
    }

    /** The state as TLC-style {@code /\ var = value} lines (one line per variable, values on one line). */
    public String toTla() {
        StringBuilder sb = new StringBuilder();
        variables.forEach((k, v) -> sb.append("/\\ ").append(k).append(" = ").append(v.toTla()).append('\n'));
        return sb.toString();
    }
}
