package rpcheck.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rpcheck.tlc.TlcResult.Violation.Kind;

/**
 * Parses the output of {@code tlc2.TLC -tool} (TLC 2.18): first {@link #split(String) splits} it into message
 * frames and plain text, then {@link #interpret(TlcOutput) interprets} the frames into a {@link TlcResult}.
 *
 * <p>Frames look like {@code @!@!@STARTMSG 2110:1 @!@!@} ... {@code @!@!@ENDMSG 2110 @!@!@}. They can nest,
 * and a nested start marker can appear in the middle of a line (TLC prints e.g.
 * {@code ": @!@!@STARTMSG 5006:0 @!@!@"} inside a 1000 frame). Text outside frames (SANY's messages, the output
 * of {@code Print}) is kept as {@link TlcOutput.Text} parts.
 */
public final class TlcOutputParser {

    // ------------------------------------------------------------------ codes verified against TLC 2.18 output

    /** Version banner. */
    public static final int VERSION = 2262;
    /** "Running breadth-first search Model-Checking with fp N and seed S with W workers ...". */
    public static final int MODE_MC = 2187;
    public static final int SANY_START = 2220;
    public static final int SANY_END = 2219;
    public static final int STARTING = 2185;
    public static final int FINISHED = 2186;
    public static final int COMPUTING_INIT = 2189;
    public static final int INIT_GENERATED = 2190;
    public static final int LIVE_IMPLIED = 2212;
    public static final int CHECKING_TEMPORAL_PROPS = 2192;
    public static final int CHECKING_TEMPORAL_PROPS_END = 2267;
    public static final int STATE_GRAPH_OUTDEGREE = 2268;
    /** Warning: run with -XX:+UseParallelGC. */
    public static final int JVM_GC_WARNING = 2401;
    /** "Model checking completed. No error has been found." */
    public static final int SUCCESS = 2193;
    /** "N states generated, M distinct states found, K states left on queue." (numbers without separators). */
    public static final int STATS = 2199;
    /** "Progress(D) at T: N states generated (R s/min), M distinct states found (...), K states left on queue." */
    public static final int PROGRESS_STATS = 2200;
    /** "The depth of the complete state graph search is D." */
    public static final int SEARCH_DEPTH = 2194;
    /** "Invariant X is violated." (also used for a safety PROPERTY of the form []P). */
    public static final int INVARIANT_VIOLATED_BEHAVIOR = 2110;
    /** "Invariant X is violated by the initial state:" followed by the state, no trace frames. */
    public static final int INVARIANT_VIOLATED_INITIAL = 2107;
    /** "Property X is violated by the initial state:" followed by the state. */
    public static final int PROPERTY_VIOLATED_INITIAL = 2108;
    /** "Action property X is violated." */
    public static final int ACTION_PROPERTY_VIOLATED_BEHAVIOR = 2112;
    /** "Deadlock reached." */
    public static final int DEADLOCK_REACHED = 2114;
    /** "Temporal properties were violated." (the property is not named). */
    public static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
    /** "The first argument of Assert evaluated to FALSE; the second argument was:" then the value. */
    public static final int ASSERT_FAILED = 2132;
    /** "The behavior up to this point is:" (precedes the trace of a safety violation or error). */
    public static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
    /** "The following behavior constitutes a counter-example:" (precedes a liveness trace). */
    public static final int COUNTER_EXAMPLE = 2264;
    /** "k: Back to state: &lt;Action line ...&gt;" closing a liveness lasso. */
    public static final int BACK_TO_STATE = 2122;
    /** A trace state ("n: &lt;Action ...&gt;" then the variables). */
    public static final int STATE_PRINT1 = 2216;
    public static final int STATE_PRINT2 = 2217;
    /** "n: Stuttering". */
    public static final int STATE_PRINT3 = 2218;
    /** "The error occurred when TLC was evaluating the nested expressions at the following positions:". */
    public static final int NESTED_EXPRESSION = 2103;
    /** "TLC threw an unexpected exception." (evaluation errors, config syntax errors; often has nested frames). */
    public static final int GENERAL = 1000;
    /** Attempted to apply an operator overridden by a Java method (nested in 1000). */
    public static final int MODULE_VALUE_JAVA_METHOD_OVERRIDE = 2154;
    /** "Parsing or semantic analysis failed." (details are SANY's text before the 2219 frame). */
    public static final int PARSING_FAILED = 3002;
    /** "The invariant X specified in the configuration file is not defined in the specification." */
    public static final int CONFIG_SPECIFIED_NOT_DEFINED = 2229;
    /** "The invariant of X is equal to FALSE" (a constant-level invariant that is false). */
    public static final int CONFIG_ID_HAS_VALUE = 2230;
    /** "The constant parameter X is not assigned a value by the configuration file." */
    public static final int CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM = 2222;
    /** "TLC found an error in the configuration file at line N". */
    public static final int CFG_EXPECTED_SYMBOL = 5006;
    /** "Error: unrecognized option: ..." (bad command line). */
    public static final int WRONG_COMMANDLINE_PARAMS_TLC = 1102;

