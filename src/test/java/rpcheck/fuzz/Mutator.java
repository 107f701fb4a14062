package rpcheck.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of a spec's text for {@link FrontEndFuzzTest}: tokens dropped, duplicated or swapped, identifiers
 * renamed (also to TLA+ keywords, non-ASCII and odd underscores), lines truncated or shuffled, numbers changed,
 * random bytes, CR/CRLF line ends, very long lines and deep nesting. Deterministic for a given {@link Random}.
 */
final class Mutator {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\"[^\"\\n]*\"|//[^\\n]*|\\S");
    private static final Pattern IDENT = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b[0-9]+\\b");
    private static final String[] NAMES = {"ENABLED", "UNION", "LET", "IN", "CASE", "CHOOSE", "EXCEPT", "DOMAIN",
        "SUBSET", "Nat", "TRUE", "Init", "Next", "Spec", "vars", "pc", "self", "Seq", "Len", "\u00f1", "_x", "y_",
        "a__b", "x", "fn", "if", "else", "let", "return", "model", "variant", "context", "work", "flag", "true",
        "LIVE", "kblockd", "main", "requests", "W_wq", "user_0", "B_x", "queue_work", "spin_lock", "wait_event"};
    private static final String[] NUMBERS = {"0", "1", "2", "3", "8", "9", "255", "100000", "-1",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999"};
    private static final String[] SNIPPETS = {"{", "}", "(", ")", ",", "=", "==", "!", "&&", "||", "+=", "-=", ";",
        ":", ".", "\"", "/*", "*/", "//", "fn f() from \"x\" { }", "if true { }", "else", "return", "let y = 1",
        "context c kind process runs main", "remove fn main", "bound b = 1", "\u0000", "\u001b[31m", "\u202e",
        "\uFEFF", "\t", "\r", "\\", "'"};

    private Mutator() {
    }

    /** Applies 1 to 4 random mutations to {@code text}; the result is bytes (some mutations are not UTF-8). */
    static byte[] mutate(String text, Random r) {
        String s = text;
        int n = 1 + r.nextInt(4);
        byte[] raw = null;
        for (int i = 0; i < n; i++) {
            int op = r.nextInt(16);
            switch (op) {
                case 0 -> s = dropToken(s, r);
                case 1 -> s = duplicateToken(s, r);
                case 2 -> s = swapTokens(s, r);
                case 3 -> s = renameIdent(s, r);
                case 4 -> s = truncateLine(s, r);
                case 5 -> s = s.substring(0, r.nextInt(s.length() + 1)); // the file cut short
                case 6 -> s = changeNumber(s, r);
                case 7 -> s = insert(s, r, SNIPPETS[r.nextInt(SNIPPETS.length)]);
                case 8 -> s = r.nextBoolean() ? s.replace("\n", "\r\n") : s.replace("\n", "\r");
                case 9 -> s = insert(s, r, (r.nextBoolean() ? "x" : " ").repeat(1 + r.nextInt(50_000)));
                case 10 -> s = deepNesting(s, r);
                case 11 -> s = lines(s, r);
                case 12 -> s = renameAll(s, r);
                case 13 -> raw = randomBytes(s, r);
                case 14 -> s = dropToken(dropToken(s, r), r);
                default -> s = insert(s, r, NAMES[r.nextInt(NAMES.length)]);
            }
            if (raw != null) {
                return raw;
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<int[]> tokens(String s) {
        List<int[]> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static String dropToken(String s, Random r) {
        List<int[]> t = tokens(s);
        if (t.isEmpty()) {
            return s;
        }
        int[] x = t.get(r.nextInt(t.size()));
        return s.substring(0, x[0]) + s.substring(x[1]);
    }

    private static String duplicateToken(String s, Random r) {
        List<int[]> t = tokens(s);
        if (t.isEmpty()) {
            return s;
        }
        int[] x = t.get(r.nextInt(t.size()));
        return s.substring(0, x[1]) + " " + s.substring(x[0], x[1]) + s.substring(x[1]);
    }

    private static String swapTokens(String s, Random r) {
        List<int[]> t = tokens(s);
        if (t.size() < 2) {
            return s;
        }
        int i = r.nextInt(t.size() - 1);
        int[] a = t.get(i);
        int[] b = t.get(i + 1);
        return s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1], b[0]) + s.substring(a[0], a[1])
                + s.substring(b[1]);
    }

    private static String renameIdent(String s, Random r) {
        List<int[]> ids = new ArrayList<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            ids.add(new int[] {m.start(), m.end()});
        }
        if (ids.isEmpty()) {
            return s;
        }
        int[] x = ids.get(r.nextInt(ids.size()));
        return s.substring(0, x[0]) + NAMES[r.nextInt(NAMES.length)] + s.substring(x[1]);
    }

    /** Renames every occurrence of one identifier (a consistent rename: only name rules can object). */
    private static String renameAll(String s, Random r) {
        List<String> ids = new ArrayList<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            ids.add(m.group());
        }
        if (ids.isEmpty()) {
            return s;
        }
        String from = ids.get(r.nextInt(ids.size()));
        String to = NAMES[r.nextInt(NAMES.length)];
        return s.replaceAll("\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
    }

    private static String truncateLine(String s, Random r) {
        String[] lines = s.split("\n", -1);
        int i = r.nextInt(lines.length);
        lines[i] = lines[i].substring(0, r.nextInt(lines[i].length() + 1));
        return String.join("\n", lines);
    }

    private static String lines(String s, Random r) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        int i = r.nextInt(lines.size());
        switch (r.nextInt(3)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(i));
            default -> {
                int j = r.nextInt(lines.size());
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
        }
        return String.join("\n", lines);
    }

    private static String changeNumber(String s, Random r) {
        List<int[]> nums = new ArrayList<>();
        Matcher m = NUMBER.matcher(s);
        while (m.find()) {
            nums.add(new int[] {m.start(), m.end()});
        }
        if (nums.isEmpty()) {
            return s;
        }
        int[] x = nums.get(r.nextInt(nums.size()));
        return s.substring(0, x[0]) + NUMBERS[r.nextInt(NUMBERS.length)] + s.substring(x[1]);
    }

    private static String deepNesting(String s, Random r) {
        int depth = r.nextBoolean() ? 1 + r.nextInt(60) : 1 + r.nextInt(3000);
        String inner = switch (r.nextInt(4)) {
            case 0 -> "if true {\n".repeat(depth) + "}\n".repeat(depth);
            case 1 -> "let z = " + "!".repeat(depth) + "true\n";
            case 2 -> "let z = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\n";
            default -> "let z = " + "1 + ".repeat(depth) + "1\n";
        };
        int body = s.indexOf("{\n");
        if (body < 0) {
            return s + "\n" + inner;
        }
        return s.substring(0, body + 2) + inner + s.substring(body + 2);
    }

    private static String insert(String s, Random r, String what) {
        int at = r.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static byte[] randomBytes(String s, Random r) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n && b.length > 0; i++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }
}
