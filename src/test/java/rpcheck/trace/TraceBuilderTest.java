package rpcheck.trace;

import rpcheck.model.Property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcStats;

/** Traces built from recorded TLC counterexamples of the specs in src/test/resources/trace/. */
class TraceBuilderTest {

    private static List<String> contexts(Trace t) {
        return t.steps().stream().map(TraceStep::context).toList();
    }

    /** What {@code context} waits for after each step of {@code t} ("-": it does not wait). */
    private static List<String> waitsPerStep(Trace t, String context) {
        return t.steps().stream()
                .map(s -> s.waiting().stream().filter(w -> w.context().equals(context)).map(Wait::describe)
                        .findFirst().orElse("-"))
                .toList();
    }

    private static List<String> sentences(List<Wait> waits) {
        return waits.stream().map(Wait::describe).toList();
    }

    @Test
    void selfCancelWaitCycleSteps() {
        Trace t = Recorded.trace("selfcancel", Property.WAIT_CYCLE);
        assertEquals(List.of("user", "user", "wq#1", "wq#1"), contexts(t));
        assertEquals(List.of("user_start", "user_main_L1", "Start_w", "w_h_L1"),
                t.steps().stream().map(TraceStep::action).toList());
        TraceStep queue = t.steps().get(1);
        assertEquals("queue_work(w)", queue.text());
        assertEquals("selfcancel.stm:10:5", queue.position());
        assertEquals(List.of("main", "queue_work"), queue.chain());
        assertEquals(List.of("wk[w].pend: FALSE -> TRUE"), queue.changes().stream().map(Change::toString).toList());
        TraceStep start = t.steps().get(2);
        assertEquals("work_start", start.kind());
        assertEquals(List.of("wk[w].pend: TRUE -> FALSE", "wk[w].run: \"none\" -> \"wq#1\""),
                start.changes().stream().map(Change::toString).toList());
        assertTrue(start.waiting().isEmpty());
    }

    @Test
    void aFailedAssertIsQuotedAsTheSpecWroteIt() {
        // 'assert IoAccounting: !lldd_owns(rq) || ...' in returned(rq), called with r, over two lines with a comment
        Trace t = Recorded.trace("ownedrq", Property.IO_ACCOUNTING);
        Explanation e = t.explanation();
        assertEquals("ownedrq.stm:13:5", e.position());
        assertEquals("user: 'assert IoAccounting: !lldd_owns(r) || r.mq_state == MQ_RQ_IDLE' does not hold at"
                + " ownedrq.stm:13:5", e.notes().get(0));
        assertTrue(e.notes().stream().noneMatch(n -> n.contains("lldd != NONE")), e.notes().toString());
    }

    @Test
    void selfCancelWaitCycleExplained() {
        Trace t = Recorded.trace("selfcancel", Property.WAIT_CYCLE);
        TraceStep last = t.steps().get(3);
        assertEquals(List.of("wq#1 waits for w, which runs on wq#1 (itself)"), sentences(last.waiting()));
        Explanation e = t.explanation();
        assertEquals("wq#1", e.offender());
        assertEquals("selfcancel.stm:7:5", e.position());
        assertEquals(List.of("h", "cancel_work_sync"), e.chain());
        assertEquals(List.of("wq#1 waits for w, which runs on wq#1 (itself)"), sentences(e.waits()));
    }

    @Test
    void twoContextCycleStartsAtTheContextThatWaitedLast() {
        Trace t = Recorded.trace("lockflush", Property.WAIT_CYCLE);
        Explanation e = t.explanation();
        // user flushed w first (step 4); the worker then started w and blocked on the lock user holds
        assertEquals("wq#1", e.offender());
        assertEquals(List.of("h", "spin_lock"), e.chain());
        assertEquals(List.of("wq#1 waits for l, which is held by user", "user waits for w, which runs on wq#1"),
                sentences(e.waits()));
        TraceStep flush = t.steps().get(3);
        assertEquals(List.of("user waits for w (queued, not running yet)"), sentences(flush.waiting()));
        assertEquals(List.of("lk[l]: \"none\" -> \"user\""),
                t.steps().get(2).changes().stream().map(Change::toString).toList());
    }

    @Test
    void sleepUnderSpinlockNamesTheLock() {
        Trace t = Recorded.trace("lockflush", Property.SLEEP_IN_ATOMIC);
        Explanation e = t.explanation();
        assertEquals("user", e.offender());
        assertEquals(List.of("main", "flush_work"), e.chain());
        assertEquals("lockflush.stm:15:5", e.position());
        assertTrue(e.notes().get(0).contains("holds spinlock l"), e.notes().toString());
        assertTrue(e.waits().isEmpty());
    }

