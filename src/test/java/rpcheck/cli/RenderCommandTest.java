package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rpcheck render}: re-rendering a trace.json, and the errors for bad input. */
class RenderCommandTest {
    private static final Path GOLDEN = Path.of("src/test/resources/render/rqtimeout_WaitCycle");
    private static final String JSON = GOLDEN.resolve("trace.json").toString();

    private static String golden(String file) throws Exception {
        return Files.readString(GOLDEN.resolve(file));
    }

    @Test
    void textByDefaultAndEveryContextWithFull() throws Exception {
        CliTest.Run r = CliTest.run("render", JSON);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(golden("trace.txt"), r.out());
        assertEquals(golden("trace-full.txt"), CliTest.run("render", "--full", JSON).out());
    }

    @Test
    void everyFormatAndGraphEqualsWhatCheckWrote(@TempDir Path tmp) throws Exception {
        assertEquals(golden("waitfor.dot"), CliTest.run("render", "--format", "dot", JSON).out());
        assertEquals(golden("lanes.dot"), CliTest.run("render", "--format", "dot", "--graph", "lanes", JSON).out());
        assertEquals(golden("trace.json"), CliTest.run("render", "--format", "json", JSON).out());
        Path svg = tmp.resolve("lanes.svg");
        CliTest.Run r = CliTest.run("render", "--format", "SVG", "--graph", "lanes", "-o", svg.toString(), JSON);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(golden("lanes.svg"), Files.readString(svg));
    }

    @Test
    void waitForGraphOfAnEarlierStep() {
        CliTest.Run r = CliTest.run("render", "--format", "dot", "--step", "4", JSON);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("after step 4\";"), r.out());
        assertTrue(r.out().startsWith("digraph waitfor {"), r.out());
        CliTest.Run svg = CliTest.run("render", "--format", "svg", "--step", "6", JSON);
        assertTrue(svg.out().contains("after step 6 (final state)"), svg.out());
    }

    @Test
    void usageErrors(@TempDir Path tmp) {
        CliTest.Run missing = CliTest.run("render", tmp.resolve("nope.json").toString());
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("cannot read " + tmp.resolve("nope.json") + ": no such file"), missing.err());
        assertEquals(ExitCodes.USAGE, CliTest.run("render").code());
        assertEquals(ExitCodes.USAGE, CliTest.run("render", "--format", "png", JSON).code());
        CliTest.Run step = CliTest.run("render", "--step", "3", JSON);
        assertEquals(ExitCodes.USAGE, step.code());
        assertTrue(step.err().contains("--step applies to the wait-for graph only"), step.err());
        CliTest.Run lanesStep = CliTest.run("render", "--format", "dot", "--graph", "lanes", "--step", "2", JSON);
        assertEquals(ExitCodes.USAGE, lanesStep.code());
        assertTrue(lanesStep.err().contains("--step applies to the wait-for graph only"), lanesStep.err());
        // --graph and --full, like --step, are usage errors where they do not apply, naming the formats they go with
        for (String format : new String[] {"text", "json"}) {
            CliTest.Run graph = CliTest.run("render", "--format", format, "--graph", "lanes", JSON);
            assertEquals(ExitCodes.USAGE, graph.code(), graph.err());
            assertTrue(graph.err().contains("--graph applies to the graphs only (--format dot or svg), not to"
                    + " --format " + format), graph.err());
            assertEquals("", graph.out());
        }
        assertEquals(ExitCodes.USAGE, CliTest.run("render", "--graph", "waitfor", JSON).code());
        for (String format : new String[] {"dot", "svg", "json"}) {
            CliTest.Run full = CliTest.run("render", "--format", format, "--full", JSON);
            assertEquals(ExitCodes.USAGE, full.code(), full.err());
            assertTrue(full.err().contains("--full applies to the text scenario only (--format text, the default),"
                    + " not to --format " + format), full.err());
            assertEquals("", full.out());
        }
        CliTest.Run range = CliTest.run("render", "--format", "dot", "--step", "9", JSON);
        assertEquals(ExitCodes.USAGE, range.code());
        assertTrue(range.err().contains("--step 9: the trace has steps 1..6"), range.err());
        CliTest.assertNoStackTrace(range);
    }

    @Test
    void outputOntoTheTraceItRendersIsRefused(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("trace.json");
        Files.copy(Path.of(JSON), json);
        byte[] before = Files.readAllBytes(json);
        CliTest.Run r = CliTest.run("render", json.toString(), "-o", tmp.resolve("./trace.json").toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("is the trace.json being rendered; give another file, e.g. -o "
                + tmp.resolve("out.txt")), r.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(json)), "trace.json was overwritten");
        CliTest.assertNoStackTrace(r);
        CliTest.Run folder = CliTest.run("render", json.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.USAGE, folder.code());
        assertTrue(folder.err().contains("e.g. -o " + tmp.resolve("out.txt")), folder.err());
    }

    @Test
    void malformedJsonIsADataErrorWithLineAndColumn(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\n  \"schemaVersion\": 1,\n  \"variant\": \"x\",,\n}\n");
        CliTest.Run r = CliTest.run("render", bad.toString());
        assertEquals(ExitCodes.DATAERR, r.code());
        assertTrue(r.err().startsWith(bad + ":3:18: error: malformed JSON: "), r.err());
        assertEquals("", r.out());
        CliTest.assertNoStackTrace(r);
    }

    @Test
    void anEmptyFileIsMalformedJsonWithAPosition(@TempDir Path tmp) throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        CliTest.Run r = CliTest.run("render", empty.toString());
        assertEquals(ExitCodes.DATAERR, r.code());
        assertEquals(empty + ":1:1: error: malformed JSON: the file is empty (a trace.json written by rpcheck is a"
                + " JSON object)\n", r.err());
        Path blank = Files.writeString(tmp.resolve("blank.json"), "\n  ");
        CliTest.Run b = CliTest.run("render", blank.toString());
        assertEquals(ExitCodes.DATAERR, b.code());
        assertTrue(b.err().startsWith(blank + ":2:3: error: malformed JSON: the file holds only white space"), b.err());
    }

    @Test
    void aJsonThatIsNoTraceIsADataError(@TempDir Path tmp) throws Exception {
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"schemaVersion\": 1, \"variant\": \"x\", \"property\": \"WaitCycle\"}");
        CliTest.Run r = CliTest.run("render", other.toString());
        assertEquals(ExitCodes.DATAERR, r.code());
        assertEquals(other + ": error: /trace: missing\n", r.err());
    }

    @Test
    void helpListsTheExitCodes() {
        CliTest.Run r = CliTest.run("render", "--help");
        assertEquals(ExitCodes.OK, r.code());
        for (int code : new int[] {0, 2, 65, 70}) {
            assertTrue(r.out().matches("(?s).*\n  " + code + " +\\S.*"), "exit code " + code + " in\n" + r.out());
        }
    }
}
