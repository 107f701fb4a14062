package rpcheck.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

import rpcheck.model.prims.WaitKind;
import rpcheck.trace.Explanation;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The wait-for graph after one step: contexts wait for things (a work item, a spinlock, a request's
 * completion, a condition), and a thing runs on, or is held by, a context. The graph of the final step also
 * holds the explanation's waits, and marks the explanation's cycle: the cycle is found once, by the
 * {@link rpcheck.trace.Explanation} (JGraphT), never again here.
 */
public final class WaitForGraph {
    /** What a node stands for. */
    public enum NodeKind {
        CONTEXT("context"), WORK("work"), LOCK("lock"), REQUEST("request"), COND("cond"),
        COMPLETION("completion"), TIMER("timer"), WORKQUEUE("workqueue"), GRACE_PERIOD("grace-period"),
        RWSEM("rwsem"), FREEZE("freeze");

        private final String id;

        NodeKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static NodeKind of(WaitKind waitKind) {
            return switch (waitKind) {
                case WORK -> WORK;
                case LOCK -> LOCK;
                case REQUEST -> REQUEST;
                case COMPLETION -> COMPLETION;
                case TIMER -> TIMER;
                case COND -> COND;
                case WORKQUEUE -> WORKQUEUE;
                case GRACE_PERIOD -> GRACE_PERIOD;
                case RWSEM -> RWSEM;
                case FREEZE -> FREEZE;
            };
        }
    }

    /** A vertex: a context or a thing waited on; {@code id} is {@code n<index>} in insertion order. */
    public record Node(String id, NodeKind kind, String name, String label) {
        public boolean context() {
            return kind == NodeKind.CONTEXT;
        }
    }

    /** The kinds of edges. */
    public enum EdgeKind {
        WAITS_FOR("waits-for"), RUNS_ON("runs-on"), HELD_BY("held-by"), ENDED_BY("ended-by");

        private final String id;

        EdgeKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** An edge; {@code seq} keeps edges distinct for JGraphT, which compares edges with equals. */
    public record Edge(int seq, EdgeKind kind, String label) {
    }

    private final int step;
    private final Graph<Node, Edge> graph = GraphTypeBuilder.<Node, Edge>directed().allowingSelfLoops(true)
            .allowingMultipleEdges(true).buildGraph();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Set<Node> cycleNodes = new LinkedHashSet<>();
    private final Set<Edge> cycleEdges = new LinkedHashSet<>();

    /**
     * The graph of {@code waits}, with {@code cycle}'s nodes and edges marked (the cycle's waits are added if
     * {@code waits} lacks them).
     */
    public WaitForGraph(int step, List<Wait> waits, List<Wait> cycle) {
        this.step = step;
        Set<String> added = new LinkedHashSet<>();
        List<Wait> all = new ArrayList<>(cycle);
        all.addAll(waits);
        for (Wait w : all) {
            if (!added.add(key(w))) {
                continue;
            }
            boolean onCycle = cycle.stream().anyMatch(c -> key(c).equals(key(w)));
            Node waiter = node("ctx:" + w.context(), NodeKind.CONTEXT, w.context(), w.context());
            // each synchronize_*() waits in a grace period of its own, for readers of its own; each waiter of an
            // rw_semaphore for holders (or writers ahead) of its own, each freeze for the references held then
            Node thing = node(w.kind() + ":" + w.on() + (w.kind() == WaitKind.GRACE_PERIOD
                    || w.kind() == WaitKind.RWSEM || w.kind() == WaitKind.FREEZE ? ":" + w.context() : ""),
                    NodeKind.of(w.kind()), w.on(), thingLabel(w));
            Edge waits1 = edge(waiter, thing, EdgeKind.WAITS_FOR, waitLabel(w));
            Edge held = null;
            if (w.holder() != null) {
                Node holder = node("ctx:" + w.holder(), NodeKind.CONTEXT, w.holder(), w.holder());
                held = switch (w.kind()) {
                    case LOCK -> edge(thing, holder, EdgeKind.HELD_BY, "held by");
                    // a reader inside a read-side section since before the grace period began
                    case GRACE_PERIOD -> edge(thing, holder, EdgeKind.HELD_BY, "held up by reader");
                    // its write owner, a read holder, or a writer queued ahead of a reader
                    case RWSEM -> edge(thing, holder, EdgeKind.HELD_BY, "held up by");
                    // a context holding a reference of the queue's q_usage_counter
                    case FREEZE -> edge(thing, holder, EdgeKind.HELD_BY, "reference held by");
                    // a condition or completion only this context can end (WaitCycle's single waker)
                    case COND, COMPLETION -> edge(thing, holder, EdgeKind.ENDED_BY, "only ended by");
                    default -> edge(thing, holder, EdgeKind.RUNS_ON, "runs on");
                };
                if (onCycle) {
                    cycleNodes.add(holder);
                }
            }
            if (onCycle) {
                cycleNodes.add(waiter);
                cycleNodes.add(thing);
                cycleEdges.add(waits1);
                if (held != null) {
                    cycleEdges.add(held);
                }
            }
        }
    }