    @Test
    void mightSleepInIrqContextUsesTheMarkerSite() {
        // irqsleep has a single context, so TLC prints pc and lv as records, not functions
        Trace t = Recorded.trace("irqsleep", Property.SLEEP_IN_ATOMIC);
        assertEquals(List.of("irq"), contexts(t));
        // the last might_sleep() passed is named in the text (not again among the statements run after the first)
        assertTrue(t.steps().get(0).text().endsWith("might_sleep: slow()"), t.steps().get(0).text());
        assertEquals(List.of(), t.steps().get(0).inner());
        Explanation e = t.explanation();
        assertEquals("irq", e.offender());
        assertEquals(List.of("handler", "slow"), e.chain());
        assertTrue(e.notes().get(0).contains("interrupt context"), e.notes().toString());
    }

    @Test
    void aLockStepNamesThePrimitiveTheSpecCalled() {
        // the spec calls spin_lock_irqsave(hw_lock): the step says so, not spin_lock(hw_lock)
        Trace t = Recorded.trace("irqsavesleep", Property.SLEEP_IN_ATOMIC);
        TraceStep last = t.steps().get(t.steps().size() - 1);
        assertTrue(last.text().startsWith("spin_lock_irqsave(hw_lock); might_sleep: msleep()"), last.text());
        // a section run as one step: spin_lock_irqsave ... spin_unlock_irqrestore, and so the unlock inside it
        TraceStep queue = t.steps().get(1);
        assertEquals("spin_lock_irqsave(hw_lock) ... spin_unlock_irqrestore(hw_lock) (critical section as one step)",
                queue.text());
        assertEquals(List.of("queue_work(reset_work)", "spin_unlock_irqrestore(hw_lock)"),
                queue.inner().stream().map(Statement::text).toList());
    }

    @Test
    void aSleepInAtomicChainEndsInTheCallThatSleeps() {
        // as a Deadlock's chain ends in the call that blocks: mydrv_reset_work() -> msleep()
        Trace t = Recorded.trace("irqsavesleep", Property.SLEEP_IN_ATOMIC);
        Explanation e = t.explanation();
        assertEquals("wq#1", e.offender());
        assertEquals(List.of("mydrv_reset_work", "msleep"), e.chain());
        // a 'sleeps' function is itself the call that sleeps: nothing is added after it
        assertEquals(List.of("handler", "slow"), Recorded.trace("irqsleep", Property.SLEEP_IN_ATOMIC).explanation()
                .chain());
    }

    @Test
    void aRefusedStateChangeSaysItReturnsFalse() {
        Trace t = Recorded.trace("refusedstate", Property.DEADLOCK);
        List<String> texts = t.steps().stream().map(TraceStep::text).toList();
        // NEW -> LIVE: core.c's table refuses it (LIVE is entered from CONNECTING only)
        assertTrue(texts.contains("nvme_change_ctrl_state(LIVE) returns false: core.c refuses NEW -> LIVE (the state"
                + " stays NEW)"), texts.toString());
        // in one section: NEW -> CONNECTING is allowed (told by the state's change), CONNECTING -> DELETING_NOIO not
        List<String> inner = t.steps().stream().flatMap(s -> s.inner().stream()).map(Statement::text).toList();
        assertTrue(inner.contains("nvme_change_ctrl_state(CONNECTING)"), inner.toString());
        assertTrue(inner.contains("nvme_change_ctrl_state(DELETING_NOIO) returns false: core.c refuses CONNECTING ->"
                + " DELETING_NOIO (the state stays CONNECTING)"), inner.toString());
    }

    @Test
    void aStepPassingSeveralMightSleepsListsThemInCodeOrder() {
        // one step passes first(), second() and third(): the headline does not name the last one ahead of the others
        Trace t = Recorded.trace("irqsleeps", Property.SLEEP_IN_ATOMIC);
        TraceStep step = t.steps().get(t.steps().size() - 1);
        assertTrue(!step.text().contains("might_sleep"), step.text());
        List<String> inner = step.inner().stream().map(Statement::text).toList();
        assertEquals(List.of("might_sleep: first()", "might_sleep: second()", "might_sleep: third()"),
                inner.stream().filter(x -> x.startsWith("might_sleep")).toList(), inner.toString());
        assertEquals(List.of("handler", "third"), t.explanation().chain());
    }

    @Test
    void aDispatchWaitsOnlyWhileItsQueueIsQuiesced() {
        // user stands at blk_execute_rq()'s dispatch from the start; stopper sets a bit, then quiesces q for good
        Trace t = Recorded.trace("quiescewait", Property.DEADLOCK);
        List<String> userWaits = waitsPerStep(t, "user");
        // stopper alone unquiesces q: the wait names it (WaitCycle's single waker)
        String waits = "user waits until q unquiesced, which only stopper can make true";
        assertEquals(List.of("-", "-", waits), userWaits.subList(userWaits.size() - 3, userWaits.size()),
                t.steps().toString());
        assertTrue(userWaits.stream().filter(w -> !w.equals("-")).count() == 1, userWaits.toString());
        assertEquals(List.of(waits), sentences(t.explanation().waits()));
    }

