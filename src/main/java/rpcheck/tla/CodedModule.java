package rpcheck.tla;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated module with every string literal written as an integer and every record field by a short name:
 * the module TLC searches when the spec's expectations say that every property of a run holds (issue 19: cheaper
 * states). TLC hashes each state it finds (most of a safety run, bench/RESULTS.md), and it hashes a string character
 * by character after a tag and a length, a record's field names with every record value; an integer is a tag and
 * one word. On smart's IoAccounting module the literals take about 15 % off the search, the field names some 5 %
 * more.
 *
 * <p>Why it is the same model: each distinct literal gets its own integer and each field its own name (both
 * mappings are one to one, and a literal tested against a record's fields, {@code "sl" \in DOMAIN lv[c]}, the one
 * place the generator does it, becomes the field's new name), so every equality, membership, function application,
 * record, set and VIEW value of a state corresponds to one of the module as generated, and TLC finds the same states,
 * the same number of them, and the same verdict. Three things could tell a string from its integer, and none is in a
 * module rpcheck generates: an order on strings (TLC orders strings by when it first read them, integers by value:
 * it matters to CHOOSE, which picks the least), operators on strings as strings or sequences ({@code STRING},
 * {@code \o}, {@code ToString}), and a comparison of a string with an integer, which TLC reports as an error where
 * the integers would compare quietly (the DSL's types rule it out, diagnostic RP202). A module with any of the first
 * two ({@link #REFUSED}), or with a set of records ({@code [f : S]}, which the generator never writes), is not
 * coded. Line numbers, traces and the values TLC prints are not those of the module as generated: the checker uses a
 * coded module only for a run it expects to hold, and searches again with the module as generated after any other
 * outcome ({@code rpcheck.check.Checker}).
 *
 * <p>The rewrite works on the printed text, not on the syntax tree: it sees every literal and field, whatever part
 * of the generator printed it. It skips comments ({@code \*} to the end of the line, nested {@code (* *)}) and
 * reads strings with TLA+'s escapes. A field is a name after a {@code .} that follows a name, {@code ]}, {@code )},
 * {@code !}, {@code @} or a prime ({@code r.f}, {@code !.f}, {@code ![k].f}), or a name after {@code [} or a comma
 * and before {@code |->} ({@code [f |-> x]}; a function's {@code [x \in S |-> e]} has {@code \in} there).
 * Integers are given in the order the literals first appear, from 1, and names in the order fields first appear
 * ({@code a}, ..., {@code z}, {@code aa}, ...); a table of both is written as comments before the module's closing
 * line.
 */
public final class CodedModule {
    /** Names and operators whose meaning depends on strings being strings: a module that uses one is not coded. */
    public static final Set<String> REFUSED = Set.of("CHOOSE", "ToString", "\\o", "\\circ", "SortSeq", "STRING");

    /** What follows a literal that names a record's field: {@code "sl" \in DOMAIN lv[c]}. */
    private static final Pattern FIELD_TEST = Pattern.compile("\\s*\\\\(?:in|notin)\\s+DOMAIN\\b");
    /** What follows a field's name in a record {@code [f |-> x, ...]}. */
    private static final Pattern MAPS_TO = Pattern.compile("\\s*\\|->");
    /** What follows a field's name in a set of records {@code [f : S, ...]}. */
    private static final Pattern RECORD_SET = Pattern.compile("\\s*:(?![:=>])");
    /** What a {@code .} that selects a field follows: a name, {@code ]}, {@code )}, {@code !}, {@code @} or a prime. */
    private static final String FIELD_OF = "])!@'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    private CodedModule() {
    }

    /**
     * The module {@code tla} with its string literals as integers, or empty when it uses a name in
     * {@link #REFUSED} or cannot be read (an unterminated string or comment: TLC would refuse it as well).
     */
    public static Optional<String> of(String tla) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder(tla.length());
        Matcher fieldTest = FIELD_TEST.matcher(tla);
        Matcher maps = MAPS_TO.matcher(tla);
        Matcher colon = RECORD_SET.matcher(tla);
        char prev = '\n'; // the last character of code (not of a comment, not white space) before i
        int i = 0;
        int n = tla.length();
        while (i < n) {
            char c = tla.charAt(i);
            if (c == '\\' && i + 1 < n && tla.charAt(i + 1) == '*') {
                int end = tla.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(tla, i, end);
                i = end;
                continue;
            } else if (c == '(' && i + 1 < n && tla.charAt(i + 1) == '*') {
                int end = blockCommentEnd(tla, i);
                if (end < 0) {
                    return Optional.empty();
                }
                out.append(tla, i, end);
                i = end;
                continue;
            } else if (c == '"') {
                int end = stringEnd(tla, i);
                if (end < 0) {
                    return Optional.empty();
                }
                String literal = unescape(tla.substring(i + 1, end - 1));
                if (fieldTest.region(end, n).lookingAt()) {
                    out.append(quoted(field(fields, literal))); // a record's field: TLA+ names fields with strings
                } else {
                    out.append(codes.computeIfAbsent(literal, k -> codes.size() + 1));
                }
                i = end;
            } else if (c == '.' && i + 1 < n && isWordStart(tla.charAt(i + 1)) && FIELD_OF.indexOf(prev) >= 0) {
                int end = wordEnd(tla, i + 1);
                out.append('.').append(field(fields, tla.substring(i + 1, end))); // r.f, !.f, ![k].f
                i = end;
            } else if (c == '\\' || isWordStart(c)) {
                int end = wordEnd(tla, i + 1);
                String word = tla.substring(i, end);
                if (REFUSED.contains(word)) {
                    return Optional.empty();
                }
                boolean listed = c != '\\' && (prev == '[' || prev == ',');
                if (listed && colon.region(end, n).lookingAt()) {
                    return Optional.empty(); // a set of records [f : S], which this rewrite does not read
                }
                out.append(listed && maps.region(end, n).lookingAt() ? field(fields, word) : word); // [f |-> x]
                i = end;
            } else {
                out.append(c);
                i++;
            }
            prev = Character.isWhitespace(c) ? prev : tla.charAt(i - 1);
        }
        return Optional.of(withTable(out.toString(), codes, fields));
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** The index just after the name whose second character is at {@code from}. */
    private static int wordEnd(String s, int from) {
        int end = from;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        return end;
    }

    /** The short name of record field {@code name}: a, b, ..., z, aa, ab, ... in the order fields first appear. */
    private static String field(Map<String, String> fields, String name) {
        return fields.computeIfAbsent(name, k -> {
            StringBuilder sb = new StringBuilder();
            for (int k2 = fields.size() + 1; k2 > 0; k2 = (k2 - 1) / 26) {
                sb.insert(0, (char) ('a' + (k2 - 1) % 26));
            }
            return sb.toString();
        });
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

    /**
     * {@code tla} with a comment table of {@code codes} and {@code fields} before its closing {@code ====} line (or
     * at its end).
     */
    private static String withTable(String tla, Map<String, Integer> codes, Map<String, String> fields) {
        StringBuilder table = new StringBuilder();
        table.append("\\* Written by rpcheck for TLC's search (rpcheck.tla.CodedModule): the module as generated,\n")
                .append("\\* each string literal written as an integer:\n");
        codes.forEach((literal, code) -> table.append("\\*   ").append(code).append(" = ")
                .append(quoted(literal)).append('\n'));
        if (!fields.isEmpty()) {
            table.append("\\* and each record field by a short name:\n");
            fields.forEach((name, brief) -> table.append("\\*   ").append(brief).append(" = ").append(name)
                    .append('\n'));
        }
        int close = tla.lastIndexOf("\n====");
        if (close < 0) {
            return tla + (tla.endsWith("\n") ? "" : "\n") + table;
        }
        return tla.substring(0, close + 1) + table + tla.substring(close + 1);
    }
}
