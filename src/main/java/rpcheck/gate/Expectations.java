package rpcheck.gate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rpcheck.model.Property;

/**
 * The expected results kept beside a spec, in comment lines at the end of its {@code .stm} file (the block
 * {@code rpcheck gate --update} rewrites; it stays at the end so that no DSL position above it moves):
 *
 * <pre>
 * // ---- rpcheck gate: expected results with the default bounds (./rpcheck gate --update rewrites them) ----
 * // expect: Deadlock holds states=3059
 * // expect: WaitCycle violated steps=14 states=1211
 * // expect: IoAccounting n/a
 * // ---- rpcheck gate --deep: bounds and expected results of the deep tier ----
 * // deep-bound: events=2
 * // expect-deep: Deadlock holds states=40112
 * </pre>
 *
 * A verdict is {@code holds}, {@code violated} or {@code n/a}; {@code steps} (of a violation's counterexample) and
 * {@code states} (distinct states of the run that decided it) are recorded so that a change is reported. Lines
 * {@code // expect: PROPERTY holds|violated} elsewhere in the file (the history specs have them at the top, where
 * the test suite reads them too) are expectations as well; the gate rewrites their verdict in place.
 */
public final class Expectations {
    /** The first line of the block. */
    public static final String HEADER = "// ---- rpcheck gate: expected results with the default bounds"
            + " (./rpcheck gate --update rewrites them) ----";
    /** The line before the deep tier's bounds and expectations. */
    public static final String DEEP_HEADER = "// ---- rpcheck gate --deep: bounds and expected results of the deep"
            + " tier ----";

    private static final Pattern LINE = Pattern.compile(
            "^// (expect|expect-deep): (\\w+) (holds|violated|n/a)((?: (?:steps|states)=\\d+)*)\\s*$");
    private static final Pattern FIELD = Pattern.compile(" (steps|states)=(\\d+)");
    private static final Pattern BOUND = Pattern.compile("^// deep-bound: (\\w+)=(\\d+)\\s*$");
    private static final Pattern INLINE = Pattern.compile("^// expect: (\\w+) (holds|violated)$");

    /** A verdict as the expectations write it. */
    public enum Verdict {
        HOLDS("holds"), VIOLATED("violated"), NOT_APPLICABLE("n/a");

        final String word;

