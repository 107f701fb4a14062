package rpcheck.tla;

import rpcheck.model.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.model.Builtins;
import rpcheck.model.Ir;
import rpcheck.model.Ir.*;
import rpcheck.model.Lowering;
import rpcheck.model.Ghosts;
import rpcheck.model.Model;
import rpcheck.model.prims.Catalogue;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.StepContext;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Except;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla.IfBlock;
import rpcheck.model.prims.Tla.Infix;
import rpcheck.model.prims.Tla.Junction;
import rpcheck.model.prims.Tla.Let;
import rpcheck.model.prims.Tla.Num;
import rpcheck.model.prims.Tla.Paren;
import rpcheck.model.prims.Tla.Prefix;
import rpcheck.model.prims.Tla.Primed;
import rpcheck.model.prims.Tla.Str;
import rpcheck.model.prims.Tla.Bool;
import rpcheck.model.prims.Tla.Unchanged;
import rpcheck.model.prims.Tla.Update;
import rpcheck.model.prims.Workqueues;
import rpcheck.model.prims.WaitKind;

import static rpcheck.model.prims.Tla.SELF;

/**
 * Translates a lowered {@link Ir.Program} into one TLA+ module.
 *
 * <h2>State</h2>
 * {@code pc[c]} (the label a context is about to execute), {@code lv[c]} (its live locals), {@code g} (flags,
 * counters, vars and the controller state), {@code rq[r]} (block-layer, LLDD and driver state of each request),
 * {@code wk[w]} (pending / running-on / disabled-by of each work item), {@code flw[c]} (the work instance a
 * flush_work() waits for), {@code lk[l]} (spinlock owner) and {@code ev[e]} (how often each event fired).
 *
 * <h2>Atomicity rule</h2>
 * Every step that touches shared state (a primitive, a shared write, or a branch or local assignment that reads
 * shared state) starts one TLA+ action. The steps that follow it and touch only the context's own locals
 * (local assignments, branches on locals, returns, the call and return of inlined functions) are folded into
 * that same action, up to the next shared step, which becomes the context's next label. Locals that are dead at
 * the next label are dropped, so they do not split states.
 */
public final class TlaGenerator {
    private static final String NONE = "\"none\"";

    private final Program program;
    private final String controllerName;
    private final Model m;
    private final String module;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Provenance.ActionInfo> actions = new LinkedHashMap<>();
    private final Map<String, Provenance.LabelInfo> labels = new LinkedHashMap<>();
    private final Map<String, Provenance.LabelInfo> sleepMarkers = new LinkedHashMap<>();
    /** Labels some action jumps to (filled by {@link #leaf}); only these get an action of their own. */
    private final Set<String> reached = new java.util.HashSet<>();
    private int returns;
    /** Whether the spec has an assert that a context can reach. */
    private final boolean asserts;
    /** context -> the names of its actions that weak fairness covers (everything but environment events and timers) */
    private final Map<String, List<String>> fair = new LinkedHashMap<>();
    private final List<String> contexts = new ArrayList<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final Map<String, List<String>> workers = new LinkedHashMap<>();
    private final List<String> next = new ArrayList<>();
    private final Map<String, Code> codes = new LinkedHashMap<>();
    private final Map<Code, Map<Integer, Set<String>>> liveCache = new HashMap<>();

    /**
     * @param cfgs          property name -> TLC config, for every property this spec can be checked for
     * @param notApplicable property name -> why the spec gives it nothing to check (no assertion, no fault
     *                      that fails the association, no reference count, ...): no cfg, no TLC run
     */
    public record Output(String module, String tla, Map<String, String> cfgs, Map<String, String> notApplicable,
            Provenance provenance) {
    }

    /** Queues with quiesce state (blk_mq_quiesce_queue or a gated dispatch somewhere): g.<q>_quiesced, g.<q>_disp. */
    private final java.util.SortedSet<String> quiescable = new java.util.TreeSet<>();
    /** Whether some timeout handler re-arms its request (blk_add_timer after BLK_EH_RESET_TIMER). */
    private boolean rearms;
    /** Request queues whose timer blk_sync_queue() deletes (see {@link BlkMq#timerOff}). */
    private final Set<String> synced = new java.util.TreeSet<>();

    public TlaGenerator(Program program, String module) {
        this.program = program;
        this.m = program.model();
        this.module = module;
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
        asserts = program.statesAsserts() || program.codes().stream().flatMap(c -> c.nodes().stream())
                .anyMatch(n -> n instanceof Op op && op.prim() == Prim.ASSERT);
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

    public Output generate() {
        header();
        definitions();
        init();
        for (Code c : program.codes()) {
            code(c);
        }
        environment();
        nextAndSpec();
        invariants();
        out.append("====\n");
        Map<String, String> cfgs = new LinkedHashMap<>();
        Map<String, String> na = new LinkedHashMap<>();
        for (String p : List.of("Deadlock", "WaitCycle", "SleepInAtomic", "IoAccounting", "UseAfterFree", "LostError",
                "Progress")) {
            String why = notApplicable(p);
            if (why == null) {
                cfgs.put(p, cfg(p));
            } else {
                na.put(p, why);
            }
        }
        Map<String, Provenance.LabelInfo> all = new LinkedHashMap<>(labels);
        all.putAll(sleepMarkers);
        return new Output(module, TlaPrinter.layout(out.toString()), cfgs, na,
                new Provenance(actions, all, List.copyOf(contexts), kinds));
    }

    // ------------------------------------------------------------------ module header and constants

    private void header() {
        out.append("---- MODULE ").append(module).append(" ----\n");
        out.append("\\* Generated by rpcheck from ").append(String.join(" <- ", m.files()))
                .append(". Do not edit: edit the .stm files and run `rpcheck generate`.\n");
        if (!m.title().isEmpty()) {
            out.append("\\* ").append(m.name()).append(": ").append(m.title().replace("\n", " ")).append('\n');
        }
        out.append("EXTENDS Integers, Sequences, FiniteSets, TLC\n\n");
        if (!m.bounds().isEmpty()) {
            out.append("CONSTANTS ").append(String.join(", ", m.bounds().keySet().stream().map(TlaGenerator::bound).toList()))
                    .append("\n\n");
        }
        if (!program.decidedBounds().isEmpty()) {
            out.append("\\* Decided at generation (no property runs with another value): code that only these values make\n")
                    .append("\\* unreachable is not generated. Change them with `rpcheck check --bound`, not in a cfg.\n");
            for (Map.Entry<String, Long> b : program.decidedBounds().entrySet()) {
                out.append("ASSUME ").append(bound(b.getKey())).append(" = ").append(b.getValue()).append('\n');
            }
            out.append('\n');
        }
        out.append("VARIABLES pc, lv, g, rq, wk, flw, lk, ev\n");
        out.append("vars == <<pc, lv, g, rq, wk, flw, lk, ev>>\n\n");
    }

    static String bound(String name) {
        return "B_" + name;
    }

    private void definitions() {
        out.append("Ctx == ").append(set(contexts)).append('\n');
        out.append("Kind == [c \\in Ctx |-> CASE ");
        List<String> cases = new ArrayList<>();
        for (String c : contexts) {
            cases.add("c = " + q(c) + " -> " + q(kinds.get(c)));
        }
        out.append(String.join("\n    [] ", cases)).append("]\n");
        out.append("Reqs == ").append(set(m.requests().keySet())).append('\n');
        out.append("Works == ").append(set(m.works().keySet())).append('\n');
        out.append("Locks == ").append(set(m.locks())).append('\n');
        out.append("Events == ").append(set(m.events().keySet())).append('\n');
        for (Map.Entry<String, List<String>> w : workers.entrySet()) {
            out.append("W_").append(w.getKey()).append(" == <<")
                    .append(String.join(", ", w.getValue().stream().map(TlaGenerator::q).toList())).append(">>\n");
        }
        if (m.bounds().containsKey(TOTAL_EVENTS)) {
            List<String> terms = new ArrayList<>();
            m.events().values().stream().filter(e -> !e.workload()).forEach(e -> terms.add("ev[" + q(e.name()) + "]"));
            out.append("\\* bound 'events': environment events fired so far, all kinds together")
                    .append(terms.size() < m.events().size() ? " (workload events are not faults: not counted)\n" : "\n");
            out.append("EventsFired == ").append(terms.isEmpty() ? "0" : String.join(" + ", terms)).append('\n');
        }
        if (prunesForLostError()) {
            lostErrorPruning();
        }
        out.append("NoLocals == [none |-> 0]\n");
        out.append("NoFlush == [w |-> \"none\", ph |-> \"none\"]\n");
        out.append("\\* nvme_change_ctrl_state() (drivers/nvme/host/core.c): new state -> allowed old states\n");
        out.append("CtrlAllowed == [s \\in ").append(set(Builtins.CTRL_STATES)).append(" |->\n    CASE ");
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> t : Builtins.CTRL_TRANSITIONS.entrySet()) {
            rows.add("s = " + q(t.getKey()) + " -> " + set(t.getValue()));
        }
        out.append(String.join("\n      [] ", rows)).append("]\n");
        out.append("\\* the first idle worker of a workqueue takes the next work item (workers are interchangeable)\n");
        out.append("FirstIdle(seq, self) == \\E i \\in 1..Len(seq) : seq[i] = self /\\ pc[self] = \"idle\"\n");
        out.append("    /\\ \\A j \\in 1..(i - 1) : pc[seq[j]] # \"idle\"\n");
        out.append("QueueW(w) == [wk EXCEPT ![w].pend = IF wk[w].dis = {} THEN TRUE ELSE @]\n\n");
    }

