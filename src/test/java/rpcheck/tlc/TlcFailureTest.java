package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLC that runs out of memory or is killed gives a failure (no verdict), and leaves no work directory. */
class TlcFailureTest {
    private static final TlcRunner RUNNER = new TlcRunner();

    private static TlcInvocation huge(Path tmp, List<String> jvmArgs) {
        return TlcInvocation.of(TlcRunnerTest.spec("Huge.tla"), TlcRunnerTest.spec("Huge.cfg"))
                .withTimeout(Duration.ofSeconds(90)).withWorkDir(tmp, false).withJvmArgs(jvmArgs);
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void outOfMemoryIsAFailure(@TempDir Path tmp) throws IOException {
        TlcResult r = RUNNER.run(huge(tmp, List.of("-Xmx12m", "-XX:+UseSerialGC")));
        // before -XX:+ExitOnOutOfMemoryError this hung until the timeout
        TlcResult.Failure f = assertInstanceOf(TlcResult.Failure.class, r, r::rawOutput);
        assertFalse(f.message().isBlank(), r.rawOutput());
        assertTrue(f.message().contains("TLC ran out of memory"), f.message());
        assertTrue(entries(tmp) == 0, "the work directory is removed");
    }

    @Test
    void aKilledTlcIsAFailure(@TempDir Path tmp) throws Exception {
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                List<ProcessHandle> tlc = ProcessHandle.current().children()
                        .filter(p -> p.info().commandLine().orElse("").contains("tlc2.TLC")).toList();
                if (!tlc.isEmpty()) {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    tlc.forEach(ProcessHandle::destroyForcibly);
                    return;
                }
                Thread.onSpinWait();
            }
        });
        killer.start();
        TlcResult r = RUNNER.run(huge(tmp, List.of("-Xmx256m")));
        killer.join();
        assertInstanceOf(TlcResult.Failure.class, r, r::rawOutput);
        assertTrue(entries(tmp) == 0, "the work directory is removed");
    }
}