    private static final Set<Integer> KNOWN = Set.of(VERSION, MODE_MC, SANY_START, SANY_END, STARTING, FINISHED,
            COMPUTING_INIT, INIT_GENERATED, LIVE_IMPLIED, CHECKING_TEMPORAL_PROPS, CHECKING_TEMPORAL_PROPS_END,
            STATE_GRAPH_OUTDEGREE, JVM_GC_WARNING, SUCCESS, STATS, PROGRESS_STATS, SEARCH_DEPTH,
            INVARIANT_VIOLATED_BEHAVIOR, INVARIANT_VIOLATED_INITIAL, PROPERTY_VIOLATED_INITIAL,
            ACTION_PROPERTY_VIOLATED_BEHAVIOR, DEADLOCK_REACHED, TEMPORAL_PROPERTY_VIOLATED, ASSERT_FAILED,
            BEHAVIOR_UP_TO_THIS_POINT, COUNTER_EXAMPLE, BACK_TO_STATE, STATE_PRINT1, STATE_PRINT2, STATE_PRINT3,
            NESTED_EXPRESSION, GENERAL, MODULE_VALUE_JAVA_METHOD_OVERRIDE, PARSING_FAILED,
            CONFIG_SPECIFIED_NOT_DEFINED, CONFIG_ID_HAS_VALUE, CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM, CFG_EXPECTED_SYMBOL,
            WRONG_COMMANDLINE_PARAMS_TLC);

    /** Whether this package knows what a message code means (others end up in unparsed messages). */
    public static boolean isKnownCode(int code) {
        return KNOWN.contains(code);
    }

    private static final Pattern MARKER =
            Pattern.compile("@!@!@STARTMSG (-?\\d+):(\\d+) @!@!@|@!@!@ENDMSG (-?\\d+) @!@!@");
    private static final Pattern STATE_HEADER = Pattern.compile("(\\d+): (.*)");
    private static final Pattern ACTION_WITH_LOC = Pattern.compile(
            "(.*?) line (\\d+), col (\\d+) to line (\\d+), col (\\d+) of module (\\S+)");
    private static final Pattern VARIABLE = Pattern.compile("(?s)(?:/\\\\ )?([A-Za-z0-9_]+) = (.*)");
    private static final Pattern INVARIANT_NAME = Pattern.compile("Invariant (\\S+) is violated.*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("Property (\\S+) is violated.*");
    private static final Pattern ACTION_PROPERTY_NAME = Pattern.compile("Action property (\\S+) is violated.*");
    private static final Pattern FINAL_STATS = Pattern.compile(
            "([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left on queue.*");
    private static final Pattern PROGRESS = Pattern.compile("Progress\\((\\d+)\\) at .*?: ([\\d,]+) states generated"
            + ".*?, ([\\d,]+) distinct states found.*?, ([\\d,]+) states left on queue.*");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+).*");

    /** How many lines of raw output a {@link TlcResult.Failure} carries. */
    public static final int TAIL_LINES = 60;

    private TlcOutputParser() {
    }

    // ------------------------------------------------------------------ splitting