        Verdict(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Verdict of(String word) {
            for (Verdict v : values()) {
                if (v.word.equals(word)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(word);
        }
    }

    /** One expected result; {@code steps} and {@code states} are null when not recorded. */
    public record Expected(Property property, Verdict verdict, Integer steps, Long states) {
        String line(String keyword) {
            return "// " + keyword + ": " + property.displayName() + " " + verdict.word()
                    + (steps == null ? "" : " steps=" + steps) + (states == null ? "" : " states=" + states);
        }
    }

    /** A line {@code // expect: P holds|violated} outside the block (index: 0-based line number). */
    public record Inline(int index, Property property, Verdict verdict) {
    }

    /** A malformed line of the block: 1-based line and column, what is wrong. */
    public record Problem(int line, int column, String message) {
    }

    private final List<String> lines;
    private final int blockStart;
    private final Map<Property, Expected> normal;
    private final Map<Property, Expected> deep;
    private final Map<String, Long> deepBounds;
    private final List<Inline> inline;
    private final List<Problem> problems;

    private Expectations(List<String> lines, int blockStart, Map<Property, Expected> normal,
            Map<Property, Expected> deep, Map<String, Long> deepBounds, List<Inline> inline, List<Problem> problems) {
        this.lines = lines;
        this.blockStart = blockStart;
        this.normal = normal;
        this.deep = deep;
        this.deepBounds = deepBounds;
        this.inline = inline;
        this.problems = problems;
    }

    /** Reads the expectations of a spec's text. */
    public static Expectations parse(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text ends with a newline
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && inBlock(lines.get(start - 1))) {
            start--;
        }
        // the block begins at its header (lines above the header that look like expectations are inline ones)
        int header = -1;
        for (int i = start; i < end; i++) {
            if (lines.get(i).equals(HEADER)) {
                header = i;
                break;
            }
        }
        int blockStart = header >= 0 ? header : end;
        Map<Property, Expected> normal = new EnumMap<>(Property.class);
        Map<Property, Expected> deep = new EnumMap<>(Property.class);
        Map<String, Long> bounds = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = blockStart; i < end; i++) {
            String l = lines.get(i);
            if (l.equals(HEADER) || l.equals(DEEP_HEADER)) {
                continue;
            }
            Matcher b = BOUND.matcher(l);
            if (b.matches()) {
                if (bounds.put(b.group(1), Long.parseLong(b.group(2))) != null) {
                    problems.add(new Problem(i + 1, 4, "deep bound " + b.group(1) + " is declared twice"));
                }
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                problems.add(new Problem(i + 1, 1, "not an expectation line: write '// expect: PROPERTY"
                        + " holds|violated|n/a [steps=N] [states=N]', '// expect-deep: ...' or"
                        + " '// deep-bound: NAME=N'"));
                continue;
            }
            var p = Property.byName(m.group(2)).filter(q -> q.displayName().equals(m.group(2)));
            if (p.isEmpty()) {
                problems.add(new Problem(i + 1, l.indexOf(m.group(2)) + 1, "unknown property '" + m.group(2)
                        + "' (one of " + String.join(", ", Property.names()) + ")"));
                continue;
            }
            Integer steps = null;
            Long states = null;
            Matcher f = FIELD.matcher(m.group(4));
            while (f.find()) {
                if (f.group(1).equals("steps")) {
                    steps = Integer.valueOf(f.group(2));
                } else {
                    states = Long.valueOf(f.group(2));
                }
            }
            Map<Property, Expected> into = m.group(1).equals("expect") ? normal : deep;
            if (into.put(p.get(), new Expected(p.get(), Verdict.of(m.group(3)), steps, states)) != null) {
                problems.add(new Problem(i + 1, 4, m.group(1) + " " + p.get() + " is written twice"));
            }
        }
        List<Inline> inline = new ArrayList<>();
        for (int i = 0; i < blockStart; i++) {
            Matcher m = INLINE.matcher(lines.get(i));
            if (m.matches() && Property.byName(m.group(1)).isPresent()) {
                inline.add(new Inline(i, Property.byName(m.group(1)).get(), Verdict.of(m.group(2))));
            }
        }
        return new Expectations(lines, blockStart, normal, deep, bounds, inline, problems);
    }

    private static boolean inBlock(String l) {
        return l.equals(HEADER) || l.equals(DEEP_HEADER) || l.startsWith("// expect: ")
                || l.startsWith("// expect-deep: ") || l.startsWith("// deep-bound: ");
    }

    /** Whether the file has the block (a spec without it fails the gate). */
    public boolean hasBlock() {
        return blockStart < lines.size() && lines.get(blockStart).equals(HEADER);
    }

    /** The expectations of a tier. */
    public Map<Property, Expected> tier(boolean deepTier) {
        return java.util.Collections.unmodifiableMap(deepTier ? deep : normal);
    }

    public Map<String, Long> deepBounds() {
        return java.util.Collections.unmodifiableMap(deepBounds);
    }

    public List<Inline> inline() {
        return List.copyOf(inline);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The spec's text with the expectations of {@code tier} replaced by {@code now} (the other tier's lines and the
     * deep bounds kept), and every inline line's verdict set to {@code now}'s (line numbers do not change; the
     * block is rewritten at the end of the file).
     */
    public String rewrite(boolean deepTier, Map<Property, Expected> now) {
        List<String> out = new ArrayList<>(lines.subList(0, blockStart)); // trailing blank lines are dropped
        if (!deepTier) {
            for (Inline in : inline) {
                Expected e = now.get(in.property());
                if (e != null && e.verdict() != Verdict.NOT_APPLICABLE) {
                    out.set(in.index(), "// expect: " + in.property().displayName() + " " + e.verdict().word());
                }
            }
        }
        Map<Property, Expected> n = deepTier ? normal : now;
        Map<Property, Expected> d = deepTier ? now : deep;
        out.add(HEADER);
        for (Property p : Property.values()) {
            if (n.containsKey(p)) {
                out.add(n.get(p).line("expect"));
            }
        }
        if (!deepBounds.isEmpty() || !d.isEmpty()) {
            out.add(DEEP_HEADER);
            deepBounds.forEach((k, v) -> out.add("// deep-bound: " + k + "=" + v));
            for (Property p : Property.values()) {
                if (d.containsKey(p)) {
                    out.add(d.get(p).line("expect-deep"));
                }
            }
        }
        return String.join("\n", out) + "\n";
    }
}
