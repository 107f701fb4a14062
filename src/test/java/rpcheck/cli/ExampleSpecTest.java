package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/examples/watchdog.stm, copied outside any repository and extending nothing: a mutex, a completion and a
 * driver timer, checked end to end; its counterexample names each primitive by its kernel name.
 */
class ExampleSpecTest {
    @Test
    @Tag("tlc")
    void watchdogExampleHangsAndNamesItsPrimitives(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("mine/watchdog.stm");
        Files.createDirectories(spec.getParent());
        Files.copy(Path.of("docs/examples/watchdog.stm"), spec);
        Files.createDirectories(tmp.resolve("repo"));
        CliTest.Run r = CliTest.run("check", "--root", tmp.resolve("repo").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--full", "--property", "Deadlock", "--property", "SleepInAtomic",
                spec.toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("watchdog: Deadlock violated ("), out);
        for (String call : new String[] {"mod_timer(wd_timer)", "mutex_lock(dev_mutex)", "timer_delete_sync(",
            "waits for complete(wd_done)", "held by reset"}) {
            assertTrue(out.contains(call), call + " missing from:\n" + out);
        }
        assertTrue(out.contains("example_reset() -> wait_for_completion()"), out);
        // where reset sleeps: its wait_for_completion() (line 29), not the timer_delete_sync() its last step ran
        assertTrue(out.contains(" reset is blocked at " + spec + ":29:5:"), out);
        assertTrue(out.contains(" ioctl is blocked at " + spec + ":34:5:"), out);
        assertTrue(out.contains("example_ioctl() -> mutex_lock()"), out);
        assertTrue(out.contains("watchdog: SleepInAtomic holds"), out);
    }
}
