package rpcheck.tla;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.model.Ir;
import rpcheck.model.Ir.*;
import rpcheck.model.Ghosts;
import rpcheck.model.IrqSafety;
import rpcheck.model.Model;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.Prim;

import static rpcheck.tla.StateVars.local;
import static rpcheck.tla.TlaPrinter.value;

/**
 * What the generator needs to know about the whole lowered program before it writes a line: the contexts and
 * workers, the labels (named from the DSL), which nodes start an action and which critical sections run as one,
 * the locals live at each node, and the blk-mq facts (queues that quiesce, timers that blk_sync_queue() deletes,
 * handlers that re-arm). Computed once, read by every part of the module.
 */
final class Analyses {
    final Program program;
    final Model m;
    final String controllerName;
    /** Whether the spec has an assert that a context can reach. */
    final boolean asserts;
    /** Whether the spec marks where the driver tears the association down ({@code assoc_end()}). */
    final boolean teardowns;
    /** The ghost fields step rules may write that this module has ({@link Ghosts#present}). */
    final Set<String> ghosts;
    final List<String> contexts = new ArrayList<>();
    final Map<String, String> kinds = new LinkedHashMap<>();
    final Map<String, List<String>> workers = new LinkedHashMap<>();
    final Map<String, Code> codes = new LinkedHashMap<>();
    /** By identity: a record's hash walks the whole code tree, on every look-up. */
    private final Map<Code, Map<Integer, Set<String>>> liveCache = new IdentityHashMap<>();
    /** Queues with quiesce state (blk_mq_quiesce_queue or a gated dispatch somewhere): g.<q>_quiesced, g.<q>_disp. */
    final java.util.SortedSet<String> quiescable = new java.util.TreeSet<>();
    /** Queues with freeze state ({@link BlkMq#freezable}): g.<q>_frozen, g.<q>_users. */
    final java.util.SortedSet<String> freezable;
    /** RCU domains some read-side section or grace period names ({@link rpcheck.model.prims.Rcu}): g.<d>_readers. */
    final java.util.SortedSet<String> rcuDomains = new java.util.TreeSet<>();
    /** Whether some timeout handler re-arms its request (blk_add_timer after BLK_EH_RESET_TIMER). */
    boolean rearms;
    /** Request queues whose timer blk_sync_queue() deletes (see {@link BlkMq#timerOff}). */
    final Set<String> synced = new java.util.TreeSet<>();
    /** What of the controller each statement touches (UseAfterFree). */
    final rpcheck.model.Ownership ownership;

