package rpcheck.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

import rpcheck.trace.Causality;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The trace graph: one lane per context (in order of first appearance), one node per step, edges for program
 * order within a lane and for causality between lanes, all derived from the steps' changes, kinds and waits:
 * <ul>
 * <li>queue: a step sets {@code wk[w].pend} → the next start of work item {@code w};</li>
 * <li>timer: {@code blk_mq_start_request} arms {@code rq[r].timer} → the timer expires;</li>
 * <li>lldd / abort: {@code rq[r].lldd} becomes OWNS / ABORTING → the LLDD's later completion of {@code r};</li>
 * <li>lock: {@code lk[l]} is released → the next acquisition by another context;</li>
 * <li>wait / wake: a context starts waiting → the step of another context that ends the wait (a request
 * completes, a flushed or cancelled work item finishes, a lock is released), and that step → the waiter's
 * next step.</li>
 * </ul>
 * A lasso gets a loop edge from its last step back to the first step that repeats (a self-loop when it
 * stutters). The stuttering step itself has no node: nobody acts in it.
 */
public final class LaneGraph {
    /** The kinds of edges; {@link #causal()} ones pull a context into the text projection. */
    public enum EdgeKind {
        PROGRAM("program", "program order"),
        QUEUE("queue", "queue_work -> the work starts"),
        TIMER("timer", "the request's timer is armed -> it expires"),
        LLDD("lldd", "I/O handed to the LLDD -> the LLDD completes it"),
        ABORT("abort", "the LLDD is asked to abort -> it completes the request"),
        LOCK("lock", "a lock is released -> another context takes it"),
        WAIT("wait", "a context starts waiting -> the step that ends the wait"),
        WAKE("wake", "the step that ends a wait -> the waiter goes on"),
        LOOP("loop", "the lasso repeats from here");

        private final String id;
        private final String description;

        EdgeKind(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** The name used in JSON and DOT. */
        public String id() {
            return id;
        }

        public String description() {
            return description;
        }

        /** Whether one context's step makes another's happen (not program order, a wait or the loop). */
        public boolean causal() {
            return this != PROGRAM && this != WAIT && this != LOOP;
        }
    }

    /** A step on its context's lane. */
    public record Node(int step, String lane) {
        /** The node's id in DOT and SVG: {@code s<step>}. */
        public String id() {
            return "s" + step;
        }
    }

    /** An edge between two steps; {@code seq} keeps edges distinct for JGraphT. */
    public record Edge(int seq, EdgeKind kind, int from, int to, String label) {
    }

    private final Trace trace;
    private final List<String> lanes;
    private final Map<Integer, Node> nodes;
    private final List<Edge> edges;
    private final Graph<Node, Edge> graph;

    private LaneGraph(Trace trace, List<String> lanes, Map<Integer, Node> nodes, List<Edge> edges) {
        this.trace = trace;
        this.lanes = List.copyOf(lanes);
        this.nodes = nodes;
        this.edges = List.copyOf(edges);
        this.graph = GraphTypeBuilder.<Node, Edge>directed().allowingSelfLoops(true).allowingMultipleEdges(true)
                .buildGraph();
        nodes.values().forEach(graph::addVertex);
        edges.forEach(e -> graph.addEdge(nodes.get(e.from()), nodes.get(e.to()), e));
    }

    public static LaneGraph of(Trace trace) {
        List<String> lanes = new ArrayList<>();
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (TraceStep s : trace.steps()) {
            if (s.isStutter()) {
                continue;
            }
            if (!lanes.contains(s.context())) {
                lanes.add(s.context());
            }
            nodes.put(s.number(), new Node(s.number(), s.context()));
        }
        return new LaneGraph(trace, lanes, nodes, new Edges(trace, nodes).derive());
    }

    public Trace trace() {
        return trace;
    }

    /** The contexts, in order of their first step. */
    public List<String> lanes() {
        return lanes;
    }

    /** Every node in step order. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The node of a step, or null for the stuttering step. */
    public Node node(int step) {
        return nodes.get(step);
    }

    /** The edges ordered by source step, target step and kind. */
    public List<Edge> edges() {
        return edges;
    }

    public Graph<Node, Edge> graph() {
        return graph;
    }

