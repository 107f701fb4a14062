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
    @Tag("tlc")
    void coldTimesTheCheckInAJvmOfItsOwnAgainstABareTlcStart(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        CliTest.Run r = run("bench", "--root", root.toString(), "--variant", "selfcancel", "--cold", "2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String report = r.out();
        assertTrue(report.startsWith("## rpcheck bench --cold, "), report);
        assertTrue(report.contains("`rpcheck check --no-cache --variant selfcancel --timeout 1800`"), report);
        // the check of selfcancel finds its violations (exit 1) in both rounds, each after a bare TLC start
        for (int round = 1; round <= 2; round++) {
            assertTrue(report.matches("(?s).*\\| " + round + " \\| \\d+\\.\\d\\d \\| \\d+\\.\\d \\| \\d+\\.\\d \\| 1 \\|\n.*"),
                    report);
        }
        assertTrue(report.matches("(?s).*- median of 2: check \\d+\\.\\d s, bare TLC start \\d+\\.\\d\\d s; the check"
                + " takes \\d+\\.\\dx a bare TLC start\n"), report);
        // a bare TLC start is a JVM of its own: it cannot take no time (a check, not a timing)
        java.util.regex.Matcher bare = java.util.regex.Pattern.compile("(?m)^\\| 1 \\| (\\d+\\.\\d\\d) \\|").matcher(report);
        assertTrue(bare.find() && Double.parseDouble(bare.group(1)) > 0, report);
        assertTrue(r.err().contains("bench --cold: round 2 of 2: "), r.err());
        assertFalse(Files.exists(root.resolve("traces")), "the rounds write their counterexamples elsewhere");
    }

    @Test
    void coldNeedsAPositiveCountAndNoLadder(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        CliTest.Run zero = run("bench", "--root", root.toString(), "--variant", "selfcancel", "--cold", "0");
        assertEquals(ExitCodes.USAGE, zero.code());
        assertTrue(zero.err().contains("--cold must be at least 1, not 0"), zero.err());
        CliTest.Run both = run("bench", "--root", root.toString(), "--variant", "selfcancel", "--cold", "1",
                "--ladder");
        assertEquals(ExitCodes.USAGE, both.code());
        assertTrue(both.err().contains("--cold and --ladder are two benchmarks"), both.err());
        assertNoStackTrace(zero);
        assertNoStackTrace(both);
    }

    @Test
    void coldMedianIsTheMiddleOrTheMeanOfTheTwoMiddles() {
        assertEquals(2.0, ColdBench.median(java.util.List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, ColdBench.median(java.util.List.of(4.0, 1.0, 2.0, 3.0)));
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