    Analyses(Program program) {
        this.program = program;
        this.ownership = new rpcheck.model.Ownership(program);
        this.m = program.model();
        this.controllerName = program.model().controller();
        for (Code c : program.codes()) {
            codes.put(c.entry(), c);
            for (Node n : c.nodes()) {
                if (n instanceof Op op) {
                    switch (op.prim()) {
                        case QUIESCE, QUIESCE_WAIT, UNQUIESCE -> quiescable.add(((Entity) op.args().get(0)).name());
                        case DISPATCH, DISPATCH_END -> quiescable.add(
                                program.model().requests().get(((Entity) op.args().get(0)).name()));
                        case RQ_ADD_TIMER -> rearms = true;
                        case READ_LOCK, READ_UNLOCK, SYNC_BEGIN, SYNC_WAIT -> rcuDomains.add(ent(op.args().get(0)));
                        case CANCEL_SYNC_BEGIN -> {
                            Model.WorkItem w = program.model().works().get(((Entity) op.args().get(0)).name());
                            if (w != null && w.timeoutOf() != null) {
                                synced.add(w.timeoutOf());
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
        freezable = BlkMq.freezable(program);
        asserts = program.statesAsserts() || program.codes().stream().flatMap(c -> c.nodes().stream())
                .anyMatch(n -> n instanceof Op op && op.prim() == Prim.ASSERT);
        ghosts = Ghosts.present(program);
        teardowns = ghosts.contains(Ghosts.ASSOC_GONE);
        for (Model.ContextDecl c : m.contexts().values()) {
            contexts.add(c.name());
            kinds.put(c.name(), c.kind().word());
        }
        for (Map.Entry<String, Integer> wq : m.workqueues().entrySet()) {
            List<String> ws = new ArrayList<>();
            for (int i = 1; i <= wq.getValue(); i++) {
                String name = wq.getKey() + "#" + i;
                ws.add(name);
                contexts.add(name);
                kinds.put(name, m.isTimer(wq.getKey()) ? "timer" : "worker");
            }
            workers.put(wq.getKey(), ws);
        }
    }

    /**
     * The contexts that run entry {@code c}: its context, or for a work item the workers of its workqueue that can
     * ever run one ({@link Ir.Program#runningWorkers}).
     */
    List<String> owners(Code c) {
        if (c.kind() == Ir.EntryKind.WORK) {
            String wq = m.works().get(c.entry()).workqueue();
            return workers.get(wq).subList(0, program.runningWorkers().get(wq));
        }
        return List.of(c.owner());
    }

    String label(Code c, int node) {
        return node == Ir.END ? endLabel(c) : labelNames.computeIfAbsent(c, this::nameLabels).get(node);
    }

    /** By identity, as {@link #liveCache}. */
    private final Map<Code, Map<Integer, String>> labelNames = new IdentityHashMap<>();

    /**
     * The labels of an entry's nodes, named from the DSL: the entry, the innermost function of the spec the node
     * stands in, and the line of its statement counted from that function's first line ({@code
     * user_nvme_fc_init_ctrl_L3}); a second node with the same name gets {@code _2}, and so on. So a change to one
     * function renames only its own labels (in gen/ and in traces), not those of the whole module.
     */
    private Map<Integer, String> nameLabels(Code c) {
        Map<Integer, String> out = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node n : c.nodes()) {
            String base = c.entry() + "_" + m.labelPlace(n.site());
            int k = seen.merge(base, 1, Integer::sum);
            out.put(n.id(), k == 1 ? base : base + "_" + k);
        }
        return out;
    }

    private String endLabel(Code c) {
        return switch (c.kind()) {
            case WORK -> "idle";
            case CONTEXT_MAIN -> "done";
            case LLDD_DONE, EVENT -> "idle";
        };
    }

    /**
     * Operations folded into the action that reaches them instead of starting one (a documented reduction):
     * ghost updates (assoc_begin, assert) change no kernel state, and reference-count operations commute with
     * every other step but the final put, whose effect the UseAfterFree invariant reads in the state after it.
     */
    static boolean folded(Prim p) {
        return p.folded();
    }

    /** Whether a node starts an action. A might_sleep() and the folded operations do not (see flow). */
    boolean shared(Node n) {
        if (n instanceof Op op) {
            return op.prim() != Prim.MIGHT_SLEEP && !folded(op.prim()) && !quiesceReturnsAtOnce(op);
        }
        if (n instanceof Branch b) {
            return readsShared(b.cond());
        }
        return readsShared(((LocalSet) n).value());
    }

    boolean readsShared(Val v) {
        return Ir.parts(v).stream().anyMatch(x -> x instanceof Global || x instanceof RqField);
    }

    /**
     * Whether {@code op} is the grace-period wait of blk_mq_quiesce_queue() on a queue whose every dispatch runs as
     * one step (see mergeLock). No state between steps has a dispatch in progress on that queue, so the wait is
     * always over at once: it is not a step of its own (it still sleeps, see flow).
     */
    boolean quiesceReturnsAtOnce(Op op) {
        return op.prim() == Prim.QUIESCE_WAIT && atomicDispatch().contains(ent(op.args().get(0)));
    }

    private Set<String> atomicDispatch;

    /** The quiesced queues whose every dispatch runs as one step (its ->queue_rq neither sleeps nor blocks). */
    Set<String> atomicDispatch() {
        if (atomicDispatch == null) {
            Set<String> out = new TreeSet<>(quiescable);
            for (Code c : program.codes()) {
                for (Node n : c.nodes()) {
                    if (n instanceof Op op && op.prim() == Prim.DISPATCH && mergeLock(c, n) == null) {
                        out.remove(program.model().requests().get(ent(op.args().get(0))));
                    }
                }
            }
            atomicDispatch = out;
        }
        return atomicDispatch;
    }

    private Set<String> timeoutWaits;

    /**
     * The queues whose timeout work waits for dispatches in progress (blk_mq_wait_quiesce_done(), see
     * {@link BlkMq#waitedDispatches}) and whose dispatch can be in progress between steps. Where every dispatch is
     * one step ({@link #atomicDispatch}) no state has one in progress: the work's snapshot is always empty, and it
     * is left out of the module.
     */
    Set<String> timeoutWaits() {
        if (timeoutWaits == null) {
            Set<String> out = new TreeSet<>();
            for (Code c : program.codes()) {
                for (Node n : c.nodes()) {
                    if (n instanceof Op op && op.prim() == Prim.SUBMITS_SNAPSHOT
                            && !atomicDispatch().contains(ent(op.args().get(0)))) {
                        out.add(ent(op.args().get(0)));
                    }
                }
            }
            timeoutWaits = out;
        }
        return timeoutWaits;
    }

    String mergeLock(Code c, Node n) {
        if (n instanceof Op op && op.prim() == Prim.DISPATCH) {
            // ->queue_rq runs inside the dispatch's RCU read-side section, which blk_mq_quiesce_queue() waits
            // for: when it neither sleeps nor blocks, the whole dispatch is one action, like a spinlock section
            String key = DISPATCH_KEY + program.model().requests().get(ent(op.args().get(0)));
            return mergeable(c, op.next(), key) && !irqExposedSection(c, op, key) ? key : null;
        }
        return n instanceof Op op && op.prim() == Prim.LOCK && mergeable(c, op.next(), ent(op.args().get(0)))
                && !irqExposedSection(c, op, ent(op.args().get(0))) ? ent(op.args().get(0)) : null;
    }

    /**
     * Whether some statement of the section that {@code op} begins (the critical section of lock {@code key}, or a
     * dispatch: {@link #DISPATCH_KEY}) leaves a lock that an interrupt handler spins on held with that interrupt
     * enabled (IrqUnsafeLock). Such a section is not run
     * as one step: whether the handler can start is then asked in each of its states (an interrupt that the
     * section itself enables, say by arming a timer, comes while the lock is held), and each statement inside is
     * reached only by the paths that reach it. Sections of code that keeps the interrupts off stay one step.
     */
    private boolean irqExposedSection(Code c, Op op, String key) {
        Set<Integer> exposed = irqExposed(c);
        if (exposed.isEmpty()) {
            return false;
        }
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(op.id()));
        Set<Integer> seen = new HashSet<>(todo);
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (exposed.contains(id)) {
                return true;
            }
            Node n = c.node(id);
            if (n instanceof Op o && o.id() != op.id() && endsSection(o, key)) {
                continue;
            }
            for (int x : n.successors()) {
                if (x != Ir.END && seen.add(x)) {
                    todo.push(x);
                }
            }
        }
        return false;
    }

    /** By identity: the nodes of each entry after which a handler's lock is held with its interrupt enabled. */
    private final Map<Code, Set<Integer>> irqExposed = new IdentityHashMap<>();

    /** The nodes of {@code c} after which it holds a lock that a handler of an interrupt it allows spins on. */
    private Set<Integer> irqExposed(Code c) {
        return irqExposed.computeIfAbsent(c, code -> {
            Map<IrqSafety.Level, Set<String>> handlerLocks = handlerLocks();
            String kind = kindOf(code);
            Set<Integer> out = new TreeSet<>();
            if (handlerLocks.values().stream().allMatch(Set::isEmpty)) {
                return out;
            }
            for (Map.Entry<Integer, Set<IrqSafety.State>> at : irqStates(code).entrySet()) {
                Node n = code.node(at.getKey());
                for (IrqSafety.State s : at.getValue()) {
                    IrqSafety.State after = n instanceof Op o ? IrqSafety.out(o, s, spinlocks()) : s;
                    for (IrqSafety.Level level : IrqSafety.Level.values()) {
                        if (IrqSafety.interruptible(kind, level) && after.enabled(level)
                                && handlerLocks.get(level).stream().anyMatch(after.held()::containsKey)) {
                            out.add(at.getKey());
                        }
                    }
                }
            }
            return out;
        });
    }

    private Map<IrqSafety.Level, Set<String>> handlerLocks;

    /** For each interrupt level, the spinlocks its handlers (irq, softirq and timer entries) spin on. */
    Map<IrqSafety.Level, Set<String>> handlerLocks() {
        if (handlerLocks == null) {
            handlerLocks = new java.util.EnumMap<>(IrqSafety.Level.class);
            for (IrqSafety.Level level : IrqSafety.Level.values()) {
                handlerLocks.put(level, new TreeSet<>());
            }
            for (Code c : program.codes()) {
                IrqSafety.Level level = IrqSafety.interruptLevel(kindOf(c));
                if (level != null) {
                    handlerLocks.get(level).addAll(IrqSafety.locksSpunOn(c, spinlocks()));
                }
            }
        }
        return handlerLocks;
    }

    private Set<String> spinlocks;

    /** The spec's spinlocks (its locks but the mutexes). */
    Set<String> spinlocks() {
        if (spinlocks == null) {
            Set<String> out = new TreeSet<>(program.model().locks());
            out.removeAll(program.model().objectsOf(Model.MUTEX));
            spinlocks = java.util.Collections.unmodifiableSet(out);
        }
        return spinlocks;
    }

    /** By identity: {@link IrqSafety#states} of each entry, for the sections here and IrqUnsafeLock's steps. */
    private final Map<Code, Map<Integer, Set<IrqSafety.State>>> irqStates = new IdentityHashMap<>();

    /** The interrupt states each node of {@code c} may be reached in ({@link IrqSafety#states}). */
    Map<Integer, Set<IrqSafety.State>> irqStates(Code c) {
        return irqStates.computeIfAbsent(c, code -> IrqSafety.states(code, kindOf(code), spinlocks()));
    }

    /** The kind of context entry {@code c} runs in (process, lldd, irq, softirq, worker, timer). */
    String kindOf(Code c) {
        return kinds.get(owners(c).get(0));
    }

    /** The merge key of a dispatch section of a queue (see mergeLock): not a lock name. */
    static final String DISPATCH_KEY = "dispatch:";

    /** Whether {@code op} ends the merged section {@code key} (spin_unlock of the lock, or the dispatch's end). */
    boolean endsSection(Op op, String key) {
        if (op.prim() == Prim.UNLOCK) {
            return ent(op.args().get(0)).equals(key);
        }
        return op.prim() == Prim.DISPATCH_END
                && key.equals(DISPATCH_KEY + program.model().requests().get(ent(op.args().get(0))));
    }

    /**
     * Whether every path from {@code node} reaches spin_unlock(lock) through steps that neither sleep, block,
     * nor take another lock other than a {@link #leafLocks leaf lock}: such a critical section is executed as one
     * action (a Lipton reduction: the acquire moves right, the release left, and the section cannot be observed
     * half done).
     */
    boolean mergeable(Code c, int node, String lock) {
        return mergeable(c, node, lock, true);
    }

    /** {@code nested}: whether a leaf lock's section may lie inside (false while the leaf locks are computed). */
    private boolean mergeable(Code c, int node, String lock, boolean nested) {
        if (node == Ir.END) {
            return false;
        }
        Node n = c.node(node);
        if (n instanceof Op op) {
            if (op.prim() == Prim.UNLOCK || op.prim() == Prim.DISPATCH_END) {
                if (endsSection(op, lock)) {
                    return true;
                }
                return nested && op.prim() == Prim.UNLOCK && leafLocks().contains(ent(op.args().get(0)))
                        && mergeable(c, op.next(), lock, true);
            }
            if (nested && op.prim() == Prim.LOCK && leafLocks().contains(ent(op.args().get(0)))
                    && !ent(op.args().get(0)).equals(lock)) {
                return mergeable(c, op.next(), lock, true);
            }
            return op.prim().mergeable() && mergeable(c, op.next(), lock, nested);
        }
        if (n instanceof Branch b) {
            return mergeable(c, b.then(), lock, nested) && mergeable(c, b.otherwise(), lock, nested);
        }
        return mergeable(c, ((LocalSet) n).next(), lock, nested);
    }

    private Set<String> leafLocks;

    /**
     * The spinlocks that no state holds between steps: every acquisition of one is spin_lock() opening a section
     * that runs as one action by itself (it neither sleeps, blocks nor takes any lock), and nothing else takes
     * it (spin_trylock(), wait_event_lock_irq()). Taking such a lock never waits, so its section may lie inside
     * another lock's section that runs as one action (nvme_tcp's sk_callback_lock under lock_sock()). A lock whose
     * section nests another lock is never a leaf, so no two locks are taken in opposite orders inside one action
     * (that deadlock stays a reachable state).
     */
    Set<String> leafLocks() {
        if (leafLocks == null) {
            Set<String> locks = new TreeSet<>();
            Set<String> not = new TreeSet<>();
            for (Code c : program.codes()) {
                for (Node n : c.nodes()) {
                    if (!(n instanceof Op op)) {
                        continue;
                    }
                    if (op.prim() == Prim.LOCK) {
                        String l = ent(op.args().get(0));
                        locks.add(l);
                        if (!mergeable(c, op.next(), l, false)) {
                            not.add(l);
                        }
                    } else if (op.prim() != Prim.UNLOCK) {
                        for (Val v : op.args()) {
                            if (v instanceof Entity e) {
                                not.add(e.name());
                            }
                        }
                    }
                }
            }
            locks.removeAll(not);
            leafLocks = locks;
        }
        return leafLocks;
    }

    /**
     * The names the spec called for the unlocks that end a {@link #mergeable} section of {@code lock} from
     * {@code node} ({@code spin_unlock_irqrestore}, ...), in the order the paths meet them.
     */
    Set<String> sectionUnlocks(Code c, int node, String lock) {
        Set<String> out = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(node));
        Set<Integer> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (id == Ir.END || !seen.add(id)) {
                continue;
            }
            Node n = c.node(id);
            if (n instanceof Op op && op.prim() == Prim.UNLOCK && endsSection(op, lock)) {
                out.add(op.kernelName());
            } else if (n instanceof Op op) {
                todo.push(op.next());
            } else if (n instanceof Branch b) {
                todo.push(b.otherwise());
                todo.push(b.then());
            } else {
                todo.push(((LocalSet) n).next());
            }
        }
        return out;
    }

    /**
     * Locals live at each node (read later on some path before being written). A backward data-flow fixpoint:
     * the code may have loops (a requeued dispatch goes back to its gate).
     */
    Map<Integer, Set<String>> live(Code c) {
        return liveCache.computeIfAbsent(c, k -> {
            Map<Integer, Set<String>> memo = new HashMap<>();
            for (Node n : c.nodes()) {
                memo.put(n.id(), new TreeSet<>());
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = c.nodes().size() - 1; i >= 0; i--) {
                    Node n = c.nodes().get(i);
                    Set<String> s = liveAt(n, memo);
                    if (!s.equals(memo.get(n.id()))) {
                        memo.put(n.id(), s);
                        changed = true;
                    }
                }
            }
            return memo;
        });
    }

