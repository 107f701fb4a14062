package rpcheck.render;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * Both graphs in Graphviz DOT through JGraphT's {@link DOTExporter}: ids are generated ({@code n0},
 * {@code s1}), attributes are insertion-ordered, so the output is byte-deterministic. Render with
 * {@code dot -Tsvg}; rpcheck's own SVG needs no Graphviz ({@link SvgRenderer}).
 */
public final class DotRenderer {
    private static final int LABEL_WIDTH = 40;

    private DotRenderer() {
    }

    /** The wait-for graph: contexts are boxes, what they wait for ellipses, the explanation's cycle red. */
    public static String waitFor(WaitForGraph g, String title) {
        DOTExporter<WaitForGraph.Node, WaitForGraph.Edge> dot = new DOTExporter<>(WaitForGraph.Node::id);
        dot.setGraphIdProvider(() -> "waitfor");
        dot.setGraphAttributeProvider(() -> graphAttributes(title, false));
        dot.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", attr(escape(n.label())));
            a.put("shape", attr(n.context() ? "box" : "ellipse"));
            a.put("class", attr(n.kind().id()));
            if (g.onCycle(n)) {
                a.put("color", attr(Style.CYCLE));
                a.put("penwidth", attr("2"));
            }
            return a;
        });
        dot.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", attr(escape(e.label())));
            a.put("class", attr(e.kind().id()));
            if (g.onCycle(e)) {
                a.put("color", attr(Style.CYCLE));
                a.put("fontcolor", attr(Style.CYCLE));
                a.put("penwidth", attr("2"));
            }
            return a;
        });
        return export(dot, g.graph());
    }

    /**
     * The trace graph: one node per step (grouped by lane so that Graphviz keeps each lane straight), program
     * order in grey, causal edges coloured by kind, the final waits of blocked contexts noted on their last node.
     */
    public static String lanes(LaneGraph g, String title) {
        FinalState end = FinalState.of(g.trace());
        Map<String, Integer> lastOf = new LinkedHashMap<>();
        g.nodes().forEach(n -> lastOf.put(n.lane(), n.step()));
        DOTExporter<LaneGraph.Node, LaneGraph.Edge> dot = new DOTExporter<>(LaneGraph.Node::id);
        dot.setGraphIdProvider(() -> "lanes");
        dot.setGraphAttributeProvider(() -> graphAttributes(title, true));
        dot.setVertexAttributeProvider(n -> {
            TraceStep s = g.trace().steps().get(n.step() - 1);
            boolean last = lastOf.get(n.lane()) == n.step();
            Wait blocked = last ? end.blocked().get(n.lane()) : null;
            StringBuilder label = new StringBuilder(escape(n.step() + "  " + n.lane()));
            for (String l : Wrap.lines(s.text(), LABEL_WIDTH)) {
                label.append("\\n").append(escape(l));
            }
            if (blocked != null) {
                label.append("\\n").append(escape("blocked: " + TextRenderer.waitPhrase(blocked)));
            }
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", attr(label.toString()));
            a.put("shape", attr("box"));
            a.put("group", attr(escape(n.lane())));
            if (s.position() != null) {
                a.put("tooltip", attr(escape(s.position())));
            }
            if (blocked != null) {
                a.put("color", attr(end.cycle().contains(n.lane()) ? Style.CYCLE : Style.BLOCKED));
                a.put("penwidth", attr("2"));
            }
            return a;
        });
        dot.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            if (!e.label().isEmpty()) {
                a.put("label", attr(escape(e.label())));
            }
            a.put("class", attr(e.kind().id()));
            a.put("color", attr(Style.color(e.kind())));
            if (e.kind() != LaneGraph.EdgeKind.PROGRAM) {
                a.put("fontcolor", attr(Style.color(e.kind())));
            }
            if (Style.dashed(e.kind())) {
                a.put("style", attr("dashed"));
            }
            if (e.kind() == LaneGraph.EdgeKind.LOOP) {
                a.put("constraint", attr("false"));
            }
            return a;
        });
        return export(dot, g.graph());
    }

    private static Map<String, Attribute> graphAttributes(String title, boolean lanes) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        // graph attributes are written as they are: quote (and escape) the title here
        a.put("label", DefaultAttribute.createAttribute("\"" + cut(escape(title).replace("\"", "\\\"")) + "\""));
        a.put("labelloc", DefaultAttribute.createAttribute("t"));
        if (lanes) {
            a.put("rankdir", DefaultAttribute.createAttribute("TB"));
        }
        return a;
    }

    private static <V, E> String export(DOTExporter<V, E> dot, org.jgrapht.Graph<V, E> graph) {
        StringWriter w = new StringWriter();
        dot.exportGraph(graph, w);
        return w.toString().replace("\r\n", "\n");
    }

    /** Graphviz refuses a string longer than this (its lexer's buffer), so longer labels are cut. */
    static final int MAX_ATTRIBUTE = 16_000;

    private static Attribute attr(String value) {
        return DefaultAttribute.createAttribute(cut(value));
    }

    /** {@code value} cut to {@link #MAX_ATTRIBUTE} characters, never inside an escape, with "..." at the cut. */
    static String cut(String value) {
        if (value.length() <= MAX_ATTRIBUTE) {
            return value;
        }
        int end = MAX_ATTRIBUTE;
        int slashes = 0;
        while (slashes < end && value.charAt(end - 1 - slashes) == '\\') {
            slashes++;
        }
        if (slashes % 2 == 1) {
            end--; // do not split an escape pair
        }
        return value.substring(0, end) + "...";
    }

    /** Backslashes doubled, so that text is never read as a DOT escape ({@code \n} is added on purpose). */
    static String escape(String s) {
        return Wrap.ascii(s).replace("\\", "\\\\");
    }
}
