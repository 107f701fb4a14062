package rpcheck.tlc;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TLA+ value as TLC prints it in traces. Parse one with {@link TlaValueParser#parse(String)}; print it
 * back with {@link #toTla()}, which is deterministic (element order is kept exactly as parsed, which is
 * TLC's own canonical order).
 *
 * <p>Notes on how TLC 2.18 prints values, and how they map here:
 * <ul>
 * <li>A function whose domain is {@code 1..n} is printed as a sequence {@code <<a, b>>}, so it parses to
 * {@link TlaSeq}; the empty function/sequence is printed {@code << >>} and parses to an empty {@link TlaSeq}.</li>
 * <li>A function whose domain is a set of identifier-like strings is printed as a record
 * {@code [a |-> 1]} and parses to {@link TlaRecord}.</li>
 * <li>Any other function is printed {@code (k1 :> v1 @@ k2 :> v2)} and parses to {@link TlaFunction}.</li>
 * <li>An integer interval held in a variable is printed {@code lo..hi}; it parses to the equal, enumerated
 * {@link TlaSet}.</li>
 * <li>Model values (and the names of un-enumerable sets such as {@code Nat}) are bare identifiers and parse
 * to {@link TlaModelValue}.</li>
 * </ul>
 * Equality of the records below is structural; for {@link TlaSet} and {@link TlaSeq} it is order-sensitive
 * (TLC prints set elements in a canonical order, so equal sets print equally).
 */
public sealed interface TlaValue
        permits TlaValue.TlaInt, TlaValue.TlaBool, TlaValue.TlaString, TlaValue.TlaModelValue, TlaValue.TlaSeq,
        TlaValue.TlaSet, TlaValue.TlaRecord, TlaValue.TlaFunction {

    /** This value in TLA+ syntax, on one line. */
    String toTla();

    /** An integer (TLC's integers are 32-bit, but nothing here depends on that). */
    record TlaInt(BigInteger value) implements TlaValue {
        public TlaInt {
            Objects.requireNonNull(value, "value");
        }

        public TlaInt(long value) {
            this(BigInteger.valueOf(value));
        }

        /** The value as a long; throws {@link ArithmeticException} if it does not fit. */
        public long longValue() {
            return value.longValueExact();
        }

        @Override
        public String toTla() {
            return value.toString();
        }
    }

    record TlaBool(boolean value) implements TlaValue {
        public static final TlaBool TRUE = new TlaBool(true);
        public static final TlaBool FALSE = new TlaBool(false);

        @Override
        public String toTla() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** A string; {@link #value()} is the unescaped content. */
    record TlaString(String value) implements TlaValue {
        public TlaString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toTla() {
            StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    case '\f' -> sb.append("\\f");
                    default -> sb.append(c);
                }
            }
            return sb.append('"').toString();
        }
    }

    /** A model value (or any other bare identifier TLC prints). */
    record TlaModelValue(String name) implements TlaValue {
        public TlaModelValue {
            requireIdentifier(name);
        }

        @Override
        public String toTla() {
            return name;
        }
    }

    /** A sequence (tuple), i.e. a function with domain {@code 1..n}. */
    record TlaSeq(List<TlaValue> elements) implements TlaValue {
        public TlaSeq {
            elements = List.copyOf(elements);
        }

        public TlaValue get(int oneBasedIndex) {
            return elements.get(oneBasedIndex - 1);
        }

        public int size() {
            return elements.size();
        }

        @Override
        public String toTla() {
            return elements.isEmpty() ? "<<>>" : "<<" + join(elements) + ">>";
        }
    }

    /** A finite set, elements in TLC's printed order. */
    record TlaSet(List<TlaValue> elements) implements TlaValue {
        public TlaSet {
            elements = List.copyOf(elements);
        }

        public boolean contains(TlaValue v) {
            return elements.contains(v);
        }

        public int size() {
            return elements.size();
        }

        @Override
        public String toTla() {
            return "{" + join(elements) + "}";
        }
    }

    /** A record; field order is kept as printed. The map is unmodifiable. */
    record TlaRecord(Map<String, TlaValue> fields) implements TlaValue {
        public TlaRecord {
            fields = frozenCopy(fields);
            fields.keySet().forEach(TlaValue::requireIdentifier);
        }

        public TlaValue get(String field) {
            return fields.get(field);
        }

        @Override
        public String toTla() {
            if (fields.isEmpty()) {
                return "<<>>"; // a record with no fields is the empty function
            }
            StringBuilder sb = new StringBuilder("[");
            Iterator<Map.Entry<String, TlaValue>> it = fields.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, TlaValue> e = it.next();
                sb.append(e.getKey()).append(" |-> ").append(e.getValue().toTla());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append(']').toString();
        }
    }

    /** A function printed as {@code (k1 :> v1 @@ k2 :> v2)}; entry order is kept as printed. Unmodifiable. */
    record TlaFunction(Map<TlaValue, TlaValue> mapping) implements TlaValue {
        public TlaFunction {
            mapping = frozenCopy(mapping);
        }

        public TlaValue get(TlaValue key) {
            return mapping.get(key);
        }

        @Override
        public String toTla() {
            if (mapping.isEmpty()) {
                return "<<>>"; // the empty function
            }
            StringBuilder sb = new StringBuilder("(");
            Iterator<Map.Entry<TlaValue, TlaValue>> it = mapping.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<TlaValue, TlaValue> e = it.next();
                sb.append(e.getKey().toTla()).append(" :> ").append(e.getValue().toTla());
                if (it.hasNext()) {
                    sb.append(" @@ ");
                }
            }
            return sb.append(')').toString();
        }
    }

    /** TLA+ identifier syntax: letters, digits and underscores, with at least one letter. */
    static boolean isIdentifier(String s) {
        return s != null && TlaValueParser.IDENTIFIER.matcher(s).matches();
    }

    private static void requireIdentifier(String s) {
        if (!isIdentifier(s)) {
            throw new IllegalArgumentException("not a TLA+ identifier: " + (s == null ? "null" : "'" + s + "'"));
        }
    }

    private static String join(List<TlaValue> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(values.get(i).toTla());
        }
        return sb.toString();
    }

    private static <K, V> Map<K, V> frozenCopy(Map<K, V> m) {
        LinkedHashMap<K, V> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return Collections.unmodifiableMap(copy);
    }
}
