package rpcheck.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.diag.Diagnostic;
import rpcheck.render.Counterexample;
import rpcheck.render.JsonRenderer;
import rpcheck.render.Renderings;

/**
 * Builds the JSON report (README.md, "JSON output"). Objects are built field by field, so the format does not
 * follow renames of the Java records; a violated property carries the same counterexample fields as
 * trace.json ({@link JsonRenderer#body}, schema docs/trace-schema.json).
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
        ObjectNode per = o.putObject("propertyBounds");
        v.propertyBounds().forEach((p, over) -> {
            if (!over.isEmpty()) {
                ObjectNode b = per.putObject(p);
                over.forEach(b::put);
            }
        });
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

    /**
     * A spec, or a whole command (variant and spec null), stopped by an error that is no diagnostic: a usage error
     * (exit 2), a file rpcheck would not overwrite (65), a failed write (70); its message instead of properties.
     */
    ObjectNode error(String variant, String spec, String message) {
        ObjectNode o = mapper.createObjectNode();
        o.put("variant", variant);
        o.put("spec", spec);
        o.put("error", message);
        o.putArray("diagnostics");
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
        if (r.status() == PropertyResult.Status.ERROR || r.status() == PropertyResult.Status.NOT_APPLICABLE
                || r.status() == PropertyResult.Status.NO_VIOLATION_FOUND) {
            o.put("message", r.message());
        }
        if (r.cached()) {
            o.put("cached", true);
        }
        if (r.workDir() != null) {
            o.put("workDir", r.workDir().toString());
        }
        if (r.trace() != null) {
            JsonRenderer.body(o, r.trace());
        }
        return o;
    }

    /** The files of a violated property's counterexample (trace.json is {@link JsonRenderer}'s document). */
    Map<String, String> traceFiles(String variant, PropertyResult r) {
        return Renderings.files(new Counterexample(variant, r.trace()));
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
