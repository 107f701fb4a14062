package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.model.Property;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/** The trace graph's lanes and the causality edges derived from the steps. */
class LaneGraphTest {

    /** Every edge but program order, as {@code kind from->to label}. */
    private static List<String> causal(LaneGraph g) {
        return g.edges().stream().filter(e -> e.kind() != LaneGraph.EdgeKind.PROGRAM)
                .map(e -> e.kind().id() + " " + e.from() + "->" + e.to() + " " + e.label()).toList();
    }

    private static List<String> program(LaneGraph g) {
        return g.edges().stream().filter(e -> e.kind() == LaneGraph.EdgeKind.PROGRAM)
                .map(e -> e.from() + "->" + e.to()).toList();
    }

    @Test
    void requestTimeoutAndCompletion() {
        LaneGraph g = LaneGraph.of(Cases.recorded("rqtimeout", Property.DEADLOCK).trace());
        assertEquals(List.of("user", "lldd", "timer", "kblockd#1"), g.lanes());
        assertEquals(List.of(
                "timer 2->5 the timer of r expires",
                "lldd 3->4 the LLDD completes r",
                "wait 3->10 waits for r",
                "queue 5->6 queues q_timeout_work",
                "wake 10->11 r completed"), causal(g));
        assertEquals(List.of("1->2", "2->3", "3->11", "4->9", "6->7", "7->8", "9->10"), program(g));
        assertEquals(List.of(1, 2, 3, 11), g.stepsOf("user"));
        assertEquals(11, g.graph().vertexSet().size());
        assertEquals(g.edges().size(), g.graph().edgeSet().size());
    }

    @Test
    void queueWorkLeadsToTheStartOfThatWork() {
        LaneGraph g = LaneGraph.of(Cases.recorded("lockflush", Property.WAIT_CYCLE).trace());
        assertEquals(List.of("queue 2->5 queues w"), causal(g));
    }

    /**
     * A work queued, cancelled and queued again by another context, then started by a step that runs its whole
     * handler (its run field ends as it began): the one arrow is from the queueing whose instance ran.
     */
    @Test
    void aCancelledQueueingLeadsNowhereAndAFoldedStartIsAStart() {
        List<TraceStep> s = new ArrayList<>();
        s.add(step(1, "a", "step", "mod_timer(w)", List.of(ch("wk[w].pend", "FALSE", "TRUE")), List.of()));
        s.add(step(2, "a", "step", "timer_delete_sync(w) begins", List.of(ch("wk[w].pend", "TRUE", "FALSE")),
                List.of()));
        s.add(step(3, "b", "step", "mod_timer(w)", List.of(ch("wk[w].pend", "FALSE", "TRUE")), List.of()));
        s.add(new TraceStep(4, "w#1", "Start_w", "work_start", "the timer w fires", "t.stm:4:1", List.of("f"),
                List.of(ch("wk[w].pend", "TRUE", "FALSE")), List.of()));
        LaneGraph g = LaneGraph.of(new Trace(Property.IO_ACCOUNTING, s,
                new Explanation(null, null, List.of(), List.of(), List.of()), null));
        assertEquals(List.of("queue 3->4 queues w"), causal(g));
    }

    private static TraceStep step(int n, String ctx, String kind, String text, List<Change> changes,
            List<Wait> waiting) {
        return new TraceStep(n, ctx, "A" + n, kind, text, "t.stm:" + n + ":1", List.of("f"), changes, waiting);
    }

    private static Change ch(String path, String from, String to) {
        return new Change(path, from, to);
    }

    /** A hand-made trace with a lock hand-over, an LLDD abort and a flush_work that waits for the work. */
    static Trace handMade() {
        Wait onLock = new Wait("b", rpcheck.model.prims.WaitKind.of("lock"), "l", "a", "b_0", List.of("g", "spin_lock"));
        Wait onWork = new Wait("d", rpcheck.model.prims.WaitKind.of("work"), "w", "wq#1", "d_1", List.of("h", "flush_work"));
        List<TraceStep> s = new ArrayList<>();
        s.add(step(1, "a", "step", "spin_lock(l)", List.of(ch("lk[l]", "\"none\"", "\"a\"")), List.of()));
        s.add(step(2, "b", "step", "spin_lock(l) begins", List.of(), List.of(onLock)));
        s.add(step(3, "a", "step", "spin_unlock(l)", List.of(ch("lk[l]", "\"a\"", "\"none\"")), List.of()));
        s.add(step(4, "b", "step", "spin_lock(l)", List.of(ch("lk[l]", "\"none\"", "\"b\"")), List.of()));
        s.add(step(5, "c", "step", "lldd fcp_abort(r)", List.of(ch("rq[r].lldd", "\"OWNS\"", "\"ABORTING\"")),
                List.of()));
        s.add(step(6, "lldd", "lldd_completion", "the LLDD completes r",
                List.of(ch("rq[r].lldd", "\"ABORTING\"", "\"NONE\"")), List.of()));
        s.add(step(7, "d", "step", "queue_work(w)", List.of(ch("wk[w].pend", "FALSE", "TRUE")), List.of()));
        s.add(step(8, "wq#1", "work_start", "a wq worker starts w", List.of(ch("wk[w].pend", "TRUE", "FALSE"),
                ch("wk[w].run", "\"none\"", "\"wq#1\"")), List.of()));
        s.add(step(9, "d", "step", "flush_work(w) begins", List.of(), List.of(onWork)));
        s.add(step(10, "wq#1", "step", "w returns", List.of(ch("wk[w].run", "\"wq#1\"", "\"none\"")), List.of()));
        s.add(step(11, "d", "step", "flush_work(w) returns", List.of(), List.of()));
        return new Trace(Property.DEADLOCK, s, new Explanation(null, null, List.of(), List.of(), List.of()), null);
    }

    @Test
    void lockHandOverAbortAndFlush() {
        LaneGraph g = LaneGraph.of(handMade());
        assertEquals(List.of(
                "wait 2->3 waits for l",
                "lock 3->4 releases l",
                "abort 5->6 the LLDD completes aborted r",
                "queue 7->8 queues w",
                "wait 9->10 waits for w",
                "wake 10->11 w finished"), causal(g));
    }

    @Test
    void aLassoLoopsBackAndAStutterLoopsOnItsLastStep() {
        LaneGraph loop = LaneGraph.of(Cases.loopBack());
        assertEquals("loop 7->4 then step 4 again", causal(loop).get(causal(loop).size() - 1));
        LaneGraph stutter = LaneGraph.of(Cases.stutter());
        assertNull(stutter.node(5), "nobody acts in the stuttering step");
        assertEquals(List.of("queue 2->3 queues w", "loop 4->4 stutters forever"), causal(stutter));
    }

    @Test
    void projectionKeepsTheExplanationsContextsAndThoseWithEdgesIntoThem() {
        assertEquals(List.of("timer", "kblockd#1"),
                Projection.involved(LaneGraph.of(Cases.recorded("rqtimeout", Property.WAIT_CYCLE).trace())));
        assertEquals(List.of("timer", "kblockd#1"),
                Projection.involved(LaneGraph.of(Cases.recorded("rqtimeout", Property.DEADLOCK).trace())));
        assertEquals(List.of("user", "wq#1"),
                Projection.involved(LaneGraph.of(Cases.recorded("lockflush", Property.WAIT_CYCLE).trace())));
        // no offender and no waits: the last step's context, and who woke it
        assertEquals(List.of("d", "wq#1"), Projection.involved(LaneGraph.of(handMade())));
    }
}
