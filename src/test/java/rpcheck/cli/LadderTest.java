package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The ladder's table and chart from given rows (the rows themselves come from TLC runs). */
class LadderTest {
    private static final List<Ladder.Row> ROWS = List.of(
            new Ladder.Row("smart", "defaults", "1", true, 31_328, 31_328, 1, Duration.ofMillis(10_000), 300L << 20,
                    Duration.ofMillis(2_500), "WaitCycle, 14 steps"),
            new Ladder.Row("smart", "events=2", "auto", false, 0, 0, 1, Duration.ofSeconds(100), 0, null, null));

    @Test
    void tableHasOneRowPerRung() {
        String md = Ladder.markdown(ROWS);
        List<String> lines = md.lines().toList();
        assertEquals(4, lines.size(), md);
        assertEquals("| smart | defaults | 1 | yes | 31,328 | 3,133 | 10.0 | 300 | 2.5 | WaitCycle, 14 steps | 1 |",
                lines.get(2));
        assertEquals("| smart | events=2 | auto | no (limit) | 0 | 0 | 100.0 | ? |  |  | 1 |", lines.get(3));
    }

    @Test
    void chartIsDeterministicSvg() {
        String a = Ladder.svg(ROWS, "t <1>");
        assertEquals(a, Ladder.svg(ROWS, "t <1>"));
        assertTrue(a.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), a);
        assertTrue(a.contains("t &lt;1&gt;"), a);
        assertEquals(2, a.split("<rect x=").length - 1, a);
    }

    @Test
    void theLadderRaisesTheBoundsOfTheIssue() {
        assertEquals(List.of("events", "reconnects", "admin_cmds", "io_queues"), List.copyOf(Ladder.STEPS.keySet()));
    }
}
