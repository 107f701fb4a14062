package rpcheck.trace;

import rpcheck.model.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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

    public TraceBuilder(Provenance prov) {
        this.prov = Objects.requireNonNull(prov, "prov");
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
        Explanation why = new Explainer(prov, last, steps, loopsTo).explain(property);
        return new Trace(property, steps, why, loopsTo);
    }

    /** The step that closes a lasso ending in stuttering: nobody moves, nothing changes, forever. */
    private static TraceStep stutter(int number, StateView after) {
        return new TraceStep(number, TraceStep.NOBODY, TlcState.STUTTERING, TraceStep.STUTTER,
                "nothing changes any more (stuttering)", null, List.of(), List.of(), after.blockedWaits());
    }

    private TraceStep step(int number, StateView before, StateView after) {
        String action = after.state().action();
        Provenance.ActionInfo info = prov.actions().get(action);
        String actor = actor(info, before, after);
        Provenance.LabelInfo label = actor == null ? null : prov.labels().get(before.pc(actor));
        boolean isStep = info != null && info.kind() == Provenance.ActionKind.STEP;
        var site = isStep && label != null ? label.site() : info == null ? null : info.site();
        String text = info == null ? action : info.text();
        String marker = actor == null ? null : after.sleepMarker(actor);
        if (marker != null && prov.labels().containsKey(marker)) {
            text = text + "; " + prov.labels().get(marker).text();
        }
        List<String> chain = isStep && label != null ? Chains.of(label) : Chains.of(site);
        return new TraceStep(number, actor == null ? "?" : actor, action,
                info == null ? "unknown" : info.kind().name().toLowerCase(Locale.ROOT), text,
                site == null ? null : site.span().position(), chain, changes(before, after), after.blockedWaits());
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