    private void init() {
        out.append("Init ==\n");
        List<String> pcInit = new ArrayList<>();
        for (Model.ContextDecl c : m.contexts().values()) {
            if (c.runs() != null && codes.containsKey(c.name())) {
                pcInit.add("c = " + q(c.name()) + " -> " + q(c.name() + "_start"));
            }
        }
        String pc = pcInit.isEmpty() ? "\"idle\"" : "CASE " + String.join(" [] ", pcInit) + " [] OTHER -> \"idle\"";
        out.append("    /\\ pc = [c \\in Ctx |-> ").append(pc).append("]\n");
        out.append("    /\\ lv = [c \\in Ctx |-> NoLocals]\n");
        List<String> gf = new ArrayList<>();
        if (m.controller() != null) {
            gf.add(m.controller() + " |-> " + q(m.initialState()));
        }
        m.flags().forEach((k, v) -> gf.add(k + " |-> " + (v ? "TRUE" : "FALSE")));
        m.counters().forEach((k, v) -> gf.add(k + " |-> " + v));
        m.vars().forEach((k, v) -> gf.add(k + " |-> " + value(v)));
        // a struct completion's done count (kernel/sched/completion.c): 0 after init_completion()
        m.objectsOf(Model.COMPLETION).forEach(k -> gf.add(k + " |-> 0"));
        if (m.hasAssociationFaults()) {
            gf.add(Ghosts.ASSOC_FAILED + " |-> FALSE");
        }
        if (asserts) {
            gf.add(Ghosts.ASSERT + " |-> " + NONE);
        }
        if (m.events().values().stream().anyMatch(e -> e.kind() == Model.EventKind.REQUEST_TIMEOUT)
                && !m.requests().isEmpty()) {
            gf.add(Ghosts.LATE + " |-> 0");
            if (rearms) {
                gf.add(Ghosts.REEXPIRED + " |-> 0");
            }
        }
        for (String q : quiescable) {
            gf.add(BlkMq.quiesced(q) + " |-> FALSE");
            gf.add(BlkMq.dispatching(q) + " |-> {}");
        }
        for (String q : synced) {
            gf.add(BlkMq.timerOff(q) + " |-> FALSE");
        }
        if (!m.krefs().isEmpty()) {
            gf.add(Ghosts.FREED + " |-> " + NONE);
        }
        if (gf.isEmpty()) {
            gf.add("nil |-> 0");
        }
        out.append("    /\\ g = [").append(String.join(", ", gf)).append("]\n");
        // (no lldd_status: the status of a completion is a local of the LLDD's completion, see Lowering)
        List<String> rf = new ArrayList<>(List.of("mq_state |-> \"IDLE\"", "timer |-> \"OFF\"", "lldd |-> \"NONE\""));
        m.requestFields().forEach((k, v) -> rf.add(k + " |-> " + value(v)));
        out.append("    /\\ rq = [r \\in Reqs |-> [").append(String.join(", ", rf)).append("]]\n");
        out.append("    /\\ wk = [w \\in Works |-> [pend |-> FALSE, run |-> \"none\", dis |-> {}]]\n");
        out.append("    /\\ flw = [c \\in Ctx |-> NoFlush]\n");
        out.append("    /\\ lk = [l \\in Locks |-> \"none\"]\n");
        out.append("    /\\ ev = [e \\in Events |-> 0]\n\n");
    }

    // ------------------------------------------------------------------ code of one entry

    private List<String> owners(Code c) {
        if (c.kind() == Ir.EntryKind.WORK) {
            return workers.get(m.works().get(c.entry()).workqueue());
        }
        return List.of(c.owner());
    }

    private String label(Code c, int node) {
        return node == Ir.END ? endLabel(c) : labelNames.computeIfAbsent(c, this::nameLabels).get(node);
    }

