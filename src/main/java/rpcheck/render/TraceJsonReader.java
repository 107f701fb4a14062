package rpcheck.render;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rpcheck.model.prims.WaitKind;
import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.trace.Statement;
import rpcheck.model.Property;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * Reads a trace.json (schema version {@value JsonRenderer#SCHEMA_VERSION}) back into a {@link Counterexample},
 * so it can be rendered again without TLC. The derived {@code graphs} are ignored. Every problem is an
 * {@link Invalid} naming the file and where: {@code file:line:col} for malformed JSON, the JSON pointer of the
 * offending value otherwise.
 */
public final class TraceJsonReader {
    /** Rejects what follows the document ("trailing garbage"), and duplicate keys. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The kinds of a wait (see {@link Wait}). */
    private static final java.util.Set<String> WAIT_KINDS = java.util.Set.of("work", "lock", "request", "cond");

    /** The input is not a trace.json this version of rpcheck can read. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private final String file;

    private TraceJsonReader(String file) {
        this.file = file;
    }

    /** Parses {@code json}; {@code file} names it in messages. */
    public static Counterexample read(String json, String file) throws Invalid {
        return new TraceJsonReader(file).read(json);
    }

    private Counterexample read(String json) throws Invalid {
        if (json.isBlank()) { // Jackson reads no value and no error: say where the value was expected
            int line = (int) json.chars().filter(c -> c == '\n').count() + 1;
            int col = json.length() - (json.lastIndexOf('\n') + 1) + 1;
            throw new Invalid(file + ":" + line + ":" + col + ": error: malformed JSON: "
                    + (json.isEmpty() ? "the file is empty" : "the file holds only white space")
                    + " (a trace.json written by rpcheck is a JSON object)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new Invalid(where + ": error: malformed JSON: " + printable(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw bad("", "expected a JSON object (a trace.json written by rpcheck)");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw bad("/schemaVersion", "missing or not an integer: this is not a trace.json written by rpcheck");
        }
        if (version.asInt() != JsonRenderer.SCHEMA_VERSION) {
            throw bad("/schemaVersion", "schema version " + version.asInt() + " is not supported (this rpcheck"
                    + " reads version " + JsonRenderer.SCHEMA_VERSION + ")");
        }
        String variant = string(root, "variant", "", false);
        String name = string(root, "property", "", false);
        Property property = Property.byName(name).orElseThrow(() -> bad("/property",
                "unknown property '" + printable(name) + "' (known: " + String.join(", ", Property.names()) + ")"));
        List<TraceStep> steps = new ArrayList<>();
        JsonNode trace = array(root, "trace", "");
        if (trace.isEmpty()) {
            throw bad("/trace", "a counterexample has at least one step");
        }
        for (int i = 0; i < trace.size(); i++) {
            steps.add(step(trace.get(i), "/trace/" + i, i + 1));
        }
        JsonNode loops = root.get("loopsTo");
        Integer loopsTo = null;
        if (loops != null && !loops.isNull()) {
            if (!loops.isInt() || loops.asInt() < 0 || loops.asInt() >= Math.max(1, steps.size())) {
                throw bad("/loopsTo", "expected null or a step number below " + Math.max(1, steps.size()));
            }
            loopsTo = loops.asInt();
        }
        return new Counterexample(variant, new Trace(property, steps, explanation(root), loopsTo));
    }

    private Explanation explanation(JsonNode root) throws Invalid {
        JsonNode ex = object(root, "explanation", "");
        List<Integer> keys = new ArrayList<>();
        JsonNode k = ex.get("keySteps");
        if (k != null) { // absent in a trace.json written before key steps were named
            if (!k.isArray()) {
                throw bad("/explanation/keySteps", "expected an array");
            }
            for (int i = 0; i < k.size(); i++) {
                if (!k.get(i).isInt() || k.get(i).asInt() < 1) {
                    throw bad("/explanation/keySteps/" + i, "expected a step number");
                }
                keys.add(k.get(i).asInt());
            }
        }
        List<String> chain = strings(root, "chain", "");
        return new Explanation(string(root, "offender", "", true), string(root, "position", "", true),
                chain, waits(ex, "waits", "/explanation"), strings(ex, "notes", "/explanation"),
                waits(ex, "cycle", "/explanation"), keys, calledAt(root, "", chain.size()));
    }

    private TraceStep step(JsonNode s, String at, int expected) throws Invalid {
        if (!s.isObject()) {
            throw bad(at, "expected a step object");
        }
        JsonNode n = s.get("step");
        if (n == null || !n.isInt() || n.asInt() != expected) {
            throw bad(at + "/step", "expected step number " + expected);
        }
        List<Change> changes = new ArrayList<>();
        JsonNode ch = array(s, "changes", at);
        for (int i = 0; i < ch.size(); i++) {
            String p = at + "/changes/" + i;
            changes.add(new Change(string(ch.get(i), "path", p, false), string(ch.get(i), "from", p, true),
                    string(ch.get(i), "to", p, true)));
        }
        List<Statement> inner = new ArrayList<>();
        if (s.get("inner") != null) { // absent in a trace.json written before steps listed their statements
            JsonNode in = array(s, "inner", at);
            for (int i = 0; i < in.size(); i++) {
                String p = at + "/inner/" + i;
                if (!in.get(i).isObject()) {
                    throw bad(p, "expected a statement object");
                }
                inner.add(new Statement(string(in.get(i), "text", p, false), string(in.get(i), "position", p, true),
                        strings(in.get(i), "chain", p)));
            }
        }
        return new TraceStep(expected, string(s, "context", at, false), string(s, "action", at, false),
                string(s, "kind", at, false), string(s, "text", at, false), string(s, "position", at, true),
                strings(s, "chain", at), changes, waits(s, "waiting", at), inner);
    }

    private List<Wait> waits(JsonNode parent, String field, String at) throws Invalid {
        JsonNode a = array(parent, field, at);
        List<Wait> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String p = at + "/" + field + "/" + i;
            JsonNode w = a.get(i);
            if (!w.isObject()) {
                throw bad(p, "expected a wait object");
            }
            String word = string(w, "kind", p, false);
            WaitKind kind = WaitKind.of(word);
            if (kind == null) {
                throw bad(p + "/kind", "unknown wait kind '" + printable(word) + "' (known: " + String.join(", ",
                        java.util.Arrays.stream(WaitKind.values()).map(WaitKind::word).toList()) + ")");
            }
            List<String> chain = strings(w, "chain", p);
            out.add(new Wait(string(w, "context", p, false), kind, string(w, "on", p, false),
                    string(w, "holder", p, true), string(w, "label", p, false), chain,
                    w.has("position") ? string(w, "position", p, true) : null, // absent before it was recorded
                    calledAt(w, p, chain.size())));
        }
        return out;
    }

    /** {@code calledAt} beside a chain of {@code size} functions (null entries as ""); absent: empty. */
    private List<String> calledAt(JsonNode parent, String at, int size) throws Invalid {
        JsonNode a = parent.get("calledAt");
        if (a == null) { // absent in a trace.json written before call sites were recorded, or with none
            return List.of();
        }
        if (!a.isArray() || a.size() != size) {
            throw bad(at + "/calledAt", "expected an array beside chain (" + size + " entries)");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).isNull()) {
                out.add("");
            } else if (a.get(i).isTextual() && !a.get(i).asText().isEmpty()) {
                out.add(a.get(i).asText());
            } else {
                throw bad(at + "/calledAt/" + i, "expected a position (file:line:col) or null");
            }
        }
        return out;
    }

    private String string(JsonNode parent, String field, String at, boolean nullable) throws Invalid {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || v.isNull()) {
            if (nullable && v != null) {
                return null;
            }
            throw bad(at + "/" + field, v == null ? "missing" : "must not be null");
        }
        if (!v.isTextual()) {
            throw bad(at + "/" + field, "expected a string");
        }
        return v.asText();
    }

    private List<String> strings(JsonNode parent, String field, String at) throws Invalid {
        JsonNode a = array(parent, field, at);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw bad(at + "/" + field + "/" + i, "expected a string");
            }
            out.add(a.get(i).asText());
        }
        return out;
    }

    private JsonNode array(JsonNode parent, String field, String at) throws Invalid {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || !v.isArray()) {
            throw bad(at + "/" + field, v == null ? "missing" : "expected an array");
        }
        return v;
    }

    private JsonNode object(JsonNode parent, String field, String at) throws Invalid {
        JsonNode v = parent.get(field);
        if (v == null || !v.isObject()) {
            throw bad(at + "/" + field, v == null ? "missing" : "expected an object");
        }
        return v;
    }

    /** A value quoted in a message: control characters escaped, cut to 80 characters. */
    private static String printable(String s) {
        return rpcheck.diag.DiagnosticRenderer.escape(s, 80);
    }

    private Invalid bad(String pointer, String message) {
        return new Invalid(file + ": error: " + (pointer.isEmpty() ? "" : pointer + ": ") + message);
    }
}
