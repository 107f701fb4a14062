package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.trace.Recorded;

/** The command line in-process, through the same factory Main uses. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * The text of {@code check --property PROPERTY} of primitive spec {@code spec}, whitespace folded to single spaces
     * (explanations wrap); fails unless the property is violated. Counterexample files go to {@code out}.
     */
    static String violationText(Path out, String property, String spec) {
        Run r = run("check", "--no-cache", "--property", property, "--out", out.toString(),
                Path.of("src/test/resources/primitives").resolve(spec).toString());
        org.junit.jupiter.api.Assertions.assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        return r.out().replaceAll("\\s+", " ");
    }

    /** A repository root with specs/t/NAME.stm copied from the trace test specs. */
    static Path repo(Path root, String... specs) throws Exception {
        Path dir = Files.createDirectories(root.resolve("specs/t"));
        for (String s : specs) {
            Files.copy(Recorded.dir().resolve(s + ".stm"), dir.resolve(s + ".stm"));
        }
        return root;
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("check", "--frobnicate");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--frobnicate"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingSelectionIsAUsageError(@TempDir Path root) {
        Run r = run("check", "--root", root.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--variant NAME, --all, or PATH.stm"), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run().code());
    }

    @Test
    void unknownVariantListsTheKnownOnes(@TempDir Path root) throws Exception {
        repo(root, "selfcancel", "lockflush");
        Run r = run("check", "--root", root.toString(), "--variant", "selfcancle");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown variant 'selfcancle'"), r.err());
        assertTrue(r.err().contains("lockflush, selfcancel"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void badPropertyTimeoutAndBoundAreUsageErrors(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        String spec = root.resolve("specs/t/selfcancel.stm").toString();
        Run p = run("check", "--property", "Livelock", spec);
        assertEquals(ExitCodes.USAGE, p.code());
        assertTrue(p.err().contains("unknown property 'Livelock'"), p.err());
        assertEquals(ExitCodes.USAGE, run("check", "--timeout", "0", spec).code());
        assertEquals(ExitCodes.USAGE, run("check", "--bound", "x=-1", spec).code());
        assertEquals(ExitCodes.USAGE, run("check", "--bound", "x=lots", spec).code());
        Run b = run("check", "--bound", "nope=1", spec);
        assertEquals(ExitCodes.USAGE, b.code());
        assertTrue(b.err().contains("unknown bound 'nope'"), b.err());
        assertEquals(ExitCodes.USAGE, run("check", "--all", spec).code());
        assertEquals(ExitCodes.USAGE, run("check", root.resolve("missing.stm").toString()).code());
    }

    @Test
    void syntaxErrorIsADataErrorWithAPosition(@TempDir Path root) throws Exception {
        Path spec = Files.createDirectories(root.resolve("specs/t")).resolve("broken.stm");
        Files.writeString(spec, "model broken \"x\"\nworkqueue wq workers\ncontext user kind process runs main\n");
        Run r = run("check", "--root", root.toString(), "--variant", "broken");
        assertEquals(ExitCodes.DATAERR, r.code());
        assertTrue(r.err().contains("specs/t/broken.stm:"), r.err());
        assertTrue(r.err().matches("(?s).*specs/t/broken\\.stm:\\d+:\\d+: error\\[RP\\d+\\].*"), r.err());
        assertNoStackTrace(r);
        assertFalse(Files.exists(root.resolve("specs/t/gen")));
    }

    @Test
    @Tag("tlc")
    void selfCancelIsViolatedAndJsonExplainsIt(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Run r = run("check", "--root", root.toString(), "--variant", "selfcancel", "--json");
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("selfcancel", doc.get("variant").asText());
        assertEquals("specs/t/selfcancel.stm", doc.get("spec").asText());
        JsonNode wc = property(doc, "WaitCycle");
        assertEquals("violated", wc.get("status").asText());
        assertEquals(4, wc.get("steps").asInt());
        assertEquals(4, wc.get("trace").size());
        List<String> chain = new ArrayList<>();
        wc.get("chain").forEach(n -> chain.add(n.asText()));
        assertEquals("cancel_work_sync", chain.get(chain.size() - 1));
        assertEquals("wq#1", wc.get("offender").asText());
        assertEquals("wq#1 waits for w, which runs on wq#1 (itself)",
                wc.get("explanation").get("waits").get(0).get("text").asText());
        JsonNode step2 = wc.get("trace").get(1);
        assertEquals("user", step2.get("context").asText());
        assertEquals("wk[w].pend", step2.get("changes").get(0).get("path").asText());
        JsonNode sia = property(doc, "SleepInAtomic");
        assertEquals("holds", sia.get("status").asText());
        assertTrue(sia.get("distinctStates").asLong() > 0);
        assertFalse(sia.has("trace"));
        assertEquals("violated", property(doc, "Deadlock").get("status").asText());
        assertTrue(Files.isRegularFile(root.resolve("specs/t/gen/selfcancel.tla")));
    }

    private static JsonNode property(JsonNode doc, String name) {
        for (JsonNode p : doc.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no property " + name + " in " + doc);
    }

    @Test
    @Tag("tlc")
    void textReportShowsStepsWhoWaitsAndTheChain(@TempDir Path root) throws Exception {
        repo(root, "rqtimeout");
        Run r = run("check", "--root", root.toString(), "--variant", "rqtimeout", "--property", "WaitCycle");
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("rqtimeout: WaitCycle violated (6 steps)", lines[0]);
        assertTrue(r.out().contains("  timer "), r.out());
        assertTrue(r.out().contains("specs/t/rqtimeout.stm:17:5"), r.out());
        assertTrue(r.out().contains("kblockd#1 waits for q_timeout_work, which runs on kblockd#1 (itself)"), r.out());
        // the blocked context's call chain, one frame per line when it does not fit in 80 columns
        assertTrue(r.out().contains("   blk_mq_timeout_work()\n   -> blk_mq_rq_timed_out()\n   -> my_timeout()\n"
                + "   -> blk_sync_queue()\n"), r.out());
        assertTrue(r.out().contains(" *** WAIT CYCLE ***\n"), r.out());
        assertFalse(r.out().contains("Deadlock"), r.out());
        rpcheck.render.RenderChecks.assertMailable("check output", r.out());
    }

    @Test
    @Tag("tlc")
    void allChecksEveryVariantAndJsonListsThem(@TempDir Path root) throws Exception {
        repo(root, "irqsleep", "selfcancel");
        Run r = run("check", "--root", root.toString(), "--all", "--json", "--property", "SleepInAtomic");
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("variants").size());
        assertEquals("violated", doc.get("variants").get(0).get("properties").get(0).get("status").asText());
        assertEquals("holds", doc.get("variants").get(1).get("properties").get(0).get("status").asText());
    }

    @Test
    @Tag("tlc")
    void holdsExitsZero(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Run r = run("check", "--root", root.toString(), "--variant", "selfcancel", "--property", "sleepinatomic");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().matches("selfcancel: SleepInAtomic holds \\(\\d+ distinct states\\)\n"), r.out());
    }

    @Test
    void generateIsIdempotentAndProtectsForeignFiles(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Run first = run("generate", "--root", root.toString(), "--variant", "selfcancel");
        assertEquals(ExitCodes.OK, first.code(), first.err());
        assertTrue(first.out().contains("specs/t/gen/selfcancel.tla  (written)"), first.out());
        Run second = run("generate", "--root", root.toString(), "--all");
        assertEquals(ExitCodes.OK, second.code());
        assertFalse(second.out().contains("(written)"), second.out());
        Path cfg = root.resolve("specs/t/gen/selfcancel_Deadlock.cfg");
        Files.writeString(cfg, "SPECIFICATION MySpec\n");
        Run third = run("generate", "--root", root.toString(), "--all");
        assertEquals(ExitCodes.DATAERR, third.code());
        assertTrue(third.err().contains("not generated by rpcheck"), third.err());
        assertEquals("SPECIFICATION MySpec\n", Files.readString(cfg));
    }

    @Test
    void listShowsNameFileBaseAndTitle(@TempDir Path root) throws Exception {
        repo(root, "selfcancel");
        Files.writeString(root.resolve("specs/t/fixed.stm"), "variant fixed extends selfcancel \"the fix\"\n");
        Run r = run("list", "--root", root.toString());
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().matches("(?s).*fixed\\s+specs/t/fixed\\.stm\\s+selfcancel\\s+the fix\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*selfcancel\\s+specs/t/selfcancel\\.stm\\s+-\\s+a work item that cancels"
                + " itself\n.*"), r.out());
        JsonNode doc = new ObjectMapper().readTree(run("list", "--json", "--root", root.toString()).out());
        assertEquals("selfcancel", doc.get("variants").get(0).get("extends").asText());
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run r = run("check", "--help");
        assertEquals(ExitCodes.OK, r.code());
        for (int code : new int[] {0, 1, 2, 65, 70}) {
            assertTrue(r.out().matches("(?s).*\n  " + code + " +\\S.*"), "exit code " + code + " in\n" + r.out());
        }
    }

    /** --simulate checks safety only: what it leaves out is named on stderr, stdout keeps to what it checked. */
    @Test
    @Tag("tlc")
    void aSimulationSaysWhichPropertiesItDoesNotCheck(@TempDir Path out) {
        Run r = run("check", "--simulate", "--traces", "5", "--depth", "20", "--out", out.toString(),
                "src/test/resources/primitives/progress_stuck.stm");
        assertTrue(r.err().contains("--simulate checks the safety properties only; not checked: LostError,"
                + " LiveWithoutAssoc, Progress"), r.err());
        assertFalse(r.out().contains("Progress"), r.out());
        assertNoStackTrace(r);
    }
}
