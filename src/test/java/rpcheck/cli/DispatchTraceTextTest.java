package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blk-mq's dispatch in a counterexample: blk_mq_timeout_work()'s wait for the dispatches in progress
 * (blk_mq_wait_quiesce_done()), where the step that found the expired request is the timeout work's own and the hang
 * names what the work waits for; and a ->queue_rq that sleeps in the RCU read-side section of a queue without
 * BLK_MQ_F_BLOCKING, which SleepInAtomic names as such.
 */
@Tag("tlc")
class DispatchTraceTextTest {
    private static final Path PRIMITIVES = Path.of("src/test/resources/primitives");

    @TempDir
    Path out;

    @Test
    void theTimeoutWorkWaitsForTheDispatchInProgress() {
        CliTest.Run r = CliTest.run("check", "--no-cache", "--property", "Deadlock", "--out", out.toString(),
                PRIMITIVES.resolve("timeout_waits_dispatch_hang.stm").toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        String text = r.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("kblockd#1 waits until the dispatches on q it found in progress have returned"), text);
        assertTrue(text.contains("user waits until ABORTED"), text);
        assertTrue(text.contains("kblockd#1 blk_mq_check_expired() over q's requests"), text);
        assertTrue(text.contains("blk_mq_timeout_work() -> blk_mq_wait_quiesce_done()"), text);
    }

    @Test
    void aSleepInQueueRqOfANonBlockingQueueIsInAtomicContext() {
        CliTest.Run r = CliTest.run("check", "--no-cache", "--property", "SleepInAtomic", "--out", out.toString(),
                PRIMITIVES.resolve("queue_rq_sleeps_rcu.stm").toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        String text = r.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("user may sleep (mutex_lock(send_mutex)"), text);
        assertTrue(text.contains("while it runs ->queue_rq of q, a queue not declared 'blocking' (no BLK_MQ_F_BLOCKING:"
                + " blk-mq dispatches under rcu_read_lock())"), text);
    }
}
