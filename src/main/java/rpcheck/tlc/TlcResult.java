package rpcheck.tlc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a TLC run. Every variant carries the captured {@link TlcOutput} (raw text, frames, exit
 * code, kept work directory), so nothing TLC said is lost.
 */
public sealed interface TlcResult
        permits TlcResult.NoViolation, TlcResult.Violation, TlcResult.Failure, TlcResult.Timeout {

    TlcOutput output();

    /** TLC's raw stdout (and stderr after a separator, if any). */
    default String rawOutput() {
        return output().text();
    }

    /** Messages with codes this package does not interpret (see {@link TlcOutputParser#isKnownCode(int)}). */
    default List<TlcMessage> unparsedMessages() {
        return output().unparsedMessages();
    }

    /** Model checking completed and found no error. */
    record NoViolation(TlcStats stats, TlcOutput output) implements TlcResult {
        public NoViolation {
            Objects.requireNonNull(stats, "stats");
            Objects.requireNonNull(output, "output");
        }

        public NoViolation(TlcStats stats) {
            this(stats, TlcOutput.EMPTY);
        }
    }

    /**
     * TLC found a counterexample.
     *
     * @param kind         what was violated
     * @param propertyName the invariant or property name as TLC reports it (INVARIANT: from "Invariant X is
     *                     violated"; TEMPORAL: "Action property X" / "Property X", but TLC does not name the
     *                     property for a liveness violation, so it is null there unless the runner could infer it
     *                     from a cfg with a single PROPERTY); ASSERTION: the assertion's message (the second
     *                     argument of {@code Assert}); null for DEADLOCK
     * @param trace        the states in order. For a liveness lasso ({@code loopBackTo != null}) the last entry
     *                     is not a new state but the step that closes the loop: for "Back to state k" it is a
     *                     copy of state k (number k) labelled with the action that leads back to it; for
     *                     "Stuttering" it is a copy of the previous state labelled {@value TlcState#STUTTERING}
     * @param loopBackTo   for a lasso, the number of the state the final step returns to (for stuttering: the
     *                     last real state); null for finite traces
     * @param stats        statistics, {@link TlcStats#UNKNOWN} fields where TLC printed none
     */
    record Violation(Kind kind, String propertyName, List<TlcState> trace, Integer loopBackTo, TlcStats stats,
                     TlcOutput output) implements TlcResult {

        public enum Kind { INVARIANT, DEADLOCK, TEMPORAL, ASSERTION }

        public Violation {
            Objects.requireNonNull(kind, "kind");
            trace = List.copyOf(trace);
            Objects.requireNonNull(stats, "stats");
            Objects.requireNonNull(output, "output");
            if (loopBackTo != null && trace.isEmpty()) {
                throw new IllegalArgumentException("a lasso needs at least the closing step");
            }
        }

        public Violation(Kind kind, String propertyName, List<TlcState> trace, Integer loopBackTo, TlcStats stats) {
            this(kind, propertyName, trace, loopBackTo, stats, TlcOutput.EMPTY);
        }

        /** The real states of the trace, without the loop-closing step of a lasso. */
        public List<TlcState> states() {
            return loopBackTo == null ? trace : trace.subList(0, trace.size() - 1);
        }

        /** The loop-closing step of a lasso ("Back to state" or "Stuttering"), if any. */
        public Optional<TlcState> loopClosingStep() {
            return loopBackTo == null ? Optional.empty() : Optional.of(trace.get(trace.size() - 1));
        }

        public Violation withPropertyName(String name) {
            return new Violation(kind, name, trace, loopBackTo, stats, output);
        }
    }

    /**
     * TLC did not produce a verdict: a parse/semantic error, a config error, an evaluation error, a TLC crash,
     * or a non-zero exit without a result.
     *
     * @param message    a human-readable explanation (TLC's own error text where available)
     * @param outputTail the last lines of the raw output
     */
    record Failure(String message, List<String> outputTail, TlcOutput output) implements TlcResult {
        public Failure {
            Objects.requireNonNull(message, "message");
            outputTail = List.copyOf(outputTail);
            Objects.requireNonNull(output, "output");
        }

        public Failure(String message, List<String> outputTail) {
            this(message, outputTail, TlcOutput.EMPTY);
        }
    }

    /** TLC was killed after running for {@code after}; {@link #output()} holds what it printed until then. */
    record Timeout(Duration after, TlcOutput output) implements TlcResult {
        public Timeout {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(output, "output");
        }

        public Timeout(Duration after) {
            this(after, TlcOutput.EMPTY);
        }
    }
}
