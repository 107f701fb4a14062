package rpcheck.render;

import java.util.ArrayList;
import java.util.List;

import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcState;
import rpcheck.model.Property;
import rpcheck.trace.Recorded;
import rpcheck.trace.Trace;

/**
 * The counterexamples the render tests use: every violation recorded under src/test/resources/trace/, and two
 * lassos made from recorded states the way TLC reports them (a loop back to an earlier state, and stuttering).
 */
final class Cases {
    private Cases() {
    }

    /** A named counterexample. */
    record Case(String name, Counterexample cx) {
    }

    static final List<String> SPECS = List.of("irqsleep", "lockflush", "rqtimeout", "selfcancel", "uafunlock", "freeze");
    static final List<Property> RECORDED = List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC,
            Property.USE_AFTER_FREE);

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (String spec : SPECS) {
            for (Property p : RECORDED) {
                boolean recorded = java.nio.file.Files.exists(Recorded.dir().resolve(spec + "_" + p.displayName()
                        + ".out"));
                if (recorded && Recorded.result(spec, p) instanceof TlcResult.Violation) {
                    out.add(new Case(spec + "_" + p.displayName(), new Counterexample(spec, Recorded.trace(spec, p))));
                }
            }
        }
        out.add(new Case("rqtimeout_Progress_lasso", new Counterexample("rqtimeout", loopBack())));
        out.add(new Case("selfcancel_Progress_stutter", new Counterexample("selfcancel", stutter())));
        return out;
    }

    static Counterexample recorded(String spec, Property p) {
        return new Counterexample(spec, Recorded.trace(spec, p));
    }

    /** rqtimeout's WaitCycle states, closed by a step back to state 4 (after step 3): steps 4..7 repeat. */
    static Trace loopBack() {
        TlcResult.Violation v = (TlcResult.Violation) Recorded.result("rqtimeout", Property.WAIT_CYCLE);
        List<TlcState> states = new ArrayList<>(v.states());
        TlcState last = states.get(states.size() - 1);
        TlcState back = states.get(3);
        states.add(new TlcState(back.number(), last.action(), last.location(), back.variables()));
        TlcResult.Violation lasso = new TlcResult.Violation(TlcResult.Violation.Kind.TEMPORAL, null, states,
                back.number(), v.stats());
        return Recorded.builder("rqtimeout").build(Property.PROGRESS, lasso);
    }

    /** selfcancel's WaitCycle states, ending in stuttering. */
    static Trace stutter() {
        TlcResult.Violation v = (TlcResult.Violation) Recorded.result("selfcancel", Property.WAIT_CYCLE);
        List<TlcState> states = new ArrayList<>(v.states());
        TlcState last = states.get(states.size() - 1);
        states.add(new TlcState(last.number() + 1, TlcState.STUTTERING, null, last.variables()));
        TlcResult.Violation lasso = new TlcResult.Violation(TlcResult.Violation.Kind.TEMPORAL, null, states,
                last.number(), v.stats());
        return Recorded.builder("selfcancel").build(Property.PROGRESS, lasso);
    }
}
