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
