package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who runs a timer callback in a counterexample: the timer's softirq context, also where the callback's whole body
 * is folded into the step that fires it (no program counter moves, so the step's context is the action's own); and
 * the step that armed the timer for the run that broke the assertion is one the violation depends on.
 */
@Tag("tlc")
class TimerTraceTextTest {
    private static final Path PRIMITIVES = Path.of("src/test/resources/primitives");

    @TempDir
    Path out;

    @Test
    void aCallbackRunInItsFiringStepIsTheTimersContexts() {
        CliTest.Run r = CliTest.run("check", "--no-cache", "--property", "IoAccounting", "--out", out.toString(),
                PRIMITIVES.resolve("timer_delete_sync_rearm.stm").toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        String text = r.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("t#1: 'assert IoAccounting: !test_bit(deleted)' does not hold at"), text);
        assertTrue(text.contains("offending call (t#1, src/test/resources/primitives/timer_delete_sync_rearm.stm:11:5)"),
                text);
        assertFalse(text.contains("offending call (?"), text);
        // the violation depends on the other context's re-arm: the step that queued the instance the callback ran
        assertTrue(text.contains("Scenario (all 3 contexts):"), text);
        assertTrue(text.contains("6* other mod_timer(t)"), text);
        assertTrue(text.contains("7* t#1 the timer t fires"), text);
    }
}
