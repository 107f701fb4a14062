package rpcheck.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The scenario table of the text rendering, lockdep style: one column per shown context and one row per step
 * of a shown context; runs of other steps collapse into one row; a lasso's loop is marked. When the columns
 * would be narrower than {@value #MIN_COLUMN} characters, the table has one line per step and a context
 * column instead.
 */
final class Scenario {
    static final int MIN_COLUMN = 26;
    static final int MAX_COLUMN = 38;
    private static final int GAP = 2;
    private static final int MAX_CONTEXT = 16;

    /** A row: a step of a shown context, a run of hidden steps, or a marker line. */
    private record Row(String label, TraceStep step, String text) {
    }

    private final Trace trace;
    private final List<String> shown;

    Scenario(Trace trace, List<String> shown) {
        this.trace = trace;
        this.shown = shown;
    }

    List<String> lines() {
        List<Row> rows = rows();
        int labelWidth = rows.stream().mapToInt(r -> r.label().length()).max().orElse(1);
        int prefix = 1 + labelWidth + GAP;
        int n = Math.max(1, shown.size());
        int column = Math.min(MAX_COLUMN, (TextRenderer.WIDTH - prefix - GAP * (n - 1)) / n);
        return column >= MIN_COLUMN ? columns(rows, prefix, column) : linear(rows, prefix);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Integer loopStart = trace.isLasso() && !trace.stutters() ? trace.loopStart() : null;
        List<TraceStep> hidden = new ArrayList<>();
        for (TraceStep s : trace.steps()) {
            if (loopStart != null && s.number() == loopStart) {
                flush(hidden, rows);
                rows.add(new Row("", null, "---- from here on, steps " + loopStart + ".." + trace.steps().size()
                        + " repeat forever ----"));
            }
            if (s.isStutter()) {
                flush(hidden, rows);
                rows.add(new Row("", null, "---- step " + s.number() + ": nothing changes any more, forever ----"));
            } else if (shown.contains(s.context())) {
                flush(hidden, rows);
                rows.add(new Row(s.number() + (key(s) ? KEY : ""), s, null));
            } else {
                hidden.add(s);
            }
        }
        flush(hidden, rows);
        if (loopStart != null) {
            rows.add(new Row("", null, "---- back to step " + loopStart + " ----"));
        }
        return rows;
    }

    private static void flush(List<TraceStep> hidden, List<Row> rows) {
        if (hidden.isEmpty()) {
            return;
        }
        int a = hidden.get(0).number();
        int b = hidden.get(hidden.size() - 1).number();
        Set<String> who = new LinkedHashSet<>();
        hidden.forEach(s -> who.add(s.context()));
        String label = a == b ? String.valueOf(a) : a + "-" + b;
        rows.add(new Row(label, null, "... " + (hidden.size() == 1 ? "a step" : hidden.size() + " steps") + " of "
                + String.join(", ", who)));
        hidden.clear();
    }

    /** The mark after the number of a step the violation depends on. */
    static final String KEY = "*";

    private boolean key(TraceStep s) {
        return trace.explanation().keySteps().contains(s.number());
    }

    /** The cell of a step: what it did, the statements it ran after that, and, if it starts to wait, on what. */
    private List<String> cell(TraceStep s, int width) {
        List<String> lines = new ArrayList<>(Wrap.lines(Wrap.ascii(s.text()), width));
        for (rpcheck.trace.Statement st : s.inner()) {
            List<String> in = Wrap.lines(Wrap.ascii(st.text()), width - 2);
            lines.add("+ " + in.get(0));
            in.subList(1, in.size()).forEach(l -> lines.add("  " + l));
        }
        int i = s.number() - 1;
        List<Wait> before = i == 0 ? List.of() : trace.steps().get(i - 1).waiting();
        Wait w = TextRenderer.startsWaiting(s, before);
        if (w != null) {
            lines.addAll(Wrap.lines(Wrap.ascii("=> " + TextRenderer.waitPhrase(w)), width));
        }
        return lines;
    }

    private List<String> columns(List<Row> rows, int prefix, int column) {
        List<String> out = new ArrayList<>();
        List<List<String>> heads = new ArrayList<>();
        int headLines = 0;
        for (String c : shown) {
            List<String> h = Wrap.lines(Wrap.ascii(c), column);
            heads.add(h);
            headLines = Math.max(headLines, h.size());
        }
        for (int l = 0; l <= headLines; l++) {
            StringBuilder sb = new StringBuilder(" ".repeat(prefix));
            for (int c = 0; c < shown.size(); c++) {
                List<String> h = heads.get(c);
                String text = l < h.size() ? h.get(l) : l == headLines ? "-".repeat(h.get(h.size() - 1).length()) : "";
                sb.append(Wrap.pad(text, column + GAP));
            }
            out.add(sb.toString());
        }
        int labelWidth = prefix - 1 - GAP;
        for (Row r : rows) {
            String lead = " " + Wrap.pad(r.label(), labelWidth + GAP);
            if (r.step() == null) {
                List<String> text = Wrap.lines(Wrap.ascii(r.text()), TextRenderer.WIDTH - prefix);
                for (String t : text) {
                    out.add(lead + t);
                    lead = " ".repeat(prefix);
                }
                continue;
            }
            int col = shown.indexOf(r.step().context());
            String indent = " ".repeat(col * (column + GAP));
            for (String t : cell(r.step(), column)) {
                out.add(lead + indent + t);
                lead = " ".repeat(prefix);
            }
        }
        return out;
    }

    private List<String> linear(List<Row> rows, int prefix) {
        // at least as wide as the header's "context" and one space (names of 5 letters or fewer ran into "what")
        int ctx = Math.min(MAX_CONTEXT, Math.max("context".length() + 1 - GAP,
                shown.stream().mapToInt(String::length).max().orElse(7)));
        int textWidth = TextRenderer.WIDTH - prefix - ctx - GAP;
        List<String> out = new ArrayList<>();
        out.add(" " + Wrap.pad("", prefix - 1) + Wrap.pad("context", ctx + GAP) + "what");
        int labelWidth = prefix - 1 - GAP;
        for (Row r : rows) {
            String lead = " " + Wrap.pad(r.label(), labelWidth + GAP);
            if (r.step() == null) {
                for (String t : Wrap.lines(Wrap.ascii(r.text()), TextRenderer.WIDTH - prefix)) {
                    out.add(lead + t);
                    lead = " ".repeat(prefix);
                }
                continue;
            }
            List<String> name = Wrap.lines(Wrap.ascii(r.step().context()), ctx);
            List<String> cell = cell(r.step(), textWidth);
            for (int l = 0; l < Math.max(name.size(), cell.size()); l++) {
                String c = l < name.size() ? name.get(l) : "";
                String t = l < cell.size() ? cell.get(l) : "";
                out.add(lead + Wrap.pad(c, ctx + GAP) + t);
                lead = " ".repeat(prefix);
            }
        }
        return out;
    }
}
