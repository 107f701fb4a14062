package rpcheck.trace;

import rpcheck.model.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;
import rpcheck.model.prims.Prim;
import rpcheck.tla.Provenance;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcState;

/**
 * Turns a TLC counterexample of a generated spec into a {@link Trace} in the DSL's terms, using the
 * {@link Provenance} the generator recorded: who acted in each step, what it did, where in the DSL and the
 * kernel that is, what shared state changed, who is blocked; and why the final state violates the property.
 */
public final class TraceBuilder {
    private final Provenance prov;
    /** The lowered program, or null: then steps name only their first statement and locals keep lowered names. */
    private final Lowered lowered;
    /** Per step number: the state paths its statements may write (a refused state change writes nothing). */
    private final Map<Integer, Set<String>> mayWrite = new HashMap<>();
    /** Per step number: the executed statements with their nodes (the first one first). */
    private final Map<Integer, List<Lowered.Executed>> executed = new HashMap<>();

    public TraceBuilder(Provenance prov) {
        this.prov = Objects.requireNonNull(prov, "prov");
        this.lowered = null;
    }

    /**
     * A builder that also reads the lowered program the provenance was generated from: each step lists the
     * statements it executed after its first (a merged critical section, a folded put), locals read by their DSL
     * names, and the explanation names the steps the violation depends on.
     */
    public TraceBuilder(Provenance prov, Ir.Program program) {
        this.prov = Objects.requireNonNull(prov, "prov");
        this.lowered = new Lowered(Objects.requireNonNull(program, "program"), prov);
    }

