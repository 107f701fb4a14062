package rpcheck.model;

import java.util.List;
import java.util.Map;

import rpcheck.diag.Span;
import rpcheck.model.prims.Prim;

/**
 * The lowered program: every entry point (a work handler, a context's main function, an LLDD completion,
 * an event handler) becomes a DAG of nodes with all calls inlined. Function parameters bound to constants
 * (requests, queues, work items, enum values) are substituted, so the only run-time data a context keeps
 * are its locals.
 */
public final class Ir {
    private Ir() {
    }

    /** One function on the call chain: its name and where it was called from (null for the entry). */
    public record Frame(String fn, Span callSite, String source) {
        /** The frame blk_execute_rq()'s dispatch puts above the queue's ->queue_rq on the chain (Lowering). */
        public static final String DISPATCH = "blk_mq_run_hw_queue";
    }

    /** Where a node comes from: the DSL statement and the kernel call chain (outermost first). */
    public record Site(Span span, List<Frame> chain) {
        public Site {
            chain = List.copyOf(chain);
        }

        public List<String> functions() {
            return chain.stream().map(Frame::fn).toList();
        }
    }

    // ---------------------------------------------------------------- values

    public sealed interface Val permits Const, Entity, Local, Global, RqField, BoundRef, Un, Bin {
    }

    /** A bound of the spec (a TLC constant, so --bound changes it without regenerating). */
    public record BoundRef(String name) implements Val {
    }

    public record Const(Model.Value value) implements Val {
    }

    /** A compile-time reference to a declared object: kind is request, queue, work, workqueue, lock, flag, controller. */
    public record Entity(String kind, String name) implements Val {
    }

    public record Local(String name) implements Val {
    }

    /** A shared scalar: a flag, counter, var, or the controller state. */
    public record Global(String name) implements Val {
    }

    /** A field of a request (built in or declared with request_field). */
    public record RqField(String rq, String field) implements Val {
    }

    public record Un(String op, Val operand) implements Val {
    }

    public record Bin(String op, Val left, Val right) implements Val {
    }

    /** A value and all its operands, outermost first. */
    public static List<Val> parts(Val v) {
        List<Val> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Val> todo = new java.util.ArrayDeque<>(List.of(v));
        while (!todo.isEmpty()) {
            Val x = todo.pop();
            out.add(x);
            if (x instanceof Un u) {
                todo.push(u.operand());
            } else if (x instanceof Bin b) {
                todo.push(b.right());
                todo.push(b.left());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- nodes

    /** The values a node reads: a branch's condition, a local's new value, an operation's operands but the place an
     *  assignment writes. */
    public static List<Val> reads(Node n) {
        if (n instanceof Branch b) {
            return List.of(b.cond());
        }
        if (n instanceof LocalSet ls) {
            return List.of(ls.value());
        }
        Op op = (Op) n;
        return op.prim() == Prim.ASSIGN ? op.args().subList(1, op.args().size()) : op.args();
    }

    /**
     * The text of an {@code assert PROPERTY: COND} op for a reader: its condition as the spec wrote it (with what
     * a parameter or loop variable stands for where it was inlined, {@code !lldd_owns(admin_rq)}), not the lowered
     * value ({@code !(admin_rq.lldd != NONE)}); {@code shown} renders the lowered condition of an op that does not
     * record the written one.
     */
    public static String assertText(Op op, java.util.function.Function<Val, String> shown) {
        String written = op.args().size() > 2 && op.args().get(2) instanceof Const c && c.value().v() instanceof String s
                ? s : null;
        return "assert " + ((Const) op.args().get(0)).value().v() + ": "
                + (written != null ? written : shown.apply(op.args().get(1)));
    }

    /** End of the entry (the handler returns). */
    public static final int END = -1;

    public sealed interface Node permits Op, Branch, LocalSet {
        int id();

        Site site();

        /** The nodes that may run next ({@link #END} for the end of the entry). */
        default List<Integer> successors() {
            return this instanceof Op op ? List.of(op.next()) : this instanceof Branch b
                    ? List.of(b.then(), b.otherwise()) : List.of(((LocalSet) this).next());
        }
    }

    /** A kernel primitive or a write of shared state; {@code result} is the local that receives its value. */
    public record Op(int id, Site site, Prim prim, List<Val> args, String result, int next, String called)
            implements Node {
        public Op {
            args = List.copyOf(args);
        }

        public Op(int id, Site site, Prim prim, List<Val> args, String result, int next) {
            this(id, site, prim, args, result, next, null);
        }

        /** The kernel name the spec called (test_and_set_bit, queue_delayed_work), else the primitive's own. */
        public String kernelName() {
            return called != null ? called : prim.kernelName();
        }
    }

    /** A two-way branch; it reads shared state if its condition does. */
    public record Branch(int id, Site site, Val cond, int then, int otherwise) implements Node {
    }

    /** {@code local := value}; it reads shared state if its value does. */
    public record LocalSet(int id, Site site, String local, Val value, int next) implements Node {
    }

    /** How an entry starts and ends. */
    public enum EntryKind { WORK, CONTEXT_MAIN, LLDD_DONE, EVENT }

    /**
     * One entry point: nodes indexed by id, the first node, the contexts that run it, and for LLDD
     * completions the request completed; for an event with {@code when}, the condition under which it can happen
     * (else null).
     */
    public record Code(String entry, EntryKind kind, String owner, String request, String event, List<Node> nodes,
            int start, Site startSite, Val guard) {
        public Code {
            nodes = List.copyOf(nodes);
        }

        public Node node(int id) {
            return nodes.get(id);
        }

        /** For each node (and {@link #END}), the nodes that may run right before it. */
        public Map<Integer, List<Integer>> predecessors() {
            Map<Integer, List<Integer>> preds = new java.util.HashMap<>();
            for (Node n : nodes) {
                n.successors().forEach(x -> preds.computeIfAbsent(x, k -> new java.util.ArrayList<>()).add(n.id()));
            }
            return preds;
        }
    }

    /**
     * The lowered spec. {@code decidedBounds}: the bounds (and their values) that some branch or event condition
     * was decided on at generation, because every property runs with that value; the module ASSUMEs them.
     * {@code statesAsserts}: the spec states an {@code assert} somewhere, generated or decided away (IoAccounting
     * then holds where none is reachable, rather than being n/a). {@code codes} are the entries that can start and
     * {@code liveRequests} the requests that can leave their initial state ({@link LiveEntries}): a request not
     * among them is never started, so its timer never expires and the LLDD never completes it.
     * {@code runningWorkers}: for each workqueue, how many of its workers, the first ones, can ever run a work item;
     * the others stay idle ({@link LiveEntries}).
     */
    public record Program(Model model, List<Code> codes, List<String> locals, Map<String, Long> decidedBounds,
            boolean statesAsserts, java.util.Set<String> liveRequests, Map<String, Integer> runningWorkers) {
        public Program {
            codes = List.copyOf(codes);
            locals = List.copyOf(locals);
            decidedBounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(decidedBounds));
            liveRequests = java.util.Set.copyOf(liveRequests);
            runningWorkers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runningWorkers));
        }

        /** Whether some statement of the program is a step of kind {@code p}. */
        public boolean uses(rpcheck.model.prims.Prim p) {
            return codes.stream().flatMap(c -> c.nodes().stream()).anyMatch(n -> n instanceof Op op && op.prim() == p);
        }
    }
}
