package rpcheck.diag;

import java.util.List;

/** One message about the user's input, anchored at a span. */
public record Diagnostic(Severity severity, DiagnosticCode code, Span span, String message, List<String> help) {

    public Diagnostic {
        help = List.copyOf(help);
    }

    public static Diagnostic error(DiagnosticCode code, Span span, String message, String... help) {
        return new Diagnostic(Severity.ERROR, code, span, message, List.of(help));
    }
}