    private static Set<String> liveAt(Node n, Map<Integer, Set<String>> memo) {
        java.util.function.IntFunction<Set<String>> at = id -> id == Ir.END ? Set.of() : memo.get(id);
        Set<String> s = new TreeSet<>();
        if (n instanceof Op op) {
            s.addAll(at.apply(op.next()));
            if (op.result() != null) {
                s.remove(op.result());
            }
        } else if (n instanceof Branch b) {
            s.addAll(at.apply(b.then()));
            s.addAll(at.apply(b.otherwise()));
        } else {
            LocalSet ls = (LocalSet) n;
            s.addAll(at.apply(ls.next()));
            s.remove(ls.local());
        }
        Ir.reads(n).forEach(a -> uses(a, s));
        return s;
    }

    private static void uses(Val v, Set<String> s) {
        for (Val x : Ir.parts(v)) {
            if (x instanceof Local l) {
                s.add(l.name());
            }
        }
    }

    private Boolean statusConsumed;

    /**
     * Whether the waiter's read is the only read of a request's status: then blk_execute_rq() returning also
     * clears it to its declared initial value. The kernel's submitter reads nvme_req(rq)->status and frees the
     * request (__nvme_submit_sync_cmd()); its next use starts from status 0 again (nvme_clear_nvme_request() in
     * nvme_setup_cmd(), nvme_tcp_setup_cmd_pdu()). Kept until the next completion overwrote it, the old status
     * would split the states while nothing can read it (tcp: a third of its safety states).
     */
    boolean statusConsumed() {
        if (statusConsumed == null) {
            boolean read = false;
            for (Code c : program.codes()) {
                read |= c.guard() != null && readsStatus(c.guard());
                for (Node n : c.nodes()) {
                    read |= Ir.reads(n).stream().anyMatch(Analyses::readsStatus);
                }
            }
            statusConsumed = m.requestFields().containsKey(BlkMq.STATUS) && !read;
        }
        return statusConsumed;
    }

