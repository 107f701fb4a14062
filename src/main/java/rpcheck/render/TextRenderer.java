package rpcheck.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import rpcheck.trace.Explanation;
import rpcheck.model.Property;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The counterexample as plain text for a mailing-list reply, at most {@value #WIDTH} columns of ASCII: a header,
 * the explanation in sentences, a lockdep-style scenario with one column per involved context (every context
 * with {@code full}), a banner, and the call chain of each blocked context like a stack trace.
 */
public final class TextRenderer {
    public static final int WIDTH = 80;

    private final Counterexample cx;
    private final Trace trace;
    private final boolean full;
    private final List<String> out = new ArrayList<>();

    private TextRenderer(Counterexample cx, boolean full) {
        this.cx = cx;
        this.trace = cx.trace();
        this.full = full;
    }

    /** The text; {@code full} shows every context instead of the involved ones. */
    public static String render(Counterexample cx, boolean full) {
        TextRenderer r = new TextRenderer(cx, full);
        r.render();
        StringBuilder sb = new StringBuilder();
        r.out.forEach(l -> sb.append(stripEnd(l)).append('\n'));
        return sb.toString();
    }

    private void render() {
        LaneGraph g = LaneGraph.of(trace);
        List<String> shown = full ? g.lanes() : Projection.involved(g);
        header();
        summary();
        scenarioHeading(g, shown);
        out.addAll(new Scenario(trace, shown).lines());
        out.add("");
        out.add(" *** " + banner(trace.property()) + " ***");
        cycle();
        chains(g, shown);
    }

    private void header() {
        int n = trace.steps().size();
        String h = cx.title() + " violated (" + n + (n == 1 ? " step" : " steps")
                + (trace.isLasso() ? "; " + trace.loopText() : "") + ")";
        para(h, 0, 2);
    }

    private void summary() {
        Explanation e = trace.explanation();
        List<String> sentences = new ArrayList<>();
        e.waits().forEach(w -> sentences.add(w.describe()));
        sentences.addAll(e.notes());
        if (sentences.isEmpty()) {
            return;
        }
        out.add("");
        sentences.forEach(s -> para(s, 1, 3));
    }

    private void scenarioHeading(LaneGraph g, List<String> shown) {
        out.add("");
        String which = shown.size() == g.lanes().size()
                ? shown.size() == 1 ? "1 context" : "all " + shown.size() + " contexts"
                : shown.size() + " of " + g.lanes().size() + " contexts, those involved; --full shows all";
        para("Scenario (" + which + "):", 1, 3);
        List<String> legend = new ArrayList<>();
        if (!trace.explanation().keySteps().isEmpty()) {
            legend.add(Scenario.KEY + " marks the steps the violation depends on");
        }
        if (trace.steps().stream().anyMatch(s -> !s.inner().isEmpty())) {
            legend.add("+ the statements a step ran after its first");
        }
        if (!legend.isEmpty()) {
            para(String.join("; ", legend), 1, 3);
        }
        out.add("");
    }

    /** The explanation's wait-for cycle, hop by hop, naming the call each context waits in. */
    private void cycle() {
        List<Wait> cycle = trace.explanation().cycle();
        if (cycle.isEmpty()) {
            return;
        }
        out.add("");
        out.add(" wait-for cycle:");
        out.add("   " + Wrap.ascii(cycle.get(0).context()));
        for (Wait w : cycle) {
            String call = w.chain().isEmpty() ? "waits for " : "waits in " + w.chain().get(w.chain().size() - 1)
                    + "() for ";
            para("-> " + call + WaitForGraph.thingLabel(w), 5, 8);
            String who = w.holder() + (w.holder().equals(w.context()) ? " (itself)" : "");
            para("-> " + switch (w.kind()) {
                case LOCK -> "held by " + who;
                case WORKQUEUE -> "a work item of which runs on " + who;
                case GRACE_PERIOD -> "held up by reader " + who;
                case RWSEM -> "held up by " + who;
                case FREEZE -> "a reference of which " + who + " holds";
                case COND -> "which only " + who + " can make true";
                case COMPLETION -> "which only " + who + " completes";
                default -> "which runs on " + who;
            }, 5, 8);
        }
    }

    /** The call chain of every blocked context shown, then the offender's if it is not among them. */
    private void chains(LaneGraph g, List<String> shown) {
        Explanation e = trace.explanation();
        boolean offenderShown = false;
        for (Map.Entry<String, Wait> b : FinalState.of(trace).blocked().entrySet()) {
            String ctx = b.getKey();
            if (!shown.contains(ctx) || b.getValue().chain().isEmpty()) {
                continue;
            }
            offenderShown |= ctx.equals(e.offender());
            String where = ctx.equals(e.offender()) && e.position() != null ? e.position()
                    : b.getValue().position() != null ? b.getValue().position() : position(g, ctx);
            out.add("");
            para(ctx + " is blocked" + (where == null ? "" : " at " + where) + ":", 1, 3);
            chain(b.getValue().chain(), b.getValue().calledAt());
        }
        if (!offenderShown && e.offender() != null && !e.chain().isEmpty()) {
            out.add("");
            para("offending call (" + e.offender() + (e.position() == null ? "" : ", " + e.position()) + "):", 1, 3);
            chain(e.chain(), e.calledAt());
        }
    }

    /**
     * The DSL position of the context's last step: where it went to sleep, for a trace.json that does not record
     * the wait's own position (a step can end just before the statement that waits).
     */
    private String position(LaneGraph g, String ctx) {
        List<Integer> own = g.stepsOf(ctx);
        return own.isEmpty() ? null : trace.steps().get(own.get(own.size() - 1) - 1).position();
    }

    /**
     * {@code a() -> b() -> c()} on one line if it fits and the spec's call sites are not known, else one frame per
     * line, each function the spec calls followed by where ({@code called at file:line:col}): the line of a variant
     * that calls into the spec it extends, up to the innermost statement (the position above the chain).
     */
    private void chain(List<String> frames, List<String> calledAt) {
        List<String> calls = new java.util.ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            String site = calledAt.isEmpty() ? "" : calledAt.get(i);
            calls.add(Wrap.ascii(frames.get(i)) + "()" + (site.isEmpty() ? "" : ", called at " + Wrap.ascii(site)));
        }
        String one = "   " + String.join(" -> ", calls);
        if (one.length() <= WIDTH && calledAt.stream().allMatch(String::isEmpty)) {
            out.add(one);
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            String prefix = i == 0 ? "   " : "   -> ";
            for (String l : Wrap.lines(calls.get(i), WIDTH - prefix.length())) {
                out.add(prefix + l);
                prefix = " ".repeat(prefix.length());
            }
        }
    }

    /** A wrapped paragraph: first line indented by {@code first}, the others by {@code rest}. */
    private void para(String text, int first, int rest) {
        List<String> lines = Wrap.lines(Wrap.ascii(text), WIDTH - rest);
        String head = lines.get(0);
        if (first + head.length() > WIDTH) {
            lines = Wrap.lines(Wrap.ascii(text), WIDTH - Math.max(first, rest));
            head = lines.get(0);
        }
        out.add(" ".repeat(first) + head);
        lines.subList(1, lines.size()).forEach(l -> out.add(" ".repeat(rest) + l));
    }

    static String banner(Property p) {
        return switch (p) {
            case DEADLOCK -> "DEADLOCK";
            case WAIT_CYCLE -> "WAIT CYCLE";
            case SLEEP_IN_ATOMIC -> "SLEEPING IN ATOMIC CONTEXT";
            case IO_ACCOUNTING -> "ASSERTION FAILED";
            case USE_AFTER_FREE -> "USE AFTER FREE";
            case LOCK_BALANCE -> "LOCK IMBALANCE";
            case IRQ_UNSAFE_LOCK -> "IRQ-UNSAFE LOCK";
            case LOST_ERROR -> "ERROR LOST";
            case LIVE_WITHOUT_ASSOC -> "LIVE WITHOUT ASSOCIATION";
            case PROGRESS -> "NO PROGRESS";
        };
    }

    static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** The sentence of a wait without its context: {@code waits for w, which runs on c (itself)}. */
    static String waitPhrase(Wait w) {
        String d = w.describe();
        return d.startsWith(w.context() + " ") ? d.substring(w.context().length() + 1) : d;
    }

    /** Whether step {@code s} puts its own context into a wait (it did not wait, or waited elsewhere, before). */
    static Wait startsWaiting(TraceStep s, List<Wait> before) {
        for (Wait w : s.waiting()) {
            if (w.context().equals(s.context()) && before.stream().noneMatch(b -> b.context().equals(w.context())
                    && b.label().equals(w.label()))) {
                return w;
            }
        }
        return null;
    }
}
