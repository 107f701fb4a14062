package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import rpcheck.model.Property;
import rpcheck.trace.Change;
import rpcheck.trace.Recorded;
import rpcheck.trace.Statement;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;

/**
 * The text a reviewer pastes (issue 16) names the steps that are the bug: the put that freed the controller and
 * what touched it afterwards, every step that changed the counter a deadlocked wait reads, the fault and the
 * refused recovery of a lost error, the calls inside a critical section run as one step, and locals by their DSL
 * names. On recorded TLC output of small specs (src/test/resources/trace/) and on the committed traces.
 */
class ReviewerTextTest {
    private static final Path TRACES = Path.of("traces");

    /** Whether the scenario has a row of its own for step {@code n} (not inside a collapsed run). */
    private static boolean hasRow(String text, int n) {
        return Pattern.compile("(?m)^ " + n + "\\*?\\s+(?!\\.\\.\\. )\\S").matcher(text).find();
    }

    private static String text(Trace t, String variant) {
        return TextRenderer.render(new Counterexample(variant, t), false);
    }

    @Test
    void useAfterFreeNamesTheFreeingPutAndTheCallThatTouchedTheFreedController() {
        Trace t = Recorded.trace("uafunlock", Property.USE_AFTER_FREE);
        TraceStep last = t.steps().get(t.steps().size() - 1);
        // the last step is poker's critical section run as one step, named after its spin_lock()
        assertTrue(last.text().startsWith("spin_lock(l)"), last.text());
        // the offending call is the queue_work() inside it, not the spin_lock() the step is named after
        assertEquals(List.of("poke", "queue_work"), t.explanation().chain());
        assertEquals("uafunlock.stm:19:9", t.explanation().position());
        assertEquals("poker", t.explanation().offender());
        int freed = t.steps().stream().filter(s -> s.changes().stream().anyMatch(c -> c.path().equals("g.rp_freed")))
                .findFirst().orElseThrow().number();
        String notes = String.join("\n", t.explanation().notes());
        assertTrue(notes.contains("freed in step " + freed + " by user: kref_put(ref) in teardown() at"
                + " uafunlock.stm:13:5"), notes);
        assertTrue(notes.contains("w was queued in step " + last.number() + " by poker (queue_work(w) in poke()),"
                + " after the controller was freed"), notes);
        assertTrue(t.explanation().keySteps().containsAll(List.of(freed, last.number())),
                t.explanation().keySteps().toString());
        String text = text(t, "uafunlock");
        assertTrue(text.contains("+ queue_work(w)"), text);
        assertTrue(text.contains("+ spin_unlock(l)"), text);
        assertTrue(text.contains("poke() -> queue_work()"), text);
    }

    @Test
    void deadlockOnACounterShowsEveryStepThatChangedIt() {
        Trace t = Recorded.trace("freeze", Property.DEADLOCK);
        List<Integer> changers = t.steps().stream()
                .filter(s -> s.changes().stream().map(Change::path).anyMatch("g.depth"::equals))
                .map(TraceStep::number).toList();
        assertEquals(3, changers.size(), "two freezes and one unfreeze");
        assertTrue(t.explanation().keySteps().containsAll(changers), t.explanation().keySteps().toString());
        String text = text(t, "freeze");
        for (int n : changers) {
            assertTrue(hasRow(text, n), "step " + n + " is collapsed:\n" + text);
        }
        assertTrue(text.contains("depth (now 1) was changed in step " + changers.get(0)), text);
    }

    @Test
    void committedUseAfterFreeNamesThePutAndTheWorkQueuedAfterIt() throws IOException {
        String text = Files.readString(TRACES.resolve("upstream/UseAfterFree/trace.txt"));
        String flat = text.replaceAll("\\s+", " ");
        // the release frees it: the kfree and the put that called it, each with its step
        assertTrue(flat.matches(".*freed in step 39 by nvme_delete_wq#1: kfree\\(ctrl\\) in nvme_fc_ctrl_free\\(\\) at"
                + " specs/nvme-fc/upstream\\.stm:\\d+:\\d+, called after kref_put\\(fc_ref\\) in nvme_delete_ctrl_work\\(\\)"
                + " -> nvme_fc_ctrl_put\\(\\) at specs/nvme-fc/upstream\\.stm:\\d+:\\d+ dropped its last reference in step"
                + " 38.*"), text);
        // the access comes before it happens: the LLDD context is about to queue a work of the freed controller
        assertTrue(flat.matches(".*lldd is about to run queue_work\\(ioerr_work\\) \\(specs/nvme-fc/upstream\\.stm:\\d+:9, in"
                + " nvme_fc_fcpio_done\\(\\)\\), which touches work ioerr_work of the freed controller; it got there in"
                + " step 24, before the free.*"), text);
        assertTrue(hasRow(text, 24) && hasRow(text, 38) && hasRow(text, 39), text);
        assertTrue(text.contains(" 24*"), "the step that brought lldd there is a key step:\n" + text);
        // the put calls the release, which frees the controller a step later: the put's text does not say it frees
        assertTrue(flat.contains("+ kref_put(fc_ref): fc_ref 1 -> 0, the last reference: nvme_fc_ctrl_free() is"
                + " called; the controller is freed only at its kfree()"), text);
        assertTrue(flat.contains("+ ctrl_on_rport_list = false + spin_unlock_irqrestore(rport_lock) + kfree(ctrl): the"
                + " controller's memory is freed"), text);
        assertTrue(flat.contains("nvme_fc_fcpio_done() -> queue_work()"), text);
    }

