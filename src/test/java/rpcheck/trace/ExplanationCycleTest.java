package rpcheck.trace;

import rpcheck.model.Property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcState;

/** The wait-for cycle the explanation finds (JGraphT), and lassos as the trace model keeps them. */
class ExplanationCycleTest {

    private static List<String> sentences(List<Wait> waits) {
        return waits.stream().map(Wait::describe).toList();
    }

    /** Each wait's holder is the next wait's context, and the last one's holder closes the cycle. */
    private static void assertClosed(List<Wait> cycle) {
        assertFalse(cycle.isEmpty());
        for (int i = 0; i < cycle.size(); i++) {
            assertEquals(cycle.get((i + 1) % cycle.size()).context(), cycle.get(i).holder(), cycle.toString());
        }
    }

    @Test
    void selfWaitIsACycleOfOne() {
        Explanation e = Recorded.trace("selfcancel", Property.WAIT_CYCLE).explanation();
        assertEquals(List.of("wq#1 waits for w, which runs on wq#1 (itself)"), sentences(e.cycle()));
        assertClosed(e.cycle());
    }

    @Test
    void twoContextCycleStartsAtTheOffender() {
        Explanation e = Recorded.trace("lockflush", Property.WAIT_CYCLE).explanation();
        assertEquals("wq#1", e.cycle().get(0).context());
        assertEquals(e.offender(), e.cycle().get(0).context());
        assertClosed(e.cycle());
        assertEquals(e.waits(), e.cycle());
    }

    @Test
    void deadlockKeepsEveryWaitAndItsCycleApart() {
        Explanation wc = Recorded.trace("lockflush", Property.WAIT_CYCLE).explanation();
        Explanation dl = Recorded.trace("lockflush", Property.DEADLOCK).explanation();
        assertEquals(wc.cycle(), dl.cycle());
        assertEquals(List.of("user", "wq#1"), dl.waits().stream().map(Wait::context).toList());
        Explanation rq = Recorded.trace("rqtimeout", Property.DEADLOCK).explanation();
        assertEquals(List.of("kblockd#1 waits for q_timeout_work, which runs on kblockd#1 (itself)"),
                sentences(rq.cycle()));
    }

    @Test
    void noCycleWhereNobodyWaits() {
        assertTrue(Recorded.trace("lockflush", Property.SLEEP_IN_ATOMIC).explanation().cycle().isEmpty());
        assertTrue(Recorded.trace("irqsleep", Property.SLEEP_IN_ATOMIC).explanation().cycle().isEmpty());
    }

    @Test
    void stutteringLassoEndsInAStepWhereNobodyActs() {
        TlcResult.Violation v = (TlcResult.Violation) Recorded.result("selfcancel", Property.WAIT_CYCLE);
        List<TlcState> states = new ArrayList<>(v.states());
        TlcState last = states.get(states.size() - 1);
        states.add(new TlcState(last.number() + 1, TlcState.STUTTERING, null, last.variables()));
        Trace t = new TraceBuilder(Recorded.provenance("selfcancel")).build(Property.PROGRESS,
                new TlcResult.Violation(TlcResult.Violation.Kind.TEMPORAL, null, states, last.number(), v.stats()));
        assertEquals(v.states().size(), t.steps().size(), "the real steps and the stuttering one");
        TraceStep stutter = t.steps().get(t.steps().size() - 1);
        assertTrue(stutter.isStutter());
        assertEquals(TraceStep.NOBODY, stutter.context());
        assertTrue(stutter.changes().isEmpty());
        assertEquals(t.steps().size() - 1, t.loopsTo());
        assertTrue(t.stutters());
        assertEquals("after step 4 nothing changes any more", t.loopText());
        assertTrue(t.explanation().notes().get(0).contains("after step 4 nothing changes any more"),
                t.explanation().notes().toString());
    }

    @Test
    void lassoKeepsItsLoopClosingStep() {
        TlcResult.Violation v = (TlcResult.Violation) Recorded.result("rqtimeout", Property.WAIT_CYCLE);
        List<TlcState> states = new ArrayList<>(v.states());
        TlcState back = states.get(3);
        TlcState last = states.get(states.size() - 1);
        states.add(new TlcState(back.number(), last.action(), last.location(), back.variables()));
        Trace t = new TraceBuilder(Recorded.provenance("rqtimeout")).build(Property.PROGRESS,
                new TlcResult.Violation(TlcResult.Violation.Kind.TEMPORAL, null, states, back.number(), v.stats()));
        assertEquals(v.states().size(), t.steps().size());
        assertEquals(3, t.loopsTo());
        assertEquals(4, t.loopStart());
        assertFalse(t.stutters());
        assertEquals("steps 4..7 repeat forever", t.loopText());
        assertFalse(t.explanation().notes().get(0).contains("null"), t.explanation().notes().toString());
    }
}
