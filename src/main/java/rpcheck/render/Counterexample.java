package rpcheck.render;

import java.util.Objects;

import rpcheck.trace.Trace;

/**
 * What every renderer takes: a counterexample and the variant it was found in. It is all that
 * {@code trace.json} holds, so a rendering from a trace.json equals the one {@code check} wrote.
 */
public record Counterexample(String variant, Trace trace) {
    public Counterexample {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(trace, "trace");
    }

    /** {@code smart: WaitCycle}. */
    public String title() {
        return variant + ": " + trace.property().displayName();
    }
}