    @Test
    void aWaitEventWaitsOnlyWhileItsConditionIsFalse() {
        // the trace reader evaluates the wait's guard on each state: user is not waiting on A once A is set,
        // and waits for it to be clear again at the end
        Trace t = Recorded.trace("waitevent", Property.DEADLOCK);
        List<String> userWaits = waitsPerStep(t, "user");
        int set = 0;
        while (!t.steps().get(set).text().contains("set_bit(A)")) {
            set++;
        }
        assertEquals("-", userWaits.get(set), userWaits.toString());
        // setter alone writes A: each wait names it (WaitCycle's single waker)
        assertTrue(userWaits.subList(0, set).stream().allMatch(w -> w.equals("-")
                || w.equals("user waits until A, which only setter can make true")), userWaits.toString());
        assertEquals("user waits until !A, which only setter can make true", userWaits.get(userWaits.size() - 1));
        assertEquals(List.of("user waits until !A, which only setter can make true"),
                sentences(t.explanation().waits()));
    }

    @Test
    void deadlockListsEveryBlockedContext() {
        Trace t = Recorded.trace("lockflush", Property.DEADLOCK);
        Explanation e = t.explanation();
        assertEquals(List.of("user waits for w, which runs on wq#1", "wq#1 waits for l, which is held by user"),
                sentences(e.waits()));
        assertEquals("wq#1", e.offender());
        assertEquals(List.of("h", "spin_lock"), e.chain());
    }

    @Test
    void timerStepActsAsTimerAndHelperEndsTheChain() {
        Trace t = Recorded.trace("rqtimeout", Property.WAIT_CYCLE);
        assertEquals(List.of("user", "user", "timer", "kblockd#1", "kblockd#1", "kblockd#1"), contexts(t));
        TraceStep timer = t.steps().get(2);
        assertEquals("request_timeout", timer.kind());
        assertEquals(List.of("blk_rq_timed_out_timer"), timer.chain());
        assertEquals(List.of("rq[r].timer: \"ARMED\" -> \"EXPIRED\"", "wk[q_timeout_work].pend: FALSE -> TRUE",
                "ev[rq_timeout]: 0 -> 1"), timer.changes().stream().map(Change::toString).toList());
        assertEquals(List.of("main", "blk_execute_rq", "blk_mq_run_hw_queue", "my_queue_rq", "blk_mq_start_request"),
                t.steps().get(1).chain());
        Explanation e = t.explanation();
        assertEquals("kblockd#1", e.offender());
        // blk_sync_queue() is the kernel helper that wraps cancel_work_sync(): it ends the chain
        assertEquals(List.of("blk_mq_timeout_work", "blk_mq_rq_timed_out", "my_timeout", "blk_sync_queue"), e.chain());
        assertEquals(List.of("kblockd#1 waits for q_timeout_work, which runs on kblockd#1 (itself)"),
                sentences(e.waits()));
    }

    @Test
    void deadlockIgnoresContextsThatFinished() {
        Trace t = Recorded.trace("rqtimeout", Property.DEADLOCK);
        // the LLDD completes r, so user's blk_execute_rq() returns; only the timeout work is stuck
        assertEquals("lldd", t.steps().get(3).context());
        assertEquals("lldd_completion", t.steps().get(3).kind());
        Explanation e = t.explanation();
        assertEquals(List.of("kblockd#1 waits for q_timeout_work, which runs on kblockd#1 (itself)"),
                sentences(e.waits()));
        assertTrue(e.notes().isEmpty(), e.notes().toString());
    }

    @Test
    void eachPutInAStepSaysWhatItDidToTheCount() {
        Trace t = Recorded.trace("twoputs", Property.USE_AFTER_FREE);
        TraceStep teardown = t.steps().stream().filter(s -> s.text().equals("set_bit(F)")).findFirst().orElseThrow();
        assertEquals(List.of("kref_get(ref): ref 2 -> 3", "kref_put(ref): ref 3 -> 2", "kref_put(ref): ref 2 -> 1",
                "kref_put(ref): ref 1 -> 0, the last reference: the controller is freed"),
                teardown.inner().stream().map(Statement::text).toList());
        assertEquals(List.of("twoputs.stm:13:5", "twoputs.stm:14:5", "twoputs.stm:15:5", "twoputs.stm:16:5"),
                teardown.inner().stream().map(Statement::position).toList());
    }

    @Test
    void emptyCounterexampleIsRejected() {
        TlcResult.Violation v = new TlcResult.Violation(TlcResult.Violation.Kind.DEADLOCK, null, List.of(), null,
                TlcStats.UNKNOWN);
        TraceBuilder b = new TraceBuilder(Recorded.provenance("selfcancel"));
        assertThrows(IllegalArgumentException.class, () -> b.build(Property.DEADLOCK, v));
    }

    @Test
    void propertyNamesAreCaseInsensitive() {
        assertEquals(Property.WAIT_CYCLE, Property.byName("waitcycle").orElseThrow());
        assertNull(Property.byName("Livelock").orElse(null));
    }
}
