package rpcheck.tlc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import rpcheck.tlc.TlaValue.TlaBool;
import rpcheck.tlc.TlaValue.TlaFunction;
import rpcheck.tlc.TlaValue.TlaInt;
import rpcheck.tlc.TlaValue.TlaModelValue;
import rpcheck.tlc.TlaValue.TlaRecord;
import rpcheck.tlc.TlaValue.TlaSeq;
import rpcheck.tlc.TlaValue.TlaSet;
import rpcheck.tlc.TlaValue.TlaString;

/**
 * Recursive-descent parser for values as TLC prints them (see {@link TlaValue}). Whitespace, including the
 * line breaks and indentation TLC inserts when it wraps long values, is insignificant.
 *
 * <pre>
 * value    := atom [ ".." atom ]                      (integer interval, enumerated into a set)
 * atom     := int | string | TRUE | FALSE | ident
 *           | "&lt;&lt;" [ value { "," value } ] "&gt;&gt;"
 *           | "{" [ value { "," value } ] "}"
 *           | "[" ident "|-&gt;" value { "," ident "|-&gt;" value } "]"
 *           | "(" value ":&gt;" value { "@@" value ":&gt;" value } ")"
 *           | "(" value ")"
 * </pre>
 *
 * Instances are not reused; the class is stateless from the caller's point of view.
 */
public final class TlaValueParser {

    /** TLA+ identifier syntax: letters, digits and underscores, with at least one letter. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*");

    /** Intervals larger than this are rejected rather than enumerated (TLC's default maxSetSize). */
    static final long MAX_INTERVAL_SIZE = 1_000_000;

    private final String text;
    private int pos;

    private TlaValueParser(String text) {
        this.text = text;
    }