    /** The steps of a lane, in order. */
    public List<Integer> stepsOf(String lane) {
        return nodes.values().stream().filter(n -> n.lane().equals(lane)).map(Node::step).toList();
    }

    /** Derives the edges from the steps. */
    private static final class Edges {
        private final Trace trace;
        private final List<TraceStep> steps;
        private final Map<Integer, Node> nodes;
        private final List<Edge> out = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        Edges(Trace trace, Map<Integer, Node> nodes) {
            this.trace = trace;
            this.steps = trace.steps();
            this.nodes = nodes;
        }

        /** For each target kind and item, the indices of the steps that are such a target, ascending. */
        private final Map<String, List<Integer>> targets = new HashMap<>();

        /** Indexes the steps that causal edges can end at, so that finding one is a binary search. */
        private void indexTargets() {
            for (int j = 0; j < steps.size(); j++) {
                for (Causality.Event ev : Causality.events(steps.get(j))) {
                    switch (ev.kind()) {
                        case WORK_STARTED -> target("queue:" + ev.item(), j);
                        case TIMER_EXPIRED -> target("timer:" + ev.item(), j);
                        case LLDD_DONE -> target("lldd:" + ev.item(), j);
                        case LOCK_TAKEN -> target("lock:" + ev.item(), j);
                        default -> { }
                    }
                }
            }
        }

        private void target(String key, int j) {
            List<Integer> l = targets.computeIfAbsent(key, k -> new ArrayList<>());
            if (l.isEmpty() || l.get(l.size() - 1).intValue() != j) {
                l.add(j);
            }
        }

        List<Edge> derive() {
            indexTargets();
            programOrder();
            for (int i = 0; i < steps.size(); i++) {
                changes(i);
            }
            waits();
            loop();
            out.sort(Comparator.comparingInt(Edge::from).thenComparingInt(Edge::to)
                    .thenComparing(Edge::kind));
            List<Edge> numbered = new ArrayList<>();
            for (Edge e : out) {
                numbered.add(new Edge(numbered.size(), e.kind(), e.from(), e.to(), e.label()));
            }
            return numbered;
        }

        private void programOrder() {
            Map<String, Integer> last = new LinkedHashMap<>();
            for (Node n : nodes.values()) {
                Integer prev = last.put(n.lane(), n.step());
                if (prev != null) {
                    out.add(new Edge(0, EdgeKind.PROGRAM, prev, n.step(), ""));
                }
            }
        }

        /** Causal edges that start at the changes of step {@code i}. */
        private void changes(int i) {
            for (Causality.Event ev : Causality.events(steps.get(i))) {
                String x = ev.item();
                switch (ev.kind()) {
                    case WORK_QUEUED -> {
                        // to the start of the instance queued here, not to a later one after a cancel (or a timer
                        // deleted) took this one off: the next step that clears wk[x].pend must be a start of x
                        Integer off = nextUnqueue(i, x);
                        if (off != null && Causality.has(steps.get(off), Causality.Kind.WORK_STARTED, x)) {
                            link(EdgeKind.QUEUE, i, "queue:" + x, "queues " + x);
                        }
                    }
                    case TIMER_ARMED -> link(EdgeKind.TIMER, i, "timer:" + x, "the timer of " + x + " expires");
                    case LLDD_OWNS -> link(EdgeKind.LLDD, i, "lldd:" + x, "the LLDD completes " + x);
                    case LLDD_ABORTING -> link(EdgeKind.ABORT, i, "lldd:" + x, "the LLDD completes aborted " + x);
                    case LOCK_RELEASED -> link(EdgeKind.LOCK, i, "lock:" + x, "releases " + x);
                    default -> { }
                }
            }
        }

        /** The index of the first step after index {@code i} that takes work {@code x} off its queue, or null. */
        private Integer nextUnqueue(int i, String x) {
            for (int j = i + 1; j < steps.size(); j++) {
                if (Causality.has(steps.get(j), Causality.Kind.WORK_UNQUEUED, x)) {
                    return j;
                }
            }
            return null;
        }

