package rpcheck.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import rpcheck.tlc.TlcStats;
import rpcheck.model.Property;
import rpcheck.trace.Trace;

/**
 * The verdict of one TLC run.
 *
 * @param status     holds, violated, not applicable (the spec has nothing this property could check: no TLC
 *                   run, {@code message} says why), error (TLC failed or timed out: no verdict), or no violation
 *                   found (a simulation ended without one: not a proof; {@code message} says how many behaviours
 *                   of which depth it tried)
 * @param stats      TLC's statistics ({@link TlcStats#UNKNOWN} fields where it printed none)
 * @param trace      the counterexample of a violation, else null
 * @param message    what went wrong, for an error; else null
 * @param outputTail the last lines of TLC's output, for an error; else empty
 * @param workDir    TLC's kept work directory, or null
 * @param elapsed    wall-clock time of the run
 * @param cached     the verdict was replayed from the verdict cache (TLC's output for the same inputs), not run now
 */
public record PropertyResult(Property property, Status status, TlcStats stats, Trace trace, String message,
        List<String> outputTail, Path workDir, Duration elapsed, boolean cached) {

    public enum Status { HOLDS, VIOLATED, NOT_APPLICABLE, ERROR, NO_VIOLATION_FOUND }

    public PropertyResult {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stats, "stats");
        outputTail = List.copyOf(outputTail);
        if ((status == Status.VIOLATED) != (trace != null)) {
            throw new IllegalArgumentException("a trace comes with, and only with, a violation");
        }
    }

    public PropertyResult(Property property, Status status, TlcStats stats, Trace trace, String message,
            List<String> outputTail, Path workDir, Duration elapsed) {
        this(property, status, stats, trace, message, outputTail, workDir, elapsed, false);
    }

    /** Distinct states TLC found, or null if it did not say. */
    public Long distinctStates() {
        return stats.distinct() >= 0 ? stats.distinct() : null;
    }
}
