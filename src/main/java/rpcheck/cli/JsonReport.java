package rpcheck.cli;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.diag.Diagnostic;
import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * Builds the JSON report (schema in README.md, "JSON output"). Objects are built field by field, so the
 * schema does not follow renames of the Java records.
 */
final class JsonReport {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode variant(VariantResult v) {
        ObjectNode o = mapper.createObjectNode();
        o.put("variant", v.variant());
        o.put("spec", v.spec());
        o.put("title", v.title());
        ObjectNode bounds = o.putObject("bounds");
        v.bounds().forEach(bounds::put);
        ArrayNode props = o.putArray("properties");
        v.results().forEach(r -> props.add(property(r)));
        return o;
    }

    /** A spec that did not compile: its diagnostics instead of properties. */
    ObjectNode failed(String variant, String spec, List<Diagnostic> diags) {
        ObjectNode o = mapper.createObjectNode();
        o.put("variant", variant);
        o.put("spec", spec);
        o.put("error", "the spec has errors");
        ArrayNode a = o.putArray("diagnostics");
        for (Diagnostic d : diags) {
            ObjectNode n = a.addObject();
            n.put("position", d.span().position());
            n.put("severity", d.severity().label());
            n.put("code", d.code().code());
            n.put("message", d.message());
        }
        o.putArray("properties");
        return o;
    }

    ObjectNode property(PropertyResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", r.property().displayName());
        o.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        if (r.distinctStates() != null) {
            o.put("distinctStates", r.distinctStates());
        } else {
            o.putNull("distinctStates");
        }
        if (r.status() == PropertyResult.Status.ERROR || r.status() == PropertyResult.Status.NOT_APPLICABLE) {
            o.put("message", r.message());
        }
        if (r.workDir() != null) {
            o.put("workDir", r.workDir().toString());
        }
        if (r.trace() != null) {
            Explanation e = r.trace().explanation();
            o.put("steps", r.trace().steps().size());
            o.put("offender", e.offender());
            o.put("position", e.position());
            strings(o.putArray("chain"), e.chain());
            ObjectNode ex = o.putObject("explanation");
            ArrayNode waits = ex.putArray("waits");
            e.waits().forEach(w -> waits.add(wait(w, true)));
            strings(ex.putArray("notes"), e.notes());
            ArrayNode trace = o.putArray("trace");
            r.trace().steps().forEach(s -> trace.add(step(s)));
        }
        return o;
    }

    private ObjectNode step(TraceStep s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("step", s.number());
        o.put("context", s.context());
        o.put("action", s.action());
        o.put("kind", s.kind());
        o.put("text", s.text());
        o.put("position", s.position());
        strings(o.putArray("chain"), s.chain());
        ArrayNode ch = o.putArray("changes");
        for (Change c : s.changes()) {
            ObjectNode n = ch.addObject();
            n.put("path", c.path());
            n.put("from", c.before());
            n.put("to", c.after());
        }
        ArrayNode w = o.putArray("waiting");
        s.waiting().forEach(x -> w.add(wait(x, false)));
        return o;
    }

    /** A wait; with its sentence and call chain in the explanation, without them in every trace step. */
    private ObjectNode wait(Wait w, boolean full) {
        ObjectNode o = mapper.createObjectNode();
        o.put("context", w.context());
        o.put("kind", w.kind());
        o.put("on", w.on());
        o.put("holder", w.holder());
        if (full) {
            o.put("text", w.describe());
            strings(o.putArray("chain"), w.chain());
        }
        return o;
    }

    private static void strings(ArrayNode a, List<String> items) {
        items.forEach(a::add);
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    String write(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("internal error: cannot write JSON: " + e.getMessage(), e);
        }
    }
}
