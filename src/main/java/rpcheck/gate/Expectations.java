package rpcheck.gate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rpcheck.check.CheckOptions;
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
 * // deep-bound[io]: io_queues=1
 * // expect-deep[io]: Deadlock holds states=1411329
 * </pre>
 *
 * The deep tier has one set of bounds per spec ({@code deep-bound:}) and may have more, each named
 * ({@code deep-bound[NAME]:} with its {@code expect-deep[NAME]:} lines): every set is a run of every property of its
 * own, for parts of a model that together would be too large to search at once.
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

    /** What {@code gate --deep-set} calls the unnamed set of deep bounds; no named set may take it. */
    public static final String DEFAULT_SET = "default";
    private static final String SET = "(?:\\[([a-z][a-z0-9_-]*)\\])?";
    private static final Pattern LINE = Pattern.compile(
            "^// (expect|expect-deep" + SET + "): (\\w+) (holds|violated|n/a)((?: (?:steps|states)=\\d+)*)\\s*$");
    private static final Pattern FIELD = Pattern.compile(" (steps|states)=(\\d+)");
    private static final Pattern BOUND = Pattern.compile("^// deep-bound" + SET + ": (\\w+)=(-?\\d+)\\s*$");
    private static final Pattern INLINE = Pattern.compile("^// expect: (\\w+) (holds|violated)\\s*$");
    /** A line outside the block that means to be an expectation. */
    private static final Pattern LOOKS_LIKE = Pattern.compile("^//\\s*(?:expect|deep-bound)");
    /** A line with the shape of an expectation, its verdict word captured. */
    private static final Pattern VERDICT_WORD = Pattern.compile("^// expect(?:-deep" + SET + ")?: \\w+ (?<word>\\S+)");

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

    /**
     * One set of bounds of the deep tier and what its runs gave: {@code name} is empty for the spec's
     * {@code deep-bound:} lines, else the {@code NAME} of its {@code deep-bound[NAME]:} lines.
     */
    public record DeepSet(String name, Map<String, Long> bounds, Map<Property, Expected> expected) {
        public DeepSet {
            bounds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
            expected = java.util.Collections.unmodifiableMap(expected.isEmpty() ? new EnumMap<>(Property.class)
                    : new EnumMap<>(expected));
        }

        /** The name {@code gate --deep-set} takes for this set: {@value #DEFAULT_SET} for the unnamed one. */
        public String selector() {
            return name.isEmpty() ? DEFAULT_SET : name;
        }

        /** {@code v4} for the unnamed set, {@code v4[io]} for a named one. */
        public String label(String variant) {
            return name.isEmpty() ? variant : variant + "[" + name + "]";
        }

        /** The keyword of the set's expectation lines: {@code expect-deep} or {@code expect-deep[NAME]}. */
        public String keyword() {
            return "expect-deep" + suffix();
        }

        private String suffix() {
            return name.isEmpty() ? "" : "[" + name + "]";
        }
    }

    private final List<String> lines;
    private final int blockStart;
    private final Map<Property, Expected> normal;
    private final List<DeepSet> deepSets;
    private final List<Inline> inline;
    private final List<Problem> problems;
    private final String eol;
    /** The 1-based line of each expectation line of the block, by keyword ({@code expect}, {@code expect-deep[io]}). */
    private final Map<String, Map<Property, Integer>> lineNumbers;

    private Expectations(List<String> lines, int blockStart, Map<Property, Expected> normal, List<DeepSet> deepSets,
            List<Inline> inline, List<Problem> problems, String eol, Map<String, Map<Property, Integer>> lineNumbers) {
        this.lines = lines;
        this.blockStart = blockStart;
        this.normal = normal;
        this.deepSets = deepSets;
        this.inline = inline;
        this.problems = problems;
        this.eol = eol;
        this.lineNumbers = lineNumbers;
    }

    /**
     * Reads the expectations of a spec's text. The block begins at its header, wherever that is, and runs to the end
     * of the file: a line after it that is not an expectation (or blank) is a {@link Problem}, and so is a line
     * outside it that begins like one but is not {@code // expect: PROPERTY holds|violated}. Lines may end in CRLF.
     */
    public static Expectations parse(String text) {
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            lines.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text ends with a newline
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int header = lines.subList(0, end).indexOf(HEADER);
        int blockStart = header >= 0 ? header : end;
        Map<Property, Expected> normal = new EnumMap<>(Property.class);
        Map<String, Map<Property, Expected>> deep = new LinkedHashMap<>();
        Map<String, Map<String, Long>> bounds = new LinkedHashMap<>();
        deep.put("", new EnumMap<>(Property.class));
        bounds.put("", new LinkedHashMap<>());
        List<Problem> problems = new ArrayList<>();
        Map<String, Map<Property, Integer>> lineNumbers = new LinkedHashMap<>();
        for (int i = blockStart; i < end; i++) {
            String l = lines.get(i);
            if (l.equals(HEADER) && i > blockStart) {
                problems.add(new Problem(i + 1, 1, "a second expectation block (the first begins on line "
                        + (blockStart + 1) + "): keep one, the last lines of the file"));
                continue;
            }
            if (l.equals(HEADER) || l.equals(DEEP_HEADER) || l.isBlank()) {
                continue;
            }
            Matcher b = BOUND.matcher(l);
            if (b.matches()) {
                String set = b.group(1) == null ? "" : b.group(1);
                if (set.equals(DEFAULT_SET)) {
                    problems.add(new Problem(i + 1, 14, "the set name '" + DEFAULT_SET + "' stands for the unnamed"
                            + " set ('// deep-bound: NAME=N', 'gate --deep-set " + DEFAULT_SET + "'): name this set"
                            + " otherwise"));
                    continue;
                }
                String range = boundRange(b.group(2), b.group(3));
                if (range != null) { // TLC would fail on it (or it is no long at all): say so at the number
                    problems.add(new Problem(i + 1, b.start(3) + 1, range));
                    continue;
                }
                deep.computeIfAbsent(set, k -> new EnumMap<>(Property.class));
                if (bounds.computeIfAbsent(set, k -> new LinkedHashMap<>()).put(b.group(2),
                        Long.parseLong(b.group(3))) != null) {
                    problems.add(new Problem(i + 1, 4, "deep bound " + b.group(2) + " is declared twice"
                            + (set.isEmpty() ? "" : " in set " + set)));
                }
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                problems.add(notALine(l, i, blockStart));
                continue;
            }
            var p = Property.byName(m.group(3)).filter(q -> q.displayName().equals(m.group(3)));
            if (p.isEmpty()) {
                problems.add(new Problem(i + 1, l.indexOf(m.group(3)) + 1, "unknown property '" + m.group(3)
                        + "' (one of " + String.join(", ", Property.names()) + ")"));
                continue;
            }
            Integer steps = null;
            Long states = null;
            Matcher f = FIELD.matcher(m.group(5));
            boolean tooLarge = false;
            while (f.find()) {
                // a count TLC could report: steps fit an int, states a long; a larger one is a typo
                long most = f.group(1).equals("steps") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (new java.math.BigInteger(f.group(2)).compareTo(java.math.BigInteger.valueOf(most)) > 0) {
                    problems.add(new Problem(i + 1, m.start(5) + f.start(2) + 1, f.group(1) + "=" + f.group(2)
                            + ": too large (at most " + most + "); run ./rpcheck gate --update to record the count"));
                    tooLarge = true;
                } else if (f.group(1).equals("steps")) {
                    steps = Integer.valueOf(f.group(2));
                } else {
                    states = Long.valueOf(f.group(2));
                }
            }
            if (tooLarge) {
                continue;
            }
            Verdict verdict = Verdict.of(m.group(4));
            String set = m.group(2) == null ? "" : m.group(2);
            boolean isNormal = m.group(1).equals("expect");
            Map<Property, Expected> into = isNormal ? normal
                    : deep.computeIfAbsent(set, k -> new EnumMap<>(Property.class));
            if (into.put(p.get(), new Expected(p.get(), verdict, steps, states)) != null) {
                problems.add(new Problem(i + 1, 4, m.group(1) + " " + p.get() + " is written twice"));
            }
            lineNumbers.computeIfAbsent(m.group(1), k -> new EnumMap<>(Property.class)).putIfAbsent(p.get(), i + 1);
        }
        List<DeepSet> sets = new ArrayList<>();
        for (Map.Entry<String, Map<Property, Expected>> e : deep.entrySet()) {
            Map<String, Long> b = bounds.getOrDefault(e.getKey(), Map.of());
            if (!e.getKey().isEmpty() && b.isEmpty()) {
                problems.add(new Problem(blockStart + 1, 1, "the deep set '" + e.getKey() + "' has expectations"
                        + " but no bounds: add '// deep-bound[" + e.getKey() + "]: NAME=N' lines"));
            }
            sets.add(new DeepSet(e.getKey(), b, e.getValue()));
        }
        List<Inline> inline = new ArrayList<>();
        for (int i = 0; i < blockStart; i++) {
            String l = lines.get(i);
            Matcher m = INLINE.matcher(l);
            var p = m.matches() ? Property.byName(m.group(1)).filter(q -> q.displayName().equals(m.group(1)))
                    : java.util.Optional.<Property>empty();
            if (p.isEmpty()) {
                if (LOOKS_LIKE.matcher(l).lookingAt()) {
                    problems.add(new Problem(i + 1, 1, "not an expectation line: above the block, write '// expect:"
                            + " PROPERTY holds|violated' (one of " + String.join(", ", Property.names())
                            + "); steps, states and the deep tier's lines go in the block at the end of the file"));
                }
                continue;
            }
            inline.add(new Inline(i, p.get(), Verdict.of(m.group(2))));
        }
        return new Expectations(lines, blockStart, normal, List.copyOf(sets), inline, problems, eol, lineNumbers);
    }

    /**
     * Why a deep bound's value cannot be one (as {@code check --bound} says it), or null: a bound is not negative,
     * and at most 2^31-1 since TLC's integers are 32-bit.
     */
    private static String boundRange(String name, String value) {
        if (value.startsWith("-")) {
            return "deep bound " + name + "=" + value + ": a bound cannot be negative";
        }
        if (new java.math.BigInteger(value).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            return "deep bound " + name + "=" + value + ": too large; TLC's integers are 32-bit, so a bound is at"
                    + " most " + Integer.MAX_VALUE + " (bounds are small numbers: each one multiplies the states"
                    + " searched)";
        }
        return null;
    }

    /** What is wrong with line {@code i} of the block, which is none of its kinds of line. */
    private static Problem notALine(String l, int i, int blockStart) {
        if (l.startsWith("//expect") || l.startsWith("//deep-bound")) {
            return new Problem(i + 1, 3, "write a space after '//' ('// " + l.substring(2) + "')");
        }
        Matcher w = VERDICT_WORD.matcher(l);
        if (w.lookingAt() && !List.of("holds", "violated", "n/a").contains(w.group("word"))) {
            return new Problem(i + 1, w.start("word") + 1, "unknown verdict '" + w.group("word")
                    + "' (holds, violated or n/a)");
        }
        if (!inBlock(l)) {
            return new Problem(i + 1, 1, "not an expectation line after the block's header (line " + (blockStart + 1)
                    + "): the block runs to the end of the file and './rpcheck gate --update' rewrites it; move"
                    + " this line above the header");
        }
        return new Problem(i + 1, 1, "not an expectation line: write '// expect: PROPERTY"
                + " holds|violated|n/a [steps=N] [states=N]', '// expect-deep: ...',"
                + " '// deep-bound: NAME=N' or, for a named set of deep bounds, '// deep-bound[SET]: NAME=N'"
                + " and '// expect-deep[SET]: ...'");
    }

    private static boolean inBlock(String l) {
        return l.equals(HEADER) || l.equals(DEEP_HEADER) || l.startsWith("// expect: ")
                || l.startsWith("// expect-deep") || l.startsWith("// deep-bound");
    }

    /**
     * The 1-based line where the spec says what {@code p} should give with the default bounds ({@code set} null) or
     * in deep set {@code set}: its line in the block; for the default bounds without one, the first line above the
     * block that names {@code p}; else the block's header, or the file's last line that is not blank where there is no block (where
     * {@code gate --update} writes it). For a CI annotation on the spec.
     */
    public int line(DeepSet set, Property p) {
        Integer n = lineNumbers.getOrDefault(set == null ? "expect" : set.keyword(), Map.of()).get(p);
        if (n == null && set == null) {
            n = inline.stream().filter(i -> i.property() == p).findFirst().map(i -> i.index() + 1).orElse(null);
        }
        return n != null ? n : hasBlock() ? blockStart + 1 : Math.max(1, blockStart);
    }

    /** Whether the file has the block (a spec without it fails the gate). */
    public boolean hasBlock() {
        return blockStart < lines.size() && lines.get(blockStart).equals(HEADER);
    }

    /** The expectations with the default bounds: the block's lines. */
    public Map<Property, Expected> normal() {
        return java.util.Collections.unmodifiableMap(normal);
    }

    /**
     * The block's lines, and the verdict of a line above the block for a property the block has no line for: what a
     * run with the default bounds is checked against (a line above the block is checked as well, {@link #inline}).
     */
    public Map<Property, Expected> expected() {
        Map<Property, Expected> out = new EnumMap<>(Property.class);
        inline.forEach(i -> out.put(i.property(), new Expected(i.property(), i.verdict(), null, null)));
        out.putAll(normal);
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * What these expectations record for a run with {@code bounds} (its bound overrides: empty for the default
     * bounds, whose block lines count, and the inline lines for a property without one; otherwise the deep set with
     * exactly these bounds), nothing when no set has them. Hints for how to run TLC
     * ({@link rpcheck.check.CheckOptions#expected}), never a verdict.
     */
    public Map<Property, CheckOptions.Hint> hintsFor(Map<String, Long> bounds) {
        Map<Property, CheckOptions.Hint> hints = new EnumMap<>(Property.class);
        if (bounds.isEmpty()) {
            inline.forEach(i -> hints.put(i.property(), new CheckOptions.Hint(i.verdict() == Verdict.VIOLATED, null)));
            normal.values().forEach(e -> hints.put(e.property(), hint(e)));
            return hints;
        }
        deepSets.stream().filter(d -> d.bounds().equals(bounds)).findFirst()
                .ifPresent(d -> d.expected().values().forEach(e -> hints.put(e.property(), hint(e))));
        return hints;
    }

    private static CheckOptions.Hint hint(Expected e) {
        return new CheckOptions.Hint(e.verdict() == Verdict.VIOLATED, e.states());
    }

    /** {@link #hintsFor(Map)} of the spec file {@code spec}; nothing when it cannot be read. */
    public static Map<Property, CheckOptions.Hint> hintsFor(java.nio.file.Path spec, Map<String, Long> bounds) {
        try {
            return parse(java.nio.file.Files.readString(spec)).hintsFor(bounds);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return Map.of();
        }
    }

    /** The deep tier's sets of bounds: the unnamed one first (its bounds may be empty), then the named ones. */
    public List<DeepSet> deepSets() {
        return deepSets;
    }

    /** The unnamed deep set. */
    public DeepSet deep() {
        return deepSets.get(0);
    }

    public List<Inline> inline() {
        return List.copyOf(inline);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The spec's text with the expectations with the default bounds ({@code deepSet} null) or of the deep set named
     * {@code deepSet} replaced by {@code now} (every other line of the block kept), and, for the default bounds, every
     * inline line's verdict set to {@code now}'s (line numbers do not change; the block is rewritten at the end of
     * the file).
     */
    public String rewrite(String deepSet, Map<Property, Expected> now) {
        List<String> out = new ArrayList<>(lines.subList(0, blockStart)); // trailing blank lines are dropped
        if (deepSet == null) {
            for (Inline in : inline) {
                Expected e = now.get(in.property());
                if (e != null && e.verdict() != Verdict.NOT_APPLICABLE) {
                    out.set(in.index(), "// expect: " + in.property().displayName() + " " + e.verdict().word());
                }
            }
        }
        out.add(HEADER);
        for (Property p : Property.values()) {
            Expected e = (deepSet == null ? now : normal).get(p);
            if (e != null) {
                out.add(e.line("expect"));
            }
        }
        List<String> deepLines = new ArrayList<>();
        for (DeepSet s : deepSets) {
            s.bounds().forEach((k, v) -> deepLines.add("// deep-bound" + s.suffix() + ": " + k + "=" + v));
            Map<Property, Expected> d = s.name().equals(deepSet) ? now : s.expected();
            for (Property p : Property.values()) {
                if (d.containsKey(p)) {
                    deepLines.add(d.get(p).line(s.keyword()));
                }
            }
        }
        if (!deepLines.isEmpty()) {
            out.add(DEEP_HEADER);
            out.addAll(deepLines);
        }
        return String.join(eol, out) + eol;
    }
}
