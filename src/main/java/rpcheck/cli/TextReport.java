package rpcheck.cli;

import rpcheck.model.Property;
import java.io.PrintWriter;

import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.render.Counterexample;
import rpcheck.render.TextRenderer;

/**
 * Renders check results as text: a verdict line per property that holds, is not applicable or could not be
 * checked, and for a violation the lockdep-style scenario of {@link TextRenderer} (the same text as
 * {@code traces/<variant>/<Property>/trace.txt}).
 */
final class TextReport {
    private final PrintWriter out;
    private final boolean full;

    /** @param full show every context of a counterexample, not only those involved */
    TextReport(PrintWriter out, boolean full) {
        this.out = out;
        this.full = full;
    }

    void print(VariantResult v) {
        for (PropertyResult r : v.results()) {
            print(v.variant(), r);
        }
    }

    /** One property's verdict (as {@link #print(VariantResult)} prints it among the others). */
    void print(String variant, PropertyResult r) {
        switch (r.status()) {
            case HOLDS -> out.println(variant + ": " + r.property() + " holds (" + states(r)
                    + (r.cached() ? "; cached" : "") + ")");
            case ERROR -> out.println(variant + ": " + r.property() + " not checked: " + r.message());
            case NOT_APPLICABLE -> out.println(variant + ": " + r.property() + " n/a: " + r.message());
            case VIOLATED -> violation(variant, r);
            case NO_VIOLATION_FOUND -> out.println(variant + ": " + r.property() + ": " + r.message());
        }
        out.flush();
    }

    private static String states(PropertyResult r) {
        return r.distinctStates() == null ? "state count unknown" : r.distinctStates() + " distinct states";
    }

    void violation(String variant, PropertyResult r) {
        out.print(TextRenderer.render(new Counterexample(variant, r.trace()), full));
        if (r.cached()) {
            out.println("(" + variant + ": " + r.property() + ": cached verdict, TLC not run again)");
        }
        out.println();
    }
}