    private static boolean readsStatus(Val v) {
        return Ir.parts(v).stream().anyMatch(x -> x instanceof RqField f && f.field().equals(BlkMq.STATUS));
    }

    /** The request queue whose timeout work {@code work} is, if blk_sync_queue() deletes that queue's timer; else null. */
    String syncedQueueOf(String work) {
        Model.WorkItem w = m.works().get(work);
        return w != null && w.timeoutOf() != null && synced.contains(w.timeoutOf()) ? w.timeoutOf() : null;
    }

    /** Whether LostError is checked on this spec, and so its runs leave out the behaviours it cannot fail on. */
    boolean prunesForLostError() {
        return m.hasAssociationFaults() && m.controller() != null;
    }

    /** A DSL-like rendering of a value for comments and trace text. */
    String show(Val v) {
        if (v instanceof Const c) {
            Object o = c.value().v();
            return o instanceof String s && c.value().type() == Model.Type.STRING ? "\"" + s + "\"" : String.valueOf(o);
        }
        if (v instanceof Entity e) {
            return e.name();
        }
        if (v instanceof Local l) {
            return l.name();
        }
        if (v instanceof Global gl) {
            return gl.name().equals(controllerName) ? gl.name() + ".state" : gl.name();
        }
        if (v instanceof RqField f) {
            return f.rq() + "." + f.field();
        }
        if (v instanceof BoundRef br) {
            return br.name();
        }
        if (v instanceof Un u) {
            return u.op() + (u.operand() instanceof Bin ? "(" + show(u.operand()) + ")" : show(u.operand()));
        }
        Bin b = (Bin) v;
        return operand(b.left(), b.op()) + " " + b.op() + " " + operand(b.right(), b.op());
    }

    /** A logical sub-expression under a different operator keeps its parentheses; comparisons need none. */
    private String operand(Val v, String parent) {
        boolean logical = v instanceof Bin c && (c.op().equals("&&") || c.op().equals("||"));
        return logical && !((Bin) v).op().equals(parent) ? "(" + show(v) + ")" : show(v);
    }

    static String ent(Val v) {
        return ((Entity) v).name();
    }

    String describeEntry(Code c) {
        return switch (c.kind()) {
            case WORK -> "work item on " + m.works().get(c.entry()).workqueue() + describeHandler(c);
            case CONTEXT_MAIN -> c.owner() + " runs " + m.contexts().get(c.owner()).runs() + "()";
            case LLDD_DONE -> c.owner() + " completes " + c.request();
            case EVENT -> "event in " + c.owner();
        };
    }

    String describeHandler(Code c) {
        Model.WorkItem w = m.works().get(c.entry());
        return w.handler() != null ? " (" + w.handler() + ")" : w.timeoutOf() != null ? " (blk_mq_timeout_work)" : "";
    }
}
