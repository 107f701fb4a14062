package rpcheck.diag;

import java.util.List;

/**
 * Renders diagnostics GNU-style so editors can jump to them:
 * <pre>
 * specs/x.stm:12:5: error[RP101]: unknown name 'iocount'
 *    12 |     wait_event(iocount == 0)
 *       |                ^^^^^^^
 *    help: did you mean 'iocnt'?
 * </pre>
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {
    }

    public static String render(Diagnostic d) {
        Span s = d.span();
        SourceFile f = s.file();
        StringBuilder sb = new StringBuilder();
        sb.append(s.position()).append(": ").append(d.severity().label())
                .append('[').append(d.code().code()).append("]: ").append(d.message()).append('\n');
        int line = s.line();
        String text = f.lineText(line);
        String gutter = String.format("%5d | ", line);
        sb.append(gutter).append(text).append('\n');
        StringBuilder pad = new StringBuilder();
        int col = s.column() - 1;
        for (int i = 0; i < col && i < text.length(); i++) {
            pad.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        int lineEnd = col + Math.max(1, Math.min(s.end(), s.start() + text.length() - col) - s.start());
        int width = Math.max(1, Math.min(lineEnd, text.length() + 1) - col);
        sb.append(" ".repeat(gutter.length() - 2)).append("| ").append(pad).append("^".repeat(width)).append('\n');
        for (String h : d.help()) {
            sb.append("   help: ").append(h).append('\n');
        }
        return sb.toString();
    }

    public static String renderAll(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) {
            sb.append(render(d));
        }
        long errors = ds.stream().filter(d -> d.severity() == Severity.ERROR).count();
        if (errors > 0) {
            String files = String.join(", ", ds.stream().map(d -> d.span().file().name()).distinct().toList());
            sb.append("error: ").append(errors).append(errors == 1 ? " error" : " errors")
                    .append(" in ").append(files).append('\n');
        }
        return sb.toString();
    }
}
