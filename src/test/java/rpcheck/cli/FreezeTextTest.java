package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a counterexample through a request queue's freeze says: the freeze held up by a request held on the
 * quiesced queue, a timeout handler that freezes its own queue (WaitCycle), a submitter that cannot enter a
 * frozen queue (Deadlock).
 */
@Tag("tlc")
class FreezeTextTest {
    @TempDir
    Path out;

    private String check(String property, String spec) {
        return CliTest.violationText(out, property, spec);
    }

    @Test
    void aFreezeOfAQuiescedQueueWaitsForTheRequestItHolds() {
        String text = check("WaitCycle", "freeze_quiesced_request.stm");
        assertTrue(text.contains("ctl waits for q to freeze (q_usage_counter to reach zero), held up by user,"
                + " which holds a reference of it"), text);
        assertTrue(text.contains("-> waits in blk_mq_freeze_queue() for freeze of q -> a reference of which user"
                + " holds -> waits in blk_mq_run_hw_queue() for q unquiesced -> which only ctl can make true"), text);
        // the step that took the reference is one the violation depends on
        assertTrue(text.contains("2* blk_queue_enter(q): q is not frozen, r is allocated and holds a reference"
                + " of q_usage_counter"), text);
    }

    @Test
    void aTimeoutHandlerThatFreezesItsQueueWaitsForItself() {
        String text = check("WaitCycle", "freeze_timeout_handler_self.stm");
        assertTrue(text.contains("kblockd#1 waits for q to freeze (q_usage_counter to reach zero), held up by"
                + " kblockd#1 (itself), which holds a reference of it (a request it allocated, or q's timeout work"
                + " it runs)"), text);
    }

    @Test
    void anUnfreezeOfAQueueNotFrozenIsAnImbalance() {
        String text = check("LockBalance", "freeze_unfreeze_unbalanced.stm");
        assertTrue(text.contains("ctl calls blk_mq_unfreeze_queue(q) in step 2 while q is not frozen (block/blk-mq.c"
                + " __blk_mq_unfreeze_queue(): WARN_ON_ONCE(q->mq_freeze_depth < 0)"), text);
    }

    @Test
    void aFreezeNobodyStartedSaysSo() {
        String text = check("Deadlock", "freeze_wait_without_start.stm");
        assertTrue(text.contains("ctl waits for q to freeze (q_usage_counter to reach zero); q is not frozen, and"
                + " q_usage_counter stays live until a blk_freeze_queue_start()"), text);
    }

    @Test
    void aSubmitterWaitsForTheLastUnfreeze() {
        String text = check("Deadlock", "freeze_blocks_allocation.stm");
        assertTrue(text.contains("user waits until q unfrozen"), text);
        assertTrue(text.contains("main() -> blk_execute_rq() -> blk_queue_enter()"), text);
    }
}
