package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import rpcheck.gate.Expectations;

/**
 * {@code rpcheck gate} on a scratch repository of two tiny specs (src/test/resources/primitives): it passes after
 * {@code --update}, and fails for a stale generated spec, a stale trace, a changed verdict in each direction and a
 * spec without expectations. TLC runs once per input: the runs share a verdict cache in a temporary folder.
 */
class GateCommandTest {
    private static final Path PRIMITIVES = Path.of("src/test/resources/primitives");
    private static final String SPEC = "specs/t/sleep_under_spinlock.stm";

    @TempDir
    static Path shared;

    static Path cache;

    @BeforeAll
    static void cacheDir() {
        cache = shared.resolve("cache");
    }

    /** A repository with two specs, accepted by gate --update. */
    private static Path accepted(Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("specs/t"));
        Files.copy(PRIMITIVES.resolve("sleep_under_spinlock.stm"), dir.resolve("sleep_under_spinlock.stm"));
        Files.copy(PRIMITIVES.resolve("sleep_in_process.stm"), dir.resolve("sleep_in_process.stm"));
        CliTest.Run u = gate(root, "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        assertTrue(u.out().contains("expectations of " + SPEC), u.out());
        return root;
    }

    private static CliTest.Run gate(Path root, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "gate";
        args[1] = "--root";
        args[2] = root.toString();
        args[3] = "--cache";
        args[4] = cache.toString();
        args[5] = "--jobs=2";
        System.arraycopy(more, 0, args, 6, more.length);
        return CliTest.run(args);
    }

    /**
     * The primitive lost_error_fault_after accepted by gate --update (expectations of the default bounds), with
     * the deep-bound lines {@code deepBounds} appended under the deep header and no expect-deep line yet.
     */
    private static Path lostErrorWithDeepBounds(Path root, String deepBounds) throws Exception {
        Path dir = Files.createDirectories(root.resolve("specs/t"));
        Path spec = dir.resolve("lost_error_fault_after.stm");
        Files.copy(PRIMITIVES.resolve("lost_error_fault_after.stm"), spec);
        Files.writeString(dir.resolve("verdicts-notes.md"), "# notes\n");
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        Files.writeString(spec, Files.readString(spec) + Expectations.DEEP_HEADER + "\n" + deepBounds);
        return spec;
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " lacks " + from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void passesAfterUpdateAndKeepsLineNumbers(@TempDir Path root) throws Exception {
        accepted(root);
        String original = Files.readString(PRIMITIVES.resolve("sleep_under_spinlock.stm"));
        String now = Files.readString(root.resolve(SPEC));
        assertTrue(now.startsWith(original.stripTrailing() + "\n" + Expectations.HEADER + "\n"), now);
        assertTrue(now.contains("// expect: SleepInAtomic violated steps=2 states="), now);
        assertTrue(now.contains("// expect: IoAccounting n/a"), now);
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("gate: passed"), r.out());
        assertTrue(r.out().contains("cached"), r.out());
        CliTest.assertNoStackTrace(r);
    }

