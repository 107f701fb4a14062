package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rpcheck.cli.CliTest.assertNoStackTrace;
import static rpcheck.cli.CliTest.repo;
import static rpcheck.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code rpcheck bench}, and what the shared scheduler changes for {@code check}. No timing is asserted. */
class BenchCommandTest {

    @Test
    @Tag("tlc")
    void benchReportsEveryRunEveryVerdictAndTheTotals(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Path md = root.resolve("bench.md");
        CliTest.Run r = run("bench", "--root", root.toString(), "--variant", "selfcancel", "-o", md.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("", r.out());
        String report = Files.readString(md);
        assertTrue(report.startsWith("## rpcheck bench, "), report);
        assertTrue(report.contains("- machine: " + Runtime.getRuntime().availableProcessors() + " cores"), report);
        // two safety runs: the shared one meets WaitCycle, goes on (-continue) and stops at the deadlock; then
        // SleepInAtomic alone holds
        assertTrue(report.matches("(?s).*\\| selfcancel \\| Deadlock, WaitCycle, SleepInAtomic \\| WaitCycle violated"
                + " \\(\\d+ steps\\), Deadlock violated \\(\\d+ steps\\) \\| [\\d,]+ \\| [\\d.]+ \\| [\\d.]+ \\|\n.*"),
                report);
        assertTrue(report.matches("(?s).*\\| selfcancel \\| SleepInAtomic \\| holds \\| [\\d,]+ \\| [\\d.]+ \\|\n.*"),
                report);
        assertTrue(report.contains("| selfcancel | UseAfterFree | n/a |  |  |"), report);
        assertTrue(report.contains("- TLC runs: 2; sum of their wall times "), report);
        assertTrue(report.contains("- elapsed: "), report);
        assertFalse(Files.exists(root.resolve("traces")), "bench writes no traces");
    }

    @Test
    void badJobsOrTimeoutIsAUsageError(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        for (String cmd : new String[] {"bench", "check"}) {
            for (String opt : new String[] {"--jobs", "--timeout"}) {
                CliTest.Run r = run(cmd, "--root", root.toString(), "--variant", "selfcancel", opt, "0");
                assertEquals(ExitCodes.USAGE, r.code(), cmd + " " + opt);
                assertTrue(r.err().contains(opt + " must be"), r.err());
                assertNoStackTrace(r);
            }
        }
    }

    @Test
    @Tag("tlc")
    void aSpecWithErrorsIsReportedInItsTurnAndTheOthersAreChecked(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Files.writeString(root.resolve("specs/t/abroken.stm"),
                "model abroken \"x\"\nworkqueue wq workers\ncontext user kind process runs main\n");
        CliTest.Run r = run("check", "--root", root.toString(), "--all", "--json", "--property", "SleepInAtomic");
        assertEquals(ExitCodes.DATAERR, r.code(), r.err());
        assertTrue(r.err().contains("specs/t/abroken.stm:"), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("abroken", doc.get("variants").get(0).get("variant").asText());
        assertEquals("selfcancel", doc.get("variants").get(1).get("variant").asText());
        assertEquals("holds", doc.get("variants").get(1).get("properties").get(0).get("status").asText());

        CliTest.Run b = run("bench", "--root", root.toString(), "--all");
        assertEquals(ExitCodes.DATAERR, b.code(), b.err());
        assertTrue(b.out().contains("| selfcancel | SleepInAtomic | holds |"), b.out());
        assertNoStackTrace(b);
    }
}