    public Trace build(Property property, TlcResult.Violation violation) {
        List<TlcState> states = violation.states();
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a counterexample without states");
        }
        // a lasso's loop-closing entry ("Back to state k", "Stuttering") becomes the last step
        List<TlcState> all = violation.trace();
        List<TraceStep> steps = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            StateView before = new StateView(all.get(i - 1), prov);
            StateView after = new StateView(all.get(i), prov);
            steps.add(all.get(i).isStuttering() ? stutter(i, after) : step(i, before, after));
        }
        StateView last = new StateView(states.get(states.size() - 1), prov);
        // TLC numbers states from 1 (the initial state); step k leads to state k + 1
        Integer loopsTo = violation.loopBackTo() == null ? null : violation.loopBackTo() - 1;
        Explanation why = new Explainer(prov, last, steps, loopsTo, lowered, mayWrite, executed).explain(property);
        if (lowered != null) { // locals by their DSL names in the sentences and waits too
            why = new Explanation(why.offender(), why.position(), why.chain(), waits(why.waits()),
                    why.notes().stream().map(this::dsl).toList(), waits(why.cycle()), why.keySteps(), why.calledAt());
        }
        return new Trace(property, steps, why, loopsTo);
    }

    /**
     * Where {@link #build} places a step of {@code action} in the DSL, and the text it gives the step (a step's
     * text may go on with {@code "; might_sleep: ..."}); null for an action this provenance does not have, or a
     * dispatch (a trace names the step the dispatch took instead). A reader of a stored trace compares them with
     * the step's own to tell whether the spec still reads as it did when the trace was written.
     */
    public StepSource stepSource(String action) {
        Provenance.ActionInfo info = prov.actions().get(action);
        if (info == null || info.kind() == Provenance.ActionKind.DISPATCH) {
            return null;
        }
        // a step's action is named by the label its context's pc holds before it (as step() reads it)
        Provenance.LabelInfo label = info.kind() == Provenance.ActionKind.STEP ? prov.labels().get(action) : null;
        var site = label != null ? label.site() : info.site();
        return new StepSource(site == null ? null : site.span().position(), dsl(info.text()));
    }

    /** A step's DSL position ({@code file:line:col}, or null) and text, as {@link #stepSource} gives them. */
    public record StepSource(String position, String text) {
    }

    /** The step that closes a lasso ending in stuttering: nobody moves, nothing changes, forever. */
    private static TraceStep stutter(int number, StateView after) {
        return new TraceStep(number, TraceStep.NOBODY, TlcState.STUTTERING, TraceStep.STUTTER,
                "nothing changes any more (stuttering)", null, List.of(), List.of(), after.blockedWaits());
    }

    private TraceStep step(int number, StateView before, StateView after) {
        String action = after.state().action();
        Provenance.ActionInfo info = prov.actions().get(action);
        if (info != null && info.kind() == Provenance.ActionKind.DISPATCH) { // the step the CASE took: its pc's label
            action = before.pc(info.actor());
            info = prov.actions().get(action);
        }
        String actor = actor(info, before, after);
        Provenance.LabelInfo label = actor == null ? null : prov.labels().get(before.pc(actor));
        boolean isStep = info != null && info.kind() == Provenance.ActionKind.STEP;
        var site = Chains.stepSite(info, label);
        String text = info == null ? action : info.text();
        List<Change> changes = changes(before, after);
        if (isStep && label != null && label.prim() == Prim.CHANGE_STATE) {
            text = stateChangeText(text, label.text(), before.global(controller()));
        }
        List<Statement> inner = inner(number, info, isStep ? label : null, actor, before, after, changes);
        String marker = actor == null ? null : after.sleepMarker(actor);
        if (marker != null && prov.labels().containsKey(marker)) {
            // the last might_sleep() the step passed is named in its text (as SleepInAtomic reads it), not again; a
            // step that passed several lists them all among its statements instead, in the order the code has them
            String sleep = prov.labels().get(marker).text();
            long passed = inner.stream().filter(st -> st.text().startsWith("might_sleep: ")).count();
            if (passed <= 1) {
                text = text + "; " + sleep;
                String named = dsl(sleep);
                inner = inner.stream().filter(st -> !st.text().equals(named)).toList();
            }
        }
        List<String> chain = isStep && label != null ? Chains.of(label) : Chains.of(site);
        return new TraceStep(number, actor == null ? "?" : actor, action,
                info == null ? "unknown" : info.kind().name().toLowerCase(Locale.ROOT), dsl(text),
                site == null ? null : site.span().position(), chain, changes, waits(after.blockedWaits()), inner);
    }

    /** The controller state after {@code n} ran from {@code state}: a state change core.c's table allows moves it. */
    private static String afterStateChange(Ir.Node n, String state) {
        if (state == null || !(n instanceof Ir.Op op) || op.prim() != Prim.CHANGE_STATE
                || !(op.args().get(0) instanceof Ir.Const c) || !(c.value().v() instanceof String st)) {
            return state;
        }
        List<String> allowed = rpcheck.model.Builtins.CTRL_TRANSITIONS.get(st);
        return allowed != null && allowed.contains(state) ? st : state;
    }

    /** The controller's state variable ({@code g.<name>}): the spec's controller, "ctrl" without a program. */
    private String controller() {
        String c = lowered == null ? null : lowered.controller();
        return c == null ? "ctrl" : c;
    }

    private static final java.util.regex.Pattern CHANGE_STATE =
            java.util.regex.Pattern.compile("nvme_change_ctrl_state\\((\\w+)\\)");

    /**
     * A step's text that starts with {@code nvme_change_ctrl_state(NEW_STATE)}, saying whether core.c's table
     * refuses the move from {@code from} (the controller state before the statement): then the state stays and
     * the call returns false. An accepted move is told by the change of the controller state.
     */
    static String stateChangeText(String text, String statement, String from) {
        java.util.regex.Matcher mt = CHANGE_STATE.matcher(statement == null ? "" : statement);
        if (from == null || !mt.lookingAt()) {
            return text;
        }
        List<String> allowed = rpcheck.model.Builtins.CTRL_TRANSITIONS.get(mt.group(1));
        if (allowed == null || allowed.contains(from)) {
            return text;
        }
        String call = mt.group();
        String why = call + " returns false: core.c refuses " + from + " -> " + mt.group(1) + " (the state stays "
                + from + ")";
        return text.startsWith(call) ? why + text.substring(call.length()) : text;
    }

    private static final java.util.regex.Pattern REFUSAL = java.util.regex.Pattern.compile(
            " returns false: core\\.c refuses \\w+ -> \\w+ \\(the state stays \\w+\\)");

    /**
     * A step's text without what {@link #stateChangeText} adds for a refused state change: the text its action has
     * in the spec, whatever state the controller was in.
     */
    public static String withoutRefusal(String text) {
        return REFUSAL.matcher(text).replaceFirst("");
    }

    /** Text with locals by their DSL names (as lowered without a program). */
    private String dsl(String text) {
        return lowered == null ? text : lowered.dslText(text);
    }

    /** Waits whose condition text names locals by their DSL names. */
    private List<Wait> waits(List<Wait> ws) {
        if (lowered == null) {
            return ws;
        }
        return ws.stream().map(w -> new Wait(w.context(), w.kind(), dsl(w.on()), w.holder(), w.label(), w.chain(),
                w.position(), w.calledAt()))
                .toList();
    }

    /** Longer conditions of branches inside a step are cut (the statement's position points at the whole). */
    private static final int MAX_CONDITION = 60;

    /** The kref a statement gets or puts a reference of ({@code kref_get}, {@code kref_put}, ...), or null. */
    private static String krefOf(Ir.Node n) {
        return n instanceof Ir.Op op && (op.prim() == Prim.KREF_PUT || op.prim() == Prim.KREF_GET
                || op.prim() == Prim.KREF_GET_UNLESS_ZERO) && op.args().get(0) instanceof Ir.Global k ? k.name() : null;
    }

    /**
     * A reference get or put in words: the count it changed ({@code from} and {@code to}; null, or equal, when it
     * changed none), and {@code last} (null unless the put dropped the last reference) after "the last reference".
     */
    private static String refWords(Ir.Op op, String kref, String from, String to, String last) {
        StringBuilder sb = new StringBuilder(op.kernelName() + "(" + kref + ")");
        if (from != null && !from.equals(to)) {
            sb.append(": ").append(kref).append(" ").append(from).append(" -> ").append(to);
        } else if (op.prim() == Prim.KREF_GET_UNLESS_ZERO) {
            sb.append(": the count is already 0, no reference taken");
        }
        if (last != null) {
            sb.append(", the last reference: ").append(last);
        }
        return sb.toString();
    }

    /**
     * A put that dropped the last reference without freeing the controller in the same step: it called the release
     * function, which frees the controller only when it reaches its kfree() (a release that blocks first has not).
     */
    private static String freedBy(Ir.Op op) {
        return op.args().size() == 2 ? ((Ir.Const) op.args().get(1)).value().v()
                + "() is called; the controller is freed only at its kfree()" : "the controller is freed";
    }

    /** A reference get or put with the count the step changed, and whether the put freed the controller. */
    private static String refText(Ir.Op op, String kref, List<Change> changes) {
        Change count = changes.stream().filter(ch -> ch.path().equals("g." + kref)).findFirst().orElse(null);
        String last = null;
        if (op.prim() == Prim.KREF_PUT && changes.stream().anyMatch(ch -> ch.path().equals("g." + Ghosts.FREED))) {
            last = "the controller is freed";
        } else if (op.prim() == Prim.KREF_PUT && op.args().size() == 2 && count != null && "0".equals(count.after())) {
            last = freedBy(op);
        }
        return refWords(op, kref, count == null ? null : count.before(), count == null ? null : count.after(), last);
    }

    /**
     * The text of each reference get and put among a step's statements (by index), with the count as that statement
     * met it: a step with several on one kref (two puts: {@code 2 -> 1}, then {@code 1 -> 0}, the last) says what
     * each did, where {@link #refText} has only the step's change. Empty (so refText) where a count is no number or
     * the counts replayed do not end where the step's state does.
     */
    private static Map<Integer, String> refTexts(List<Lowered.Executed> ex, StateView before, StateView after) {
        Map<String, Integer> count = new HashMap<>();
        Map<Integer, String> out = new HashMap<>();
        for (int i = 0; i < ex.size(); i++) {
            String kref = krefOf(ex.get(i).node());
            if (kref == null) {
                continue;
            }
            Ir.Op op = (Ir.Op) ex.get(i).node();
            Integer from = count.containsKey(kref) ? count.get(kref) : number(before.global(kref));
            if (from == null) {
                return Map.of();
            }
            int to = op.prim() == Prim.KREF_PUT ? Math.max(0, from - 1)
                    : op.prim() == Prim.KREF_GET_UNLESS_ZERO && from == 0 ? 0 : from + 1;
            count.put(kref, to);
            out.put(i, refWords(op, kref, String.valueOf(from), String.valueOf(to),
                    op.prim() == Prim.KREF_PUT && from > 0 && to == 0 ? freedBy(op) : null));
        }
        for (Map.Entry<String, Integer> c : count.entrySet()) {
            if (!c.getValue().equals(number(after.global(c.getKey())))) {
                return Map.of();
            }
        }
        return out;
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The statements a step executed after its first: the way through the lowered program from the label the
     * actor was at (for a step; the entry's start for a work, context, completion or event starting) to the
     * label it is at after the step. Branches and local values that read shared state are listed with the way
     * they went; every operation is listed; a work handler that returns says so.
     */
    private List<Statement> inner(int number, Provenance.ActionInfo info, Provenance.LabelInfo label, String actor,
            StateView before, StateView after, List<Change> changes) {
        Set<String> changed = new LinkedHashSet<>();
        changes.forEach(ch -> changed.add(ch.path()));
        Set<String> writes = new LinkedHashSet<>(changed);
        mayWrite.put(number, writes);
        if (lowered == null || actor == null || info == null) {
            return List.of();
        }
        String endPc = after.pc(actor);
        Lowered.At end = lowered.at(endPc);
        boolean returned = endPc != null && (endPc.equals("idle") || endPc.equals("done"));
        Lowered.At start = label == null ? null : lowered.at(label.label());
        Ir.Code code = start != null ? start.code() : end != null ? end.code() : lowered.entryAt(info.site());
        if (code == null || end == null && !returned || end != null && end.code() != code) {
            return List.of();
        }
        if (start == null && info.kind() == Provenance.ActionKind.STEP) {
            return List.of();
        }
        List<Lowered.Executed> ex = lowered.executed(code, start == null ? null : start.node(),
                end == null ? null : end.node(), changed, before, after, actor);
        List<Lowered.Executed> all = new ArrayList<>();
        if (start != null) {
            all.add(lowered.describe(code, start.node()));
        }
        all.addAll(ex);
        executed.put(number, all);
        all.forEach(e -> writes.addAll(e.writes()));
        List<Statement> out = new ArrayList<>();
        // the controller state as the step's statements meet it (a section may change it more than once)
        String state = before.global(controller());
        if (start != null) {
            state = afterStateChange(start.node(), state);
        }
        Map<Integer, String> refTexts = refTexts(ex, before, after);
        for (int i = 0; i < ex.size(); i++) {
            Lowered.Executed e = ex.get(i);
            Ir.Node n = e.node();
            String stateBefore = state;
            state = afterStateChange(n, state);
            if (!(n instanceof Ir.Op) && !Lowered.readsShared(n)
                    || n instanceof Ir.Op a && a.prim() == Prim.ASSERT) { // an assert is a check, named if it fails
                continue;
            }
            String text = e.text();
            String kref = krefOf(n);
            if (kref != null) {
                text = refTexts.containsKey(i) ? refTexts.get(i) : refText((Ir.Op) n, kref, changes);
            }
            if (n instanceof Ir.Op op && op.prim() == Prim.CHANGE_STATE) {
                text = stateChangeText(text, text, stateBefore);
            }
            if (n instanceof Ir.Branch b) {
                if (text.length() > MAX_CONDITION) {
                    text = text.substring(0, MAX_CONDITION - 4) + " ...";
                }
                int next = i + 1 < ex.size() ? ex.get(i + 1).node().id() : end == null ? Ir.END : end.node().id();
                text = text + (next == b.then() ? " (true)" : " (false)");
            }
            out.add(new Statement(text, n.site().span().position(), Chains.of(n)));
        }
        if (returned && code.kind() == Ir.EntryKind.WORK && !all.isEmpty() && (label != null || !ex.isEmpty())) {
            // a work handler returning frees its worker and wakes its flushers (a change of wk[w].run)
            List<String> fns = all.get(0).node().site().functions();
            String fn = fns.isEmpty() ? code.entry() : fns.get(0);
            out.add(new Statement(fn + "() returns", null, fns.isEmpty() ? List.of() : List.of(fn)));
        }
        return out;
    }

    /**
     * The context whose program counter changed; else a context that was at the action's label (a step that
     * loops back to its own label); else the action's declared actor ("timer", "env", ...).
     */
    private String actor(Provenance.ActionInfo info, StateView before, StateView after) {
        for (String c : prov.contexts()) {
            if (!Objects.equals(before.pc(c), after.pc(c))) {
                return c;
            }
        }
        if (info != null && info.label() != null) {
            for (String c : prov.contexts()) {
                if (info.label().equals(before.pc(c))) {
                    return c;
                }
            }
        }
        return info == null ? null : info.actor();
    }

    private static List<Change> changes(StateView before, StateView after) {
        Map<String, String> a = before.shared();
        Map<String, String> b = after.shared();
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, String> e : b.entrySet()) {
            String old = a.get(e.getKey());
            if (!e.getValue().equals(old)) {
                out.add(new Change(e.getKey(), old, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                out.add(new Change(e.getKey(), e.getValue(), null));
            }
        }
        return out;
    }
}
