package rpcheck.trace;

import java.util.LinkedHashMap;
import java.util.Map;

import rpcheck.tlc.TlaValue;

/** Lookups in TLC values whatever form TLC chose to print a function in (record, function, sequence). */
final class Values {
    private Values() {
    }

    /** {@code f[key]} for a record, a function with string keys, or an (empty) sequence; null if absent. */
    static TlaValue at(TlaValue f, String key) {
        if (f instanceof TlaValue.TlaRecord r) {
            return r.get(key);
        }
        if (f instanceof TlaValue.TlaFunction fn) {
            return fn.get(new TlaValue.TlaString(key));
        }
        return null;
    }

    /** The content of a string value, the text of any other value, or null for null. */
    static String string(TlaValue v) {
        if (v == null) {
            return null;
        }
        return v instanceof TlaValue.TlaString s ? s.value() : v.toTla();
    }

    /** A TLA+ string literal's content ({@code "LIVE"} -> LIVE); any other text as it is. */
    static String unquote(String tla) {
        return tla != null && tla.length() >= 2 && tla.startsWith("\"") && tla.endsWith("\"")
                ? tla.substring(1, tla.length() - 1) : tla;
    }

    /** The entries of a record or a function, keyed by field name or (unquoted) string key. */
    static Map<String, TlaValue> entries(TlaValue f) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        if (f instanceof TlaValue.TlaRecord r) {
            out.putAll(r.fields());
        } else if (f instanceof TlaValue.TlaFunction fn) {
            fn.mapping().forEach((k, v) -> out.put(string(k), v));
        }
        return out;
    }

    /**
     * Flattens nested records and functions into {@code path -> TLA+ text}. Keys of the top level are written
     * {@code [key]} when {@code indexTop} (rq, wk, lk, ev), field names {@code .field} otherwise (g, nested
     * records). Empty functions (TLC prints {@code <<>>}) contribute nothing.
     */
    static void flatten(String prefix, TlaValue v, boolean indexTop, Map<String, String> out) {
        boolean composite = v instanceof TlaValue.TlaRecord || v instanceof TlaValue.TlaFunction;
        boolean empty = v instanceof TlaValue.TlaSeq s && s.size() == 0;
        if (empty && indexTop) {
            return;
        }
        if (!composite) {
            out.put(prefix, v.toTla());
            return;
        }
        entries(v).forEach((k, child) -> flatten(indexTop ? prefix + "[" + k + "]" : prefix + "." + k, child, false,
                out));
    }
}
