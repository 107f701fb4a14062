package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors say what is wrong and how to fix it, never with a stack trace; none of these starts TLC. */
class UsageErrorTest {
    private static String spec(Path root) throws Exception {
        CliTest.repo(root, "selfcancel");
        return root.resolve("specs/t/selfcancel.stm").toString();
    }

    private static void assertUsage(CliTest.Run r, String... words) {
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' missing in: " + r.err());
        }
        CliTest.assertNoStackTrace(r);
    }

    @Test
    void aBoundTlcCannotHoldIsAUsageErrorNamingTheOption(@TempDir Path root) throws Exception {
        String spec = spec(root);
        assertUsage(CliTest.run("check", "--bound", "timeouts=2147483648", spec),
                "--bound timeouts=2147483648", "at most 2147483647");
        assertUsage(CliTest.run("check", "--bound", "timeouts=99999999999999999999", spec), "--bound", "too large");
    }

    @Test
    void picocliWordingIsRephrased(@TempDir Path root) throws Exception {
        String spec = spec(root);
        CliTest.Run notNumber = CliTest.run("check", "--bound", "x=lots", spec);
        assertUsage(notNumber, "--bound NAME=VALUE: 'lots' is not a whole number");
        assertFalse(notNumber.err().contains("is not a long"), notNumber.err());
        CliTest.Run noEquals = CliTest.run("check", "--bound", "x", spec);
        assertUsage(noEquals, "--bound NAME=VALUE: 'x' has no '='", "e.g. --bound events=2");
        assertFalse(noEquals.err().contains("option option"), noEquals.err());
        CliTest.Run timeout = CliTest.run("check", "--timeout", "abc", spec);
        assertUsage(timeout, "--timeout: 'abc' is not a whole number");
        assertFalse(timeout.err().contains("not a long"), timeout.err());
        assertUsage(CliTest.run("check", "--jobs", "x", spec), "--jobs: 'x' is not a whole number");
    }

    private static JsonNode jsonError(CliTest.Run r) throws Exception {
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc != null && doc.path("error").isTextual(), r.out());
        assertTrue(doc.path("diagnostics").isArray() && doc.path("properties").isArray(), r.out());
        return doc;
    }

    @Test
    void jsonUsageErrorsPrintAJsonErrorDocument(@TempDir Path root) throws Exception {
        String spec = spec(root);
        JsonNode missing = jsonError(CliTest.run("check", "--json", root.resolve("nonexistent.stm").toString()));
        assertTrue(missing.get("error").asText().contains("nonexistent.stm"), missing.toString());
        assertTrue(missing.get("variant").isNull(), missing.toString());
        JsonNode property = jsonError(CliTest.run("check", "--json", spec, "--property", "Bogus"));
        assertTrue(property.get("error").asText().contains("unknown property 'Bogus'"), property.toString());
        JsonNode variant = jsonError(CliTest.run("check", "--json", "--root", root.toString(), "--variant", "nope"));
        assertTrue(variant.get("error").asText().contains("unknown variant 'nope'"), variant.toString());
        // an unknown bound is found in the spec: the document of that spec, with its name and file
        JsonNode bound = jsonError(CliTest.run("check", "--json", "--root", root.toString(), spec, "--bound",
                "nosuch=1"));
        assertEquals("selfcancel", bound.get("variant").asText(), bound.toString());
        assertEquals("specs/t/selfcancel.stm", bound.get("spec").asText(), bound.toString());
        assertTrue(bound.get("error").asText().contains("unknown bound 'nosuch'"), bound.toString());
        // without --json, stdout stays empty
        assertEquals("", CliTest.run("check", spec, "--property", "Bogus").out());
    }

    @Test
    void aFolderIsNotASpecFile(@TempDir Path root) throws Exception {
        spec(root);
        Path dir = root.resolve("specs/t");
        CliTest.Run r = CliTest.run("check", "--root", root.toString(), dir.toString());
        assertUsage(r, dir + " is a folder, not a spec file", "--variant NAME");
        assertFalse(r.err().contains("no such spec file"), r.err());
    }

    @Test
    void aPathThatIsNoStmFileIsAUsageErrorNamingIt(@TempDir Path root) throws Exception {
        spec(root);
        Path readme = Files.writeString(root.resolve("README.md"), "# notes\n\nNot a spec: \"unclosed\n");
        for (String command : new String[] {"check", "generate", "bench"}) {
            CliTest.Run r = CliTest.run(command, "--root", root.toString(), readme.toString());
            assertUsage(r, readme + ": not a spec file", "ends in .stm");
            assertFalse(r.err().contains("error["), r.err()); // not parsed as a spec
        }
        // a variant's name given as a path: the hint names --variant
        assertUsage(CliTest.run("check", "--root", root.toString(), "selfcancel"), "selfcancel: not a spec file",
                "--variant selfcancel");
        CliTest.Run view = CliTest.run("view", "--root", root.toString(), readme.toString());
        assertUsage(view, readme + ": neither a spec nor a trace.json", ".stm");
        assertFalse(Files.exists(root.resolve("traces")), "view wrote pages");
    }

    @Test
    void twoSpecsOfOneNameAreAUsageErrorNamingBoth(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("s/a")).resolve("x.stm");
        Path b = Files.createDirectories(tmp.resolve("s/b")).resolve("x.stm");
        Path c = tmp.resolve("s/b/y.stm");
        String text = Files.readString(rpcheck.trace.Recorded.dir().resolve("selfcancel.stm"));
        Files.writeString(a, text);
        Files.writeString(b, text);
        Files.writeString(c, text); // another file, the same model name
        assertUsage(CliTest.run("check", "--root", tmp.toString(), "--out", tmp.resolve("o").toString(),
                a.toString(), b.toString()), "two specs are named 'selfcancel'", a.toString(), b.toString());
        assertUsage(CliTest.run("generate", "--root", tmp.toString(), a.toString(), c.toString()),
                "two specs are named 'selfcancel'", a.toString(), c.toString());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void aBaseThatIsAFolderOrMissingSaysWhereItLooked(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s/v"));
        Files.createDirectories(tmp.resolve("s/base"));
        Path folder = dir.resolve("folder.stm");
        Files.writeString(folder, "variant folder extends \"../base\" \"a folder as base\"\n");
        CliTest.Run f = CliTest.run("generate", "--root", Files.createDirectories(tmp.resolve("elsewhere")).toString(), folder.toString());
        assertEquals(ExitCodes.DATAERR, f.code(), f.err());
        assertTrue(f.err().contains("is a folder, not a spec file"), f.err());
        assertFalse(f.err().contains("there is no file"), f.err());
        Path missing = dir.resolve("missing.stm");
        Files.writeString(missing, "variant missing extends \"../nope/b.stm\" \"a base that is not there\"\n");
        CliTest.Run m = CliTest.run("generate", "--root", Files.createDirectories(tmp.resolve("elsewhere")).toString(), missing.toString());
        assertEquals(ExitCodes.DATAERR, m.code(), m.err());
        assertTrue(m.err().contains("relative to the folder of this file (" + dir + ")"), m.err());
        assertFalse(m.err().contains("()"), m.err());
    }

    @Test
    void optionsThatNeedAnotherSayWhich(@TempDir Path root) throws Exception {
        String spec = spec(root);
        for (String o : new String[] {"--depth", "--traces", "--seed"}) {
            assertUsage(CliTest.run("check", o, "5", spec), o + " applies only with --simulate");
        }
        assertUsage(CliTest.run("check", "--listen", "127.0.0.1:10997", spec), "--listen applies only with --distributed");
        CliTest.Run noListen = CliTest.run("check", "--distributed", spec);
        assertUsage(noListen, "--distributed needs --listen HOST:PORT");
        assertUsage(CliTest.run("check", "--distributed", "--listen", "127.0.0.1:10997", "--simulate", spec),
                "--distributed and --simulate cannot be combined");
        assertUsage(CliTest.run("bench", "--property", "Deadlock", spec), "--property applies only with --ladder");
        assertUsage(CliTest.run("bench", "--svg", root.resolve("x.svg").toString(), spec),
                "--svg applies only with --ladder");
        assertUsage(CliTest.run("bench", "--cold", "1", "--rung-timeout", "5", spec),
                "--rung-timeout applies only with --ladder");
        CliTest.Run primitives = CliTest.run("list", "--primitives", "--json");
        assertUsage(primitives, "--primitives", "drop --json");
        assertEquals("", primitives.out());
    }

    @Test
    void noCommandNamesEveryCommand() {
        CliTest.Run r = CliTest.run();
        assertEquals(ExitCodes.USAGE, r.code());
        for (String c : new String[] {"check", "generate", "list", "render", "bench", "worker", "view", "gate"}) {
            assertTrue(r.err().lines().findFirst().orElse("").contains(c), c + " missing in: " + r.err());
        }
    }

    @Test
    void helpListsTheInterruptedExitCode() {
        for (String c : new String[] {"check", "generate", "list", "render", "bench", "worker", "view", "gate"}) {
            CliTest.Run r = CliTest.run(c, "--help");
            assertEquals(ExitCodes.OK, r.code());
            assertTrue(r.out().matches("(?s).*\n  130 +interrupted.*"), c + ": no 130 in\n" + r.out());
        }
        assertTrue(CliTest.run("--help").out().matches("(?s).*\n  130 +interrupted.*"));
    }

    @Test
    void aRootThatIsMissingOrHasNoSpecsFolderIsAUsageError(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("nonexistent");
        for (String[] c : new String[][] {{"list"}, {"view"}, {"gate"}, {"check", "--variant", "smart"},
            {"generate", "--all"}, {"bench", "--variant", "smart"}, {"worker", "--server", "localhost:1"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(c),
                    java.util.stream.Stream.of("--root", missing.toString())).toArray(String[]::new);
            CliTest.Run r = CliTest.run(args);
            assertUsage(r, "--root " + missing + ": no such folder", "holds specs/");
            assertEquals("", r.out(), c[0]);
        }
        assertFalse(Files.exists(missing), "a folder was created");
        // a folder without specs/: nothing to list, no pages to write
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String c : new String[] {"list", "view", "gate"}) {
            assertUsage(CliTest.run(c, "--root", empty.toString()), "--root " + empty + " has no specs/ folder");
        }
        assertUsage(CliTest.run("check", "--root", empty.toString(), "--variant", "smart"), "has no specs/ folder",
                "PATH.stm");
        try (var left = Files.list(empty)) {
            assertEquals(java.util.List.of(), left.toList(), "view wrote pages");
        }
    }

    @Test
    void eachCommandsExitCodesSayWhatItDoes() {
        // commands that run no TLC and check no property say neither
        for (String c : new String[] {"render", "view", "list", "generate"}) {
            String exits = exitCodes(c);
            assertFalse(exits.contains("properties hold"), c + ":\n" + exits);
            assertFalse(exits.contains("TLC failure") || exits.contains("TLC runs stopped"), c + ":\n" + exits);
        }
        assertTrue(exitCodes("render").matches("(?s).*\n  0 +the rendering was printed.*"), exitCodes("render"));
        assertTrue(exitCodes("view").matches("(?s).*\n  0 +the pages were written.*"), exitCodes("view"));
        // worker has no variant or bound to be unknown
        String worker = exitCodes("worker");
        assertFalse(worker.contains("unknown variant"), worker);
        assertTrue(worker.contains("HOST:PORT"), worker);
        // gate's 3 is about gate only
        assertFalse(exitCodes("gate").contains("view:"), exitCodes("gate"));
    }

    private static String exitCodes(String command) {
        String help = CliTest.run(command, "--help").out();
        return help.substring(help.indexOf("Exit codes:"));
    }

    @Test
    void filesWhereFoldersBelongAreUsageErrors(@TempDir Path root) throws Exception {
        String spec = spec(root);
        Path file = Files.writeString(root.resolve("a-file"), "x\n");
        assertUsage(CliTest.run("check", "--root", file.toString(), "--variant", "selfcancel"),
                "--root " + file + ": not a folder");
        assertUsage(CliTest.run("generate", "--cache-dir", file.toString(), spec), "--cache-dir " + file
                + ": not a folder");
        Path trace = Files.createDirectories(root.resolve("tr")).resolve("trace.json");
        Files.copy(Path.of("traces/smart/WaitCycle/trace.json"), trace);
        CliTest.Run render = CliTest.run("render", trace.toString(), "-o", root.resolve("nodir/x.txt").toString());
        assertUsage(render, "there is no folder " + root.resolve("nodir"), "mkdir -p");
        assertFalse(Files.exists(root.resolve("nodir")));
    }
}
