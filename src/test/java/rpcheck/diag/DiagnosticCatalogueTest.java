package rpcheck.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/diagnostics.md is generated from {@link DiagnosticCode} (rewrite it with -Ddiagnostics.update=true), and
 * every code the compiler reports has a case under src/test/resources/diagnostics that produces it (checked
 * there by DiagnosticsTest).
 */
class DiagnosticCatalogueTest {
    private static final Path DOC = Path.of("docs/diagnostics.md");

    @Test
    void catalogueMatchesTheCode() throws IOException {
        String expected = DiagnosticCatalogue.markdown();
        if (Boolean.getBoolean("diagnostics.update")) {
            Files.writeString(DOC, expected);
        }
        assertEquals(expected, Files.readString(DOC),
                "docs/diagnostics.md is out of date: run mvn test -Dtest=DiagnosticCatalogueTest -Ddiagnostics.update=true");
    }

    @Test
    void everyCodeHasAUniqueNumberAndAFix() {
        Set<String> seen = new HashSet<>();
        for (DiagnosticCode c : DiagnosticCode.values()) {
            assertTrue(c.code().matches("RP\\d{3}"), c.code());
            assertTrue(seen.add(c.code()), "two codes are " + c.code());
            assertFalse(c.fix().isBlank(), c + " says nothing about how to fix it");
        }
    }

    @Test
    void everyCodeInUseHasACase() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern ref = Pattern.compile("DiagnosticCode\\.([A-Z_]+)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.endsWith("DiagnosticCode.java")) {
                    continue;
                }
                Matcher m = ref.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(DiagnosticCode.valueOf(m.group(1)).code());
                }
            }
        }
        Set<String> marked = new TreeSet<>();
        Pattern mark = Pattern.compile("//\\s*error: (RP\\d{3})");
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/diagnostics"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stm")).toList()) {
                Matcher m = mark.matcher(Files.readString(f, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    marked.add(m.group(1));
                }
            }
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(marked);
        assertTrue(missing.isEmpty(), "codes reported by the compiler without a case under"
                + " src/test/resources/diagnostics: " + missing);
        assertTrue(used.size() >= 25, "found only " + used);
    }
}
