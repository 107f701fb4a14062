package rpcheck.tla;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated module with every string literal written as an integer: the module TLC searches when the spec's
 * expectations say that every property of a run holds (issue 19: cheaper states). TLC hashes each state it finds
 * (most of a safety run, bench/RESULTS.md), and it hashes a string character by character after a tag and a
 * length; an integer is a tag and one word. On smart's IoAccounting module the search takes about 15 % less time.
 *
 * <p>Why it is the same model: each distinct literal gets its own integer (the mapping is one to one), so every
 * equality, membership, function application, record, set and VIEW value of a state corresponds to one of the
 * module as generated, and TLC finds the same states, the same number of them, and the same verdict. A record's
 * field names stay strings (TLA+ names fields with strings), and so does a literal that is tested against them
 * ({@code "sl" \in DOMAIN lv[c]}, the one place the generator does it). Three things could tell a string from its
 * integer, and none is in a module rpcheck generates: an order on strings (TLC orders strings by when it first read
 * them, integers by value: it matters to CHOOSE, which picks the least), operators on strings as strings or
 * sequences ({@code STRING}, {@code \o}, {@code ToString}), and a comparison of a string with an integer, which TLC
 * reports as an error where the integers would compare quietly (the DSL's types rule it out, diagnostic RP202; a
 * coded literal compared with a field name is such an error, not a quiet difference). A module with any of the
 * first two ({@link #REFUSED}) is not coded. Line numbers, traces and the values TLC prints are not those of the
 * module as generated: the checker uses a coded module only for a run it expects to hold, and searches again with
 * the module as generated after any other outcome ({@code rpcheck.check.Checker}).
 *
 * <p>The rewrite works on the printed text, not on the syntax tree: it sees every literal, whatever part of the
 * generator printed it. It skips comments ({@code \*} to the end of the line, nested {@code (* *)}) and reads
 * strings with TLA+'s escapes. Integers are given in the order the literals first appear, from 1; a table of them
 * is written as comments before the module's closing line.
 */
public final class CodedModule {
    /** Names and operators whose meaning depends on strings being strings: a module that uses one is not coded. */
    public static final Set<String> REFUSED = Set.of("CHOOSE", "ToString", "\\o", "\\circ", "SortSeq", "STRING");

    /** What follows a literal that names a record's field: {@code "sl" \in DOMAIN lv[c]}. */
    private static final Pattern FIELD_TEST = Pattern.compile("\\s*\\\\(?:in|notin)\\s+DOMAIN\\b");

    private CodedModule() {
    }

    /**
     * The module {@code tla} with its string literals as integers, or empty when it uses a name in
     * {@link #REFUSED} or cannot be read (an unterminated string or comment: TLC would refuse it as well).
     */
    public static Optional<String> of(String tla) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(tla.length());
        Matcher fieldTest = FIELD_TEST.matcher(tla);
        int i = 0;
        int n = tla.length();
        while (i < n) {
            char c = tla.charAt(i);
            if (c == '\\' && i + 1 < n && tla.charAt(i + 1) == '*') {
                int end = tla.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(tla, i, end);
                i = end;
            } else if (c == '(' && i + 1 < n && tla.charAt(i + 1) == '*') {
                int end = blockCommentEnd(tla, i);
                if (end < 0) {
                    return Optional.empty();
                }
                out.append(tla, i, end);
                i = end;
            } else if (c == '"') {
                int end = stringEnd(tla, i);
                if (end < 0) {
                    return Optional.empty();
                }
                if (fieldTest.region(end, n).lookingAt()) {
                    out.append(tla, i, end); // a record's field: TLA+ names fields with strings
                } else {
                    String literal = unescape(tla.substring(i + 1, end - 1));
                    out.append(codes.computeIfAbsent(literal, k -> codes.size() + 1));
                }
                i = end;
            } else if (c == '\\' || Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(tla.charAt(end)) || tla.charAt(end) == '_')) {
                    end++;
                }
                String word = tla.substring(i, end);
                if (REFUSED.contains(word)) {
                    return Optional.empty();
                }
                out.append(word);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return Optional.of(withTable(out.toString(), codes));
    }

    /** The index just after the comment that starts at {@code from} ({@code (*}, nested), or -1. */
    private static int blockCommentEnd(String s, int from) {
        int depth = 0;
        int i = from;
        while (i + 1 < s.length()) {
            if (s.charAt(i) == '(' && s.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (s.charAt(i) == '*' && s.charAt(i + 1) == ')') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The index just after the string literal that starts at {@code from}, or -1 (none on its line). */
    private static int stringEnd(String s, int from) {
        int i = from + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\n') {
                return -1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The string a literal's text between its quotes stands for (TLA+'s escapes: quote, backslash, t, n, f, r). */
    private static String unescape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                sb.append(switch (e) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code s} as a TLA+ string literal (the inverse of {@link #unescape}). */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** {@code tla} with a comment table of {@code codes} before its closing {@code ====} line (or at its end). */
    private static String withTable(String tla, Map<String, Integer> codes) {
        StringBuilder table = new StringBuilder();
        table.append("\\* Written by rpcheck for TLC's search (rpcheck.tla.CodedModule): the module as generated,\n")
                .append("\\* each string literal written as an integer:\n");
        codes.forEach((literal, code) -> table.append("\\*   ").append(code).append(" = ")
                .append(quoted(literal)).append('\n'));
        int close = tla.lastIndexOf("\n====");
        if (close < 0) {
            return tla + (tla.endsWith("\n") ? "" : "\n") + table;
        }
        return tla.substring(0, close + 1) + table + tla.substring(close + 1);
    }
}