        /** An edge from step index {@code i} to the first later step that is a target of {@code key}. */
        private void link(EdgeKind kind, int i, String key, String label) {
            List<Integer> l = targets.getOrDefault(key, List.of());
            int at = java.util.Collections.binarySearch(l, i + 1);
            int k = at >= 0 ? at : -at - 1;
            if (k < l.size()) {
                add(kind, steps.get(i).number(), steps.get(l.get(k)).number(), label);
            }
        }

        /** Adds a causal edge between two lanes, unless some causal edge already joins the two steps. */
        private void add(EdgeKind kind, int from, int to, String label) {
            Node a = nodes.get(from);
            Node b = nodes.get(to);
            if (a == null || b == null || a.lane().equals(b.lane()) || !seen.add(from + ">" + to)) {
                return;
            }
            out.add(new Edge(0, kind, from, to, label));
        }

        /** Wait and wake edges: when another context's step ends a context's wait. */
        private void waits() {
            Map<String, Wait> prev = new LinkedHashMap<>();
            Map<String, Integer> since = new LinkedHashMap<>();
            for (TraceStep s : steps) {
                Map<String, Wait> cur = new LinkedHashMap<>();
                s.waiting().forEach(w -> cur.put(w.context(), w));
                for (Wait w : cur.values()) {
                    Wait before = prev.get(w.context());
                    if (before == null || !before.label().equals(w.label())) {
                        since.put(w.context(), s.number());
                    }
                }
                for (Wait w : prev.values()) {
                    Wait now = cur.get(w.context());
                    boolean ended = now == null || !now.label().equals(w.label());
                    if (ended && !s.isStutter() && !s.context().equals(w.context())) {
                        Integer start = ownStepAtOrBefore(w.context(), since.get(w.context()));
                        if (start != null) {
                            add(EdgeKind.WAIT, start, s.number(), "waits for " + w.on());
                        }
                        Integer next = ownStepAfter(w.context(), s.number());
                        if (next != null) {
                            add(EdgeKind.WAKE, s.number(), next, wakeLabel(w));
                        }
                    }
                }
                prev = cur;
            }
        }

        private static String wakeLabel(Wait w) {
            return switch (w.kind()) {
                case WORK -> w.on() + " finished";
                case LOCK -> w.on() + " released";
                case REQUEST -> w.on() + " completed";
                case COMPLETION -> "complete(" + w.on() + ")";
                case TIMER -> w.on() + " callback finished";
                case COND -> "now " + w.on();
                case WORKQUEUE -> "the work items of " + w.on() + " finished";
                case GRACE_PERIOD -> "the grace period of " + w.on() + " ended";
                case RWSEM -> w.on() + " released";
                case FREEZE -> w.on() + " frozen";
            };
        }

        /** The steps of each lane, ascending (built on first use). */
        private Map<String, List<Integer>> laneSteps;

        private List<Integer> laneSteps(String ctx) {
            if (laneSteps == null) {
                laneSteps = new HashMap<>();
                for (Node n : nodes.values()) {
                    laneSteps.computeIfAbsent(n.lane(), k -> new ArrayList<>()).add(n.step());
                }
                laneSteps.values().forEach(l -> l.sort(null));
            }
            return laneSteps.getOrDefault(ctx, List.of());
        }

        private Integer ownStepAtOrBefore(String ctx, int step) {
            List<Integer> l = laneSteps(ctx);
            int at = java.util.Collections.binarySearch(l, step);
            int k = at >= 0 ? at : -at - 2;
            return k >= 0 ? l.get(k) : null;
        }

        private Integer ownStepAfter(String ctx, int step) {
            List<Integer> l = laneSteps(ctx);
            int at = java.util.Collections.binarySearch(l, step + 1);
            int k = at >= 0 ? at : -at - 1;
            return k < l.size() ? l.get(k) : null;
        }

        private void loop() {
            if (!trace.isLasso() || nodes.isEmpty()) {
                return;
            }
            int last = nodes.values().stream().mapToInt(Node::step).max().orElseThrow();
            if (trace.stutters()) {
                out.add(new Edge(0, EdgeKind.LOOP, last, last, "stutters forever"));
            } else if (nodes.containsKey(trace.loopStart())) {
                out.add(new Edge(0, EdgeKind.LOOP, last, trace.loopStart(),
                        "then step " + trace.loopStart() + " again"));
            }
        }
    }
}