    @Test
    void committedUseAfterFreeNamesAReadOfTheFreedControllerState() throws IOException {
        String flat = Files.readString(TRACES.resolve("smart/UseAfterFree/trace.txt")).replaceAll("\\s+", " ");
        assertTrue(flat.contains("lldd is about to run state = ctrl.state (specs/nvme-fc/smart.stm:13:5, in"
                + " nvme_fc_fcpio_done() -> nvme_fc_start_ioerr_recovery()), which touches ctrl.state of the freed"
                + " controller"), flat);
    }

    @Test
    void committedLostErrorShowsTheFaultAndTheRefusedReset() throws IOException {
        String text = Files.readString(TRACES.resolve("upstream/LostError/trace.txt"));
        String flat = text.replaceAll("\\s+", " ");
        assertTrue(hasRow(text, 4) && hasRow(text, 22), text);
        assertTrue(flat.contains("4* lldd_port rport_loss: lldd_port calls nvme_fc_unregister_remoteport()"), text);
        assertTrue(flat.contains("the association failed in step 22"), text);
        assertTrue(flat.contains("step 22 (lldd_port): nvme_change_ctrl_state(RESETTING) in nvme_reset_ctrl()"),
                text);
        assertTrue(flat.contains("+ nvme_change_ctrl_state(RESETTING)"), text);
        assertFalse(flat.contains("... a step of lldd_port"), text);
    }

    @Test
    void committedLostErrorShowsTheRecoveryThatLookedAtTheStateAndDidNotReset() throws IOException {
        String text = Files.readString(TRACES.resolve("smart/LostError/trace.txt"));
        String flat = text.replaceAll("\\s+", " ");
        assertTrue(flat.contains("26* lldd_port state = ctrl.state"), text);
        assertTrue(flat.contains("step 26 (lldd_port): state = ctrl.state in nvme_fc_start_ioerr_recovery() at"
                + " specs/nvme-fc/smart.stm:13:5 read the controller state (CONNECTING) after the association"
                + " failed"), text);
    }

    @Test
    void committedCriticalSectionNamesItsCalls() throws IOException {
        String text = Files.readString(TRACES.resolve("upstream/LostError/trace.txt")).replaceAll("\\s+", " ");
        // named by the lock primitives upstream.stm calls (spin_lock_irqsave ... spin_unlock_irqrestore)
        assertTrue(text.contains("spin_lock_irqsave(rport_lock) ... spin_unlock_irqrestore(rport_lock) (critical section"
                + " as one step) + if rport_state != FC_OBJSTATE_ONLINE (false) + test_and_set_bit(ASSOC_ACTIVE)"), text);
    }

    @Test
    void committedTextReadsLocalsByTheirDslNames() throws IOException {
        String text = Files.readString(TRACES.resolve("upstream/UseAfterFree/trace.txt"));
        assertTrue(text.contains("if terminate_assoc && ctrl.state != RESETTING"), text);
        assertFalse(text.contains("nvme_fc_fcpio_done_terminate_assoc"), text);
        assertFalse(text.contains("nvme_fc_fcpio_done_status"), text);
    }

    @Test
    void innerStatementsAndKeyStepsReadBackFromTraceJson() throws Exception {
        Trace t = Recorded.trace("uafunlock", Property.USE_AFTER_FREE);
        Counterexample cx = new Counterexample("uafunlock", t);
        Counterexample back = TraceJsonReader.read(JsonRenderer.render(cx), "trace.json");
        assertEquals(cx, back);
        List<Statement> inner = back.trace().steps().get(t.steps().size() - 1).inner();
        assertFalse(inner.isEmpty());
    }
}
