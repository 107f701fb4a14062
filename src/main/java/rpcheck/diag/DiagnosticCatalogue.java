package rpcheck.diag;

/** Writes {@code docs/diagnostics.md}, the catalogue of every {@link DiagnosticCode}, from the enum itself. */
public final class DiagnosticCatalogue {
    private DiagnosticCatalogue() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Diagnostic codes\n\n")
                .append("<!-- Generated from src/main/java/rpcheck/diag/DiagnosticCode.java by DiagnosticCatalogue;")
                .append(" do not edit (DiagnosticCatalogueTest checks it; -Ddiagnostics.update=true rewrites it). -->\n\n")
                .append("rpcheck reports a mistake in a spec as `FILE:LINE:COL: error[RPnnn]: MESSAGE`, the line with a")
                .append(" caret under the offending text, and `help:` lines that say how to fix this case; the command")
                .append(" exits with 65. Ranges: RP0xx reading, lexing and parsing, RP1xx names, RP2xx semantic")
                .append(" checks, RP3xx internal errors of the compiler. An example of each code is a file under")
                .append(" `src/test/resources/diagnostics/` whose offending line is marked `// error: RPnnn`.\n\n")
                .append("| code | what | how to fix |\n|---|---|---|\n");
        for (DiagnosticCode c : DiagnosticCode.values()) {
            sb.append("| ").append(c.code()).append(" `").append(c.name()).append("` | ")
                    .append(cell(c.description())).append(" | ").append(cell(c.fix())).append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
