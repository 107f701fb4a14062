package rpcheck.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/** Renders check results as text: a verdict line per property, and for a violation its trace and explanation. */
final class TextReport {
    /** Chains longer than this are shown as first > ... > last two in the step table. */
    private static final int CHAIN_SHOWN = 3;
    private static final int CHAIN_WIDTH = 60;

    private final PrintWriter out;

    TextReport(PrintWriter out) {
        this.out = out;
    }

    void print(VariantResult v) {
        for (PropertyResult r : v.results()) {
            switch (r.status()) {
                case HOLDS -> out.println(v.variant() + ": " + r.property() + " holds (" + states(r) + ")");
                case ERROR -> out.println(v.variant() + ": " + r.property() + " not checked: " + r.message());
                case NOT_APPLICABLE -> out.println(v.variant() + ": " + r.property() + " n/a: " + r.message());
                case VIOLATED -> violation(v.variant(), r);
            }
        }
        out.flush();
    }

    private static String states(PropertyResult r) {
        return r.distinctStates() == null ? "state count unknown" : r.distinctStates() + " distinct states";
    }

    void violation(String variant, PropertyResult r) {
        Trace t = r.trace();
        out.println(variant + ": " + r.property() + " violated (" + t.steps().size() + " steps)");
        int ctxWidth = Math.max(7, t.steps().stream().mapToInt(s -> s.context().length()).max().orElse(0));
        int chainWidth = Math.min(CHAIN_WIDTH, Math.max(10,
                t.steps().stream().mapToInt(s -> shortChain(s.chain()).length()).max().orElse(0)));
        int posWidth = t.steps().stream().mapToInt(s -> String.valueOf(s.position()).length()).max().orElse(0);
        String fmt = "  %4s  %-" + ctxWidth + "s  %-" + chainWidth + "s  %-" + posWidth + "s  %s%n";
        out.printf(fmt, "step", "context", "kernel call chain", "where", "what");
        List<Wait> before = List.of();
        for (TraceStep s : t.steps()) {
            out.printf(fmt, s.number(), s.context(), shortChain(s.chain()), s.position() == null ? "-" : s.position(),
                    what(s, before));
            before = s.waiting();
        }
        explanation(t.explanation());
        out.println();
    }

    private static String what(TraceStep s, List<Wait> before) {
        StringBuilder sb = new StringBuilder(s.text());
        if (!s.changes().isEmpty()) {
            sb.append("  [").append(String.join(", ", s.changes().stream().map(Change::toString).toList()))
                    .append(']');
        }
        Set<String> old = new HashSet<>();
        before.forEach(w -> old.add(w.context() + "\0" + w.label()));
        List<String> fresh = new ArrayList<>();
        for (Wait w : s.waiting()) {
            if (!old.contains(w.context() + "\0" + w.label())) {
                fresh.add(w.describe());
            }
        }
        if (!fresh.isEmpty()) {
            sb.append("  => ").append(String.join("; ", fresh));
        }
        return sb.toString();
    }

    private void explanation(Explanation e) {
        if (!e.waits().isEmpty()) {
            out.println("  who waits for whom:");
            e.waits().forEach(w -> out.println("    " + w.describe()));
        }
        e.notes().forEach(n -> out.println("  " + n));
        if (!e.chain().isEmpty()) {
            out.println("  offending call chain" + (e.offender() == null ? "" : " (" + e.offender()
                    + (e.position() == null ? "" : ", " + e.position()) + ")") + ":");
            out.println("    " + callChain(e.chain()));
        }
    }

    /** {@code a() -> b() -> c()}. */
    static String callChain(List<String> chain) {
        return String.join(" -> ", chain.stream().map(f -> f + "()").toList());
    }

    /**
     * The chain {@code >}-joined, at most {@value #CHAIN_WIDTH} characters where possible: a long chain keeps
     * its entry and its innermost two functions, then only the innermost two, then only the innermost one.
     */
    static String shortChain(List<String> chain) {
        if (chain.isEmpty()) {
            return "-";
        }
        int n = chain.size();
        String full = String.join(" > ", chain);
        if (n <= CHAIN_SHOWN && full.length() <= CHAIN_WIDTH) {
            return full;
        }
        String tail2 = String.join(" > ", chain.subList(Math.max(0, n - 2), n));
        String entry = n > 2 ? chain.get(0) + " > ... > " + tail2 : tail2;
        if (entry.length() <= CHAIN_WIDTH) {
            return entry;
        }
        String shorter = n > 2 ? "... > " + tail2 : tail2;
        return shorter.length() <= CHAIN_WIDTH || n == 1 ? shorter : "... > " + chain.get(n - 1);
    }
}