    private final Map<Code, Map<Integer, String>> labelNames = new HashMap<>();

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
            String base = c.entry() + "_" + where(n.site());
            int k = seen.merge(base, 1, Integer::sum);
            out.put(n.id(), k == 1 ? base : base + "_" + k);
        }
        return out;
    }

    /** {@code FN_L<line within FN>} for the innermost spec function on the chain, else the innermost kernel helper. */
    private String where(Site site) {
        List<Frame> chain = site.chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            rpcheck.dsl.Ast.Fn fn = m.functions().get(chain.get(i).fn());
            if (fn != null) {
                return chain.get(i).fn() + "_L" + (site.span().line() - fn.span().line());
            }
        }
        return chain.isEmpty() ? "step" : chain.get(chain.size() - 1).fn();
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
    private static boolean folded(Prim p) {
        return p.folded();
    }

    /** Whether a node starts an action. A might_sleep() and the folded operations do not (see flow). */
    private boolean shared(Node n) {
        if (n instanceof Op op) {
            return op.prim() != Prim.MIGHT_SLEEP && !folded(op.prim()) && !quiesceReturnsAtOnce(op);
        }
        if (n instanceof Branch b) {
            return readsShared(b.cond());
        }
        return readsShared(((LocalSet) n).value());
    }

    private static final List<String> STATE_VARS = List.of("g", "rq", "wk", "flw", "lk", "ev");

    /** Which shared nodes of an entry are ever jumped to (a merged critical section hides the ones inside it). */
    private Set<String> reachable(Code c) {
        reached.clear();
        flow(c, c.start(), new LinkedHashMap<>(), identity(), null);
        Set<String> done = new java.util.HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node n : c.nodes()) {
                String lbl = label(c, n.id());
                if (shared(n) && reached.contains(lbl) && done.add(lbl)) {
                    apply(c, n, new LinkedHashMap<>(), identity(), mergeLock(c, n));
                    grew = true;
                }
            }
        }
        return done;
    }

    /**
     * Whether {@code op} is the grace-period wait of blk_mq_quiesce_queue() on a queue whose every dispatch runs as
     * one step (see mergeLock). No state between steps has a dispatch in progress on that queue, so the wait is
     * always over at once: it is not a step of its own (it still sleeps, see flow).
     */
    private boolean quiesceReturnsAtOnce(Op op) {
        return op.prim() == Prim.QUIESCE_WAIT && atomicDispatch().contains(ent(op.args().get(0)));
    }

    private Set<String> atomicDispatch;

    /** The quiesced queues whose every dispatch runs as one step (its ->queue_rq neither sleeps nor blocks). */
    private Set<String> atomicDispatch() {
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

    private String mergeLock(Code c, Node n) {
        if (n instanceof Op op && op.prim() == Prim.DISPATCH) {
            // ->queue_rq runs inside the dispatch's RCU read-side section, which blk_mq_quiesce_queue() waits
            // for: when it neither sleeps nor blocks, the whole dispatch is one action, like a spinlock section
            String key = DISPATCH_KEY + program.model().requests().get(ent(op.args().get(0)));
            return mergeable(c, op.next(), key) ? key : null;
        }
        return n instanceof Op op && op.prim() == Prim.LOCK && mergeable(c, op.next(), ent(op.args().get(0)))
                ? ent(op.args().get(0)) : null;
    }

    /** The merge key of a dispatch section of a queue (see mergeLock): not a lock name. */
    private static final String DISPATCH_KEY = "dispatch:";

    /** Whether {@code op} ends the merged section {@code key} (spin_unlock of the lock, or the dispatch's end). */
    private boolean endsSection(Op op, String key) {
        if (op.prim() == Prim.UNLOCK) {
            return ent(op.args().get(0)).equals(key);
        }
        return op.prim() == Prim.DISPATCH_END
                && key.equals(DISPATCH_KEY + program.model().requests().get(ent(op.args().get(0))));
    }

    private void code(Code c) {
        out.append("\\* ---- ").append(c.entry()).append(": ").append(describeEntry(c)).append('\n');
        List<String> owners = owners(c);
        Set<String> live = reachable(c);
        for (Node n : c.nodes()) {
            if (!shared(n) || !live.contains(label(c, n.id()))) {
                continue;
            }
            String lbl = label(c, n.id());
            returns = 0;
            Step s = step(c, n, Map.of(), identity());
            String merge = mergeLock(c, n);
            if (merge != null && merge.startsWith(DISPATCH_KEY)) {
                s.text = s.text + " ... ->queue_rq returns (the dispatch as one step)";
            } else if (merge != null) {
                s.text = s.text + " ... spin_unlock(" + merge + ") (critical section as one step)";
            }
            labels.put(lbl, new Provenance.LabelInfo(lbl, c.entry(), n.site(), n instanceof Op op ? op.prim() : null,
                    s.text, n instanceof Op op && op.prim().sleeps(), s.waitKind, s.waitsOn, owners));
            actions.put(lbl, new Provenance.ActionInfo(lbl, Provenance.ActionKind.STEP, lbl, s.text, n.site(), null));
            out.append("\\* ").append(n.site().span().position()).append("  ")
                    .append(String.join(" > ", n.site().functions())).append(": ").append(s.text).append('\n');
            List<Expr> conj = new ArrayList<>();
            conj.add(atLabel(SELF, lbl));
            if (s.guard != null) {
                conj.add(s.guard);
            }
            if (merge != null && merge.startsWith(DISPATCH_KEY)) {
                out.append("\\*   (->queue_rq neither sleeps nor blocks, and blk_mq_quiesce_queue() waits for the")
                        .append(" dispatch: it runs as this one step)\n");
            } else if (merge != null) {
                out.append("\\*   (the critical section up to spin_unlock(").append(merge)
                        .append(") does not sleep: it runs as this one step)\n");
            }
            emitAction(lbl, conj, apply(c, n, new LinkedHashMap<>(), identity(), merge));
            addNext(lbl, owners);
        }
    }

    /** {@code pc[ctx] = "label"}. */
    private static Expr atLabel(Expr ctx, String label) {
        return Tla.eq(Tla.index(Tla.id("pc"), ctx), Tla.str(label));
    }

    private static Map<String, String> identity() {
        Map<String, String> st = new LinkedHashMap<>();
        for (String v : STATE_VARS) {
            st.put(v, v);
        }
        return st;
    }

    /**
     * Whether every path from {@code node} reaches spin_unlock(lock) through steps that neither sleep, block,
     * nor take another lock: such a critical section is executed as one action (a Lipton reduction: the
     * acquire moves right, the release left, and the section cannot be observed half done).
     */
    private boolean mergeable(Code c, int node, String lock) {
        if (node == Ir.END) {
            return false;
        }
        Node n = c.node(node);
        if (n instanceof Op op) {
            if (op.prim() == Prim.UNLOCK || op.prim() == Prim.DISPATCH_END) {
                return endsSection(op, lock);
            }
            return op.prim().mergeable() && mergeable(c, op.next(), lock);
        }
        if (n instanceof Branch b) {
            return mergeable(c, b.then(), lock) && mergeable(c, b.otherwise(), lock);
        }
        return mergeable(c, ((LocalSet) n).next(), lock);
    }

    /** Applies shared node {@code n} to the symbolic state and continues with what follows it. */
    private Expr apply(Code c, Node n, Map<String, Expr> env, Map<String, String> st, String merge) {
        if (n instanceof Branch b) {
            Expr cond = val(b.cond(), env, st);
            Expr then = flow(c, b.then(), env, st, merge);
            return new IfBlock(cond, then, flow(c, b.otherwise(), env, st, merge));
        }
        if (n instanceof LocalSet ls) {
            Map<String, Expr> e2 = new LinkedHashMap<>(env);
            e2.put(ls.local(), val(ls.value(), env, st));
            return flow(c, ls.next(), e2, st, merge);
        }
        Op op = (Op) n;
        Step s = step(c, op, env, st);
        Map<String, Expr> e2 = new LinkedHashMap<>(env);
        if (s.resultLocal != null) {
            e2.put(s.resultLocal, s.result);
        }
        Map<String, String> st2 = new LinkedHashMap<>(st);
        List<Let> lets = lets(s.effects, st, st2, label(c, op.id()));
        String nextMerge = merge != null && endsSection(op, merge) ? null : merge;
        return in(lets, flow(c, op.next(), e2, st2, nextMerge));
    }

    /**
     * LET definitions (bodies left empty, see {@link #in}) for the effects of one step on the state variables;
     * points {@code st2} at their names.
     */
    private static List<Let> lets(Map<String, List<Update>> effects, Map<String, String> st, Map<String, String> st2,
            String tag) {
        List<Let> out = new ArrayList<>();
        for (Map.Entry<String, List<Update>> e : effects.entrySet()) {
            String var = e.getKey();
            List<Update> as = e.getValue();
            Expr def;
            if (as.size() == 1 && as.get(0).whole()) {
                def = as.get(0).value();
            } else if (as.stream().anyMatch(Update::whole)) {
                throw new IllegalStateException("internal error: a new value of " + var + " among its updates " + as);
            } else {
                def = new Except(Tla.id(st.get(var)), as);
            }
            String name = var + "_" + tag;
            out.add(new Let(name, def, null));
            st2.put(var, name);
        }
        return out;
    }

    /** {@code body} inside the LET definitions {@code lets}, the first outermost. */
    private static Expr in(List<Let> lets, Expr body) {
        Expr e = body;
        for (int i = lets.size() - 1; i >= 0; i--) {
            e = new Let(lets.get(i).name(), lets.get(i).def(), e);
        }
        return e;
    }

    /** A context's own action: weak fairness (LostError, Progress) makes it happen once it stays enabled. */
    private void addNext(String action, List<String> owners) {
        for (String o : owners) {
            fair.computeIfAbsent(o, k -> new ArrayList<>()).add(action);
        }
        addEnvironmentNext(action, owners);
    }

    /**
     * A context's actions as a disjunction grouped by the function (work, entry) their labels belong to:
     * {@code (pc[c] \\in {labels} /\\ (a_1(c) \\/ ...))}. The same action, cheaper to evaluate: each step's
     * action starts with {@code pc[self] = label}, and TLC tries the disjuncts one by one, which the
     * fairness conditions do for every state and transition (a liveness run spent most of its time there;
     * upstream Progress 104 s -> 73 s). Actions without a label of their own stay as they are.
     */
    private List<String> byFunction(String ctx, List<String> acts) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String a : acts) {
            Provenance.LabelInfo li = labels.get(a);
            if (li != null) {
                groups.computeIfAbsent(li.entry(), k -> new ArrayList<>()).add(a);
            } else {
                rest.add(a + "(" + q(ctx) + ")");
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> g : groups.values()) {
            List<String> calls = g.stream().map(n -> n + "(" + q(ctx) + ")").toList();
            out.add(g.size() == 1 ? calls.get(0)
                    : "(pc[" + q(ctx) + "] \\in " + set(g) + " /\\ (" + String.join(" \\/ ", calls) + "))");
        }
        out.addAll(rest);
        return out;
    }

    /** An action the environment may or may not take (a fault, a timer): never forced by fairness. */
    private void addEnvironmentNext(String action, List<String> owners) {
        if (owners.size() == 1) {
            next.add(action + "(" + q(owners.get(0)) + ")");
        } else {
            next.add("\\E self \\in " + set(owners) + " : " + action + "(self)");
        }
    }

    /** An environment-driven start: its own effects, then the entry's code from its first node. */
    private Expr startFlow(Code c, Map<String, List<Update>> effects) {
        return startFlow(c, effects, Map.of());
    }

    /** The same, with locals the start sets ({@code locals}: name -> value over the state before the step). */
    private Expr startFlow(Code c, Map<String, List<Update>> effects, Map<String, Expr> locals) {
        Map<String, String> st = identity();
        Map<String, String> st2 = new LinkedHashMap<>(st);
        returns = 0;
        List<Let> lets = lets(effects, st, st2, "start");
        return in(lets, flow(c, c.start(), new LinkedHashMap<>(locals), st2, null));
    }

    /** {@code name(self) ==} and the bulleted conjunction of {@code conj} and {@code body}. */
    private void emitAction(String name, List<Expr> conj, Expr body) {
        out.append(name).append("(self) ==\n");
        for (Expr s : conj) {
            out.append("    /\\ ").append(TlaPrinter.print(s, 7)).append('\n');
        }
        out.append("    /\\ ").append(TlaPrinter.print(body, 7)).append("\n\n");
    }

    /** The continuation from {@code node}: local steps folded, a merged critical section applied, else a leaf. */
    private Expr flow(Code c, int node, Map<String, Expr> env, Map<String, String> st, String merge) {
        if (node == Ir.END) {
            return leaf(c, node, env, st);
        }
        Node n = c.node(node);
        if (n instanceof Op op && (op.prim() == Prim.MIGHT_SLEEP || quiesceReturnsAtOnce(op))) {
            // a folded quiesce wait still sleeps (synchronize_rcu): it is a might_sleep() for SleepInAtomic
            String marker = label(c, op.id());
            String text = op.prim() == Prim.MIGHT_SLEEP ? "might_sleep: " + ((Const) op.args().get(0)).value().v()
                    : "blk_mq_quiesce_queue(" + ent(op.args().get(0)) + "): synchronize_rcu()";
            sleepMarkers.put(marker, new Provenance.LabelInfo(marker, c.entry(), op.site(), Prim.MIGHT_SLEEP, text,
                    true, null, null, owners(c)));
            Map<String, Expr> e2 = new LinkedHashMap<>(env);
            e2.put("sl", Tla.str(marker));
            return flow(c, op.next(), e2, st, merge);
        }
        if (n instanceof Op op && folded(op.prim())) {
            if (op.prim() == Prim.ASSERT) {
                String lbl = label(c, op.id());
                sleepMarkers.put(lbl, new Provenance.LabelInfo(lbl, c.entry(), op.site(), Prim.ASSERT,
                        "assert " + ((Const) op.args().get(0)).value().v() + ": " + show(op.args().get(1)), false, null,
                        null, owners(c)));
            }
            return apply(c, n, env, st, merge);
        }
        if (shared(n)) {
            return merge != null ? apply(c, n, env, st, merge) : leaf(c, node, env, st);
        }
        if (n instanceof LocalSet ls) {
            Map<String, Expr> e2 = new LinkedHashMap<>(env);
            e2.put(ls.local(), val(ls.value(), env, st));
            return flow(c, ls.next(), e2, st, merge);
        }
        Branch b = (Branch) n;
        Expr cond = foldLiterals(val(b.cond(), env, st));
        if (cond.equals(Tla.TRUE)) {
            return flow(c, b.then(), env, st, merge);
        }
        if (cond.equals(Tla.FALSE)) {
            return flow(c, b.otherwise(), env, st, merge);
        }
        Expr then = flow(c, b.then(), env, st, merge);
        Expr otherwise = flow(c, b.otherwise(), env, st, merge);
        if (then.equals(otherwise)) { // e.g. if (!queue_work(...)) dev_warn(...): both ways end alike
            return then;
        }
        return new IfBlock(cond, then, otherwise);
    }

    /**
     * {@code TRUE} or {@code FALSE} for a comparison of two literals of one kind, such as a function's constant
     * return value compared with {@code BLK_STS_RESOURCE} once its locals are substituted; anything else as it is
     * (TLC reports comparing a string with a number: that is not hidden here).
     */
    static Expr foldLiterals(Expr cond) {
        if (cond instanceof Paren p && p.inner() instanceof Infix x && (x.op().equals("=") || x.op().equals("#"))
                && literalKind(x.left()) != 0 && literalKind(x.left()) == literalKind(x.right())) {
            return x.left().equals(x.right()) == x.op().equals("=") ? Tla.TRUE : Tla.FALSE;
        }
        return cond;
    }

    /** 's', 'n' or 'b' for a string (without quotes in it), number or boolean literal; 0 for anything else. */
    private static char literalKind(Expr e) {
        return e instanceof Str s && !s.value().contains("\"") ? 's' : e instanceof Num ? 'n' : e instanceof Bool ? 'b'
                : 0;
    }

    private Expr leaf(Code c, int node, Map<String, Expr> env, Map<String, String> st) {
        if (node == Ir.END && c.kind() == Ir.EntryKind.WORK) {
            return workReturns(c, env, st);
        }
        String target = label(c, node);
        reached.add(target);
        Set<String> live = node == Ir.END ? Set.of() : live(c).get(node);
        List<Tla.Field> fields = new ArrayList<>();
        for (String x : live) {
            fields.add(new Tla.Field(x, env.getOrDefault(x, local(x))));
        }
        if (env.containsKey("sl")) {
            fields.add(new Tla.Field("sl", env.get("sl")));
        }
        return primes(target, fields, st);
    }

    /** {@code lv[self].x}: local {@code x} as the state before the action holds it. */
    private static Expr local(String x) {
        return Tla.dot(Tla.index(Tla.id("lv"), SELF), x);
    }

    /**
     * The end of an action of context self: it goes to {@code target} with {@code locals}, changed variables get
     * their new value, the rest are UNCHANGED.
     */
    private static Expr primes(String target, List<Tla.Field> locals, Map<String, String> st) {
        List<Expr> conj = new ArrayList<>();
        conj.add(Tla.eq(new Primed("pc"), new Except(Tla.id("pc"), List.of(Tla.update(Tla.str(target), SELF)))));
        conj.add(Tla.eq(new Primed("lv"), new Except(Tla.id("lv"), List.of(Tla.update(
                locals.isEmpty() ? Tla.id("NoLocals") : new Tla.Rec(locals), SELF)))));
        return new Paren(new Junction("/\\", primes(conj, st)));
    }

    /** {@code first}, then {@code v' = <new value>} for each changed state variable and UNCHANGED the others. */
    private static List<Expr> primes(List<Expr> first, Map<String, String> st) {
        List<Expr> conj = new ArrayList<>(first);
        List<String> same = new ArrayList<>();
        for (String v : STATE_VARS) {
            if (st.get(v).equals(v)) {
                same.add(v);
            } else {
                conj.add(Tla.eq(new Primed(v), Tla.id(st.get(v))));
            }
        }
        if (!same.isEmpty()) {
            conj.add(new Unchanged(same));
        }
        return conj;
    }

    /**
     * Locals live at each node (read later on some path before being written). A backward data-flow fixpoint:
     * the code may have loops (a requeued dispatch goes back to its gate).
     */
    private Map<Integer, Set<String>> live(Code c) {
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
    private boolean statusConsumed() {
        if (statusConsumed == null) {
            boolean read = false;
            for (Code c : program.codes()) {
                read |= c.guard() != null && readsStatus(c.guard());
                for (Node n : c.nodes()) {
                    read |= Ir.reads(n).stream().anyMatch(TlaGenerator::readsStatus);
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
    private String syncedQueueOf(String work) {
        Model.WorkItem w = m.works().get(work);
        return w != null && w.timeoutOf() != null && synced.contains(w.timeoutOf()) ? w.timeoutOf() : null;
    }

    /** blk_add_timer() (block/blk-timeout.c): mod_timer(&q->timeout, ...) arms the queue's timer again. */
    private void armQueueTimer(Step s, String rq) {
        String qn = m.requests().get(rq);
        if (synced.contains(qn)) {
            s.effect("g", timerArmed(qn));
        }
    }

    /** The effect on g of mod_timer(&q->timeout, ...). */
    private static Update timerArmed(String queue) {
        return Tla.field(BlkMq.timerOff(queue), Tla.FALSE);
    }

    /**
     * The work's handler returns (process_one_work(), kernel/workqueue.c): the worker is idle again and the
     * flushers of this instance wake up. This release is folded into the handler's last step (it moves left).
     */
    private Expr workReturns(Code c, Map<String, Expr> env, Map<String, String> st) {
        String w = c.entry();
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        String tq = syncedQueueOf(w);
        if (tq != null) {
            // blk_mq_timeout_work() ends with mod_timer(&q->timeout, next deadline)
            eff.put("g", List.of(timerArmed(tq)));
        }
        eff.put("wk", List.of(Tla.at(w, "run", Tla.NONE)));
        eff.put("flw", List.of(Tla.whole(Workqueues.flushers(Tla.id(st.get("flw")), w, "R", "D"))));
        Map<String, String> st2 = new LinkedHashMap<>(st);
        List<Let> lets = lets(eff, st, st2, "ret_" + (++returns));
        List<Tla.Field> locals = env.containsKey("sl") ? List.of(new Tla.Field("sl", env.get("sl"))) : List.of();
        return in(lets, primes("idle", locals, st2));
    }

    // ------------------------------------------------------------------ one shared step

    private static final class Step {
        Expr guard;
        final Map<String, List<Update>> effects = new LinkedHashMap<>();
        String resultLocal;
        Expr result;
        String text;
        WaitKind waitKind;
        String waitsOn;

        void effect(String var, Update update) {
            effects.computeIfAbsent(var, k -> new ArrayList<>()).add(update);
        }
    }

    /**
     * The guard, effects and result of a shared step, over the symbolic state {@code st} (state variable -> the
     * name of its value in this action) with the locals folded into this action in {@code env}.
     */
    private Step step(Code c, Node n, Map<String, Expr> env, Map<String, String> st) {
        Step s = new Step();
        if (n instanceof Branch b) {
            s.text = "if " + show(b.cond());
            return s;
        }
        if (n instanceof LocalSet ls) {
            s.text = ls.local() + " = " + show(ls.value());
            return s;
        }
        Op op = (Op) n;
        s.resultLocal = op.result();
        s.waitKind = op.prim().waitKind();
        Catalogue.rule(op.prim()).step(new RuleContext(c, op, s, env, st));
        return s;
    }

    /** The generator's side of a primitive's step rule (see {@link Catalogue}): it fills one {@link Step}. */
    private final class RuleContext implements StepContext {
        private final Code c;
        private final Op op;
        private final Step s;
        private final Map<String, Expr> env;
        private final Map<String, String> st;

        RuleContext(Code c, Op op, Step s, Map<String, Expr> env, Map<String, String> st) {
            this.c = c;
            this.op = op;
            this.s = s;
            this.env = env;
            this.st = st;
        }

        @Override
        public Op op() {
            return op;
        }

        @Override
        public Model model() {
            return m;
        }

        @Override
        public Expr state(String var) {
            String name = st.get(var);
            if (name == null) {
                throw new IllegalArgumentException("internal error: no state variable " + var);
            }
            return Tla.id(name);
        }

        @Override
        public Expr operand(Val v) {
            return val(v, env, st);
        }

        @Override
        public String show(Val v) {
            return TlaGenerator.this.show(v);
        }

        @Override
        public String label() {
            return TlaGenerator.this.label(c, op.id());
        }

        @Override
        public void guard(Expr tla) {
            s.guard = tla;
        }

        @Override
        public void result(Expr tla) {
            s.result = tla;
        }

        @Override
        public void effect(String var, Update update) {
            s.effect(var, update);
        }

        @Override
        public void assign(Val target, Expr value) {
            TlaGenerator.this.assign(s, target, value);
        }

        @Override
        public void text(String words) {
            s.text = words;
        }

        @Override
        public void waitsOn(String what) {
            s.waitsOn = what;
        }

        @Override
        public String syncedQueueOf(String work) {
            return TlaGenerator.this.syncedQueueOf(work);
        }

        @Override
        public void armQueueTimer(String rq) {
            TlaGenerator.this.armQueueTimer(s, rq);
        }

        @Override
        public boolean statusConsumed() {
            return TlaGenerator.this.statusConsumed();
        }
    }

    private void assign(Step s, Val target, Expr value) {
        if (target instanceof Global gl) {
            s.effect("g", Tla.field(gl.name(), value));
        } else if (target instanceof RqField f) {
            s.effect("rq", Tla.at(f.rq(), f.field(), value));
        } else {
            throw new IllegalStateException("internal error: assignment target " + target);
        }
    }

    // ------------------------------------------------------------------ environment

    private void environment() {
        out.append("\\* ---- environment: workers, LLDD, timers, events\n");
        for (Code c : program.codes()) {
            switch (c.kind()) {
                case WORK -> workStart(c);
                case CONTEXT_MAIN -> contextStart(c);
                case LLDD_DONE -> llddDone(c);
                case EVENT -> { }
            }
        }
        for (Model.EventDecl e : m.events().values()) {
            event(e);
        }
    }

    /** The bound named {@code events}, if declared, caps the total number of environment events. */
    static final String TOTAL_EVENTS = "events";
    /** The bound named {@code reexpiries}, if declared, caps re-expiries of re-armed timers (else: timeouts - 1). */
    static final String REEXPIRIES = "reexpiries";

    private Expr limit(Model.EventDecl e) {
        List<Expr> all = new ArrayList<>(List.of(budget(e)));
        if (m.bounds().containsKey(TOTAL_EVENTS) && !e.workload()) {
            all.add(Tla.infix("<", Tla.id("EventsFired"), Tla.id(bound(TOTAL_EVENTS))));
        }
        if (prunesForLostError() && !e.workload() && !e.failsAssociation()) {
            all.add(Tla.id(NON_FAILING_OK));
        }
        return all.size() == 1 ? all.get(0) : new Junction("/\\", all);
    }

    /** {@code ev["e"] < <its budget>}. */
    private Expr budget(Model.EventDecl e) {
        return Tla.infix("<", fired(e), e.bound() != null ? Tla.id(bound(e.bound())) : Tla.num(e.max()));
    }

    /** {@code ev["e"]}: how often event e fired. */
    private static Expr fired(Model.EventDecl e) {
        return Tla.index(Tla.id("ev"), e.name());
    }

    /** The guard every fault that does not fail the association carries; LostError's cfg replaces it. */
    static final String NON_FAILING_OK = "NonFailingFaultOK";
    /** What LostError's cfg puts in place of {@link #NON_FAILING_OK}. */
    static final String FAILURE_CAN_FOLLOW = "FailureCanFollow";

    /** Whether LostError is checked on this spec, and so its runs leave out the behaviours it cannot fail on. */
    private boolean prunesForLostError() {
        return m.hasAssociationFaults() && m.controller() != null;
    }

    /**
     * LostError's premise needs the ghost {@link Ghosts#ASSOC_FAILED}, and only an event declared 'fails
     * association' sets it (see failsAssociation). A fault of another kind after which no such event can fire
     * any more (their budgets, or the bound 'events', are spent) starts only behaviours that never meet the
     * premise, on which LostError holds. LostError's runs do not explore them: each other fault is guarded by
     * {@code NonFailingFaultOK}, TRUE in the module and replaced by {@code FailureCanFollow} in LostError's cfg.
     * Every behaviour with an association-failing fault is kept, and so is every state it passes through; the
     * guarded faults are not fair and not part of SystemStep, so no fairness condition changes.
     */
    private void lostErrorPruning() {
        List<Model.EventDecl> failing = m.events().values().stream().filter(Model.EventDecl::failsAssociation).toList();
        List<Expr> fired = failing.stream().map(TlaGenerator::fired).toList();
        List<Expr> left = failing.stream().map(this::budget).toList();
        Expr more = left.size() == 1 ? left.get(0) : Tla.paren(new Junction("\\/", left));
        if (m.bounds().containsKey(TOTAL_EVENTS)) {
            more = Tla.and(Tla.infix("<", Tla.infix("+", Tla.id("EventsFired"), Tla.num(1)),
                    Tla.id(bound(TOTAL_EVENTS))), more);
        }
        out.append("\\* LostError needs an event declared 'fails association' (only those set g.").append(Ghosts.ASSOC_FAILED)
                .append("). Its cfg replaces\n")
                .append("\\* NonFailingFaultOK by FailureCanFollow: a fault of another kind happens only if one that fails the\n")
                .append("\\* association has happened or can still happen after it; the behaviours left out never meet LostError's\n")
                .append("\\* premise. The other properties explore every fault (NonFailingFaultOK is TRUE).\n");
        define("FailuresFired", new Junction("+", fired));
        define(FAILURE_CAN_FOLLOW, Tla.or(Tla.infix(">", Tla.id("FailuresFired"), Tla.num(0)), Tla.paren(more)));
        define(NON_FAILING_OK, Tla.TRUE);
    }

    /** {@code name == value} on one line. */
    private void define(String name, Expr value) {
        out.append(name).append(" == ").append(TlaPrinter.print(value)).append('\n');
    }

    /** {@code ev["e"]} counts one more firing. */
    private static Update count(Model.EventDecl e) {
        return Tla.update(Tla.infix("+", Tla.AT, Tla.num(1)), Tla.str(e.name()));
    }

    private void workStart(Code c) {
        String w = c.entry();
        Model.WorkItem wi = m.works().get(w);
        String name = "Start_" + w;
        String text = m.isTimer(w) ? "the timer " + w + " fires: its callback runs in softirq context"
                + describeHandler(c) : "a " + wi.workqueue() + " worker starts " + w + describeHandler(c);
        actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.WORK_START, null, text, c.startSite(), null));
        out.append("\\* worker_thread() (kernel/workqueue.c): ").append(text).append('\n');
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        eff.put("wk", List.of(Tla.at(w, "pend", Tla.FALSE), Tla.at(w, "run", SELF)));
        eff.put("flw", List.of(Tla.whole(Workqueues.flushers(Tla.id("flw"), w, "P", "R"))));
        // the cheap tests first: in most states the work is not pending (TLC tries the conjuncts in order)
        Expr wk = Tla.index(Tla.id("wk"), w);
        emitAction(name, List.of(Tla.dot(wk, "pend"), Tla.eq(Tla.dot(wk, "run"), Tla.NONE),
                Tla.apply("FirstIdle", Tla.id("W_" + wi.workqueue()), SELF)), startFlow(c, eff));
        addNext(name, workers.get(wi.workqueue()));
    }

    private void contextStart(Code c) {
        String name = c.entry() + "_start";
        String text = c.owner() + " calls " + m.contexts().get(c.owner()).runs() + "()";
        labels.put(name, new Provenance.LabelInfo(name, c.entry(), c.startSite(), null, text, false, null, null,
                List.of(c.owner())));
        actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.CONTEXT_START, name, text,
                c.startSite(), c.owner()));
        out.append("\\* ").append(text).append('\n');
        emitAction(name, List.of(atLabel(SELF, name)), startFlow(c, Map.of()));
        addNext(name, List.of(c.owner()));
    }

    /** {@code rq["r"].lldd}. */
    private static Expr lldd(String rq) {
        return Tla.dot(Tla.index(Tla.id("rq"), rq), "lldd");
    }

    private void llddDone(Code c) {
        String rqn = c.request();
        String ctx = c.owner();
        String name = "LlddDone_" + ctx + "_" + rqn;
        String text = "the LLDD completes " + rqn + " and calls " + m.llddDone().get(ctx) + "(" + rqn + ")";
        actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.LLDD_COMPLETION, null, text,
                c.startSite(), ctx));
        out.append("\\* LLDD: ").append(text).append(" (an aborted request completes as LLDD_ABORTED)\n");
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        // on a failed association (an event declared 'fails association') no exchange succeeds any more
        Expr good = m.hasAssociationFaults() ? Tla.ite(Tla.dot(Tla.id("g"), Ghosts.ASSOC_FAILED),
                Tla.str("LLDD_ERROR"), Tla.str("LLDD_OK")) : Tla.str("LLDD_OK");
        eff.put("rq", List.of(Tla.at(rqn, "lldd", Tla.str("NONE"))));
        // the status the LLDD reports is a local of this completion (Lowering.LLDD_STATUS_LOCAL), read in the state
        // before the step
        Expr status = Tla.ite(Tla.eq(lldd(rqn), Tla.str("ABORTING")), Tla.str("LLDD_ABORTED"), good);
        Expr idle = Tla.eq(Tla.index(Tla.id("pc"), SELF), Tla.str("idle"));
        emitAction(name, List.of(idle, Tla.in(lldd(rqn), Tla.set(Tla.str("OWNS"), Tla.str("ABORTING")))),
                startFlow(c, eff, Map.of(Lowering.LLDD_STATUS_LOCAL, Tla.paren(status))));
        addNext(name, List.of(ctx));
        for (Model.EventDecl e : m.events().values()) {
            if (e.kind() != Model.EventKind.LLDD_ERROR) {
                continue;
            }
            String en = "LlddError_" + ctx + "_" + rqn;
            String et = "the LLDD fails " + rqn + " (" + e.name() + ") and calls " + m.llddDone().get(ctx) + "(" + rqn + ")";
            actions.put(en, new Provenance.ActionInfo(en, Provenance.ActionKind.LLDD_ERROR, null, et, c.startSite(), ctx));
            out.append("\\* LLDD: ").append(et).append('\n');
            Map<String, List<Update>> e2 = new LinkedHashMap<>();
            e2.put("rq", List.of(Tla.at(rqn, "lldd", Tla.str("NONE"))));
            e2.put("ev", List.of(count(e)));
            failsAssociation(e, e2);
            emitAction(en, List.of(limit(e), idle, Tla.eq(lldd(rqn), Tla.str("OWNS"))),
                    startFlow(c, e2, Map.of(Lowering.LLDD_STATUS_LOCAL, Tla.str("LLDD_ERROR"))));
            addEnvironmentNext(en, List.of(ctx));
        }
    }

    /** {@code rq["r"].timer = "state"}. */
    private static Expr timerIs(String rq, String state) {
        return Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), rq), "timer"), Tla.str(state));
    }

    private void event(Model.EventDecl e) {
        switch (e.kind()) {
            case REQUEST_TIMEOUT -> {
                for (Map.Entry<String, String> r : m.requests().entrySet()) {
                    String tw = Model.timeoutWork(r.getValue());
                    String name = "Timeout_" + r.getKey();
                    String text = "the timer of " + r.getKey() + " expires; kblockd_schedule_work(" + tw + ")";
                    Map<String, List<Update>> eff = new LinkedHashMap<>();
                    expire(eff, r.getKey(), tw);
                    eff.put("ev", List.of(count(e)));
                    failsAssociation(e, eff);
                    timerAction(e, name, text, limit(e), r.getKey(), eff, timerIs(r.getKey(), "ARMED"));
                    timers.add(name);
                    if (rearms) {
                        // the handler returned BLK_EH_RESET_TIMER and the request is still unanswered: its timer
                        // fires again. The same fault, so not counted in 'events'; re-expiries have their own
                        // count: at most (bound - 1) of them, as a re-expiry follows a first expiry. Not bounded
                        // through ev[...]: the VIEW hides ev once 'events' is spent, and an action enabled by it
                        // would make the VIEW unsound.
                        String again = "Retimeout_" + r.getKey();
                        String atext = "the re-armed timer of " + r.getKey() + " expires again; kblockd_schedule_work("
                                + tw + ")";
                        Map<String, List<Update>> ae = new LinkedHashMap<>();
                        ae.put("g", new ArrayList<>(List.of(Tla.field(Ghosts.REEXPIRED,
                                Tla.infix("+", Tla.AT, Tla.num(1))))));
                        expire(ae, r.getKey(), tw);
                        Expr own = e.bound() != null ? Tla.id(bound(e.bound())) : Tla.num(e.max());
                        Expr reexpired = Tla.dot(Tla.id("g"), Ghosts.REEXPIRED);
                        Expr budget = m.bounds().containsKey(REEXPIRIES)
                                ? Tla.infix("<", reexpired, Tla.id(bound(REEXPIRIES)))
                                : Tla.infix("<", Tla.infix("+", reexpired, Tla.num(1)), own);
                        timerAction(e, again, atext, budget, r.getKey(), ae, timerIs(r.getKey(), "REARMED"));
                        timers.add(again);
                    }
                    lateTimers.add(() -> lateTimeout(e, r.getKey(), tw));
                }
            }
            case LLDD_ERROR -> { }
            case IN_CONTEXT -> {
                Code c = codes.get(e.name());
                if (c == null) {
                    return;
                }
                String name = "Event_" + e.name();
                String text = e.name() + ": " + e.where() + " calls " + e.fn() + "()";
                actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.EVENT, null, text,
                        c.startSite(), e.where()));
                out.append("\\* event ").append(text).append('\n');
                Map<String, List<Update>> eff = new LinkedHashMap<>();
                eff.put("ev", List.of(count(e)));
                failsAssociation(e, eff);
                List<Expr> guard = new ArrayList<>(List.of(limit(e),
                        Tla.eq(Tla.index(Tla.id("pc"), SELF), Tla.str("idle"))));
                if (c.guard() != null) {
                    guard.add(val(c.guard(), new LinkedHashMap<>(), identity()));
                }
                emitAction(name, guard, startFlow(c, eff));
                addEnvironmentNext(name, List.of(e.where()));
            }
            case ON_WORKQUEUE -> {
                String w = e.name() + "_work";
                String name = "Event_" + e.name();
                String text = e.name() + ": queue " + w + " on " + e.where() + " (runs " + e.fn() + "())";
                actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.EVENT, null, text,
                        new Site(e.span(), List.of()), "env"));
                out.append("\\* event ").append(text).append('\n');
                Map<String, List<Update>> eff = new LinkedHashMap<>();
                eff.put("wk", List.of(Tla.at(w, "pend", Tla.TRUE)));
                eff.put("ev", List.of(count(e)));
                failsAssociation(e, eff);
                out.append(name).append(" ==\n");
                Expr wk = Tla.index(Tla.id("wk"), w);
                emitBody(List.of(limit(e), Tla.not(Tla.dot(wk, "pend")), Tla.eq(Tla.dot(wk, "dis"), Tla.set())), eff);
                next.add(name);
            }
        }
    }

    /** Late timer expiries (see lateTimeout): their names, and their definitions, emitted after NextCore. */
    private final List<String> late = new ArrayList<>();
    private final List<Runnable> lateTimers = new ArrayList<>();
    /** Early (bounded) timer expiries: in Next, not in NextCore. */
    private final List<String> timers = new ArrayList<>();

    /**
     * A timer is time, not a fault: the bounds limit how often a timer may fire early (while something else can
     * still happen), but when nothing but timers can happen any more an armed timer of an in-flight request
     * fires, budget or not (blk_rq_timed_out_timer always runs in the end). Weakly fair: it does fire.
     */
    private void lateTimeout(Model.EventDecl e, String rq, String tw) {
        String name = "LateTimeout_" + rq;
        String text = "nothing else can happen: the timer of " + rq + " expires (beyond the bounds); kblockd_schedule_work("
                + tw + ")";
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        eff.put("g", List.of(Tla.field(Ghosts.LATE, Tla.infix("+", Tla.AT, Tla.num(1)))));
        expire(eff, rq, tw);
        // at most one late expiry per declared request in a behaviour, so that a handler that counts
        // something (a freeze depth, say) cannot make the state space infinite
        Expr armed = Tla.in(Tla.dot(Tla.index(Tla.id("rq"), rq), "timer"),
                Tla.set(Tla.str("ARMED"), Tla.str("REARMED")));
        timerAction(e, name, text, Tla.infix("<", Tla.dot(Tla.id("g"), Ghosts.LATE), Tla.apply("Cardinality",
                Tla.id("Reqs"))), rq, eff, armed, Tla.not(new Prefix("ENABLED ", Tla.id("SystemStep"))));
        late.add(name);
        List<Expr> ready = timerCanFire(rq);
        ready.add(armed);
        lateReady.add(TlaPrinter.print(Tla.paren(new Junction("/\\", ready))));
    }

    /** For each late expiry: the state in which its timer would fire but for the budget. */
    private final List<String> lateReady = new ArrayList<>();

    /**
     * The budget of late expiries is a search bound: once it is spent, a request whose timer would still fire
     * (and would, in the kernel) is where the search stops, not a hang. {@code LateSpent} names such states:
     * a stutter step there keeps TLC from reporting a deadlock, and the liveness properties count a
     * behaviour that ends there as cut off by the bound.
     */
    private void lateSpent() {
        out.append("\\* The late expiries are spent while a timer would still fire: the kernel's timer fires, the search\n")
                .append("\\* stops here (a bound, not a hang): not a deadlock, and LostError and Progress count a behaviour\n")
                .append("\\* that ends here as cut off by the bound.\n");
        out.append("LateSpent == g.").append(Ghosts.LATE).append(" >= Cardinality(Reqs) /\\ ~ENABLED SystemStep /\\\n    (")
                .append(String.join("\n     \\/ ", lateReady)).append(")\n");
        out.append("BoundReached == LateSpent /\\ UNCHANGED vars\n\n");
        actions.put("BoundReached", new Provenance.ActionInfo("BoundReached", Provenance.ActionKind.QUIESCENT, null,
                "the late timer expiries are spent while a timer would still fire (the search stops here)", null, null));
    }

    /** {@code cond}, or also a state where the late-expiry bound cut the behaviour off (see lateSpent). */
    private String orLateSpent(String cond) {
        return late.isEmpty() ? cond : cond + " \\/ LateSpent";
    }

    /** blk_rq_timed_out_timer(): the request is marked expired and its queue's timeout work is queued. */
    private static void expire(Map<String, List<Update>> eff, String rq, String tw) {
        eff.put("rq", List.of(Tla.at(rq, "timer", Tla.str("EXPIRED"))));
        eff.put("wk", List.of(Tla.whole(Tla.apply("QueueW", Tla.str(tw)))));
    }

    /** A timer expiry of an in-flight request with an armed timer, allowed by {@code budget} (and {@code more}). */
    private void timerAction(Model.EventDecl e, String name, String text, Expr budget, String rq,
            Map<String, List<Update>> eff, Expr... more) {
        actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.REQUEST_TIMEOUT, null, text,
                new Site(e.span(), List.of(new Frame("blk_rq_timed_out_timer", null, "block/blk-core.c"))), "timer"));
        out.append("\\* blk_rq_timed_out_timer() (block/blk-core.c): ").append(text).append('\n');
        out.append(name).append(" ==\n");
        List<Expr> guard = new ArrayList<>(List.of(budget));
        guard.addAll(timerCanFire(rq));
        guard.addAll(List.of(more));
        emitBody(guard, eff);
    }

    /** The request is in flight and its queue's timer is not deleted (blk_sync_queue): its timer can fire. */
    private List<Expr> timerCanFire(String rq) {
        List<Expr> c = new ArrayList<>(List.of(Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), rq), "mq_state"),
                Tla.str("IN_FLIGHT"))));
        if (synced.contains(m.requests().get(rq))) {
            c.add(Tla.not(Tla.dot(Tla.id("g"), BlkMq.timerOff(m.requests().get(rq)))));
        }
        return c;
    }

    /** An event declared 'fails association' sets the ghost that LostError and the LLDD's completions read. */
    private static void failsAssociation(Model.EventDecl e, Map<String, List<Update>> eff) {
        if (e.failsAssociation()) {
            eff.computeIfAbsent("g", k -> new ArrayList<>()).add(Tla.field(Ghosts.ASSOC_FAILED, Tla.TRUE));
        }
    }

    /** Body of an environment action without a context (no pc change). */
    private void emitBody(List<Expr> conj, Map<String, List<Update>> effects) {
        Map<String, String> st = new LinkedHashMap<>(identity());
        List<Let> lets = lets(effects, identity(), st, "env");
        Expr body = in(lets, new Paren(new Junction("/\\", primes(List.of(new Unchanged(List.of("pc", "lv"))), st))));
        for (Expr s : conj) {
            out.append("    /\\ ").append(TlaPrinter.print(s)).append('\n');
        }
        out.append("    /\\ ").append(TlaPrinter.print(body, 7)).append("\n\n");
    }

    private void nextAndSpec() {
        actions.put("Quiescent", new Provenance.ActionInfo("Quiescent", Provenance.ActionKind.QUIESCENT, null,
                "every context is idle (nothing left to do)", null, null));
        out.append("\\* every context idle: the system may stop here (not a deadlock)\n");
        out.append("Quiescent == (\\A c \\in Ctx : pc[c] \\in {\"idle\", \"done\"}) /\\ UNCHANGED vars\n\n");
        out.append("NextCore ==").append(next.isEmpty() ? " FALSE\n" : "\n");
        for (String n : next) {
            out.append("    \\/ ").append(n).append('\n');
        }
        out.append('\n');
        out.append("\\* a step of the system itself (contexts, workers, LLDD completions): not faults, timers or events\n");
        out.append("SystemStep ==");
        // each context's fair actions grouped by function, once: SystemStep and Fairness both use them
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        fair.forEach((ctx, acts) -> grouped.put(ctx, byFunction(ctx, acts)));
        List<String> sys = grouped.values().stream().flatMap(List::stream).toList();
        if (sys.isEmpty()) {
            out.append(" FALSE\n\n");
        } else {
            sys.forEach(a -> out.append("\n    \\/ ").append(a));
            out.append("\n\n");
        }
        lateTimers.forEach(Runnable::run);
        if (!late.isEmpty()) {
            lateSpent();
        }
        out.append("Next ==\n    \\/ NextCore\n");
        for (String n : timers) {
            out.append("    \\/ ").append(n).append('\n');
        }
        for (String n : late) {
            out.append("    \\/ ").append(n).append('\n');
        }
        out.append("    \\/ Quiescent\n").append(late.isEmpty() ? "" : "    \\/ BoundReached\n").append('\n');
        out.append("Spec == Init /\\ [][Next]_vars\n\n");
        out.append("\\* LostError and Progress: every context that can go on eventually does (weak fairness of its own\n");
        out.append("\\* steps, work starts and LLDD completions); faults, timers and events are never forced.\n");
        out.append("Fairness ==");
        List<String> wf = new ArrayList<>();
        for (List<String> g : grouped.values()) {
            wf.add("WF_vars(" + String.join(" \\/ ", g) + ")");
        }
        for (String l : late) {
            wf.add("WF_vars(" + l + ")");
        }
        if (wf.isEmpty()) {
            out.append(" TRUE\n");
        } else {
            for (String w : wf) {
                out.append("\n    /\\ ").append(w);
            }
            out.append('\n');
        }
        out.append("FairSpec == Spec /\\ Fairness\n\n");
        if (m.bounds().containsKey(TOTAL_EVENTS)) {
            out.append("\\* Once the event budget is spent no event can fire again, so which ones fired no longer\n");
            List<String> workload = m.events().values().stream().filter(Model.EventDecl::workload)
                    .map(e -> "ev[" + q(e.name()) + "]").toList();
            out.append("\\* matters: TLC identifies such states (VIEW). No property reads ev")
                    .append(workload.isEmpty() ? ".\n" : "; workload events (not counted in 'events') keep their counts.\n");
            String spent = workload.isEmpty() ? "\"spent\"" : "<<\"spent\", " + String.join(", ", workload) + ">>";
            String gv = "g";
            if (!synced.isEmpty()) {
                // a deleted queue timer only matters while a request of the queue is in flight: the next start
                // arms it again anyway (blk_add_timer), so with none in flight both values have the same future
                List<String> ex = new ArrayList<>();
                for (String qn : synced) {
                    List<String> rs = m.requests().entrySet().stream().filter(r -> r.getValue().equals(qn))
                            .map(r -> q(r.getKey())).toList();
                    ex.add("!." + BlkMq.timerOff(qn) + " = @ /\\ \\E r \\in " + "{" + String.join(", ", rs) + "}"
                            + " : rq[r].mq_state = \"IN_FLIGHT\"");
                }
                out.append("\\* A deleted request-queue timer (blk_sync_queue) with no request of the queue in flight is\n")
                        .append("\\* the same as an armed one: the next blk_mq_start_request() arms it again.\n");
                out.append("GView == [g EXCEPT ").append(String.join(", ", ex)).append("]\n");
                gv = "GView";
            }
            out.append("StateView == <<pc, lv, ").append(gv).append(", rq, wk, flw, lk, IF EventsFired >= ")
                    .append(bound(TOTAL_EVENTS)).append(" THEN ").append(spent).append(" ELSE ev>>\n\n");
        }
    }

    // ------------------------------------------------------------------ properties

    private void invariants() {
        out.append("\\* ---- properties\n");
        List<String> mutexes = m.objectsOf(Model.MUTEX);
        if (mutexes.isEmpty()) {
            out.append("HoldsLock(c) == \\E l \\in Locks : lk[l] = c\n");
        } else {
            // a mutex's holder may sleep: only spinlocks make it atomic
            out.append("Mutexes == ").append(set(mutexes)).append('\n');
            out.append("HoldsLock(c) == \\E l \\in Locks \\ Mutexes : lk[l] = c\n");
        }
        out.append("HoldsOtherLock(c, l) == \\E k \\in ").append(mutexes.isEmpty() ? "Locks" : "(Locks \\ Mutexes)")
                .append(" \\ {l} : lk[k] = c\n");
        out.append("\\* SleepInAtomic: a step that may sleep is about to run while the context holds a spinlock,\n");
        out.append("\\* or in an LLDD callback or interrupt context.\n");
        List<String> plain = new ArrayList<>();
        Map<String, List<String>> withLock = new LinkedHashMap<>();
        for (Provenance.LabelInfo l : labels.values()) {
            if (!l.sleeps()) {
                continue;
            }
            if (l.prim() == Prim.WAITLOCK_BEGIN) {
                Code c = codes.get(l.entry());
                Op op = (Op) c.nodes().stream().filter(n -> label(c, n.id()).equals(l.label())).findFirst().orElseThrow();
                withLock.computeIfAbsent(ent(op.args().get(1)), k -> new ArrayList<>()).add(l.label());
            } else {
                plain.add(l.label());
            }
        }
        out.append("SleepLabels == ").append(set(plain)).append('\n');
        out.append("\\* a folded might_sleep() leaves the marker lv[c].sl in the state right after it\n");
        out.append("NoSleepInAtomic == \\A c \\in Ctx :\n");
        // contexts that must not sleep whatever they hold: LLDD callbacks, irq, and driver timers' softirq
        String atomicKinds = m.objects().containsValue(Model.TIMER) ? "{\"lldd\", \"irq\", \"timer\"}"
                : "{\"lldd\", \"irq\"}";
        out.append("    /\\ (pc[c] \\in SleepLabels \\/ \"sl\" \\in DOMAIN lv[c]) => ~(Kind[c] \\in ").append(atomicKinds)
                .append(" \\/ HoldsLock(c))\n");
        for (Map.Entry<String, List<String>> e : withLock.entrySet()) {
            out.append("    /\\ pc[c] \\in ").append(set(e.getValue()))
                    .append(" => ~(Kind[c] \\in ").append(atomicKinds).append(" \\/ HoldsOtherLock(c, ")
                    .append(q(e.getKey()))
                    .append("))\n");
        }
        out.append("\n\\* WaitCycle: the contexts a blocked context waits for (a running work's worker, a lock owner)\n");
        List<String> cases = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Provenance.LabelInfo l : labels.values()) {
            if (l.waitKind() != null && l.waitKind().hasHolder()) {
                waiting.add(l.label());
            }
            if (l.waitKind() == WaitKind.WORK && l.prim() == Prim.FLUSH_WAIT) {
                // once the flushed instance has finished (phase D) the waiter no longer waits for anyone,
                // even if a later instance of the work is running
                cases.add("pc[c] = " + q(l.label()) + " -> IF flw[c].ph = \"D\" THEN {} ELSE {wk[" + q(l.waitsOn())
                        + "].run} \\ {" + NONE + "}");
            } else if (l.waitKind() == WaitKind.WORK || l.waitKind() == WaitKind.TIMER) {
                cases.add("pc[c] = " + q(l.label()) + " -> {wk[" + q(l.waitsOn()) + "].run} \\ {" + NONE + "}");
            } else if (l.waitKind() == WaitKind.LOCK) {
                cases.add("pc[c] = " + q(l.label()) + " -> {lk[" + q(l.waitsOn()) + "]} \\ {" + NONE + "}");
            }
        }
        // Checked in every state of a safety run: the label set first (a constant set, which TLC looks up
        // without trying the CASE arms one by one), and Reach stops at a fixed point. The same values as the
        // plain CASE and n rounds, at a tenth of the cost (v3's shared safety run 12.7 s -> 8.6 s, 8.2 s
        // without the invariant; bench/RESULTS.md).
        out.append("WaitLabels == ").append(set(waiting)).append('\n');
        out.append("WaitsFor(c) == ");
        if (cases.isEmpty()) {
            out.append("{}\n");
        } else {
            out.append("IF pc[c] \\notin WaitLabels THEN {} ELSE\n    CASE ").append(String.join("\n    [] ", cases))
                    .append("\n    [] OTHER -> {}\n");
        }
        out.append("RECURSIVE Reach(_, _)\n");
        out.append("Reach(S, n) == IF n = 0 THEN S ELSE\n");
        out.append("    LET T == S \\cup UNION {WaitsFor(d) : d \\in S} IN IF T = S THEN S ELSE Reach(T, n - 1)\n");
        out.append("NoWaitCycle == \\A c \\in Ctx : c \\notin Reach(WaitsFor(c), Cardinality(Ctx))\n\n");
        if (asserts) {
            out.append("\\* IoAccounting: every 'assert IoAccounting: ...' held where it was reached\n");
            out.append("IoAccounting == g.").append(Ghosts.ASSERT).append(" = ").append(NONE).append("\n\n");
        }
        if (!m.krefs().isEmpty()) {
            List<String> own = m.works().values().stream().filter(w -> w.timeoutOf() == null && w.eventOf() == null)
                    .map(Model.WorkItem::name).toList();
            out.append("\\* UseAfterFree: once the last reference is dropped (g.").append(Ghosts.FREED)
                    .append(" names who dropped it), no work item of\n");
            out.append("\\* the controller is pending or running (but the one that freed it, finishing), and no reference\n");
            out.append("\\* is taken again.\n");
            out.append("CtrlWorks == ").append(set(own)).append('\n');
            out.append("NoUseAfterFree == g.").append(Ghosts.FREED).append(" # ").append(NONE).append(" =>\n");
            out.append("    /\\ \\A w \\in CtrlWorks : ~wk[w].pend /\\ wk[w].run \\in {").append(NONE).append(", g.")
                    .append(Ghosts.FREED).append("}\n");
            for (String k : m.krefs()) {
                out.append("    /\\ g.").append(k).append(" = 0\n");
            }
            out.append('\n');
        }
        if (m.hasAssociationFaults() && m.controller() != null) {
            String ctl = "g." + m.controller();
            out.append("\\* LostError: LIVE on a failed association leads to leaving LIVE\n");
            out.append("LostError == (g.").append(Ghosts.ASSOC_FAILED).append(" /\\ ").append(ctl)
                    .append(" = \"LIVE\") ~> (").append(orLateSpent(ctl + " # \"LIVE\"")).append(")\n\n");
        }
        out.append("\\* Progress: once the faults stop, the controller ends LIVE or deleted and every started request ends\n");
        out.append("Progress ==\n");
        // the controller clause only for a model that creates the controller (starts NEW): a small model that
        // starts in the middle of its life (CONNECTING, LIVE) does not model how it ends
        if (m.controller() != null && "NEW".equals(m.initialState())) {
            out.append("    /\\ <>[](").append(orLateSpent("g." + m.controller() + " \\in {\"LIVE\", \"DELETING_NOIO\", \"DEAD\"}"
                    + (m.krefs().isEmpty() ? "" : " \\/ g." + Ghosts.FREED + " # " + NONE))).append(")\n");
        }
        // "a started request ends", (mq_state # IDLE) ~> Q with Q == mq_state = IDLE \/ LateSpent, is written []<>Q:
        // ~Q implies mq_state # IDLE, so the two are equivalent in every behaviour, and []<>Q needs no tableau.
        // TLC checks ~> with a tableau and a conjunction of them as one branch each: four branches for upstream,
        // three times the time of this form (bench/RESULTS.md)
        out.append("\\* (a started request ends: (rq[r].mq_state # \"IDLE\") ~> Q, written []<>Q, the same property since\n");
        out.append("\\* ~Q implies rq[r].mq_state # \"IDLE\"; TLC checks this form without a tableau)\n");
        out.append("    /\\ \\A r \\in Reqs : []<>(").append(orLateSpent("rq[r].mq_state = \"IDLE\"")).append(")\n\n");
    }

    /** Why the spec gives {@code property} nothing to check, or null if it does. */
    private String notApplicable(String property) {
        return switch (property) {
            case "IoAccounting" -> asserts ? null : "the spec states no 'assert IoAccounting: ...'";
            case "UseAfterFree" -> m.krefs().isEmpty() ? "the spec declares no 'kref': nothing frees the controller"
                    : null;
            case "LostError" -> !m.hasAssociationFaults() ? "no event of the spec is declared 'fails association'"
                    : m.controller() == null ? "the spec has no controller" : null;
            case "Progress" -> m.requests().isEmpty() && !(m.controller() != null && "NEW".equals(m.initialState()))
                    ? "no request, and no controller created by the model (initial state NEW): nothing must progress"
                    : null;
            default -> null;
        };
    }

    private String cfg(String property) {
        return cfg(module, m.boundsFor(property), List.of(property));
    }

    /** The safety properties in the order a merged cfg lists them, with the invariant that checks each. */
    private static final Map<String, String> INVARIANTS = new LinkedHashMap<>();

    static {
        INVARIANTS.put("WaitCycle", "NoWaitCycle");
        INVARIANTS.put("SleepInAtomic", "NoSleepInAtomic");
        INVARIANTS.put("IoAccounting", "IoAccounting");
        INVARIANTS.put("UseAfterFree", "NoUseAfterFree");
    }

    /** The invariant that checks safety property {@code property}, or null (Deadlock and the liveness ones). */
    public static String invariant(String property) {
        return INVARIANTS.get(property);
    }

    /** The invariants of those of {@code properties} that have one, in the order of {@link #INVARIANTS}. */
    private static List<String> invariantsOf(List<String> properties) {
        return INVARIANTS.entrySet().stream().filter(e -> properties.contains(e.getKey())).map(Map.Entry::getValue)
                .toList();
    }

    /**
     * The TLC config that checks {@code properties} of {@code module} in one run. For one property this is the
     * generated {@code <module>_<Property>.cfg}. Several safety properties (Deadlock, WaitCycle, SleepInAtomic,
     * IoAccounting, UseAfterFree) share one breadth-first search of {@code Spec}: one INVARIANT line each (in
     * the order above) and {@code CHECK_DEADLOCK TRUE} if Deadlock is among them. TLC then stops at the first
     * violation of any of them and names it (rpcheck's own runs use {@link #onceModule} and go on). A liveness
     * property (LostError, Progress) is checked alone: TLC does not name the temporal property a lasso violates.
     *
     * @param bounds the bound values, in declaration order (they become the constants {@code B_<name>})
     * @throws IllegalArgumentException for an unknown property, no property, or a liveness property with others
     */
    public static String cfg(String module, Map<String, Long> bounds, List<String> properties) {
        return cfg(module, bounds, properties, false);
    }

    /** Prefix of an invariant that {@link #onceModule} makes hold after its first violation. */
    public static final String ONCE_PREFIX = "Once_";

    /** The name of the module {@link #onceModule} writes for {@code module}. */
    public static String onceModuleName(String module) {
        return module + "_once";
    }

    /**
     * A module that extends {@code module} and defines, for each invariant among {@code properties}, a copy
     * ({@value #ONCE_PREFIX}X) that is violated only the first time TLC finds X violated: TLC register i (set to
     * FALSE by an ASSUME, before the search) becomes TRUE then, and the copy holds from then on. With
     * {@code -continue}, TLC goes on after a violation and reports each invariant's first violation in one run.
     * Only with one TLC worker: the registers belong to the worker thread.
     */
    public static String onceModule(String module, List<String> properties) {
        List<String> invs = invariantsOf(properties);
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(onceModuleName(module)).append(" ----\n");
        sb.append("\\* ").append(String.join(", ", properties)).append(" of ").append(module)
                .append(" in one run (generated by rpcheck; TLC runs it with -continue and one worker):\n");
        sb.append("\\* each invariant is reported at its first violation, then holds (TLC register i remembers it)\n");
        sb.append("EXTENDS ").append(module).append(", TLC\n");
        if (!invs.isEmpty()) {
            List<String> init = new ArrayList<>();
            for (int i = 0; i < invs.size(); i++) {
                init.add("TLCSet(" + (i + 1) + ", FALSE)");
            }
            sb.append("ASSUME ").append(String.join(" /\\ ", init)).append('\n');
            for (int i = 0; i < invs.size(); i++) {
                String inv = invs.get(i);
                sb.append(ONCE_PREFIX).append(inv).append(" == ").append(inv).append(" \\/ TLCGet(").append(i + 1)
                        .append(") \\/ ~TLCSet(").append(i + 1).append(", TRUE)\n");
            }
        }
        sb.append("====\n");
        return sb.toString();
    }

    /**
     * As {@link #cfg(String, Map, List)}; with {@code once}, for the module {@link #onceModule} writes: its
     * INVARIANT lines name the {@value #ONCE_PREFIX} copies.
     */
    public static String cfg(String module, Map<String, Long> bounds, List<String> properties, boolean once) {
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no property");
        }
        boolean liveness = properties.contains("LostError") || properties.contains("Progress");
        if (liveness && properties.size() > 1) {
            throw new IllegalArgumentException("a liveness property is checked alone: " + properties);
        }
        for (String p : properties) {
            if (!liveness && !p.equals("Deadlock") && !INVARIANTS.containsKey(p)) {
                throw new IllegalArgumentException(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(String.join(", ", properties)).append(" check of ").append(module)
                .append(" (generated by rpcheck)\n");
        sb.append("SPECIFICATION ").append(liveness ? "FairSpec" : "Spec").append('\n');
        boolean pruned = properties.contains("LostError");
        if (!bounds.isEmpty() || pruned) {
            sb.append("CONSTANTS\n");
            bounds.forEach((k, v) -> sb.append("    ").append(bound(k)).append(" = ").append(v).append('\n'));
        }
        if (pruned) {
            // see lostErrorPruning: LostError's runs leave out the faults after which it cannot fail
            sb.append("    ").append(NON_FAILING_OK).append(" <- ").append(FAILURE_CAN_FOLLOW).append('\n');
        }
        if (bounds.containsKey(TOTAL_EVENTS)) {
            sb.append("VIEW StateView\n");
        }
        if (liveness) {
            sb.append("PROPERTY ").append(properties.get(0)).append('\n');
        } else {
            invariantsOf(properties).forEach(
                    invariant -> sb.append("INVARIANT ").append(once ? ONCE_PREFIX : "").append(invariant).append('\n'));
        }
        sb.append("CHECK_DEADLOCK ").append(properties.contains("Deadlock") ? "TRUE" : "FALSE").append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ values

    private boolean readsShared(Val v) {
        return Ir.parts(v).stream().anyMatch(x -> x instanceof Global || x instanceof RqField);
    }

    /** The TLA+ value of {@code v} in an action: locals folded into it in {@code env}, state variables as in {@code st}. */
    private Expr val(Val v, Map<String, Expr> env, Map<String, String> st) {
        if (v instanceof Const c) {
            return StepContext.constant(c.value());
        }
        if (v instanceof Entity e) {
            return Tla.str(e.name());
        }
        if (v instanceof Local l) {
            return env.getOrDefault(l.name(), local(l.name()));
        }
        if (v instanceof Global gl) {
            return Tla.dot(Tla.id(st.get("g")), gl.name());
        }
        if (v instanceof RqField f) {
            return Tla.dot(Tla.index(Tla.id(st.get("rq")), f.rq()), f.field());
        }
        if (v instanceof BoundRef br) {
            return Tla.id(bound(br.name()));
        }
        if (v instanceof Un u) {
            return new Prefix(u.op().equals("!") ? "~" : "-", Tla.paren(val(u.operand(), env, st)));
        }
        Bin b = (Bin) v;
        String op = switch (b.op()) {
            case "==" -> "=";
            case "!=" -> "#";
            case "&&" -> "/\\";
            case "||" -> "\\/";
            default -> b.op();
        };
        return Tla.paren(Tla.infix(op, val(b.left(), env, st), val(b.right(), env, st)));
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

    private static String value(Model.Value v) {
        return TlaPrinter.print(StepContext.constant(v));
    }

    private static String ent(Val v) {
        return ((Entity) v).name();
    }

    static String q(String s) {
        return StepContext.q(s);
    }

    private static String set(Iterable<String> items) {
        List<String> l = new ArrayList<>();
        items.forEach(i -> l.add(q(i)));
        return "{" + String.join(", ", l) + "}";
    }

    private String describeEntry(Code c) {
        return switch (c.kind()) {
            case WORK -> "work item on " + m.works().get(c.entry()).workqueue() + describeHandler(c);
            case CONTEXT_MAIN -> c.owner() + " runs " + m.contexts().get(c.owner()).runs() + "()";
            case LLDD_DONE -> c.owner() + " completes " + c.request();
            case EVENT -> "event in " + c.owner();
        };
    }

    private String describeHandler(Code c) {
        Model.WorkItem w = m.works().get(c.entry());
        return w.handler() != null ? " (" + w.handler() + ")" : w.timeoutOf() != null ? " (blk_mq_timeout_work)" : "";
    }
}
