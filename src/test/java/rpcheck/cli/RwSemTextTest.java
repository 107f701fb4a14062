package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a counterexample through an rw_semaphore says: the reader queued behind a waiting writer and the writer
 * waiting for the first read hold (WaitCycle), a leaked hold and a release of a hold not held (LockBalance).
 */
@Tag("tlc")
class RwSemTextTest {
    @TempDir
    Path out;

    private String check(String property, String spec) {
        return CliTest.violationText(out, property, spec);
    }

    @Test
    void aRecursiveReadBehindAWaitingWriterIsACycle() {
        String text = check("WaitCycle", "rwsem_recursive_read_writer.stm");
        assertTrue(text.contains("one waits for rw_semaphore s, held up by two (a holder, or a writer queued ahead"
                + " of it)"), text);
        assertTrue(text.contains("-> waits in down_read() for rw_semaphore s -> held up by two -> waits in"
                + " down_write() for rw_semaphore s -> held up by one"), text);
    }

    @Test
    void aReadHolderInDownWriteWaitsForItself() {
        String text = check("WaitCycle", "rwsem_read_then_write.stm");
        assertTrue(text.contains("one waits for rw_semaphore s, held up by one (itself)"), text);
    }

    @Test
    void aWorkThatReturnsHoldingASemaphoreLeaksIt() {
        String text = check("LockBalance", "rwsem_leak_in_work.stm");
        assertTrue(text.contains("wq#1 finished in step 6 holding rw_semaphore s for read, taken in step 5"
                + " (kernel/workqueue.c process_one_work(): workqueue leaked atomic, lock or RCU)"), text);
    }

    @Test
    void anUpWriteOfAReadHoldIsAnImbalance() {
        String text = check("LockBalance", "rwsem_up_write_unheld.stm");
        assertTrue(text.contains("one calls up_write(s) in step 3 without holding s for write"), text);
    }
}
