package rpcheck.view;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.render.Counterexample;
import rpcheck.tlc.TlaValue;
import rpcheck.tlc.TlaValueParser;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;

/**
 * A counterexample in the Informal Trace Format (Apalache ADR-015), {@code trace.itf.json}, for the ITF viewers
 * of VS Code and Quint: {@code #meta}, {@code vars}, {@code states} and, for a lasso, {@code loop}. State
 * {@code i} is the state after step {@code i} (0: the initial state); its {@code #meta} names the step that led
 * to it: action, context, kind, text, DSL position and kernel call chain. Values: TLA+ sets are
 * {@code {"#set": [...]}}, functions (the {@code [key]} of a path, and TLC's {@code k :> v} functions)
 * {@code {"#map": [[k, v], ...]}}, records JSON objects, sequences arrays, integers numbers or
 * {@code {"#bigint": "..."}} beyond 2^53. Only the components the trace changes are in the states (a
 * trace.json records changes; see {@link StateTimeline}).
 *
 * <p>A lasso's last step leads back to the state of step {@code loopsTo}; in ITF the state after the last one
 * is the state at index {@code loop}, so the states end with the one before the last step, and that state's
 * {@code #meta} holds the last step under {@code loopStep}.
 */
public final class ItfWriter {
    /** The file name beside trace.json. */
    public static final String FILE = "trace.itf.json";
    /** Part of the description in every file written here; the view command overwrites only such files. */
    static final String SIGNATURE = "written by rpcheck from trace.json";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);

    private ItfWriter() {
    }

    public static String write(Counterexample cx, String source) {
        Trace t = cx.trace();
        StateTimeline st = StateTimeline.of(t);
        ObjectNode root = F.objectNode();
        ObjectNode meta = root.putObject("#meta");
        meta.put("format", "ITF");
        meta.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.put("source", source);
        meta.put("description", cx.title() + ": " + t.steps().size() + " steps, " + SIGNATURE);
        meta.put("variant", cx.variant());
        meta.put("property", t.property().displayName());
        Set<String> vars = new LinkedHashSet<>();
        st.paths().forEach(p -> vars.add(StateTimeline.variable(p)));
        ArrayNode varsNode = root.putArray("vars");
        vars.forEach(varsNode::add);
        int n = t.steps().size();
        int last = t.isLasso() ? n - 1 : n;
        ArrayNode states = root.putArray("states");
        for (int i = 0; i <= last; i++) {
            ObjectNode s = states.addObject();
            ObjectNode m = s.putObject("#meta");
            m.put("index", i);
            if (i == 0) {
                m.put("action", "Init");
                m.put("text", "the initial state");
            } else {
                step(m, t.steps().get(i - 1));
            }
            if (t.isLasso() && i == last) {
                step(m.putObject("loopStep"), t.steps().get(n - 1));
                m.put("loopText", t.loopText());
            }
            for (String v : vars) {
                s.set(v, variable(st, i, v));
            }
        }
        if (t.isLasso()) {
            root.put("loop", t.loopsTo());
        }
        return Json.pretty(root);
    }

    private static void step(ObjectNode m, TraceStep s) {
        m.put("step", s.number());
        m.put("action", s.action());
        m.put("context", s.context());
        m.put("kind", s.kind());
        m.put("text", s.text());
        if (s.position() == null) {
            m.putNull("position");
        } else {
            m.put("position", s.position());
        }
        ArrayNode chain = m.putArray("chain");
        s.chain().forEach(chain::add);
    }

    /** One variable's value: its components as nested records and #map entries. */
    private static JsonNode variable(StateTimeline st, int step, String var) {
        JsonNode root = null;
        for (String p : st.paths()) {
            List<StateTimeline.Segment> segs = StateTimeline.segments(p);
            if (!segs.get(0).name().equals(var)) {
                continue;
            }
            String text = st.value(step, p);
            if (text == null) {
                continue;
            }
            JsonNode value = value(text);
            if (segs.size() == 1) {
                root = value;
                continue;
            }
            if (root == null || !root.isObject()) {
                root = container(segs.get(1));
            }
            put((ObjectNode) root, segs, 1, value);
        }
        return root == null ? F.objectNode() : root;
    }

    private static ObjectNode container(StateTimeline.Segment next) {
        ObjectNode o = F.objectNode();
        if (next.entry()) {
            o.putArray("#map");
        }
        return o;
    }

    private static void put(ObjectNode node, List<StateTimeline.Segment> segs, int i, JsonNode value) {
        StateTimeline.Segment seg = segs.get(i);
        boolean leaf = i == segs.size() - 1;
        if (seg.entry()) {
            ArrayNode map = node.has("#map") ? (ArrayNode) node.get("#map") : node.putArray("#map");
            JsonNode key = key(seg.name());
            for (JsonNode pair : map) {
                if (pair.get(0).equals(key)) {
                    if (leaf) {
                        ((ArrayNode) pair).set(1, value);
                    } else {
                        put((ObjectNode) pair.get(1), segs, i + 1, value);
                    }
                    return;
                }
            }
            ArrayNode pair = map.addArray();
            pair.add(key);
            if (leaf) {
                pair.add(value);
            } else {
                ObjectNode child = container(segs.get(i + 1));
                pair.add(child);
                put(child, segs, i + 1, value);
            }
            return;
        }
        if (leaf) {
            node.set(seg.name(), value);
            return;
        }
        JsonNode child = node.get(seg.name());
        if (child == null || !child.isObject()) {
            child = container(segs.get(i + 1));
            node.set(seg.name(), child);
        }
        put((ObjectNode) child, segs, i + 1, value);
    }

    /** A key inside brackets: a TLA+ value if it parses (an integer, a string), else the name as a string. */
    private static JsonNode key(String text) {
        try {
            return value(TlaValueParser.parse(text));
        } catch (RuntimeException e) {
            return F.textNode(text);
        }
    }

    private static JsonNode value(String text) {
        try {
            return value(TlaValueParser.parse(text));
        } catch (RuntimeException e) {
            ObjectNode o = F.objectNode();
            o.put("#unserializable", text);
            return o;
        }
    }

    static JsonNode value(TlaValue v) {
        if (v instanceof TlaValue.TlaInt i) {
            return i.value().abs().compareTo(MAX_SAFE) <= 0 ? F.numberNode(i.value().longValue())
                    : F.objectNode().put("#bigint", i.value().toString());
        }
        if (v instanceof TlaValue.TlaBool b) {
            return F.booleanNode(b.value());
        }
        if (v instanceof TlaValue.TlaString s) {
            return F.textNode(s.value());
        }
        if (v instanceof TlaValue.TlaModelValue m) {
            return F.textNode(m.name());
        }
        if (v instanceof TlaValue.TlaSeq s) {
            ArrayNode a = F.arrayNode();
            s.elements().forEach(e -> a.add(value(e)));
            return a;
        }
        if (v instanceof TlaValue.TlaSet s) {
            ObjectNode o = F.objectNode();
            ArrayNode a = o.putArray("#set");
            s.elements().forEach(e -> a.add(value(e)));
            return o;
        }
        if (v instanceof TlaValue.TlaRecord r) {
            ObjectNode o = F.objectNode();
            r.fields().forEach((k, x) -> o.set(k, value(x)));
            return o;
        }
        if (v instanceof TlaValue.TlaFunction f) {
            ObjectNode o = F.objectNode();
            ArrayNode a = o.putArray("#map");
            for (Map.Entry<TlaValue, TlaValue> e : f.mapping().entrySet()) {
                ArrayNode pair = a.addArray();
                pair.add(value(e.getKey()));
                pair.add(value(e.getValue()));
            }
            return o;
        }
        return F.objectNode().put("#unserializable", v.toTla());
    }

    /** Names of the ITF fields, for tests. */
    static List<String> topLevel(boolean lasso) {
        List<String> out = new ArrayList<>(List.of("#meta", "vars", "states"));
        if (lasso) {
            out.add("loop");
        }
        return out;
    }
}
