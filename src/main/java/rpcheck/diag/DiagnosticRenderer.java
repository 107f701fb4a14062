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
 * Control characters (NUL, escape, bidi overrides, ...) are shown escaped ({@code \x00}, {@code \u202e});
 * a long line is cut to a window around the caret, a long message to its start; after {@link #MAX_SHOWN}
 * errors the rest are only counted.
 */
public final class DiagnosticRenderer {
    /** How many diagnostics {@link #renderAll} shows; the others are counted in one line. */
    public static final int MAX_SHOWN = 50;
    /** Widest source excerpt shown, in characters (the caret's window). */
    static final int MAX_LINE = 120;
    /** Longest message or help line shown. */
    static final int MAX_MESSAGE = 300;

    private DiagnosticRenderer() {
    }

    public static String render(Diagnostic d) {
        Span s = d.span();
        SourceFile f = s.file();
        StringBuilder sb = new StringBuilder();
        sb.append(escape(s.file().name(), MAX_MESSAGE)).append(':').append(s.line()).append(':').append(s.column())
                .append(": ").append(d.severity().label())
                .append('[').append(d.code().code()).append("]: ").append(escape(d.message(), MAX_MESSAGE)).append('\n');
        int line = s.line();
        String text = f.lineText(line);
        int col = Math.min(s.column() - 1, text.length());
        int endCol = Math.max(col + 1, Math.min(text.length(), col + (s.end() - s.start())));
        // window of the line around the caret
        int from = 0;
        int to = text.length();
        if (to > MAX_LINE) {
            from = Math.max(0, Math.min(col - MAX_LINE / 3, text.length() - MAX_LINE));
            to = Math.min(text.length(), from + MAX_LINE);
        }
        String gutter = String.format("%5d | ", line);
        StringBuilder shown = new StringBuilder();
        StringBuilder pad = new StringBuilder();
        int carets = 0;
        if (from > 0) {
            shown.append("...");
            pad.append("   ");
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            String e = c == '\t' ? "\t" : escapeChar(c);
            shown.append(e);
            if (i < col) {
                pad.append(c == '\t' ? "\t" : " ".repeat(e.length()));
            } else if (i < endCol) {
                carets += e.length();
            }
        }
        if (to < text.length()) {
            shown.append("...");
        }
        if (col >= to) {
            carets = 1; // the caret sits after the end of the line (a missing token)
        }
        sb.append(gutter).append(shown).append('\n');
        sb.append(" ".repeat(gutter.length() - 2)).append("| ").append(pad).append("^".repeat(Math.max(1, carets)))
                .append('\n');
        for (String h : d.help()) {
            sb.append("   help: ").append(escape(h, MAX_MESSAGE)).append('\n');
        }
        return sb.toString();
    }

    public static String renderAll(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ds.size() && i < MAX_SHOWN; i++) {
            sb.append(render(ds.get(i)));
        }
        if (ds.size() > MAX_SHOWN) {
            int more = ds.size() - MAX_SHOWN;
            sb.append("... and ").append(more).append(more == 1 ? " more diagnostic" : " more diagnostics")
                    .append(" (fix the first ones: later errors often follow from them)\n");
        }
        long errors = ds.stream().filter(d -> d.severity() == Severity.ERROR).count();
        if (errors > 0) {
            String files = String.join(", ", ds.stream().map(d -> escape(d.span().file().name(), MAX_MESSAGE))
                    .distinct().toList());
            sb.append("error: ").append(errors).append(errors == 1 ? " error" : " errors")
                    .append(" in ").append(files).append('\n');
        }
        return sb.toString();
    }

    /** {@code s} with control characters escaped, cut to {@code max} characters (then "..."). */
    public static String escape(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= max) {
                sb.append("...");
                break;
            }
            sb.append(escapeChar(s.charAt(i)));
        }
        return sb.toString();
    }

    private static String escapeChar(char c) {
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            return c == '\n' ? "\\n" : c == '\t' ? "\\t" : String.format("\\x%02x", (int) c);
        }
        if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f
                || c == 0xfeff) {
            return String.format("\\u%04x", (int) c);
        }
        return String.valueOf(c);
    }
}