    @Test
    void staleGeneratedSpecFailsWithADiff(@TempDir Path root) throws Exception {
        accepted(root);
        Path tla = root.resolve("specs/t/gen/sleep_in_process.tla");
        replace(tla, "Init ==", "\\* an old generator wrote this\nInit ==");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.STALE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("specs/t/gen/sleep_in_process.tla (changed)"), r.out());
        assertTrue(r.out().contains("-\\* an old generator wrote this"), r.out());
        assertTrue(Files.readString(root.resolve("target/rpcheck-gate/stale.diff")).contains("+++ b/specs/t/gen/"));
        assertTrue(Files.readString(tla).contains("an old generator"), "the gate must not rewrite without --update");
    }

    @Test
    void staleTraceFails(@TempDir Path root) throws Exception {
        accepted(root);
        Path trace = root.resolve("traces/sleep_under_spinlock/SleepInAtomic/trace.txt");
        replace(trace, "(2 steps)", "(3 steps)");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.STALE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("traces/sleep_under_spinlock/SleepInAtomic/trace.txt (changed)"), r.out());
        // a trace folder of a property that holds is stale too
        Files.createDirectories(root.resolve("traces/sleep_in_process/SleepInAtomic"));
        Files.writeString(root.resolve("traces/sleep_in_process/SleepInAtomic/trace.txt"), "old\n");
        CliTest.Run r2 = gate(root);
        assertEquals(ExitCodes.STALE, r2.code(), r2.out());
        assertTrue(r2.out().contains("traces/sleep_in_process/SleepInAtomic (extra)"), r2.out());
        CliTest.Run u = gate(root, "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out());
        assertFalse(Files.exists(root.resolve("traces/sleep_in_process/SleepInAtomic")));
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    @Test
    void newViolationFailsWithItsTrace(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: SleepInAtomic violated steps=2", "// expect: SleepInAtomic holds steps=2");
        // the hand-written line at the top says violated: the gate checks both, so make it agree
        replace(root.resolve(SPEC), "// expect: SleepInAtomic violated\n", "// expect: SleepInAtomic holds\n");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("SleepInAtomic: new violation: expected holds, now violated (2 steps): "
                + "target/rpcheck-gate/traces/sleep_under_spinlock/SleepInAtomic/trace.txt"), r.out());
        // the line a reviewer looks at: the call that sleeps (msleep(5), line 8 of the spec)
        assertTrue(r.out().contains("SleepInAtomic: new violation:") && r.out().contains(
                "\n    at " + SPEC + ":8 (the offending call)\n"), r.out());
        assertTrue(Files.isRegularFile(root.resolve(
                "target/rpcheck-gate/traces/sleep_under_spinlock/SleepInAtomic/trace.txt")));
        // --update accepts it, rewriting the line at the top in place
        CliTest.Run u = gate(root, "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out());
        assertTrue(u.out().contains("SleepInAtomic: holds"), u.out());
        String text = Files.readString(root.resolve(SPEC));
        assertTrue(text.startsWith(Files.readString(PRIMITIVES.resolve("sleep_under_spinlock.stm")).stripTrailing()),
                text);
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    @Test
    void goneViolationFails(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: Deadlock holds", "// expect: Deadlock violated");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Deadlock: violation gone: expected violated, now holds"), r.out());
        assertTrue(r.out().contains("\n    at " + SPEC + ":" + lineOf(root.resolve(SPEC), "// expect: Deadlock violated")
                + " (the expectation of Deadlock)\n"), r.out());
    }

    /** The 1-based number of the line of {@code file} that begins with {@code prefix}. */
    private static int lineOf(Path file, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " has no line " + prefix);
    }

    /** A fix verified: one --update accepts it, the counterexample's folder (the viewer's files too) goes. */
    @Test
    void aViolationGoneIsAcceptedByOneUpdate(@TempDir Path root) throws Exception {
        accepted(root);
        Path dir = root.resolve("traces/sleep_under_spinlock/SleepInAtomic");
        assertTrue(Files.isRegularFile(dir.resolve("trace.html")), "the viewer's page is in the folder");
        replace(root.resolve(SPEC), "    msleep(5)\n", "");
        replace(root.resolve(SPEC), "// expect: SleepInAtomic violated\n", "// expect: SleepInAtomic holds\n");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("SleepInAtomic: violation gone"), r.out());
        assertTrue(r.out().contains("traces/sleep_under_spinlock/SleepInAtomic (extra)"), r.out());
        CliTest.Run u = gate(root, "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        assertFalse(Files.exists(dir), u.out());
        CliTest.Run again = gate(root);
        assertEquals(ExitCodes.OK, again.code(), again.out() + again.err());
    }

    /**
     * A spec that does not compile: its diagnostics and the other specs' results, the reports written, exit 65;
     * nothing the broken spec generated before is judged stale or removed, with or without --update.
     */
    @Test
    void aSpecWithAnErrorLeavesTheOthersCheckedAndItsOutputsAlone(@TempDir Path root) throws Exception {
        accepted(root);
        Path broken = root.resolve("specs/t/sleep_in_process.stm");
        replace(broken, "fn main() from", "fn main( from");
        Path tla = root.resolve("specs/t/gen/sleep_in_process.tla");
        String before = Files.readString(tla);
        for (String update : new String[] {null, "--update"}) {
            CliTest.Run r = update == null ? gate(root) : gate(root, update);
            assertEquals(ExitCodes.DATAERR, r.code(), r.out() + r.err());
            assertTrue((r.out() + r.err()).contains("specs/t/sleep_in_process.stm:"), r.out() + r.err());
            assertTrue(r.out().contains("sleep_under_spinlock: 10 of 10 as expected"), "the other spec: " + r.out());
            assertFalse(r.out().contains("sleep_in_process.tla (extra)"), r.out());
            assertTrue(Files.isRegularFile(root.resolve("target/rpcheck-gate/junit.xml")), "the reports are written");
            assertEquals(before, Files.readString(tla), "the broken spec's module is left alone");
            CliTest.assertNoStackTrace(r);
        }
    }

    /** A line above the block is checked too, even where the block agrees with the result. */
    @Test
    void aLineAboveTheBlockThatTheResultContradictsFails(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: SleepInAtomic violated\n", "// expect: SleepInAtomic holds\n");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("SleepInAtomic: line 2 of " + SPEC + " expects holds, now violated"), r.out());
        CliTest.Run u = gate(root, "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        assertTrue(u.out().contains("line 2: SleepInAtomic holds -> violated"), u.out());
        assertTrue(Files.readString(root.resolve(SPEC)).contains("// expect: SleepInAtomic violated\n"));
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    /**
     * A violated safety property's states are those of the run it shares with the others, which a run of fewer
     * properties does not reach (lock_abba's WaitCycle: 37 states shared, 24 alone): with --property they are
     * neither compared nor rewritten.
     */
    @Test
    void aViolationsStatesFromARunOfFewerPropertiesAreNeitherComparedNorRecorded(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("specs/t"));
        Path spec = dir.resolve("lock_abba.stm");
        Files.copy(PRIMITIVES.resolve("lock_abba.stm"), spec);
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("// expect: WaitCycle violated steps=\\d+ states=(\\d+)")
                .matcher(Files.readString(spec));
        assertTrue(m.find(), Files.readString(spec));
        String shared = m.group(0);
        CliTest.Run one = gate(root, "--property=WaitCycle");
        assertEquals(ExitCodes.OK, one.code(), one.out() + one.err());
        assertFalse(one.out().contains("distinct states"), one.out());
        CliTest.Run u = gate(root, "--property=WaitCycle", "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        assertTrue(Files.readString(spec).contains(shared + "\n"), "the shared run's count stays: "
                + Files.readString(spec));
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    @Test
    void changedStatesAreReportedNotFailed(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: Deadlock holds states=", "// expect: Deadlock holds states=9");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Deadlock: distinct states 9"), r.out());
    }

    @Test
    void specWithoutExpectationsFails(@TempDir Path root) throws Exception {
        accepted(root);
        Files.copy(PRIMITIVES.resolve("lock_abba.stm"), root.resolve("specs/t/lock_abba.stm"));
        // its generated files are missing too: the verdicts decide the exit code (1 before 3)
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out() + r.err());
        // its lines at the top (WaitCycle, Deadlock violated) are expectations; the other properties have none
        assertTrue(r.out().contains("lock_abba: 2 of 10 as expected"), r.out());
        assertTrue(r.out().contains("SleepInAtomic: no expectation: add '// expect: SleepInAtomic"), r.out());
        assertTrue(r.out().contains("(./rpcheck gate --variant lock_abba --property SleepInAtomic --update writes"
                + " it)"), r.out());
    }

    @Test
    void malformedExpectationIsADataError(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: Deadlock holds", "// expect: Dedlock holds");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.DATAERR, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(SPEC + ":"), r.err());
        assertTrue(r.err().contains("unknown property 'Dedlock'"), r.err());
        CliTest.assertNoStackTrace(r);
    }

    /**
     * A deep bound TLC cannot take is a malformed line at its number, exit 65 before any run (above 2^31-1 it
     * reached TLC, which failed: exit 70; above 2^63-1 it was an internal error; a negative one was 'not an
     * expectation line').
     */
    @Test
    void aDeepBoundOutOfRangeIsADataError(@TempDir Path root) throws Exception {
        Path spec = lostErrorWithDeepBounds(root, "// deep-bound: events=1\n");
        String text = Files.readString(spec);
        int line = (int) text.lines().count();
        String name = "specs/t/lost_error_fault_after.stm";
        for (String value : List.of("3000000000", "99999999999999999999", "-1")) {
            Files.writeString(spec, text.replace("// deep-bound: events=1\n", "// deep-bound: events=" + value + "\n"));
            CliTest.Run r = gate(root, "--deep");
            assertEquals(ExitCodes.DATAERR, r.code(), r.out() + r.err());
            assertTrue(r.err().contains(name + ":" + line + ":23: error: deep bound events=" + value + ": "),
                    r.err());
            CliTest.assertNoStackTrace(r);
            assertFalse(r.err().contains("internal error"), r.err());
        }
    }

    @Test
    void stalePageFails(@TempDir Path root) throws Exception {
        accepted(root);
        Path page = root.resolve("traces/sleep_under_spinlock/SleepInAtomic/trace.html");
        assertTrue(Files.isRegularFile(page), "gate --update writes the viewer's pages");
        assertTrue(Files.isRegularFile(root.resolve("traces/index.html")));
        replace(page, "</body>", "<p>edited</p></body>");
        CliTest.Run r = gate(root);
        assertEquals(ExitCodes.STALE, r.code(), r.out());
        assertTrue(r.out().contains("traces/sleep_under_spinlock/SleepInAtomic/trace.html"), r.out());
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        assertFalse(Files.readString(page).contains("edited"));
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    @Test
    void deepTableFollowsTheExpectDeepLines(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("specs/t"));
        Files.copy(PRIMITIVES.resolve("sleep_under_spinlock.stm"), dir.resolve("sleep_under_spinlock.stm"));
        Files.writeString(dir.resolve("verdicts-notes.md"), "# notes\n");
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        Path table = dir.resolve("VERDICTS-deep.md");
        assertTrue(Files.readString(table).contains("| sleep_under_spinlock | (none) | not decided |"),
                Files.readString(table));
        // a deep result recorded by hand (as gate --deep --update writes it) makes the committed table stale
        Files.writeString(dir.resolve("sleep_under_spinlock.stm"), Files.readString(dir.resolve("sleep_under_spinlock.stm"))
                + "// deep-bound: events=2\n// expect-deep: SleepInAtomic violated steps=2 states=3\n");
        CliTest.Run stale = gate(root);
        assertEquals(ExitCodes.STALE, stale.code(), stale.out());
        assertTrue(stale.out().contains("VERDICTS-deep.md"), stale.out());
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        String now = Files.readString(table);
        assertTrue(now.contains("| sleep_under_spinlock | events=2 | not decided | not decided | **violated** (2 steps) |"),
                now);
        assertEquals(ExitCodes.OK, gate(root).code());
    }

    @Test
    void namedDeepSetsAreCheckedEachWithItsBounds(@TempDir Path root) throws Exception {
        // one fault: the failure's reset runs; two: the second fault can cancel it
        Path spec = lostErrorWithDeepBounds(root, "// deep-bound: events=1\n// deep-bound[two]: events=2\n");
        Path dir = spec.getParent();
        CliTest.Run none = gate(root, "--deep", "--deep-set=two");
        assertEquals(ExitCodes.VIOLATED, none.code(), none.out());
        assertTrue(none.out().contains("lost_error_fault_after[two]: 0 of"), none.out());
        assertTrue(none.out().contains("no expectation: add '// expect-deep[two]: LostError violated' at the end of"
                + " the spec (./rpcheck gate --deep --deep-set two --variant lost_error_fault_after --property"
                + " LostError --update writes it)"), none.out());
        assertFalse(none.out().contains("lost_error_fault_after: 0 of"), "--deep-set two runs only that set");
        CliTest.Run u = gate(root, "--deep", "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        String text = Files.readString(spec);
        assertTrue(text.contains("// deep-bound: events=1\n// expect-deep: Deadlock"), text);
        assertTrue(text.contains("// expect-deep: LostError holds"), text);
        assertTrue(text.contains("// deep-bound[two]: events=2\n// expect-deep[two]: Deadlock"), text);
        assertTrue(text.contains("// expect-deep[two]: LostError violated"), text);
        assertEquals(ExitCodes.OK, gate(root, "--deep").code());
        assertEquals(ExitCodes.OK, gate(root, "--deep", "--deep-set", "default").code());
        // the every-change gate prints both sets as rows of the deep table
        assertEquals(ExitCodes.OK, gate(root, "--update").code());
        String table = Files.readString(dir.resolve("VERDICTS-deep.md"));
        assertTrue(table.contains("| lost_error_fault_after | events=1 |"), table);
        assertTrue(table.contains("| lost_error_fault_after[two] | events=2 |"), table);
        assertEquals(ExitCodes.OK, gate(root).code());
        CliTest.Run unknown = gate(root, "--deep", "--deep-set", "three");
        assertEquals(ExitCodes.USAGE, unknown.code(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("no spec checked has the deep set 'three' (its sets: default, two)"),
                unknown.err());
        assertEquals(ExitCodes.USAGE, gate(root, "--deep-set", "two").code());
    }

    @Test
    void onePropertyIsCheckedAndRecordedAlone(@TempDir Path root) throws Exception {
        Path spec = lostErrorWithDeepBounds(root, "// deep-bound[two]: events=2\n");
        CliTest.Run u = gate(root, "--deep", "--deep-set=two", "--property=LostError", "--update");
        assertEquals(ExitCodes.OK, u.code(), u.out() + u.err());
        assertTrue(u.out().contains("(deep set two): LostError violated steps="), u.out());
        assertFalse(u.out().contains("Deadlock"), "only LostError is checked: " + u.out());
        String text = Files.readString(spec);
        assertTrue(text.contains("// deep-bound[two]: events=2\n// expect-deep[two]: LostError violated steps="), text);
        assertFalse(text.contains("// expect-deep[two]: Deadlock"), "only the property named is recorded: " + text);
        // the others of the set have no line yet: the whole set fails on them, the property alone passes
        CliTest.Run all = gate(root, "--deep", "--deep-set=two");
        assertEquals(ExitCodes.VIOLATED, all.code(), all.out());
        assertTrue(all.out().contains("no expectation: add '// expect-deep[two]: Deadlock holds'"), all.out());
        assertEquals(ExitCodes.OK, gate(root, "--deep", "--deep-set=two", "--property=LostError").code());
        // without --deep: a wrong line of another property is neither checked nor rewritten
        replace(spec, "// expect: Deadlock holds", "// expect: Deadlock violated");
        CliTest.Run one = gate(root, "--property=LostError", "--update");
        assertEquals(ExitCodes.OK, one.code(), one.out() + one.err());
        assertTrue(Files.readString(spec).contains("// expect: Deadlock violated"), Files.readString(spec));
        assertEquals(ExitCodes.VIOLATED, gate(root, "--property=Deadlock").code());
    }

    @Test
    void junitXmlParsesAndCountsTheCases(@TempDir Path root) throws Exception {
        accepted(root);
        replace(root.resolve(SPEC), "// expect: Deadlock holds", "// expect: Deadlock violated");
        replace(root.resolve("traces/sleep_under_spinlock/SleepInAtomic/trace.txt"), "(2 steps)", "(3 steps)");
        Path reports = root.resolve("reports");
        CliTest.Run r = gate(root, "--report-dir", reports.toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reports.resolve("junit.xml").toFile());
        Element top = doc.getDocumentElement();
        assertEquals("testsuites", top.getTagName());
        NodeList cases = doc.getElementsByTagName("testcase");
        int n = rpcheck.model.Property.values().length;
        assertEquals(2 * n + 1, cases.getLength()); // two specs x every property, one stale output
        assertEquals(Integer.toString(2 * n + 1), top.getAttribute("tests"));
        assertEquals("2", top.getAttribute("failures"));
        NodeList failures = doc.getElementsByTagName("failure");
        assertEquals(2, failures.getLength());
        Element gone = (Element) failures.item(0);
        assertEquals("VIOLATION_GONE", gone.getAttribute("type"));
        Element goneCase = (Element) gone.getParentNode();
        assertEquals("Deadlock", goneCase.getAttribute("name"));
        // the annotation's place: the expectation line the verdict no longer matches
        assertEquals(SPEC, goneCase.getAttribute("file"));
        assertEquals(Integer.toString(lineOf(root.resolve(SPEC), "// expect: Deadlock violated")),
                goneCase.getAttribute("line"));
        assertTrue(Files.readString(reports.resolve("summary.md")).contains("FAILED"));
        assertTrue(Files.readString(reports.resolve("summary.json")).contains("\"outcome\" : \"violation_gone\""));
    }

    @Test
    void helpDocumentsTheExitCodes() {
        for (String[] args : new String[][] {{"gate", "--help"}, {"--help"}}) {
            CliTest.Run r = CliTest.run(args);
            assertEquals(ExitCodes.OK, r.code());
            for (int code : new int[] {0, 1, 2, 3, 65, 70}) {
                assertTrue(r.out().matches("(?s).*\n  " + code + " +\\S.*"), "exit code " + code + " in\n" + r.out());
            }
        }
    }
}
