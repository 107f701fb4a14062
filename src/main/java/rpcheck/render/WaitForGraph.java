package rpcheck.render;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import rpcheck.trace.Wait;

/**
 * The wait-for graph of one state: contexts (boxes) wait for things (ellipses: a work item, a lock, a request's
 * completion, a condition), and a thing is held by the context it runs on or that owns it. Edges on a cycle
 * are drawn red: that is the wait that never ends.
 */
public final class WaitForGraph {
    /** A vertex: a context or a thing waited on. */
    public record Node(String id, String label, boolean context) {
    }

    /** An edge; {@code seq} keeps edges distinct for JGraphT, which compares edges with equals. */
    public record Edge(int seq, String label) {
    }

    private final Graph<Node, Edge> graph = GraphTypeBuilder.<Node, Edge>directed().allowingSelfLoops(true)
            .allowingMultipleEdges(true).buildGraph();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private int edges;

    public WaitForGraph(List<Wait> waits) {
        for (Wait w : waits) {
            Node waiter = node("ctx:" + w.context(), w.context(), true);
            Node thing = node(w.kind() + ":" + w.on(), thingLabel(w), false);
            graph.addEdge(waiter, thing, new Edge(edges++, "waits for"));
            if (w.holder() != null) {
                Node holder = node("ctx:" + w.holder(), w.holder(), true);
                graph.addEdge(thing, holder, new Edge(edges++, "lock".equals(w.kind()) ? "held by" : "runs on"));
            }
        }
    }

    private static String thingLabel(Wait w) {
        return switch (w.kind()) {
            case "work" -> "work " + w.on();
            case "lock" -> "spinlock " + w.on();
            case "request" -> "completion of " + w.on();
            default -> w.on();
        };
    }

    private Node node(String key, String label, boolean context) {
        return nodes.computeIfAbsent(key, k -> {
            Node n = new Node("n" + nodes.size(), label, context);
            graph.addVertex(n);
            return n;
        });
    }

    public Graph<Node, Edge> graph() {
        return graph;
    }

    /** Vertices that lie on a cycle (JGraphT's CycleDetector). */
    public Set<Node> onCycle() {
        return new CycleDetector<>(graph).findCycles();
    }

    /** The graph in Graphviz DOT, deterministic (insertion order, generated ids). */
    public String toDot(String title) {
        Set<Node> cyclic = onCycle();
        DOTExporter<Node, Edge> dot = new DOTExporter<>(Node::id);
        dot.setGraphIdProvider(() -> "waitfor");
        dot.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // graph attributes are written as they are: quote (and escape) the title here
            a.put("label", DefaultAttribute.createAttribute("\"" + title.replace("\"", "\\\"") + "\""));
            a.put("labelloc", DefaultAttribute.createAttribute("t"));
            return a;
        });
        dot.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(n.label()));
            a.put("shape", DefaultAttribute.createAttribute(n.context() ? "box" : "ellipse"));
            if (cyclic.contains(n)) {
                a.put("color", DefaultAttribute.createAttribute("red"));
            }
            return a;
        });
        dot.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(e.label()));
            if (cyclic.contains(graph.getEdgeSource(e)) && cyclic.contains(graph.getEdgeTarget(e))) {
                a.put("color", DefaultAttribute.createAttribute("red"));
            }
            return a;
        });
        StringWriter w = new StringWriter();
        dot.exportGraph(graph, w);
        return w.toString().replace("\r\n", "\n");
    }
}