    /** Splits stdout into frames and text (no stderr, exit code or work directory). */
    public static TlcOutput parse(String stdout) {
        return new TlcOutput(stdout, "", null, null, split(stdout));
    }

    /** Splits stdout into top-level parts: message frames (with nested frames) and text lines. */
    public static List<TlcOutput.Part> split(String stdout) {
        List<TlcOutput.Part> top = new ArrayList<>();
        Deque<FrameBuilder> open = new ArrayDeque<>();
        List<String> lines = stdout.lines().toList();
        for (String line : lines) {
            Matcher m = MARKER.matcher(line);
            int i = 0;
            boolean sawMarker = false;
            while (m.find()) {
                sawMarker = true;
                String before = line.substring(i, m.start());
                if (!before.isEmpty()) {
                    addText(top, open, before);
                }
                i = m.end();
                if (m.group(1) != null) {
                    open.push(new FrameBuilder(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                } else {
                    int code = Integer.parseInt(m.group(3));
                    if (open.stream().anyMatch(f -> f.code == code)) {
                        FrameBuilder f;
                        do {
                            f = open.pop();
                            addMessage(top, open, f.build());
                        } while (f.code != code);
                    } else {
                        addText(top, open, m.group()); // a stray end marker: keep it as text
                    }
                }
            }
            if (!sawMarker) {
                addText(top, open, line);
            } else if (i < line.length()) {
                addText(top, open, line.substring(i));
            }
        }
        while (!open.isEmpty()) { // truncated output (e.g. TLC killed): close what is open
            addMessage(top, open, open.pop().build());
        }
        return top;
    }

    private static void addText(List<TlcOutput.Part> top, Deque<FrameBuilder> open, String text) {
        if (open.isEmpty()) {
            top.add(new TlcOutput.Text(text));
        } else {
            open.peek().lines.add(text);
        }
    }

    private static void addMessage(List<TlcOutput.Part> top, Deque<FrameBuilder> open, TlcMessage msg) {
        if (open.isEmpty()) {
            top.add(msg);
        } else {
            open.peek().nested.add(msg);
        }
    }

    private static final class FrameBuilder {
        final int code;
        final int severity;
        final List<String> lines = new ArrayList<>();
        final List<TlcMessage> nested = new ArrayList<>();

        FrameBuilder(int code, int severity) {
            this.code = code;
            this.severity = severity;
        }

        TlcMessage build() {
            int end = lines.size();
            while (end > 0 && lines.get(end - 1).isBlank()) {
                end--;
            }
            return new TlcMessage(code, severity, lines.subList(0, end), nested);
        }
    }

    // ------------------------------------------------------------------ interpretation

    /**
     * How far a run got: its final statistics, else those of its last progress report (TLC prints one a minute),
     * else {@link TlcStats#UNKNOWN}. For a run stopped before its end, e.g. at its time limit.
     */
    public static TlcStats statsSoFar(TlcOutput out) {
        return read(out).stats;
    }

    /** {@code interpret(parse(stdout))}. */
    public static TlcResult parseResult(String stdout) {
        return interpret(parse(stdout));
    }

    /**
     * Interprets the frames of a (complete) TLC run. Never throws on odd output: what cannot be understood
     * becomes a {@link TlcResult.Failure} that explains why.
     */
    public static TlcResult interpret(TlcOutput out) {
        try {
            return doInterpret(out);
        } catch (IllegalArgumentException e) {
            return new TlcResult.Failure("could not parse TLC output: " + e.getMessage(), out.tail(TAIL_LINES), out);
        }
    }

    private static TlcResult doInterpret(TlcOutput out) {
        Read read = read(out);
        Integer exit = out.exitCode();
        Found first = read.found.stream().filter(f -> f.kind != null && !f.afterError).findFirst().orElse(null);
        if (first != null) {
            return first.violation(read.stats, out);
        }
        if (read.success && read.errors.isEmpty() && (exit == null || exit == 0)) {
            return new TlcResult.NoViolation(read.stats, out);
        }
        int traceStates = read.found.stream().mapToInt(f -> f.trace.size()).sum();
        return new TlcResult.Failure(failureMessage(out, read.errors, read.parsingFailed, read.success, traceStates),
                out.tail(TAIL_LINES), out);
    }

    /**
     * Whether TLC searched the whole state space and found no violation, whatever it reported after saying so:
     * its success message came before any error, its final statistics leave no state on the queue, and it printed
     * no violation. TLC 2.18's distributed server can fail as it shuts down (a worker that registers just as the
     * search ends), after a complete search; {@link #interpret} calls such a run a failure.
     */
    public static boolean completedSearch(TlcOutput out) {
        Read read;
        try {
            read = read(out);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return read.success && !read.errorBeforeSuccess && read.found.isEmpty() && read.stats != null
                && read.stats.distinct() > 0 && read.stats.left() == 0;
    }

    /**
     * What a run with {@code -continue} reported: TLC then goes on after an invariant violation, so one run can
     * report several, each with its own trace.
     *
     * @param violations every violation, in the order TLC reported them (each with the run's final statistics)
     * @param completed  TLC searched the whole state space: it reported success (after the violations, TLC 2.18
     *                   still prints "No error has been found"), no error, and exited normally. False after a
     *                   deadlock (TLC stops there even with {@code -continue}), an error, or odd output.
     */
    /**
     * What a run with {@code -continue} reported: its violations in order, and for each the invariants its last state
     * breaks as well ({@code also}, the same size: names printed before the report, {@link #ALSO_VIOLATED}).
     */
    public record Reported(List<TlcResult.Violation> violations, List<List<String>> also, boolean completed) {
        public Reported {
            violations = List.copyOf(violations);
            also = also.stream().map(List::copyOf).toList();
            if (also.size() != violations.size()) {
                throw new IllegalArgumentException("one list of invariants also broken a violation");
            }
        }

        public Reported(List<TlcResult.Violation> violations, boolean completed) {
            this(violations, violations.stream().map(v -> List.<String>of()).toList(), completed);
        }
    }

    /**
     * The first element of the tuple a once module prints ({@code PrintT}, a line outside TLC's frames) for each
     * invariant that its state breaks besides the one TLC goes on to report; the second is that invariant's name.
     */
    public static final String ALSO_VIOLATED = "rpcheck: also violated in this state";

    private static final Pattern ALSO_LINE = Pattern.compile("^<<\"" + Pattern.quote(ALSO_VIOLATED)
            + "\", \"(\\w+)\">>$");

    /** Interprets the frames of a complete run made with {@code -continue}; never throws on odd output. */
    public static Reported interpretContinued(TlcOutput out) {
        Read read;
        try {
            read = read(out);
        } catch (IllegalArgumentException e) {
            return new Reported(List.of(), false);
        }
        List<TlcResult.Violation> vs = new ArrayList<>();
        List<List<String>> also = new ArrayList<>();
        for (Found f : read.found) {
            if (f.kind == null || f.afterError) { // states without a header, or a report that follows an error
                return new Reported(vs, also, false);
            }
            vs.add(f.violation(read.stats, out));
            also.add(f.also);
        }
        Integer exit = out.exitCode();
        boolean completed = read.success && read.errors.isEmpty() && (exit == null || exit == 0);
        return new Reported(vs, also, completed);
    }

    /** One violation TLC reported: its header and the states printed after it. */
    private static final class Found {
        Kind kind;
        String name;
        final List<TlcState> trace = new ArrayList<>();
        Integer loopBackTo;
        /** The invariants named before the header as broken in the same state ({@link #ALSO_VIOLATED}). */
        final List<String> also = new ArrayList<>();
        /**
         * Reported after TLC's error: no verdict. TLC 2.18 that fails to evaluate the next-state relation in a state
         * prints its exception and the behaviour up to that state, then "Deadlock reached" for it (the state has no
         * successor it could compute).
         */
        boolean afterError;

        TlcResult.Violation violation(TlcStats stats, TlcOutput out) {
            return new TlcResult.Violation(kind, name, trace, loopBackTo, stats, out);
        }
    }

    /** The frames of a run, read once: the violations, statistics, success, errors. */
    private static final class Read {
        final List<Found> found = new ArrayList<>();
        boolean success;
        /** An error was reported before TLC's success message (or without one). */
        boolean errorBeforeSuccess;
        boolean parsingFailed;
        final List<TlcMessage> errors = new ArrayList<>();
        TlcStats stats;

        /**
         * The violation a header message belongs to: a new one unless the current one has no header yet or no
         * state printed yet (a second header before any state belongs to the same violation, as before).
         */
        Found header() {
            Found cur = found.isEmpty() ? null : found.get(found.size() - 1);
            if (cur == null || (cur.kind != null && !cur.trace.isEmpty())) {
                cur = new Found();
                found.add(cur);
            }
            cur.afterError |= !errors.isEmpty();
            cur.also.addAll(alsoPending);
            alsoPending.clear();
            return cur;
        }

        /** Invariants named as broken ({@link #ALSO_VIOLATED}) since the last header: the next one's. */
        final List<String> alsoPending = new ArrayList<>();

        /** The violation a state message belongs to. */
        Found current() {
            if (found.isEmpty()) {
                found.add(new Found());
            }
            return found.get(found.size() - 1);
        }
    }

    private static Read read(TlcOutput out) {
        Read read = new Read();
        long[] finalStats = null;
        long[] progress = null;
        int depth = -1;

        for (TlcOutput.Part part : out.parts()) {
            if (part instanceof TlcOutput.Text t) {
                Matcher also = ALSO_LINE.matcher(t.line().strip());
                if (also.matches()) {
                    read.alsoPending.add(also.group(1));
                }
                continue;
            }
            TlcMessage m = (TlcMessage) part;
            List<String> lines = m.lines();
            String first = lines.isEmpty() ? "" : lines.get(0).strip();
            switch (m.code()) {
                case INVARIANT_VIOLATED_BEHAVIOR -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        f.kind = Kind.INVARIANT;
                        f.name = group(INVARIANT_NAME, first);
                    }
                }
                case INVARIANT_VIOLATED_INITIAL, PROPERTY_VIOLATED_INITIAL -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        boolean inv = m.code() == INVARIANT_VIOLATED_INITIAL;
                        f.kind = inv ? Kind.INVARIANT : Kind.TEMPORAL;
                        f.name = group(inv ? INVARIANT_NAME : PROPERTY_NAME, first);
                        f.trace.add(new TlcState(1, TlcState.INITIAL, null,
                                parseVariables(lines.subList(Math.min(1, lines.size()), lines.size()))));
                    }
                }
                case ACTION_PROPERTY_VIOLATED_BEHAVIOR -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        f.kind = Kind.TEMPORAL;
                        f.name = group(ACTION_PROPERTY_NAME, first);
                    }
                }
                case DEADLOCK_REACHED -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        f.kind = Kind.DEADLOCK;
                    }
                }
                case TEMPORAL_PROPERTY_VIOLATED -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        f.kind = Kind.TEMPORAL;
                    }
                }
                case ASSERT_FAILED -> {
                    Found f = read.header();
                    if (f.kind == null) {
                        f.kind = Kind.ASSERTION;
                        f.name = assertionMessage(lines);
                    }
                }
                case STATE_PRINT1, STATE_PRINT2 -> {
                    Found f = read.current();
                    if (f.loopBackTo == null) {
                        f.trace.add(parseState(m));
                    }
                }
                case STATE_PRINT3 -> {
                    Found f = read.current();
                    if (f.loopBackTo == null) {
                        TlcState stutter = parseState(m);
                        if (stutter.isStuttering()) {
                            if (f.trace.isEmpty()) {
                                throw new IllegalArgumentException("'Stuttering' without a preceding state");
                            }
                            TlcState last = f.trace.get(f.trace.size() - 1);
                            stutter = new TlcState(stutter.number(), stutter.action(), null,
                                    stutter.variables().isEmpty() ? last.variables() : stutter.variables());
                            f.loopBackTo = last.number();
                        }
                        f.trace.add(stutter);
                    }
                }
                case BACK_TO_STATE -> {
                    Found f = read.current();
                    if (f.loopBackTo == null) {
                        TlcState back = parseState(m);
                        if (back.variables().isEmpty()) {
                            int k = back.number();
                            TlcState target = f.trace.stream().filter(s -> s.number() == k).findFirst()
                                    .orElseThrow(() -> new IllegalArgumentException(
                                            "'Back to state' refers to unknown state " + k));
                            back = new TlcState(k, back.action(), back.location(), target.variables());
                        }
                        f.trace.add(back);
                        f.loopBackTo = back.number();
                    }
                }
                case STATS -> finalStats = numbers(FINAL_STATS, first, 3);
                case PROGRESS_STATS -> progress = numbers(PROGRESS, first, 4);
                case SEARCH_DEPTH -> {
                    long[] d = numbers(DEPTH, first, 1);
                    if (d != null) {
                        depth = (int) d[0];
                    }
                }
                case SUCCESS -> read.success = true;
                case PARSING_FAILED -> {
                    read.parsingFailed = true;
                    read.errors.add(m);
                    read.errorBeforeSuccess |= !read.success;
                }
                case BEHAVIOR_UP_TO_THIS_POINT, COUNTER_EXAMPLE, NESTED_EXPRESSION -> {
                    // headers and context for the trace; the raw output keeps them
                }
                default -> {
                    if (m.isError()) {
                        read.errors.add(m);
                        read.errorBeforeSuccess |= !read.success;
                    }
                }
            }
        }
        read.stats = stats(finalStats, progress, depth);
        return read;
    }

    private static String failureMessage(TlcOutput out, List<TlcMessage> errors, boolean parsingFailed,
                                         boolean success, int traceStates) {
        List<String> parts = new ArrayList<>();
        if (parsingFailed) {
            String sany = sanyErrors(out);
            if (!sany.isEmpty()) {
                parts.add(sany);
            }
        }
        for (TlcMessage m : errors) {
            parts.add(m.text());
        }
        if (parts.isEmpty()) {
            Integer exit = out.exitCode();
            if (out.stderr().contains("OutOfMemoryError") || out.stdout().contains("java.lang.OutOfMemoryError")) {
                parts.add("TLC ran out of memory (exit code " + exit + "); lower the bounds with --bound, or give TLC"
                        + " more heap");
            } else {
                parts.add(success ? "TLC reported success but exited with code " + exit
                        : "TLC finished without reporting a result" + (exit == null ? "" : " (exit code " + exit + ")"));
            }
            String err = out.stderr().strip();
            if (!err.isEmpty()) {
                List<String> errLines = err.lines().limit(20).toList();
                parts.add(String.join("\n", errLines));
            }
        } else if (out.exitCode() != null) {
            parts.add("(TLC exit code " + out.exitCode() + describeExit(out.exitCode()) + ")");
        }
        if (traceStates > 0) {
            parts.add("(TLC printed a trace of " + traceStates + " state(s) leading to the error; see the raw output)");
        }
        return String.join("\n", parts);
    }

    private static String describeExit(int code) {
        return switch (code) {
            case 75 -> ": failure evaluating the spec";
            case 76 -> ": failure evaluating a safety property";
            case 77 -> ": failure evaluating a liveness property";
            case 150 -> ": spec parse error";
            case 151 -> ": config parse error";
            case 152 -> ": state space too large";
            case 153 -> ": system error";
            case 255 -> ": error";
            default -> "";
        };
    }

    /** SANY's error text: the lines outside frames between the SANY start and end frames, minus progress lines. */
    static String sanyErrors(TlcOutput out) {
        List<String> block = new ArrayList<>();
        boolean inSany = false;
        for (TlcOutput.Part p : out.parts()) {
            if (p instanceof TlcMessage m) {
                if (m.code() == SANY_START) {
                    inSany = true;
                } else if (m.code() == SANY_END) {
                    inSany = false;
                }
            } else if (inSany && p instanceof TlcOutput.Text t) {
                String line = t.line();
                if (line.startsWith("Parsing file ") || line.startsWith("Semantic processing of module ")) {
                    continue;
                }
                if (line.isBlank() && (block.isEmpty() || block.get(block.size() - 1).isBlank())) {
                    continue;
                }
                block.add(line);
            }
        }
        return String.join("\n", block).strip();
    }

    private static TlcStats stats(long[] finalStats, long[] progress, int depth) {
        long generated = -1;
        long distinct = -1;
        long left = -1;
        if (finalStats != null) {
            generated = finalStats[0];
            distinct = finalStats[1];
            left = finalStats[2];
        } else if (progress != null) {
            generated = progress[1];
            distinct = progress[2];
            left = progress[3];
        }
        if (depth < 0 && progress != null) {
            depth = (int) progress[0];
        }
        return new TlcStats(generated, distinct, left, depth);
    }

    private static long[] numbers(Pattern p, String line, int n) {
        Matcher m = p.matcher(line);
        if (!m.matches()) {
            return null;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
        }
        return out;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    private static String assertionMessage(List<String> lines) {
        if (lines.size() < 2) {
            return null;
        }
        String text = String.join("\n", lines.subList(1, lines.size())).strip();
        try {
            TlaValue v = TlaValueParser.parse(text);
            return v instanceof TlaValue.TlaString s ? s.value() : v.toTla();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    // ------------------------------------------------------------------ states

    /**
     * Parses a state frame (2216/2217/2218/2122): a header line {@code n: <Action line l, col c to line l2, col c2
     * of module M>}, {@code n: <Initial predicate>}, {@code n: Stuttering} or {@code n: Back to state: <...>},
     * followed by the variables.
     */
    public static TlcState parseState(TlcMessage m) {
        List<String> lines = m.lines();
        int h = 0;
        while (h < lines.size() && lines.get(h).isBlank()) {
            h++;
        }
        if (h == lines.size()) {
            throw new IllegalArgumentException("empty state message " + m.code());
        }
        Matcher hm = STATE_HEADER.matcher(lines.get(h).strip());
        if (!hm.matches()) {
            throw new IllegalArgumentException("unrecognised state header: " + lines.get(h));
        }
        int number = Integer.parseInt(hm.group(1));
        String rest = hm.group(2).strip();
        if (rest.startsWith("Back to state:")) {
            rest = rest.substring("Back to state:".length()).strip();
        }
        String action;
        SourceLoc loc = null;
        if (rest.startsWith("<") && rest.endsWith(">")) {
            String inner = rest.substring(1, rest.length() - 1).strip();
            Matcher am = ACTION_WITH_LOC.matcher(inner);
            if (am.matches()) {
                action = am.group(1).strip();
                loc = new SourceLoc(am.group(6), Integer.parseInt(am.group(2)), Integer.parseInt(am.group(3)),
                        Integer.parseInt(am.group(4)), Integer.parseInt(am.group(5)));
            } else {
                action = inner;
            }
        } else {
            action = rest; // "Stuttering"
        }
        return new TlcState(number, action, loc, parseVariables(lines.subList(h + 1, lines.size())));
    }

    /**
     * Parses variable lines: {@code /\ var = value} (or just {@code var = value} when the spec has a single
     * variable). A value may continue on following lines, which TLC indents; a line starting in column 0
     * starts the next variable.
     */
    public static Map<String, TlaValue> parseVariables(List<String> lines) {
        List<StringBuilder> chunks = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (chunks.isEmpty()) {
                    throw new IllegalArgumentException("state value continuation before any variable: " + line);
                }
                chunks.get(chunks.size() - 1).append('\n').append(line);
            } else {
                chunks.add(new StringBuilder(line));
            }
        }
        Map<String, TlaValue> vars = new LinkedHashMap<>();
        for (StringBuilder sb : chunks) {
            String chunk = sb.toString();
            Matcher vm = VARIABLE.matcher(chunk);
            if (!vm.matches()) {
                throw new IllegalArgumentException("unrecognised state line: " + chunk);
            }
            String var = vm.group(1);
            TlaValue value;
            try {
                value = TlaValueParser.parse(vm.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("value of variable " + var + ": " + e.getMessage(), e);
            }
            if (vars.putIfAbsent(var, value) != null) {
                throw new IllegalArgumentException("variable " + var + " printed twice in one state");
            }
        }
        return vars;
    }
}
