package rpcheck.render;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.trace.Statement;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The counterexample as JSON: schema {@code docs/trace-schema.json}, version {@value #SCHEMA_VERSION}. Objects
 * are built field by field, so renaming a Java record does not change the format. The {@code graphs} part is
 * derived from the rest; {@link TraceJsonReader} reads everything else back into the same {@link Trace}.
 */
public final class JsonRenderer {
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRenderer() {
    }

    /** The whole trace.json document: schema version, variant, property, trace, explanation and both graphs. */
    public static ObjectNode document(Counterexample cx) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("variant", cx.variant());
        o.put("property", cx.trace().property().displayName());
        o.put("liveness", cx.trace().property().liveness());
        body(o, cx.trace());
        ObjectNode graphs = o.putObject("graphs");
        LaneGraph lanes = LaneGraph.of(cx.trace());
        graphs.set("lanes", lanes(lanes));
        ArrayNode wf = graphs.putArray("waitfor");
        List<TraceStep> steps = cx.trace().steps();
        for (TraceStep s : steps) {
            boolean last = s.number() == steps.size();
            WaitForGraph g = WaitForGraph.atStep(cx.trace(), s.number());
            if (!g.isEmpty() || last) {
                wf.add(waitFor(g, last));
            }
        }
        return o;
    }

    /** The document as text: two-space indentation, {@code \n} line ends, a final newline. */
    public static String render(Counterexample cx) {
        return write(document(cx));
    }

    /** Any JSON tree in the same layout as trace.json. */
    public static String write(Object node) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(pp).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("internal error: cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The fields that describe a counterexample, added to {@code o}: {@code steps}, {@code loopsTo},
     * {@code offender}, {@code position}, {@code chain}, {@code explanation}, {@code trace}. {@code check --json}
     * uses the same fields in each violated property.
     */
    public static void body(ObjectNode o, Trace t) {
        Explanation e = t.explanation();
        o.put("steps", t.steps().size());
        if (t.loopsTo() == null) {
            o.putNull("loopsTo");
        } else {
            o.put("loopsTo", t.loopsTo());
        }
        o.put("offender", e.offender());
        o.put("position", e.position());
        strings(o.putArray("chain"), e.chain());
        calledAt(o, e.calledAt());
        ObjectNode ex = o.putObject("explanation");
        ArrayNode waits = ex.putArray("waits");
        e.waits().forEach(w -> waits.add(wait(w, true)));
        ArrayNode cycle = ex.putArray("cycle");
        e.cycle().forEach(w -> cycle.add(wait(w, true)));
        strings(ex.putArray("notes"), e.notes());
        ArrayNode keys = ex.putArray("keySteps");
        e.keySteps().forEach(keys::add);
        ArrayNode trace = o.putArray("trace");
        t.steps().forEach(s -> trace.add(step(s)));
    }

    private static ObjectNode step(TraceStep s) {
        ObjectNode o = MAPPER.createObjectNode();
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
        ArrayNode in = o.putArray("inner");
        for (Statement st : s.inner()) {
            ObjectNode n = in.addObject();
            n.put("text", st.text());
            n.put("position", st.position());
            strings(n.putArray("chain"), st.chain());
        }
        return o;
    }

    /** Where the spec calls each function of the chain before it (null: not a call in the spec); none if unknown. */
    private static void calledAt(ObjectNode o, List<String> sites) {
        if (!sites.isEmpty()) {
            ArrayNode a = o.putArray("calledAt");
            sites.forEach(p -> {
                if (p.isEmpty()) {
                    a.addNull();
                } else {
                    a.add(p);
                }
            });
        }
    }

    /** A wait; the explanation's also carry their sentence. */
    private static ObjectNode wait(Wait w, boolean text) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("context", w.context());
        o.put("kind", w.kind().word());
        o.put("on", w.on());
        o.put("holder", w.holder());
        o.put("label", w.label());
        strings(o.putArray("chain"), w.chain());
        o.put("position", w.position());
        if (text) { // the explanation's (a step's waits leave them out: the same chains at every step)
            calledAt(o, w.calledAt());
        }
        if (text) {
            o.put("text", w.describe());
        }
        return o;
    }

    private static ObjectNode lanes(LaneGraph g) {
        ObjectNode o = MAPPER.createObjectNode();
        strings(o.putArray("lanes"), g.lanes());
        strings(o.putArray("involved"), Projection.involved(g));
        ArrayNode nodes = o.putArray("nodes");
        for (LaneGraph.Node n : g.nodes()) {
            nodes.addObject().put("id", n.id()).put("step", n.step()).put("lane", n.lane());
        }
        ArrayNode edges = o.putArray("edges");
        for (LaneGraph.Edge e : g.edges()) {
            edges.addObject().put("kind", e.kind().id()).put("from", e.from()).put("to", e.to())
                    .put("label", e.label());
        }
        return o;
    }

    private static ObjectNode waitFor(WaitForGraph g, boolean last) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("step", g.step());
        o.put("final", last);
        ArrayNode nodes = o.putArray("nodes");
        for (WaitForGraph.Node n : g.nodes()) {
            nodes.addObject().put("id", n.id()).put("kind", n.kind().id()).put("name", n.name())
                    .put("label", n.label()).put("onCycle", g.onCycle(n));
        }
        ArrayNode edges = o.putArray("edges");
        for (WaitForGraph.Edge e : g.edges()) {
            edges.addObject().put("kind", e.kind().id()).put("from", g.source(e).id()).put("to", g.target(e).id())
                    .put("label", e.label()).put("onCycle", g.onCycle(e));
        }
        return o;
    }

    private static void strings(ArrayNode a, List<String> items) {
        items.forEach(a::add);
    }
}