    /**
     * Parses one complete value.
     *
     * @throws IllegalArgumentException with the offset, line and column of the problem if {@code text} is
     *                                  not a well-formed value (or has trailing input)
     */
    public static TlaValue parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("TLA+ value parse error: input is null");
        }
        TlaValueParser p = new TlaValueParser(text);
        p.skipWs();
        TlaValue v = p.value();
        p.skipWs();
        if (p.pos < text.length()) {
            throw p.error("unexpected trailing input");
        }
        return v;
    }

    private TlaValue value() {
        int start = pos;
        TlaValue v = atom();
        skipWs();
        if (lookingAt("..")) {
            if (!(v instanceof TlaInt lo)) {
                pos = start;
                throw error("'..' must follow an integer");
            }
            pos += 2;
            skipWs();
            int hiPos = pos;
            TlaValue h = atom();
            if (!(h instanceof TlaInt hi)) {
                pos = hiPos;
                throw error("'..' must be followed by an integer");
            }
            return interval(lo.value(), hi.value(), start);
        }
        return v;
    }

    private TlaValue interval(BigInteger lo, BigInteger hi, int start) {
        List<TlaValue> elems = new ArrayList<>();
        if (lo.compareTo(hi) <= 0) {
            BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
            if (size.compareTo(BigInteger.valueOf(MAX_INTERVAL_SIZE)) > 0) {
                pos = start;
                throw error("interval " + lo + ".." + hi + " has more than " + MAX_INTERVAL_SIZE + " elements");
            }
            for (BigInteger i = lo; i.compareTo(hi) <= 0; i = i.add(BigInteger.ONE)) {
                elems.add(new TlaInt(i));
            }
        }
        return new TlaSet(elems);
    }

    private TlaValue atom() {
        if (pos >= text.length()) {
            throw error("expected a value but found end of input");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (lookingAt("<<")) {
            pos += 2;
            return new TlaSeq(list(">>", "'>>'"));
        }
        if (c == '{') {
            pos++;
            return new TlaSet(list("}", "'}'"));
        }
        if (c == '[') {
            return record();
        }
        if (c == '(') {
            return parenthesised();
        }
        if (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            pos++;
            return new TlaInt(unsignedInt().negate());
        }
        if (isWordChar(c)) {
            int start = pos;
            String word = word();
            if (word.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return new TlaInt(new BigInteger(word));
            }
            if (!IDENTIFIER.matcher(word).matches()) {
                pos = start;
                throw error("malformed identifier '" + word + "'");
            }
            return switch (word) {
                case "TRUE" -> TlaBool.TRUE;
                case "FALSE" -> TlaBool.FALSE;
                default -> new TlaModelValue(word);
            };
        }
        throw error("expected a value");
    }

    /** Comma-separated values up to (and including) the closing token. The opening token is consumed. */
    private List<TlaValue> list(String close, String closeName) {
        List<TlaValue> out = new ArrayList<>();
        skipWs();
        if (lookingAt(close)) {
            pos += close.length();
            return out;
        }
        while (true) {
            out.add(value());
            skipWs();
            if (lookingAt(",")) {
                pos++;
                skipWs();
            } else if (lookingAt(close)) {
                pos += close.length();
                return out;
            } else {
                throw error("expected ',' or " + closeName);
            }
        }
    }

    private TlaValue record() {
        int open = pos;
        pos++; // [
        skipWs();
        if (lookingAt("]")) {
            throw error("empty record '[]' is not a TLA+ value");
        }
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        while (true) {
            int fieldPos = pos;
            if (pos >= text.length() || !isWordChar(text.charAt(pos))) {
                throw error("expected a record field name");
            }
            String name = word();
            if (!IDENTIFIER.matcher(name).matches()) {
                pos = fieldPos;
                throw error("malformed record field name '" + name + "'");
            }
            skipWs();
            if (!lookingAt("|->")) {
                if (lookingAt("\\in")) {
                    pos = open;
                    throw error("function constructor [x \\in S |-> e] is not supported (TLC does not print"
                            + " state values this way)");
                }
                throw error("expected '|->' after record field '" + name + "'");
            }
            pos += 3;
            skipWs();
            TlaValue v = value();
            if (fields.putIfAbsent(name, v) != null) {
                pos = fieldPos;
                throw error("duplicate record field '" + name + "'");
            }
            skipWs();
            if (lookingAt(",")) {
                pos++;
                skipWs();
            } else if (lookingAt("]")) {
                pos++;
                return new TlaRecord(fields);
            } else {
                throw error("expected ',' or ']' in record");
            }
        }
    }

    private TlaValue parenthesised() {
        pos++; // (
        skipWs();
        TlaValue first = value();
        skipWs();
        if (lookingAt(")")) {
            pos++;
            return first;
        }
        Map<TlaValue, TlaValue> mapping = new LinkedHashMap<>();
        TlaValue key = first;
        while (true) {
            if (!lookingAt(":>")) {
                throw error("expected ':>' or ')'");
            }
            pos += 2;
            skipWs();
            TlaValue v = value();
            if (mapping.putIfAbsent(key, v) != null) {
                throw error("duplicate function key " + key.toTla());
            }
            skipWs();
            if (lookingAt(")")) {
                pos++;
                return new TlaFunction(mapping);
            }
            if (!lookingAt("@@")) {
                throw error("expected '@@' or ')' in function");
            }
            pos += 2;
            skipWs();
            key = value();
            skipWs();
        }
    }

    private TlaValue string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return new TlaString(sb.toString());
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                default -> {
                    pos -= 2;
                    throw error("unknown string escape '\\" + e + "'");
                }
            }
        }
    }

    private BigInteger unsignedInt() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && isWordChar(text.charAt(pos))) {
            pos = start;
            throw error("malformed number");
        }
        return new BigInteger(text.substring(start, pos));
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean lookingAt(String s) {
        return text.startsWith(s, pos);
    }

    private void skipWs() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String found = pos >= text.length() ? "end of input"
                : "'" + abbreviate(text.substring(pos, Math.min(text.length(), pos + 20))) + "'";
        return new IllegalArgumentException("TLA+ value parse error at offset " + pos + " (line " + line + ", column "
                + col + "): " + what + "; found " + found + " in: " + abbreviate(text));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
