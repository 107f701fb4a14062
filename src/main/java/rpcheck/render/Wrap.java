package rpcheck.render;

import java.util.ArrayList;
import java.util.List;

/** Plain-text helpers: ASCII only, and word wrapping that breaks long identifiers at a sensible character. */
final class Wrap {
    /** Characters after which a word too long for a line is best broken, then those where it may be. */
    private static final String BREAK_AFTER = "(,/>";
    private static final String BREAK_AFTER_WEAK = "_.-]";

    private Wrap() {
    }

    /** The text with every character outside printable ASCII replaced by '?' (tabs become a space). */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '\t' ? ' ' : c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }

    /** The text in lines of at most {@code width} characters (at least one line, maybe empty). */
    static List<String> lines(String text, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width " + width);
        }
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (rest.length() > width) {
                int cut = breakPoint(rest, width);
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    /** Where to cut a word longer than {@code width}: after the last break character that fits, else at width. */
    private static int breakPoint(String word, int width) {
        for (String chars : new String[] {BREAK_AFTER, BREAK_AFTER_WEAK}) {
            for (int i = width - 1; i >= width / 3; i--) {
                if (chars.indexOf(word.charAt(i)) >= 0) {
                    return i + 1;
                }
            }
        }
        return width;
    }

    /** {@code s} padded with spaces to {@code width}. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
