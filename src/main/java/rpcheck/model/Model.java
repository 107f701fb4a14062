package rpcheck.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.diag.Span;

/**
 * A resolved spec: every declaration checked and indexed by name. Maps keep declaration order so
 * that everything generated from the model is deterministic. It holds no syntax: the function bodies and event
 * conditions that lowering still has to translate travel beside it ({@link Resolved}); {@code functions} maps
 * each function of the spec to the line it starts on.
 */
public record Model(
        String name,
        String title,
        List<String> files,
        Map<String, Long> bounds,
        String controller,
        String initialState,
        Map<String, Boolean> flags,
        Map<String, Long> counters,
        Map<String, Value> vars,
        Map<String, String> enumValues,
        List<String> locks,
        Map<String, Integer> workqueues,
        Map<String, String> queueTimeoutFn,
        Map<String, String> queueRqFn,
        Map<String, String> queueCompleteFn,
        Map<String, String> requests,
        Map<String, Value> requestFields,
        Map<String, WorkItem> works,
        Map<String, ContextDecl> contexts,
        Map<String, String> llddDone,
        Map<String, EventDecl> events,
        Map<String, Integer> functions,
        Set<String> krefs,
        Map<String, Map<String, Long>> propertyBounds,
        Map<String, String> objects,
        Set<String> ctrlMemory,
        Set<String> blockingQueues) {

    /** Kinds of {@link #objects()}: a sleeping lock (its owner in lk, like a spinlock's). */
    public static final String MUTEX = "mutex";
    /**
     * Kinds of {@link #objects()}: a driver timer (struct timer_list); also a work item of the same name on a
     * one-worker workqueue of the same name, whose worker {@code NAME#1} is the timer's softirq context.
     */
    public static final String TIMER = "timer";

    /**
     * The request queue whose ->queue_rq a statement at {@code site} runs in, if that dispatch is an RCU read-side
     * section (no queue with that handler is declared {@code blocking}: BLK_MQ_F_BLOCKING makes blk-mq use SRCU,
     * where ->queue_rq may sleep); else null. block/blk-mq.c: blk_mq_run_dispatch_ops() wraps ->queue_rq in
     * rcu_read_lock() unless the tag set is blocking.
     */
    public String rcuDispatchQueue(Ir.Site site) {
        List<Ir.Frame> chain = site.chain();
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).fn().equals(Ir.Frame.DISPATCH)) {
                continue;
            }
            String handler = chain.get(i + 1).fn();
            String found = null;
            for (Map.Entry<String, String> q : queueRqFn.entrySet()) {
                if (q.getValue().equals(handler)) {
                    if (blockingQueues.contains(q.getKey())) {
                        return null;
                    }
                    found = found == null ? q.getKey() : found;
                }
            }
            return found;
        }
        return null;
    }

    /** Whether workqueue {@code wq} is a driver timer's softirq (its worker runs in atomic context). */
    public boolean isTimer(String wq) {
        return TIMER.equals(objects.get(wq));
    }

    /**
     * The line of the spec on which function {@code fn} of the spec starts, or null if the spec has no such
     * function (a kernel helper). The generator names labels by the line of a statement within its function.
     */
    public Integer functionLine(String fn) {
        return functions.get(fn);
    }

    /**
     * Where a statement at {@code site} stands, for the name of its program-counter label: {@code FN_L<line within
     * FN>} for the innermost spec function on the call chain that the statement can be inside (it starts on or
     * before the statement's line: an argument of a call is read at the call site, in the caller, before the callee
     * written further down the file begins), else the innermost kernel helper on the chain, else {@code step}.
     */
    public String labelPlace(Ir.Site site) {
        List<Ir.Frame> chain = site.chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Integer first = functionLine(chain.get(i).fn());
            if (first != null && site.span().line() >= first) {
                return chain.get(i).fn() + "_L" + (site.span().line() - first);
            }
        }
        return chain.isEmpty() ? "step" : chain.get(chain.size() - 1).fn();
    }

    /** Kinds of {@link #objects()}: a struct completion (its done count is the field g.NAME). */
    public static final String COMPLETION = "completion";

    /** Kinds of {@link #objects()}: a struct srcu_struct (include/linux/srcu.h), an SRCU domain of its own. */
    public static final String SRCU = "srcu";

    /** Kinds of {@link #objects()}: a struct rw_semaphore (include/linux/rwsem.h). */
    public static final String RWSEM = "rw_semaphore";

    /**
     * The controller's own work items, which UseAfterFree watches: every declared work item (a driver's works are
     * members of its controller), and a driver timer declared {@code in ctrl}; not a queue's timeout work, not an
     * event's.
     */
    public java.util.Set<String> ctrlWorks() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        works.values().stream().filter(w -> w.timeoutOf() == null && w.eventOf() == null)
                .filter(w -> !TIMER.equals(objects.get(w.name())) || ctrlMemory.contains(w.name()))
                .forEach(w -> out.add(w.name()));
        return out;
    }

    /** The declared objects of {@code kind}, in declaration order. */
    public List<String> objectsOf(String kind) {
        return objects.entrySet().stream().filter(e -> e.getValue().equals(kind)).map(Map.Entry::getKey).toList();
    }

    /**
     * The bounds of the TLC runs of {@code property}: {@link #bounds()}, with the values a bound declares for that
     * property ({@code bound admin_cmds = 0 (IoAccounting: 1)}), in declaration order.
     */
    public Map<String, Long> boundsFor(String property) {
        Map<String, Long> over = propertyBounds.get(property);
        if (over == null || over.isEmpty()) {
            return bounds;
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>(bounds);
        out.putAll(over);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** A constant value: a Long, a Boolean or a String (an enum value or controller state). */
    public record Value(Object v, Type type) {
        public static Value of(long n) {
            return new Value(n, Type.INT);
        }

        public static Value of(boolean b) {
            return new Value(b, Type.BOOL);
        }

        public static Value sym(String s) {
            return new Value(s, Type.SYM);
        }
    }

    public enum Type { BOOL, INT, SYM, STRING, ANY }

    /** A work item; {@code timeoutOf} is set for a request queue's built-in timeout work. */
    public record WorkItem(String name, boolean delayed, String workqueue, String handler, String timeoutOf,
            String eventOf, Span span) {
    }

    public enum ContextKind {
        PROCESS("process"), LLDD("lldd"), IRQ("irq"), SOFTIRQ("softirq");

        private final String word;

        ContextKind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** Contexts in which sleeping is a bug whatever locks are held. */
        public boolean mustNotSleep() {
            return this != PROCESS;
        }
    }

    public record ContextDecl(String name, ContextKind kind, String runs, Span span) {
    }

    public enum EventKind { REQUEST_TIMEOUT, LLDD_ERROR, IN_CONTEXT, ON_WORKQUEUE }

    /**
     * An environment event, bounded by {@code bound} (a bound name) or a literal {@code max}. With
     * {@code failsAssociation} ({@code ... fails association}) it kills the current association: from then on the
     * LLDD completes every request with an error, and LostError asks that the controller does not stay LIVE. With
     * {@code guarded} ({@code when COND}; the condition is in {@link Resolved#conditions()}) the event can happen
     * only while COND holds. A
     * {@code workload} event (an application doing I/O) is not a fault: the {@code events} bound does not count it.
     */
    public record EventDecl(String name, EventKind kind, String bound, long max, String where, String fn, Span span,
            boolean failsAssociation, boolean guarded, boolean workload) {
    }

    /** Whether some event kills the association (LostError has something to check). */
    public boolean hasAssociationFaults() {
        return events.values().stream().anyMatch(EventDecl::failsAssociation);
    }

    /** Name of the built-in timeout work of a request queue. */
    public static String timeoutWork(String queue) {
        return queue + "_timeout_work";
    }
}
