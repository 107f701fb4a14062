package rpcheck.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one phase; the driver checks {@link #hasErrors()} between phases. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void error(DiagnosticCode code, Span span, String message, String... help) {
        items.add(Diagnostic.error(code, span, message, help));
    }

    public void addAll(List<Diagnostic> ds) {
        items.addAll(ds);
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /**
     * All diagnostics, duplicates removed: errors of reading and parsing (RP0xx) first, since later ones often
     * follow from them (a function that did not parse is also unknown), then by file and position.
     */
    public List<Diagnostic> sorted() {
        java.util.Set<Diagnostic> out = new java.util.LinkedHashSet<>();
        items.stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.code().code().startsWith("RP0") ? 0 : 1)
                        .thenComparing((Diagnostic d) -> d.span().file().name())
                        .thenComparingInt(d -> d.span().start()))
                .forEach(out::add);
        return new ArrayList<>(out);
    }

    /** Thrown by a phase driver to stop the pipeline at a gate. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Diagnostic> diagnostics;

        public Failed(List<Diagnostic> diagnostics) {
            super(diagnostics.size() + " error(s)");
            this.diagnostics = List.copyOf(diagnostics);
        }

        public List<Diagnostic> diagnostics() {
            return diagnostics;
        }
    }

    /** Throws {@link Failed} if any error was collected. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new Failed(sorted());
        }
    }
}
