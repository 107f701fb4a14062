package rpcheck.tla;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps the generated module's long lines near {@value #WIDTH} columns. A line is broken only after a comma or an
 * infix {@code /\}, {@code \/} inside brackets (so the operator ends the line, never starts one: a line starting
 * with a junction would begin a new bulleted list), outside string literals, and the continuation is indented
 * deeper than the line it continues, so it stays inside any bulleted list around it. Comment lines are kept.
 */
final class TlaLayout {
    static final int WIDTH = 100;
    private static final int CONTINUATION = 8;

    private TlaLayout() {
    }

    static String wrap(String module) {
        StringBuilder out = new StringBuilder(module.length() + module.length() / 20);
        int start = 0;
        while (start < module.length()) {
            int nl = module.indexOf('\n', start);
            int end = nl < 0 ? module.length() : nl;
            String line = module.substring(start, end);
            if (line.length() <= WIDTH || line.stripLeading().startsWith("\\*")) {
                out.append(line);
            } else {
                wrapLine(line, out);
            }
            if (nl >= 0) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** Breaks one line at the allowed points, filling each piece up to the width. */
    private static void wrapLine(String line, StringBuilder out) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String pad = " ".repeat(indent + CONTINUATION);
        List<Integer> breaks = breakPoints(line);
        int pieceStart = 0;
        int lastFit = -1;
        int width = WIDTH;
        for (int b : breaks) {
            if (b - pieceStart > width && lastFit > pieceStart) {
                out.append(line, pieceStart, lastFit).append('\n').append(pad);
                pieceStart = skipSpaces(line, lastFit);
                width = WIDTH - pad.length();
            }
            lastFit = b;
        }
        if (line.length() - pieceStart > width && lastFit > pieceStart) {
            out.append(line, pieceStart, lastFit).append('\n').append(pad);
            pieceStart = skipSpaces(line, lastFit);
        }
        out.append(line, pieceStart, line.length());
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Offsets just after a comma or an infix junction at bracket depth >= 1, outside strings. */
    private static List<Integer> breakPoints(String line) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        boolean str = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (str) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    str = false;
                }
                continue;
            }
            switch (ch) {
                case '"' -> str = true;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case '<' -> depth += i + 1 < line.length() && line.charAt(i + 1) == '<' ? 1 : 0;
                case '>' -> depth -= i + 1 < line.length() && line.charAt(i + 1) == '>' ? 1 : 0;
                case ',' -> {
                    if (depth >= 1) {
                        out.add(i + 1);
                    }
                }
                case '/', '\\' -> {
                    // " /\ " or " \/ ": break after the operator
                    if (depth >= 1 && i > 0 && line.charAt(i - 1) == ' ' && i + 2 < line.length()
                            && line.charAt(i + 2) == ' ' && (ch == '/' ? line.charAt(i + 1) == '\\'
                            : line.charAt(i + 1) == '/')) {
                        out.add(i + 2);
                        i++;
                    }
                }
                default -> { }
            }
        }
        return out;
    }
}