    /** The graph after step {@code number} (1-based); the final step's marks the explanation's cycle. */
    public static WaitForGraph atStep(Trace t, int number) {
        List<TraceStep> steps = t.steps();
        if (number < 1 || number > steps.size()) {
            throw new IllegalArgumentException("no step " + number + " (the trace has " + steps.size() + ")");
        }
        List<Wait> waits = steps.get(number - 1).waiting();
        if (number < steps.size()) {
            return new WaitForGraph(number, waits, List.of());
        }
        Explanation e = t.explanation();
        List<Wait> all = new ArrayList<>(waits);
        all.addAll(e.waits());
        return new WaitForGraph(number, all, e.cycle());
    }

    /** The graph of the final state (after the last step; an empty graph for a trace without steps). */
    public static WaitForGraph finalState(Trace t) {
        return t.steps().isEmpty() ? new WaitForGraph(0, t.explanation().waits(), t.explanation().cycle())
                : atStep(t, t.steps().size());
    }

    private static String key(Wait w) {
        return w.context() + "\0" + w.kind() + "\0" + w.on();
    }

    static String thingLabel(Wait w) {
        return switch (w.kind()) {
            case WORK -> "work " + w.on();
            case LOCK -> (!w.chain().isEmpty() && w.chain().get(w.chain().size() - 1).startsWith("mutex_") ? "mutex "
                    : "spinlock ") + w.on();
            case REQUEST -> "completion of " + w.on();
            case COMPLETION -> "completion " + w.on();
            case TIMER -> "timer " + w.on();
            case COND -> w.on();
            case WORKQUEUE -> "workqueue " + w.on();
            case GRACE_PERIOD -> "grace period of " + w.on();
            case RWSEM -> "rw_semaphore " + w.on();
            case FREEZE -> "freeze of " + w.on();
        };
    }

    /** {@code waits in blk_sync_queue()}: the call it is blocked in, the innermost frame of its chain. */
    static String waitLabel(Wait w) {
        return w.chain().isEmpty() ? "waits for" : "waits in " + w.chain().get(w.chain().size() - 1) + "()";
    }

    private Node node(String key, NodeKind kind, String name, String label) {
        return nodes.computeIfAbsent(key, k -> {
            Node n = new Node("n" + nodes.size(), kind, name, label);
            graph.addVertex(n);
            return n;
        });
    }

    private Edge edge(Node from, Node to, EdgeKind kind, String label) {
        Edge e = new Edge(edges.size(), kind, label);
        graph.addEdge(from, to, e);
        edges.add(e);
        return e;
    }

    /** The step this graph is the state after (0: the initial state). */
    public int step() {
        return step;
    }

    public Graph<Node, Edge> graph() {
        return graph;
    }

    /** The nodes in insertion order. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The edges in insertion order. */
    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    public Node source(Edge e) {
        return graph.getEdgeSource(e);
    }

    public Node target(Edge e) {
        return graph.getEdgeTarget(e);
    }

    public boolean onCycle(Node n) {
        return cycleNodes.contains(n);
    }

    public boolean onCycle(Edge e) {
        return cycleEdges.contains(e);
    }

    /** The nodes of the explanation's cycle, in the cycle's order. */
    public Set<Node> cycleNodes() {
        return Set.copyOf(cycleNodes);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
