package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once rpcheck is being stopped (its shutdown hook has started), no child JVM starts, and one that started
 * just before (a run queued behind the one the hook killed) is stopped as it registers.
 */
class CleanupTest {
    @TempDir
    Path dir;

    @AfterEach
    void notStopping() {
        Cleanup.stoppingForTest(false);
    }

    @Test
    void noChildStartsWhileStopping() {
        Cleanup.stoppingForTest(true);
        long before = ProcessHandle.current().descendants().count();
        assertThrows(InterruptedIOException.class, () -> ChildJvm.run(List.of("sleep", "30"), dir,
                Duration.ofSeconds(10)));
        assertEquals(before, ProcessHandle.current().descendants().count());
    }

    @Test
    void aChildRegisteredWhileStoppingIsStopped() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            Cleanup.stoppingForTest(true);
            Cleanup.register(p);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the late child was not stopped");
        } finally {
            Cleanup.unregister(p);
            p.destroyForcibly();
        }
    }
}
