package rpcheck.tla;

import rpcheck.check.Compiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import rpcheck.diag.Diagnostic;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;

/**
 * Error cases, jlox style: each file under src/test/resources/diagnostics marks its offending lines with
 * {@code // error: RPnnn}; exactly those codes must be reported on exactly those lines.
 */
class DiagnosticsTest {
    private static final Path DIR = Path.of("src/test/resources/diagnostics");
    private static final Pattern MARK = Pattern.compile("//\\s*error: (RP\\d{3})");
    /** Correct specs that cases extend (not cases themselves). */
    private static final java.util.Set<String> BASES = java.util.Set.of("remove_base.stm");

    @TestFactory
    Stream<DynamicTest> markedErrors() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stm") && !BASES.contains(p.getFileName().toString()))
                    .sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
            }
        }
        return tests.stream();
    }

    private void check(Path file) throws IOException {
        // ISO-8859-1 reads any bytes: some cases are not UTF-8 on purpose (latin1.stm)
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARK.matcher(lines.get(i));
            while (m.find()) {
                expected.add((i + 1) + ":" + m.group(1));
            }
        }
        Diagnostics.Failed failed = assertThrows(Diagnostics.Failed.class,
                () -> Compiler.compile(file, Path.of("."), Map.of()));
        TreeSet<String> actual = new TreeSet<>();
        for (Diagnostic d : failed.diagnostics()) {
            actual.add(d.span().line() + ":" + d.code().code());
        }
        String rendered = DiagnosticRenderer.renderAll(failed.diagnostics());
        assertEquals(expected, actual, rendered);
        for (String line : rendered.lines().toList()) {
            assertFalse(line.contains("Exception"), rendered);
        }
        assertTrue(rendered.startsWith(file.toString().replace('\\', '/') + ":"), rendered);
    }

    /** The diagnostics of a spec written to a temporary file, rendered. */
    private static String diagnosticsOf(String spec) throws IOException {
        Path dir = Files.createTempDirectory("rpcheck-diag");
        Path file = dir.resolve("t.stm");
        Files.writeString(file, spec);
        Diagnostics.Failed failed = assertThrows(Diagnostics.Failed.class,
                () -> Compiler.compile(file, dir, Map.of()));
        return DiagnosticRenderer.renderAll(failed.diagnostics());
    }

    /**
     * A call back into a function being inlined, in a branch a bound decides away at generation, is recursion too:
     * the dead branch is still lowered for its diagnostics, and it overflowed the stack (FrontEndFuzzTest found it in
     * a mutated upstream.stm).
     */
    @Test
    void recursionInABranchABoundDecidesAwayIsReported() throws IOException {
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "bound extra = 0", "flag F",
                "context user kind process runs f", "fn f() from \"t.c\" {", "    set_bit(F)", "    if extra > 0 {",
                "        f()", "    }", "}", ""));
        assertTrue(out.contains("t.stm:8:9: error[RP203]: 'f' calls itself through f; calls are inlined"), out);
        assertFalse(out.contains("stack overflow"), out);
    }

    @Test
    void reservedNameSaysTheKindTheSpecDeclared() throws IOException {
        // mutex, completion and timer are one AST node: the message names the keyword the spec wrote
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "completion c", "mutex Init", "timer Next runs f",
                "kref g", "context user kind process runs f", "fn f() from \"t.c\" {", "}", ""));
        assertTrue(out.contains("error[RP108]: the completion name 'c' is a name rpcheck's generated module defines"
                + " itself"), out);
        assertTrue(out.contains("error[RP108]: the mutex name 'Init' "), out);
        assertTrue(out.contains("error[RP108]: the timer name 'Next' "), out);
        assertTrue(out.contains("error[RP108]: the kref name 'g' "), out);
        assertTrue(out.contains("help: rename the completion (e.g. 'my_c')"), out);
        assertFalse(out.contains("objectdecl"), out);
    }

    @Test
    void comparingABoolWithANumberHasAHelpLine() throws IOException {
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "mutex m", "counter n",
                "context user kind process runs f", "fn f() from \"t.c\" {", "    if mutex_trylock(m) == 1 {",
                "        n += 1", "        mutex_unlock(m)", "    }", "}", ""));
        assertTrue(out.contains("error[RP202]: cannot compare a bool with an int"), out);
        assertTrue(out.contains("help: a bool (a flag, or what test_bit(), mutex_trylock()"), out);
    }

    @Test
    void aShortUnknownNameIsNotGivenAnUnrelatedSuggestion() throws IOException {
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "flag A", "workqueue wq workers 1",
                "work job on wq runs f", "context user kind process runs f", "fn f() from \"t.c\" {",
                "    queue_work(wq, w)", "    set_bit(rq)", "    set_bit(AB)", "}", ""));
        // 'w' was 2 edits from NEW and 'rq' 2 from A: suggested before, though neither keeps a letter of its own
        assertFalse(out.contains("did you mean 'NEW'"), out);
        assertEquals(1, out.split("did you mean", -1).length - 1, out);
        assertTrue(out.contains("unknown name 'AB'\n    9 |     set_bit(AB)\n      |             ^^\n"
                + "   help: did you mean 'A'?"), out); // one edit from A
    }

    @Test
    void anUndeclaredLlddOrEventContextSaysHowToDeclareIt() throws IOException {
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "request_queue q timeout tmo",
                "request r on q", "context user kind process runs f", "lldd lldd done done",
                "event poke max 1 in helper calls f()", "fn tmo(rq) from \"t.c\" {", "    return BLK_EH_DONE", "}",
                "fn done(rq) from \"t.c\" {", "    blk_mq_end_request(rq)", "}", "fn f() from \"t.c\" {", "}", ""));
        assertTrue(out.contains("error[RP101]: unknown context 'lldd'"), out);
        assertTrue(out.contains("help: declare the completion context first: 'context lldd kind lldd'"), out);
        assertTrue(out.contains("error[RP101]: unknown context 'helper'"), out);
        assertTrue(out.contains("help: declare it, e.g. 'context helper kind process'"), out);
    }

    @Test
    void anAssignmentToAnUndeclaredNameNamesIt() throws IOException {
        String out = diagnosticsOf(String.join("\n", "model t \"x\"", "counter cnt", "bound faults = 1",
                "context user kind process runs f", "fn f() from \"t.c\" {", "    x = 3", "    cn += 1",
                "    faults = 2", "}", ""));
        assertTrue(out.contains("t.stm:6:5: error[RP101]: cannot assign to 'x': no var, counter, flag or local of"
                + " that name is declared\n"), out);
        assertTrue(out.contains("help: declare it at the top level ('var x = 0', 'counter x' or 'flag x'), or bind"
                + " a local first with 'let x = ...'"), out);
        assertTrue(out.contains("t.stm:7:5: error[RP101]: cannot assign to 'cn': "), out);
        assertTrue(out.contains("help: did you mean 'cnt'?"), out);
        assertTrue(out.contains("t.stm:8:5: error[RP208]: cannot assign to 'faults': it is a bound"), out);
        assertFalse(out.contains("cannot assign to this"), out);
    }

    @Test
    void removingWhatTheBaseStillUsesPointsAtTheRemoveLine() throws IOException {
        Path dir = Files.createTempDirectory("rpcheck-diag");
        Files.writeString(dir.resolve("base1.stm"), String.join("\n", "model base1 \"a base\"",
                "workqueue wq workers 1", "work w on wq runs handler", "flag F", "context user kind process runs main",
                "fn handler() from \"x\" {", "    F = true", "}", "fn main() from \"x\" {",
                "    queue_work(wq, w)", "    flush_work(w)", "}", ""));
        Files.writeString(dir.resolve("var1.stm"), String.join("\n",
                "variant var1 extends base1 \"removes the work item\"", "remove work w", ""));
        Diagnostics.Failed failed = assertThrows(Diagnostics.Failed.class,
                () -> Compiler.compile(dir.resolve("var1.stm"), dir, Map.of()));
        String out = DiagnosticRenderer.renderAll(failed.diagnostics());
        String fix = "write your own 'fn main(...)' in the variant without it (a variant's fn replaces the base's),"
                + " or do not remove it";
        assertTrue(out.contains(String.join("\n",
                "var1.stm:2:13: error[RP107]: work 'w' is removed here, but the base still uses it: base1.stm:10:20"
                        + " in main(), base1.stm:11:16 in main()",
                "    2 | remove work w",
                "      |             ^",
                "   help: " + fix)), out);
        assertTrue(out.contains("base1.stm:10:20: error[RP101]: unknown name 'w'"), out);
        assertTrue(out.contains("   help: removed by 'remove work w' at var1.stm:2:13: " + fix), out);
        assertFalse(out.contains("declare it (flag, counter"), out);
    }

    @Test
    void renderingHasPositionCaretAndHelp() {
        Diagnostics.Failed failed = assertThrows(Diagnostics.Failed.class,
                () -> Compiler.compile(DIR.resolve("names.stm"), Path.of("."), Map.of()));
        String out = DiagnosticRenderer.renderAll(failed.diagnostics());
        String expected = String.join("\n",
                "src/test/resources/diagnostics/names.stm:10:16: error[RP101]: unknown name 'iocount'",
                "   10 |     wait_event(iocount == 0)                     // error: RP101",
                "      |                ^^^^^^^",
                "   help: did you mean 'iocnt'?");
        assertTrue(out.contains(expected), out);
        assertTrue(out.endsWith("error: 5 errors in src/test/resources/diagnostics/names.stm\n"), out);
    }
}
