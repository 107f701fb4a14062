package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC's distributed mode on this machine: {@code check --distributed --listen 127.0.0.1:PORT} with two
 * {@code rpcheck worker} processes gives the verdicts and counterexamples of a local check. Part of the normal
 * test run (.ci/run); bounded in time.
 */
@Tag("distributed")
class DistributedTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path copy(Path dir, String name) throws Exception {
        Path spec = dir.resolve(name);
        Files.copy(Path.of(DistributedTest.class.getResource("/check/" + name).toURI()), spec);
        return spec;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aServerAndTwoWorkersGiveTheLocalVerdicts(@TempDir Path dir) throws Exception {
        Path deep = copy(dir, "deep.stm");
        Path several = copy(dir, "several.stm");
        String addr = "127.0.0.1:" + freePort();
        // two workers, each serving runs until the test stops it
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> CliTest.run("worker", "--server", addr), "test-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        try {
            // deep: everything holds, decided by the distributed search
            CliTest.Run d = CliTest.run("check", "--distributed", "--listen", addr, "--verbose", "--property",
                    "IoAccounting", "--property", "WaitCycle", deep.toString());
            if (d.err().contains("ended without a verdict (TLC threw an unexpected exception")) {
                // TLC 2.18's server sometimes fails in its own RMI set-up or tear-down when a worker registers as
                // this tiny search ends (1 run in about 20 here); rpcheck then searches locally (right, and
                // tested below), but this part is about the distributed search deciding: once more
                d = CliTest.run("check", "--distributed", "--listen", addr, "--verbose", "--property",
                        "IoAccounting", "--property", "WaitCycle", deep.toString());
            }
            CliTest.Run l = CliTest.run("check", "--property", "IoAccounting", "--property", "WaitCycle",
                    deep.toString());
            assertEquals(0, d.code(), d.err());
            assertEquals(l.out(), d.out());
            assertTrue(d.out().contains("deep: IoAccounting holds (3 distinct states)"), d.out());
            assertTrue(d.err().contains("TLC server: WaitCycle, IoAccounting of deep finished"), d.err());
            assertFalse(d.err().contains("searching again"), d.err());

            // several: violations; TLC's server does not name them, so they are searched again here
            d = CliTest.run("check", "--distributed", "--listen", addr, "--verbose", several.toString());
            l = CliTest.run("check", several.toString());
            assertEquals(ExitCodes.VIOLATED, d.code(), d.err());
            assertEquals(l.out(), d.out());
        } finally {
            workers.forEach(Thread::interrupt);
            for (Thread t : workers) {
                t.join(10_000);
            }
        }
    }

    @Test
    void distributedNeedsAnAddress() {
        CliTest.Run r = CliTest.run("check", "--distributed", "--all");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--listen HOST:PORT"), r.err());
        r = CliTest.run("worker", "--server", "nohost");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("HOST:PORT"), r.err());
    }
}
