package rpcheck.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.Span;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Ast.*;
import rpcheck.model.Ir.*;
import rpcheck.model.prims.ArgKind;
import rpcheck.model.prims.Catalogue;
import rpcheck.model.prims.LowerContext;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.Primitive;

/**
 * Lowers every entry point of a {@link Model} to an {@link Ir.Code} DAG: calls are inlined (the call chain is
 * kept on every node), {@code for rq in requests(q)} is unrolled, calls inside expressions are hoisted into
 * steps of their own, and kernel primitives become {@link Prim} steps. Reports every error in function bodies.
 */
public final class Lowering {
    private final Model m;
    /** The spec's functions, whose bodies are lowered here. */
    private final Map<String, Ast.Fn> fns;
    /** The {@code when} condition of each guarded event. */
    private final Map<String, Ast.Expr> conditions;
    private final Diagnostics diags;
    private final Set<String> allLocals = new TreeSet<>();
    /** The types of the locals of the entry being lowered (a primitive's result, a let's value); others are ANY. */
    private final Map<String, Model.Type> localTypes = new HashMap<>();

    /**
     * The local that holds the LLDD's completion status in an LLDD completion entry. {@code rq.lldd_status} is
     * the status the LLDD reports with the completion being handled, so only that entry reads it, and it is a
     * local of the entry's run (set by the completion, dropped once dead) rather than state of the request:
     * a status kept after it was read would split the states for nothing. No other local can have this name:
     * the locals of a spec are named FUNCTION_NAME (with an underscore), temporaries tN.
     */
    public static final String LLDD_STATUS_LOCAL = "llddstatus";
    private final Set<String> inlined = new LinkedHashSet<>();
    /** Unreachable statements already reported (a function inlined in several places is reported once). */
    private final Set<Span> unreachableReported = new java.util.HashSet<>();
    /** Calls whose value a function may leave unset, already reported (RP214, once per call). */
    private final Set<Span> valueReported = new java.util.HashSet<>();
    /** The reads of {@code rq.lldd_status} outside a completion already reported (one error per statement). */
    private final Set<Span> lddStatusReported = new java.util.HashSet<>();
    /** Whether some function states an assert (lowered, checked on its own, or in a branch decided away). */
    private boolean statesAsserts;
    /** Bounds some condition was decided on at generation (see {@link #decide}). */
    private final Set<String> decided = new TreeSet<>();

    /** Queues some function quiesces: their dispatch is gated by the quiesced flag (see {@link #quiescedQueues}). */
    private final Set<String> quiesced;
    /** Queues some function freezes: their requests enter them (blk_queue_enter(), see {@link #frozenQueues}). */
    private final Set<String> frozen;
    private final Folding folding;

    public Lowering(Resolved resolved, Diagnostics diags) {
        this.m = resolved.model();
        this.fns = resolved.functions();
        this.conditions = resolved.conditions();
        this.diags = diags;
        this.quiesced = quiescedQueues(m, fns);
        this.frozen = frozenQueues(m, fns);
        this.folding = new Folding(m);
    }

    /**
     * The request queues that some function of the spec passes to {@code blk_mq_quiesce_queue()}. Only their
     * dispatch goes through the quiesce gate: for a queue nothing quiesces the gate is always open, and leaving
     * it out keeps the state space (and the traces of specs without quiesce) as they were.
     */
    static Set<String> quiescedQueues(Model m, Map<String, Ast.Fn> fns) {
        return queuesPassedTo(m, fns, Set.of("blk_mq_quiesce_queue"));
    }

    /**
     * The request queues that some function of the spec freezes, waits for or unfreezes. Only their requests enter
     * the queue (blk_queue_enter(): a step that waits while the queue is frozen, and a reference of q_usage_counter
     * held until the request is freed); elsewhere nothing reads that reference, and leaving it out keeps the
     * modules of specs without a freeze as they were.
     */
    static Set<String> frozenQueues(Model m, Map<String, Ast.Fn> fns) {
        Set<String> freezes = new TreeSet<>();
        for (rpcheck.model.prims.Primitive p : rpcheck.model.prims.Catalogue.all()) {
            if (p.steps().stream().anyMatch(rpcheck.model.prims.BlkMq.FREEZE_STEPS::contains)) {
                freezes.addAll(p.names());
            }
        }
        return queuesPassedTo(m, fns, freezes);
    }

    /**
     * The declared request queues that reach the first argument of a call of one of {@code callees}: named there,
     * or passed to a spec function whose parameter reaches it (a wrapper such as nvme_quiesce_admin_queue(q)),
     * through any number of such calls.
     */
    private static Set<String> queuesPassedTo(Model m, Map<String, Ast.Fn> fns, Set<String> callees) {
        // the parameters (by position) of each spec function that reach such an argument, to a fixed point
        Map<String, Set<Integer>> reaching = new java.util.HashMap<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Ast.Fn f : fns.values()) {
                List<String> params = f.params().stream().map(Ident::text).toList();
                for (Object node : Ast.nodes(f.body())) {
                    if (node instanceof Ast.Call c) {
                        for (int i : passedOn(c, callees, reaching)) {
                            if (c.args().get(i) instanceof Ast.Name n && params.contains(n.ident().text())) {
                                changed |= reaching.computeIfAbsent(f.name().text(), k -> new TreeSet<>())
                                        .add(params.indexOf(n.ident().text()));
                            }
                        }
                    }
                }
            }
        }
        Set<String> out = new TreeSet<>();
        for (Ast.Fn f : fns.values()) {
            for (Object node : Ast.nodes(f.body())) {
                if (node instanceof Ast.Call c) {
                    for (int i : passedOn(c, callees, reaching)) {
                        if (c.args().get(i) instanceof Ast.Name n && m.queueTimeoutFn().containsKey(n.ident().text())) {
                            out.add(n.ident().text());
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The argument positions of call {@code c} that reach a callee's first argument. */
    private static Set<Integer> passedOn(Ast.Call c, Set<String> callees, Map<String, Set<Integer>> reaching) {
        Set<Integer> at = callees.contains(c.fn().text()) ? Set.of(0) : reaching.getOrDefault(c.fn().text(), Set.of());
        Set<Integer> out = new TreeSet<>();
        for (int i : at) {
            if (i < c.args().size()) {
                out.add(i);
            }
        }
        return out;
    }


    /** Whether spec function {@code caller}, or a spec function it calls, calls {@code callee}. */
    private boolean calls(String caller, String callee, Set<String> seen) {
        Ast.Fn f = fns.get(caller);
        if (f == null || !seen.add(caller)) {
            return false;
        }
        for (Object node : Ast.nodes(f.body())) {
            if (node instanceof Ast.Call c && (c.fn().text().equals(callee) || calls(c.fn().text(), callee, seen))) {
                return true;
            }
        }
        return false;
    }

    /** The program of the entries that can start ({@link LiveEntries}): what the module is generated from. */
    public Program lower() {
        return LiveEntries.prune(lowerEveryEntry());
    }

    /**
     * The program with an entry for every work item, LLDD completion and event, whether or not anything can start
     * it, every request live and every worker able to run: the module {@link #lower} leaves actions out of, for
     * tests that have TLC compare the two.
     */
    public Program lowerEveryEntry() {
        List<Code> codes = new ArrayList<>();
        for (Model.ContextDecl c : m.contexts().values()) {
            if (c.runs() != null && fns.containsKey(c.runs())) {
                codes.add(entry(c.name(), Ir.EntryKind.CONTEXT_MAIN, c.name(), null, null, c.runs(), List.of()));
            }
        }
        for (Model.WorkItem w : m.works().values()) {
            if (w.timeoutOf() != null) {
                codes.add(timeoutWork(w));
            } else if (w.handler() != null && fns.containsKey(w.handler())) {
                codes.add(entry(w.name(), Ir.EntryKind.WORK, w.name(), null, w.eventOf(), w.handler(), List.of()));
            }
        }
        for (Map.Entry<String, String> l : m.llddDone().entrySet()) {
            if (!fns.containsKey(l.getValue())) {
                continue;
            }
            for (String rq : m.requests().keySet()) {
                codes.add(entry(l.getKey() + "_done_" + rq, Ir.EntryKind.LLDD_DONE, l.getKey(), rq, null,
                        l.getValue(), List.of(new Entity("request", rq))));
            }
        }
        for (Model.EventDecl e : m.events().values()) {
            if (e.kind() == Model.EventKind.IN_CONTEXT && fns.containsKey(e.fn())) {
                Val guard = !e.guarded() ? null : eventGuard(e);
                Boolean known = guard == null ? null : decide(guard);
                boolean noBudget = e.bound() != null && folding.fixed(e.bound()) && m.bounds().get(e.bound()) == 0;
                if (noBudget) {
                    decided.add(e.bound());
                }
                if (noBudget || Boolean.FALSE.equals(known)) {
                    // never enabled with these bounds (say 'when io_queues > 0' with io_queues = 0): no action
                    continue;
                }
                Code c = entry(e.name(), Ir.EntryKind.EVENT, e.where(), null, e.name(), e.fn(), List.of());
                codes.add(guard == null || known != null ? c : new Code(c.entry(), c.kind(), c.owner(), c.request(),
                        c.event(), c.nodes(), c.start(), c.startSite(), guard));
            }
        }
        for (Ast.Fn f : fns.values()) {
            if (!inlined.contains(f.name().text())) {
                dryRun(f);
            }
        }
        Map<String, Long> fixedValues = new java.util.LinkedHashMap<>();
        for (String b : m.bounds().keySet()) {
            if (decided.contains(b)) {
                fixedValues.put(b, m.bounds().get(b));
            }
        }
        new ProgramChecks(m, fns, diags, folding).check(codes);
        return new Program(m, codes, List.copyOf(allLocals), fixedValues, statesAsserts, m.requests().keySet(),
                m.workqueues());
    }

    /**
     * The {@code when} condition of an event, lowered like a branch condition. It is part of the event's enabling
     * condition, so it may read shared state but not call anything (a call would be a step of its own).
     */
    private Val eventGuard(Model.EventDecl e) {
        if (containsCall(conditions.get(e.name()))) {
            diags.error(DiagnosticCode.UNSUPPORTED, conditions.get(e.name()).span(),
                    "the 'when' condition of an event cannot call a function",
                    "write the condition over flags, counters, vars and ctrl.state (e.g. 'when ctrl.state == LIVE')");
            return null;
        }
        Builder b = new Builder(e.name() + "_when", false);
        Lowered l = b.expr(conditions.get(e.name()), new Env(List.of(), null, null), List.of(Hole.START));
        return truth(l.val());
    }

    // ------------------------------------------------------------------ entries

    private Code entry(String entry, Ir.EntryKind kind, String owner, String rq, String event, String fnName,
            List<Val> args) {
        Builder b = new Builder(entry, false);
        if (kind == Ir.EntryKind.LLDD_DONE) {
            b.completes = rq;
            allLocals.add(LLDD_STATUS_LOCAL);
        }
        Ast.Fn f = fns.get(fnName);
        List<Hole> start = List.of(Hole.START);
        Env env = new Env(List.of(), null, null);
        List<Hole> exits = b.inline(f, args, env, f.span(), start, null);
        b.patch(exits, Ir.END);
        return b.code(entry, kind, owner, rq, event, new Site(f.span(), List.of(new Frame(fnName, null, f.source()))));
    }

    /**
     * blk_mq_timeout_work() (block/blk-mq.c): the queue's timeout handlers, one expired request after another. On a
     * queue with dispatch gating (something quiesces it, or its ->queue_rq requeues) the work first looks for an
     * expired request and, if there is one, waits in blk_mq_wait_quiesce_done() for the dispatches in progress
     * (nodes emitted last, so that the labels and locals of the handlers' nodes do not depend on them; the
     * generator leaves them out where every dispatch on the queue is one step).
     */
    private Code timeoutWork(Model.WorkItem w) {
        String q = w.timeoutOf();
        Builder b = new Builder(w.name(), false);
        Frame top = new Frame("blk_mq_timeout_work", null, "block/blk-mq.c");
        Span span = w.span();
        List<Hole> holes = List.of();
        int first = Ir.END;
        Ast.Fn handler = fns.get(m.queueTimeoutFn().get(q));
        for (Map.Entry<String, String> r : m.requests().entrySet()) {
            if (!r.getValue().equals(q)) {
                continue;
            }
            // the kernel calls it, and the queue's ->timeout from it: no call in the spec (no call site)
            Frame timedOut = new Frame("blk_mq_rq_timed_out", null, "block/blk-mq.c");
            Site site = new Site(span, List.of(top, timedOut));
            String expired = b.temp();
            int check = b.emit(new MNode(site, Prim.RQ_CHECK_EXPIRED, List.of(new Entity("request", r.getKey())),
                    expired), holes);
            first = first == Ir.END ? check : first;
            int br = b.emit(MNode.branch(site, new Local(expired)), List.of(new Hole(check, 0)));
            List<Hole> after = new ArrayList<>();
            after.add(new Hole(br, 1));
            if (handler != null && handler.params().size() == 1) {
                Env env = new Env(List.of(top, timedOut), null, null);
                String ret = b.temp();
                List<Hole> hx = b.inline(handler, List.of(new Entity("request", r.getKey())), env, span,
                        List.of(new Hole(br, 0)), ret);
                int reset = b.emit(MNode.branch(site, new Bin("==", new Local(ret),
                        new Const(Model.Value.sym("BLK_EH_RESET_TIMER")))), hx);
                int add = b.emit(new MNode(site, Prim.RQ_ADD_TIMER, List.of(new Entity("request", r.getKey())), null),
                        List.of(new Hole(reset, 0)));
                after.add(new Hole(reset, 1));
                after.add(new Hole(add, 0));
            }
            holes = after;
        }
        b.patch(holes, Ir.END);
        List<Hole> start = List.of(Hole.START);
        if (first != Ir.END && gated(q)) {
            Site site = new Site(span, List.of(top, new Frame("blk_mq_wait_quiesce_done", span, "block/blk-mq.c")));
            List<Val> qa = List.of(new Entity("queue", q));
            String found = b.temp();
            int snap = b.emit(new MNode(site, Prim.SUBMITS_SNAPSHOT, qa, found), start);
            int br = b.emit(MNode.branch(site, new Local(found)), List.of(new Hole(snap, 0)));
            int wait = b.emit(new MNode(site, Prim.SUBMITS_WAIT, qa, null), List.of(new Hole(br, 0)));
            start = List.of(new Hole(wait, 0), new Hole(br, 1));
        }
        b.patch(start, first);
        return b.code(w.name(), Ir.EntryKind.WORK, w.name(), null, null, new Site(span, List.of(top)));
    }

    /**
     * Whether the queue's dispatch is gated: something quiesces it, or its ->queue_rq can return a status other than
     * BLK_STS_OK (BLK_STS_RESOURCE requeues, an error ends the request inside the dispatch; blk_execute_rq()
     * dispatches through a gate then); only then does the model know which dispatches are in progress (so a
     * dispatch that neither sleeps nor blocks is one step, and the timeout work waits for one in progress).
     */
    private boolean gated(String queue) {
        return quiesced.contains(queue)
                || QueueRqStatuses.of(m, fns, queue).stream().anyMatch(x -> !x.equals(QueueRqStatuses.OK));
    }

    private void dryRun(Ast.Fn f) {
        Builder b = new Builder(f.name().text(), true);
        List<Val> args = new ArrayList<>();
        for (Ident p : f.params()) {
            args.add(new Local(f.name().text() + "_" + p.text()));
        }
        b.inline(f, args, new Env(List.of(), null, null), f.span(), List.of(Hole.START), null);
    }

    // ------------------------------------------------------------------ construction

    private record Hole(int node, int slot) {
        static final Hole START = new Hole(-2, 0);
    }

    /** A node under construction. */
    private static final class MNode {
        final Site site;
        final Prim prim;
        final List<Val> args;
        final String result;
        final Val cond;
        final String local;
        final Val value;
        int next = Integer.MIN_VALUE;
        int other = Integer.MIN_VALUE;
        /** The kernel name the spec called, for a primitive's steps. */
        String called;

        MNode(Site site, Prim prim, List<Val> args, String result) {
            this(site, prim, args, result, null, null, null);
        }

        private MNode(Site site, Prim prim, List<Val> args, String result, Val cond, String local, Val value) {
            this.site = site;
            this.prim = prim;
            this.args = args;
            this.result = result;
            this.cond = cond;
            this.local = local;
            this.value = value;
        }

        static MNode branch(Site site, Val cond) {
            return new MNode(site, null, null, null, cond, null, null);
        }

        static MNode set(Site site, String local, Val value) {
            return new MNode(site, null, null, null, null, local, value);
        }
    }

    /** Lexical environment of one inlined function body. */
    private static final class Env {
        final List<Frame> frames;
        final String fn;
        final String resultLocal;
        final Map<String, Val> bindings = new HashMap<>();
        final List<Hole> returns = new ArrayList<>();
        /** Whether a reachable 'return' without a value stands in the function. */
        boolean bareReturn;

        Env(List<Frame> frames, String fn, String resultLocal) {
            this.frames = frames;
            this.fn = fn;
            this.resultLocal = resultLocal;
        }
    }

    private record Lowered(Val val, List<Hole> holes) implements LowerContext.Result {
    }

    private final class Builder {
        final String entry;
        final boolean dry;
        /** The request an LLDD completion entry completes (it reads rq.lldd_status), else null. */
        String completes;
        final List<MNode> nodes = new ArrayList<>();
        int start = Integer.MIN_VALUE;
        int temps;
        final List<String> stack = new ArrayList<>();

        Builder(String entry, boolean dry) {
            this.entry = entry;
            this.dry = dry;
            localTypes.clear();
        }

        String temp() {
            String t = "t" + (++temps);
            allLocals.add(t);
            return t;
        }

        int emit(MNode n, List<Hole> in) {
            nodes.add(n);
            int id = nodes.size() - 1;
            patch(in, id);
            return id;
        }

        void patch(List<Hole> holes, int target) {
            for (Hole h : holes) {
                if (h.node() == -2) {
                    start = target;
                } else if (h.slot() == 0) {
                    nodes.get(h.node()).next = target;
                } else {
                    nodes.get(h.node()).other = target;
                }
            }
        }

        Code code(String name, Ir.EntryKind kind, String owner, String rq, String event, Site startSite) {
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                MNode n = nodes.get(i);
                int next = n.next == Integer.MIN_VALUE ? Ir.END : n.next;
                int other = n.other == Integer.MIN_VALUE ? Ir.END : n.other;
                if (n.prim != null) {
                    out.add(new Op(i, n.site, n.prim, n.args, n.result, next, n.called));
                } else if (n.cond != null) {
                    out.add(new Branch(i, n.site, n.cond, next, other));
                } else {
                    out.add(new LocalSet(i, n.site, n.local, n.value, next));
                }
            }
            return new Code(name, kind, owner, rq, event, out, start == Integer.MIN_VALUE ? Ir.END : start, startSite,
                    null);
        }

        // -------------------------------------------------------------- functions

        List<Hole> inline(Ast.Fn f, List<Val> args, Env caller, Span callSite, List<Hole> in, String resultLocal) {
            String name = f.name().text();
            if (stack.contains(name)) {
                diags.error(DiagnosticCode.RECURSION, callSite, "'" + name + "' calls itself through "
                        + String.join(" -> ", stack) + "; calls are inlined, so recursion cannot be modelled",
                        "unroll the recursion by hand");
                return in;
            }
            if (!dry) {
                inlined.add(name);
            }
            List<Frame> frames = new ArrayList<>(caller.frames);
            // an entry, or a handler the kernel calls (caller.fn null: ->timeout from blk_mq_rq_timed_out()), has
            // no call site in the spec
            frames.add(new Frame(name, caller.frames.isEmpty() || caller.fn == null ? null : callSite, f.source()));
            Env env = new Env(frames, name, resultLocal);
            List<Hole> holes = in;
            for (int i = 0; i < f.params().size(); i++) {
                Ident p = f.params().get(i);
                Val a = args.get(i);
                if (a instanceof Const || a instanceof Entity || dry) {
                    env.bindings.put(p.text(), a);
                } else {
                    String local = name + "_" + p.text();
                    allLocals.add(local);
                    int id = emit(MNode.set(new Site(callSite, frames), local, a), holes);
                    holes = List.of(new Hole(id, 0));
                    env.bindings.put(p.text(), new Local(local));
                }
            }
            stack.add(name);
            if (f.sleeps()) {
                int id = emit(new MNode(new Site(f.name().span(), frames), Prim.MIGHT_SLEEP,
                        List.of(new Const(new Model.Value(name + "()", Model.Type.STRING))), null), holes);
                holes = List.of(new Hole(id, 0));
            }
            holes = block(f.body().stmts(), env, holes);
            stack.remove(stack.size() - 1);
            if (resultLocal != null && (!holes.isEmpty() || env.bareReturn) && valueReported.add(callSite)) {
                // the caller reads a result that a path through f never sets (C: undefined; here TLC would read a
                // local that does not exist)
                diags.error(DiagnosticCode.NO_RETURN_VALUE, callSite, "the value of '" + name + "()' is used, but '"
                        + name + "' can " + (holes.isEmpty() ? "return" : "reach its end") + " without a value",
                        "end every path of '" + name + "' with 'return VALUE', or call it as a statement");
            }
            List<Hole> out = new ArrayList<>(holes);
            out.addAll(env.returns);
            return out;
        }

        // -------------------------------------------------------------- statements

        List<Hole> block(List<Stmt> stmts, Env env, List<Hole> in) {
            List<Hole> holes = in;
            for (int i = 0; i < stmts.size(); i++) {
                if (holes.isEmpty() && !in.isEmpty() && unreachableReported.add(stmts.get(i).span())) {
                    diags.error(DiagnosticCode.UNREACHABLE, stmts.get(i).span(),
                            "this statement is never reached: every path before it returns",
                            "remove it, or move the return after it");
                }
                holes = stmt(stmts.get(i), env, holes);
            }
            return holes;
        }

        Site site(Env env, Span span) {
            return new Site(span, env.frames);
        }

        List<Hole> stmt(Stmt s, Env env, List<Hole> in) {
            if (s instanceof Block bl) {
                return block(bl.stmts(), env, in);
            }
            if (s instanceof Let let) {
                Lowered v = expr(let.value(), env, in);
                if (v.val() instanceof Entity) {
                    env.bindings.put(let.name().text(), v.val());
                    return v.holes();
                }
                String local = env.fn + "_" + let.name().text();
                allLocals.add(local);
                env.bindings.put(let.name().text(), new Local(local));
                localTypes.put(local, typeOf(v.val()));
                int id = emit(MNode.set(site(env, let.span()), local, v.val()), v.holes());
                return List.of(new Hole(id, 0));
            }
            if (s instanceof Assign a) {
                return assign(a, env, in);
            }
            if (s instanceof If i) {
                Lowered c = expr(i.cond(), env, in);
                Boolean known = decide(c.val());
                if (known != null) {
                    // the branch not taken generates nothing, but its errors are still reported
                    checkDead(known ? i.otherwise() : i.then(), env);
                    if (known) {
                        return block(i.then().stmts(), env, c.holes());
                    }
                    return i.otherwise() == null ? c.holes() : stmt(i.otherwise(), env, c.holes());
                }
                int id = emit(MNode.branch(site(env, i.cond().span()), truth(c.val())), c.holes());
                List<Hole> out = new ArrayList<>(block(i.then().stmts(), env, List.of(new Hole(id, 0))));
                if (i.otherwise() == null) {
                    out.add(new Hole(id, 1));
                } else {
                    out.addAll(stmt(i.otherwise(), env, List.of(new Hole(id, 1))));
                }
                return out;
            }
            if (s instanceof Return r) {
                List<Hole> holes = in;
                if (r.value() == null && !in.isEmpty()) {
                    env.bareReturn = true;
                }
                if (r.value() != null) {
                    Lowered v = expr(r.value(), env, in);
                    holes = v.holes();
                    if (env.resultLocal != null) {
                        int id = emit(MNode.set(site(env, r.span()), env.resultLocal, v.val()), holes);
                        holes = List.of(new Hole(id, 0));
                    }
                }
                env.returns.addAll(holes);
                return List.of();
            }
            if (s instanceof For f) {
                return forLoop(f, env, in);
            }
            if (s instanceof Ast.Assert a) {
                return assertion(a, env, in);
            }
            if (s instanceof CallStmt c) {
                return call(c.call(), env, in, false).holes();
            }
            throw new IllegalStateException("internal error: statement " + s);
        }

        /** Lowers a branch decided away (see {@link #decide}) in a throw-away builder, for its diagnostics only. */
        void checkDead(Stmt dead, Env env) {
            if (dead == null) {
                return;
            }
            Builder b = new Builder(entry + "_dead", true);
            b.stack.addAll(stack); // the calls being inlined: a dead branch that calls one of them is recursion too
            Env copy = new Env(env.frames, env.fn, env.resultLocal);
            copy.bindings.putAll(env.bindings);
            b.stmt(dead, copy, List.of(Hole.START));
        }

        /** Properties a spec may state with {@code assert NAME: cond}. */
        static final List<String> ASSERTABLE = List.of("IoAccounting");

        List<Hole> assertion(Ast.Assert a, Env env, List<Hole> in) {
            if (!ASSERTABLE.contains(a.property().text())) {
                diags.error(DiagnosticCode.UNKNOWN_NAME, a.property().span(), "'" + a.property().text()
                        + "' is not a property an assert can state", "use one of: " + String.join(", ", ASSERTABLE));
                return in;
            }
            statesAsserts = true;
            Lowered c = expr(a.cond(), env, in);
            int id = emit(new MNode(site(env, a.span()), Prim.ASSERT,
                    List.of(new Const(new Model.Value(a.property().text(), Model.Type.STRING)), truth(c.val()),
                            new Const(new Model.Value(written(a.cond(), env), Model.Type.STRING))), null),
                    c.holes());
            return List.of(new Hole(id, 0));
        }

        /**
         * An expression as the spec wrote it, for a counterexample: its source text on one line, without comments,
         * with each name that is a parameter or loop variable bound to a declared object or a constant replaced by
         * that ({@code !lldd_owns(rq)} in a loop over admin_q reads {@code !lldd_owns(admin_rq)}).
         */
        private String written(Expr e, Env env) {
            Span span = e.span();
            String src = span.file().text();
            StringBuilder out = new StringBuilder();
            int at = span.start();
            for (Object node : Ast.nodes(e)) {
                if (!(node instanceof Name n) || n.span().start() < at) {
                    continue;
                }
                Val b = env.bindings.get(n.ident().text());
                String by = b instanceof Entity en ? en.name()
                        : b instanceof Const k ? String.valueOf(k.value().v()) : null;
                if (by != null && !by.equals(n.ident().text())) {
                    out.append(src, at, n.span().start()).append(by);
                    at = n.span().end();
                }
            }
            out.append(src, at, Math.max(at, span.end()));
            String text = out.toString().replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
            return text.replaceAll("\\s+", " ").replaceAll("\\( ", "(").replaceAll(" \\)", ")").trim();
        }

        List<Hole> forLoop(For f, Env env, List<Hole> in) {
            Call set = f.set();
            if (!set.fn().text().equals("requests") || set.args().size() != 1) {
                diags.error(DiagnosticCode.UNSUPPORTED, set.span(), "loops run only over 'requests(QUEUE)'",
                        "write 'for rq in requests(admin_q) { ... }'");
                return in;
            }
            Lowered q = expr(set.args().get(0), env, in);
            if (!(q.val() instanceof Entity e && e.kind().equals("queue"))) {
                if (!dry) {
                    diags.error(DiagnosticCode.NOT_CONSTANT, set.args().get(0).span(),
                            "'requests(...)' needs a request queue known when the spec is compiled");
                    return in;
                }
                Val saved = env.bindings.put(f.var().text(), new Local("dry_" + f.var().text()));
                List<Hole> out = block(f.body().stmts(), env, q.holes());
                restore(env, f.var().text(), saved);
                return out;
            }
            List<Hole> holes = q.holes();
            Val saved = env.bindings.get(f.var().text());
            for (Map.Entry<String, String> r : m.requests().entrySet()) {
                if (r.getValue().equals(e.name())) {
                    env.bindings.put(f.var().text(), new Entity("request", r.getKey()));
                    holes = block(f.body().stmts(), env, holes);
                }
            }
            restore(env, f.var().text(), saved);
            return holes;
        }

        private void restore(Env env, String name, Val saved) {
            if (saved == null) {
                env.bindings.remove(name);
            } else {
                env.bindings.put(name, saved);
            }
        }

        List<Hole> assign(Assign a, Env env, List<Hole> in) {
            Lowered v = expr(a.value(), env, in);
            Val target = lvalue(a.target(), env);
            if (target == null) {
                return v.holes();
            }
            Val value = v.val();
            if (!a.op().equals("=")) {
                value = new Bin(a.op().equals("+=") ? "+" : "-", target, value);
            }
            if (target instanceof Local l) {
                int id = emit(MNode.set(site(env, a.span()), l.name(), value), v.holes());
                return List.of(new Hole(id, 0));
            }
            int id = emit(new MNode(site(env, a.span()), Prim.ASSIGN, List.of(target, value), null), v.holes());
            return List.of(new Hole(id, 0));
        }

        /** The writable place an assignment target names, or null after reporting an error. */
        Val lvalue(Expr t, Env env) {
            if (t instanceof Name n) {
                String s = n.ident().text();
                Val b = env.bindings.get(s);
                if (b instanceof Local) {
                    return b;
                }
                if (m.counters().containsKey(s) || m.vars().containsKey(s) || m.flags().containsKey(s)) {
                    return new Global(s);
                }
                notAssignable(n.ident(), b, env);
                return null;
            } else if (t instanceof Field f) {
                Val base = expr(f.target(), env, List.of()).val();
                if (base instanceof Entity e && e.kind().equals("request")) {
                    if (m.requestFields().containsKey(f.field().text())) {
                        return new RqField(e.name(), f.field().text());
                    }
                    if (Builtins.RQ_BUILTIN_FIELDS.contains(f.field().text())) {
                        diags.error(DiagnosticCode.ASSIGN_TO_CONSTANT, f.field().span(), "request field '"
                                + f.field().text() + "' is kept by the block layer model and cannot be assigned",
                                "use blk_mq_start_request(), blk_mq_complete_request() or the lldd_* primitives");
                        return null;
                    }
                }
                if (base instanceof Local && dry && m.requestFields().containsKey(f.field().text())) {
                    // a function checked on its own (no caller generates it): its request is a parameter
                    return new Local("dry_field");
                }
                if (base instanceof Entity e && e.kind().equals("controller")) {
                    diags.error(DiagnosticCode.ASSIGN_TO_CONSTANT, t.span(),
                            "the controller state changes only through nvme_change_ctrl_state()");
                    return null;
                }
            }
            diags.error(DiagnosticCode.ASSIGN_TO_CONSTANT, t.span(), "cannot assign to this",
                    "assign to a local (declared with 'let'), a counter, a var, or a request_field");
            return null;
        }

        /**
         * Reports an assignment to a plain name that cannot be written: one bound to something that is not a local
         * (a parameter), one declared as something else (a bound, a work item, ...), or one not declared at all.
         */
        private void notAssignable(Ident id, Val bound, Env env) {
            String s = id.text();
            String what = bound != null ? "a parameter of " + env.fn + "()" : declaredAs(s);
            if (what != null) {
                diags.error(DiagnosticCode.ASSIGN_TO_CONSTANT, id.span(), "cannot assign to '" + s + "': it is "
                        + what, "assign to a local (declared with 'let'), a flag, a counter, a var, or a request_field"
                        + (bound != null ? "; copy the parameter into one with 'let'" : ""));
                return;
            }
            List<String> writable = new ArrayList<>();
            env.bindings.forEach((k, v) -> {
                if (v instanceof Local) {
                    writable.add(k);
                }
            });
            writable.addAll(m.flags().keySet());
            writable.addAll(m.counters().keySet());
            writable.addAll(m.vars().keySet());
            String best = Names.closest(s, writable);
            diags.error(DiagnosticCode.UNKNOWN_NAME, id.span(), "cannot assign to '" + s + "': no var, counter, flag "
                    + "or local of that name is declared",
                    best != null ? "did you mean '" + best + "'?" : "declare it at the top level ('var " + s
                            + " = 0', 'counter " + s + "' or 'flag " + s + "'), or bind a local first with 'let " + s
                            + " = ...'");
        }

        /** What a name that cannot be assigned is declared as, in words, or null if it is not declared. */
        private String declaredAs(String s) {
            if (m.objects().containsKey(s)) {
                return "a " + m.objects().get(s);
            }
            if (m.krefs().contains(s)) {
                return "a kref (its count changes through kref_get() and kref_put())";
            }
            if (m.requests().containsKey(s)) {
                return "a request";
            }
            if (m.queueTimeoutFn().containsKey(s)) {
                return "a request_queue";
            }
            if (m.works().containsKey(s)) {
                return "a work item";
            }
            if (m.workqueues().containsKey(s)) {
                return "a workqueue";
            }
            if (m.locks().contains(s)) {
                return "a lock";
            }
            if (s.equals(m.controller())) {
                return "the controller (its state changes only through nvme_change_ctrl_state())";
            }
            if (m.bounds().containsKey(s)) {
                return "a bound, fixed for a run";
            }
            if (m.enumValues().containsKey(s) || Builtins.CTRL_STATES.contains(s) || Builtins.BLK_EH.contains(s)
                    || Builtins.LLDD_STATUS.contains(s) || MQ_STATES.containsKey(s) || Builtins.ERRNO.containsKey(s)) {
                return "a constant";
            }
            return null;
        }

        // -------------------------------------------------------------- expressions

        Lowered expr(Expr e, Env env, List<Hole> in) {
            if (e instanceof IntLit i) {
                return new Lowered(new Const(Model.Value.of(i.value())), in);
            }
            if (e instanceof BoolLit b) {
                return new Lowered(new Const(Model.Value.of(b.value())), in);
            }
            if (e instanceof StrLit s) {
                return new Lowered(new Const(new Model.Value(s.value(), Model.Type.STRING)), in);
            }
            if (e instanceof Name n) {
                return new Lowered(name(n.ident(), env), in);
            }
            if (e instanceof Field f) {
                Lowered base = expr(f.target(), env, in);
                return new Lowered(field(base.val(), f), base.holes());
            }
            if (e instanceof Unary u) {
                Lowered o = expr(u.operand(), env, in);
                if (u.op().equals("-") && o.val() instanceof Const c && c.value().v() instanceof Long l) {
                    return new Lowered(new Const(Model.Value.of(-l)), o.holes());
                }
                return new Lowered(new Un(u.op(), u.op().equals("!") ? truth(o.val()) : o.val()), o.holes());
            }
            if (e instanceof Binary b) {
                Lowered l = expr(b.left(), env, in);
                if ((b.op().equals("&&") || b.op().equals("||")) && containsCall(b.right())) {
                    diags.error(DiagnosticCode.UNSUPPORTED, b.right().span(),
                            "a call on the right of '" + b.op() + "' would run even when the left decides",
                            "split it into nested 'if' statements");
                }
                Lowered r = expr(b.right(), env, l.holes());
                Val lv = l.val();
                Val rv = r.val();
                if (b.op().equals("&&") || b.op().equals("||")) {
                    lv = truth(lv);
                    rv = truth(rv);
                }
                checkComparable(b, lv, rv);
                return new Lowered(new Bin(b.op(), lv, rv), r.holes());
            }
            if (e instanceof Call c) {
                return call(c, env, in, true);
            }
            throw new IllegalStateException("internal error: expression " + e);
        }

        Val name(Ident id, Env env) {
            String s = id.text();
            Val b = env.bindings.get(s);
            if (b != null) {
                return b;
            }
            if (m.flags().containsKey(s) || m.counters().containsKey(s) || m.vars().containsKey(s)) {
                return new Global(s);
            }
            if (m.objects().containsKey(s)) {
                return new Entity(m.objects().get(s), s);
            }
            if (m.requests().containsKey(s)) {
                return new Entity("request", s);
            }
            if (m.queueTimeoutFn().containsKey(s)) {
                return new Entity("queue", s);
            }
            if (m.works().containsKey(s)) {
                return new Entity("work", s);
            }
            if (m.workqueues().containsKey(s)) {
                return new Entity("workqueue", s);
            }
            if (m.locks().contains(s)) {
                return new Entity("lock", s);
            }
            if (s.equals(m.controller())) {
                return new Entity("controller", s);
            }
            if (m.enumValues().containsKey(s) || Builtins.CTRL_STATES.contains(s) || Builtins.BLK_EH.contains(s)
                    || Builtins.LLDD_STATUS.contains(s)) {
                return new Const(Model.Value.sym(s));
            }
            if (m.bounds().containsKey(s)) {
                return new BoundRef(s);
            }
            if (MQ_STATES.containsKey(s)) {
                return new Const(Model.Value.sym(MQ_STATES.get(s)));
            }
            if (Builtins.ERRNO.containsKey(s)) {
                return new Const(Model.Value.of(Builtins.ERRNO.get(s)));
            }
            List<String> all = new ArrayList<>(env.bindings.keySet());
            all.addAll(m.flags().keySet());
            all.addAll(m.counters().keySet());
            all.addAll(m.vars().keySet());
            all.addAll(m.requests().keySet());
            all.addAll(m.works().keySet());
            all.addAll(m.enumValues().keySet());
            all.addAll(m.locks());
            all.addAll(m.objects().keySet());
            all.addAll(Builtins.CTRL_STATES);
            String best = Names.closest(s, all);
            diags.error(DiagnosticCode.UNKNOWN_NAME, id.span(), "unknown name '" + s + "'",
                    best != null ? "did you mean '" + best + "'?" : "declare it (flag, counter, var, request, ...) or bind it with 'let'");
            return Folding.POISON;
        }

        Val field(Val base, Field f) {
            String name = f.field().text();
            if (base instanceof Entity e && e.kind().equals("request")) {
                if (name.equals(Builtins.LLDD_STATUS_FIELD) && !dry) {
                    if (e.name().equals(completes)) {
                        return new Local(LLDD_STATUS_LOCAL);
                    }
                    // once for the statement, not for each request a function inlined for several reads it with
                    if (lddStatusReported.add(f.span())) {
                        diags.error(DiagnosticCode.UNSUPPORTED, f.span(), "'lldd_status' is read outside the LLDD's"
                                + " completion of the request (here " + e.name() + "): it is the status the LLDD"
                                + " reports with that completion",
                                "read it in the function the LLDD calls on completion ('lldd CTX done FN'), or keep"
                                + " what you need in a request_field");
                    }
                    return Folding.POISON;
                }
                if (m.requestFields().containsKey(name) || Builtins.RQ_BUILTIN_FIELDS.contains(name)) {
                    return new RqField(e.name(), name);
                }
                List<String> all = new ArrayList<>(m.requestFields().keySet());
                all.addAll(Builtins.RQ_BUILTIN_FIELDS);
                String best = Names.closest(name, all);
                diags.error(DiagnosticCode.UNKNOWN_NAME, f.field().span(), "requests have no field '" + name + "'",
                        best != null ? "did you mean '" + best + "'?" : "declare it with 'request_field " + name + " = ...'");
                return new Const(Model.Value.of(0));
            }
            if (base instanceof Entity e && e.kind().equals("controller") && name.equals("state")) {
                return new Global(e.name());
            }
            if (base instanceof Local && dry) {
                return new Local("dry_field");
            }
            diags.error(DiagnosticCode.WRONG_KIND, f.span(), "only requests and the controller have fields here",
                    "e.g. 'rq.op' or 'ctrl.state'");
            return new Const(Model.Value.of(0));
        }

        // -------------------------------------------------------------- calls

        Lowered call(Call c, Env env, List<Hole> in, boolean want) {
            String fn = c.fn().text();
            if (Builtins.LOGGING.contains(fn)) {
                return new Lowered(new Const(Model.Value.of(0)), in);
            }
            Ast.Fn f = fns.get(fn);
            if (f != null) {
                if (f.params().size() != c.args().size()) {
                    diags.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), "'" + fn + "' takes "
                            + f.params().size() + " argument(s), " + c.args().size() + " given");
                    return new Lowered(new Const(Model.Value.of(0)), in);
                }
                List<Val> args = new ArrayList<>();
                List<Hole> holes = in;
                for (Expr a : c.args()) {
                    Lowered l = expr(a, env, holes);
                    args.add(l.val());
                    holes = l.holes();
                }
                String result = want ? temp() : null;
                holes = inline(f, args, env, c.span(), holes, result);
                return new Lowered(result == null ? new Const(Model.Value.of(0)) : new Local(result), holes);
            }
            Primitives p = new Primitives(this, env, c, want);
            Lowered l = p.lower(in);
            if (l == null) {
                List<String> all = new ArrayList<>(fns.keySet());
                all.addAll(Catalogue.names());
                String best = Names.closest(fn, all);
                diags.error(DiagnosticCode.UNKNOWN_FUNCTION, c.fn().span(),
                        "'" + fn + "' is neither a function of this spec nor a built-in primitive",
                        best != null ? "did you mean '" + best + "'?"
                                : "if it is a kernel primitive rpcheck lacks, model what it does to shared state in a"
                                        + " function with the body it has ('fn " + fn + "(...) from \"FILE\" { ... }');"
                                        + " an empty body would model nothing (see specs/README.md for the built-in"
                                        + " primitives)");
                return new Lowered(new Const(Model.Value.of(0)), in);
            }
            return l;
        }
    }

    // ------------------------------------------------------------------ primitives

    /**
     * A call of a built-in kernel primitive: the catalogue ({@link Catalogue}) says what its arguments must be
     * and how it lowers; this class checks the call against that and gives the lowering the ways to emit steps.
     * The composites that inline the spec's own functions (blk-mq dispatch and completion, core.c's state change,
     * quiesce, blk_sync_queue) are here, beside the inliner they use.
     */
    private final class Primitives implements LowerContext {
        private final Builder b;
        private final Env env;
        private final Call c;
        private final boolean want;
        private final String fn;
        private List<Val> args = List.of();
        private List<Hole> holes;

        Primitives(Builder b, Env env, Call c, boolean want) {
            this.b = b;
            this.env = env;
            this.c = c;
            this.want = want;
            this.fn = c.fn().text();
        }

        @Override
        public Site site() {
            return new Site(c.span(), env.frames);
        }

        /** Site whose chain ends in a kernel helper (e.g. blk_sync_queue) that wraps the primitive. */
        @Override
        public Site siteVia(String helper, String file) {
            List<Frame> frames = new ArrayList<>(env.frames);
            frames.add(new Frame(helper, c.span(), file));
            return new Site(c.span(), frames);
        }

        @Override
        public String fn() {
            return fn;
        }

        @Override
        public boolean calls(String caller, String callee) {
            return Lowering.this.calls(caller, callee, new java.util.HashSet<>());
        }

        @Override
        public boolean specCalls(String callee) {
            return fns.values().stream().anyMatch(f -> Ast.nodes(f.body()).stream()
                    .anyMatch(n -> n instanceof Ast.Call c && c.fn().text().equals(callee)));
        }

        @Override
        public Model model() {
            return m;
        }

        @Override
        public List<Val> args() {
            return args;
        }

        @Override
        public boolean wantsValue() {
            return want;
        }

        @Override
        public String inFunction() {
            return env.fn != null ? " in " + env.fn + "()" : "";
        }

        Lowered lower(List<Hole> in) {
            Primitive p = Catalogue.lookup(fn);
            if (p == null) {
                return null;
            }
            holes = in;
            int n = c.args().size();
            if (n < p.required() || n > p.maxArgs()) {
                diags.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), "'" + fn + "' takes " + p.arity()
                        + " argument(s), " + n + " given", fn + "(" + String.join(", ", p.params().stream()
                        .map(ArgKind::word).toList()) + ")" + (p.required() < p.maxArgs() ? " (the last "
                        + (p.maxArgs() - p.required()) + " optional)" : ""));
                return fail(holes);
            }
            List<Val> vals = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                Expr a = c.args().get(i);
                ArgKind k = p.params().get(i);
                if (k == ArgKind.FUNCTION) {
                    String name = a instanceof Name nm ? nm.ident().text() : null;
                    if (name == null || !fns.containsKey(name)) {
                        String best = name == null ? null : Names.closest(name, fns.keySet());
                        diags.error(DiagnosticCode.WRONG_KIND, a.span(), "'" + fn + "' needs " + k.hint() + " here",
                                best != null ? "did you mean '" + best + "'?" : "declare it with 'fn NAME() from"
                                        + " \"FILE\" { ... }'");
                        ok = false;
                        vals.add(Folding.POISON);
                    } else {
                        vals.add(new Const(new Model.Value(name, Model.Type.STRING)));
                    }
                    continue;
                }
                Lowered l = b.expr(a, env, holes);
                vals.add(l.val());
                holes = l.holes();
                ok &= kindOk(k, l.val(), a);
            }
            args = vals;
            if (!ok) {
                return fail(holes);
            }
            return (Lowered) p.lowering().lower(this);
        }

        /** Whether {@code v} is what {@code kind} asks for; reports the mismatch. */
        private boolean kindOk(ArgKind kind, Val v, Expr at) {
            if (v == Folding.POISON) {
                return false;
            }
            if (b.dry && v instanceof Local) {
                return kind == ArgKind.VALUE || kind == ArgKind.PLACE || kind == ArgKind.IRQ_FLAGS;
            }
            boolean ok = switch (kind) {
                case VALUE -> true;
                case IRQ_FLAGS -> v instanceof Local || v instanceof Const;
                case WORK -> v instanceof Entity e && e.kind().equals("work");
                case WORKQUEUE -> v instanceof Entity e && e.kind().equals("workqueue");
                case SPINLOCK -> v instanceof Entity e && e.kind().equals("lock");
                case MUTEX -> v instanceof Entity e && e.kind().equals(Model.MUTEX);
                case COMPLETION -> v instanceof Entity e && e.kind().equals(Model.COMPLETION);
                case SRCU -> v instanceof Entity e && e.kind().equals(Model.SRCU);
                case RWSEM -> v instanceof Entity e && e.kind().equals(Model.RWSEM);
                case TIMER -> v instanceof Entity e && e.kind().equals("timer");
                case QUEUE -> v instanceof Entity e && e.kind().equals("queue");
                case REQUEST -> v instanceof Entity e && e.kind().equals("request");
                case FLAG -> v instanceof Global g && m.flags().containsKey(g.name());
                case KREF -> v instanceof Global g && m.krefs().contains(g.name());
                case CONTROLLER -> v instanceof Global g && g.name().equals(m.controller())
                        || v instanceof Entity e && e.kind().equals("controller");
                case PLACE -> v instanceof Global || v instanceof RqField;
                case STATE -> v instanceof Const k && k.value().v() instanceof String st
                        && Builtins.CTRL_STATES.contains(st);
                case FUNCTION -> false;
            };
            if (!ok) {
                diags.error(kind == ArgKind.PLACE ? DiagnosticCode.ASSIGN_TO_CONSTANT : DiagnosticCode.WRONG_KIND,
                        at.span(), "'" + fn + "' needs " + kind.hint() + " here", declaredOf(kind));
            }
            return ok;
        }

        /** What the spec declares of {@code kind}, for the hint. */
        private String declaredOf(ArgKind kind) {
            java.util.Collection<String> names = switch (kind) {
                case WORK -> m.works().keySet();
                case WORKQUEUE -> m.workqueues().keySet();
                case SPINLOCK -> m.locks().stream().filter(l -> !m.objects().containsKey(l)).toList();
                case MUTEX -> m.objectsOf(Model.MUTEX);
                case COMPLETION -> m.objectsOf(Model.COMPLETION);
                case SRCU -> m.objectsOf(Model.SRCU);
                case RWSEM -> m.objectsOf(Model.RWSEM);
                case QUEUE -> m.queueTimeoutFn().keySet();
                case REQUEST -> m.requests().keySet();
                case FLAG -> m.flags().keySet();
                case KREF -> m.krefs();
                case CONTROLLER -> m.controller() == null ? List.<String>of() : List.of(m.controller());
                default -> List.of();
            };
            return names.isEmpty() ? "pass " + kind.hint() : "declared: " + String.join(", ", names);
        }

        @Override
        public LowerContext.Result plain(Prim p, List<Val> a, Site site) {
            MNode n = new MNode(site, p, a, null);
            n.called = fn;
            int id = b.emit(n, holes);
            return new Lowered(new Const(Model.Value.of(0)), List.of(new Hole(id, 0)));
        }

        @Override
        public LowerContext.Result valued(Prim p, List<Val> a, Site site) {
            String res = want || p == Prim.XCHG ? b.temp() : null;
            if (res != null) {
                localTypes.put(res, p == Prim.XCHG ? typeOf(a.get(0))
                        : p == Prim.COMPLETION_WAIT_TIMEOUT || p == Prim.WAIT_EVENT_TIMEOUT
                                || p == Prim.FREEZE_WAIT_TIMEOUT ? Model.Type.INT
                        : Model.Type.BOOL);
            }
            MNode n = new MNode(site, p, a, res);
            n.called = fn;
            int id = b.emit(n, holes);
            return new Lowered(res == null ? new Const(Model.Value.of(0)) : new Local(res), List.of(new Hole(id, 0)));
        }

        /** BEGIN decides (result = must wait); a branch skips WAIT when there is nothing to wait for. */
        @Override
        public LowerContext.Result twoPhase(Prim begin, Prim wait, List<Val> a, Site site, boolean resultIsWaited) {
            if (want && !resultIsWaited) {
                diags.error(DiagnosticCode.UNSUPPORTED, c.span(), "the return value of '" + fn + "' is not modelled",
                        "call it as a statement");
            }
            String must = b.temp();
            MNode first = new MNode(site, begin, a, must);
            first.called = fn;
            int id = b.emit(first, holes);
            int br = b.emit(MNode.branch(site, new Local(must)), List.of(new Hole(id, 0)));
            MNode second = new MNode(site, wait, a, null);
            second.called = fn;
            int w = b.emit(second, List.of(new Hole(br, 0)));
            return new Lowered(new Local(must), List.of(new Hole(br, 1), new Hole(w, 0)));
        }

        @Override
        public LowerContext.Result read(Val v) {
            return new Lowered(v, holes);
        }

        @Override
        public LowerContext.Result valuedThenCall(Prim p, List<Val> a, String callee, List<Val> calleeArgs) {
            String res = b.temp();
            MNode n = new MNode(site(), p, a, res);
            n.called = fn;
            int id = b.emit(n, holes);
            int br = b.emit(MNode.branch(site(), new Local(res)), List.of(new Hole(id, 0)));
            Ast.Fn f = fns.get(callee);
            List<Hole> after = new ArrayList<>(b.inline(f, calleeArgs, env, c.span(), List.of(new Hole(br, 0)), null));
            after.add(new Hole(br, 1));
            return new Lowered(new Local(res), after);
        }

        @Override
        public LowerContext.Result composite(Composite which) {
            return switch (which) {
                case EXECUTE_RQ -> execute(args, holes);
                case COMPLETE_RQ -> complete(args, holes);
                case CHANGE_STATE -> m.controller() == null ? noController(holes) : changeState(args, holes);
                case QUIESCE -> twoSteps("blk_mq_quiesce_queue", Prim.QUIESCE, Prim.QUIESCE_WAIT);
                case FREEZE -> twoSteps("blk_mq_freeze_queue", Prim.FREEZE_START, Prim.FREEZE_WAIT);
                case BLK_SYNC_QUEUE -> twoPhase(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT,
                        List.of(new Entity("work", Model.timeoutWork(name(0)))), siteVia("blk_sync_queue",
                                "block/blk-core.c"), false);
            };
        }

        @Override
        public LowerContext.Result failed() {
            return fail(holes);
        }

        @Override
        public void error(String message, String hint) {
            diags.error(DiagnosticCode.WRONG_WORKQUEUE, c.span(), message, hint);
        }

        @Override
        public void error(DiagnosticCode code, String message, String hint) {
            diags.error(code, c.span(), message, hint);
        }

        /** A queue helper of block/blk-mq.c that is one step and then a wait (quiesce, freeze). */
        private Lowered twoSteps(String helper, Prim first, Prim then) {
            List<Val> a = List.of(entity(0));
            Site s = siteVia(helper, "block/blk-mq.c");
            int set = b.emit(new MNode(s, first, a, null), holes);
            int wait = b.emit(new MNode(s, then, a, null), List.of(new Hole(set, 0)));
            return new Lowered(new Const(Model.Value.of(0)), List.of(new Hole(wait, 0)));
        }

        /**
         * blk_execute_rq(rq) / submit_bio_wait(rq): dispatch through the queue's ->queue_rq, then sleep until the
         * request has ended. A queue that something quiesces (or whose ->queue_rq can return BLK_STS_RESOURCE)
         * dispatches through a gate: the request is held while the queue is quiesced, and the dispatch counts as
         * in progress (an RCU read-side section that blk_mq_quiesce_queue() waits for) until ->queue_rq returns.
         * BLK_STS_RESOURCE requeues the request inside the dispatch (__blk_mq_requeue_request(): MQ_RQ_IDLE again)
         * and sends it back to the gate (blk-mq runs the queue again).
         */
        private Lowered execute(List<Val> args, List<Hole> holes) {
            List<Val> r = List.of(args.get(0));
            String rq = ((Entity) r.get(0)).name();
            String queue = m.requests().get(rq);
            Site s = siteVia(fn, fn.equals("submit_bio_wait") ? "block/bio.c" : "block/blk-mq.c");
            String queueRq = m.queueRqFn().get(queue);
            Ast.Fn handler = queueRq == null ? null : fns.get(queueRq);
            Set<String> sts = QueueRqStatuses.of(m, fns, queue);
            boolean requeue = sts.contains(QueueRqStatuses.RESOURCE) || sts.contains(QueueRqStatuses.DEV_RESOURCE);
            boolean fails = sts.stream().anyMatch(x -> !x.equals(QueueRqStatuses.OK)
                    && !x.equals(QueueRqStatuses.RESOURCE) && !x.equals(QueueRqStatuses.DEV_RESOURCE));
            boolean gated = gated(queue);
            List<Val> d = List.of(new Entity("request", rq));
            Site run = new Site(c.span(), concat(s.chain(), new Frame(Frame.DISPATCH, c.span(), "block/blk-mq.c")));
            List<Hole> at = holes;
            if (frozen.contains(queue)) {
                // blk_mq_alloc_request() -> blk_queue_enter(): waits while the queue is frozen, then holds a
                // reference of q_usage_counter until the request is freed after the wait below
                Site enter = new Site(c.span(), concat(s.chain(), new Frame("blk_queue_enter", c.span(),
                        "block/blk-core.c")));
                int e = b.emit(new MNode(enter, Prim.QUEUE_ENTER, d, null), holes);
                at = List.of(new Hole(e, 0));
            }
            int gate = -1;
            if (gated) {
                gate = b.emit(new MNode(run, Prim.DISPATCH, d, null), at);
                at = List.of(new Hole(gate, 0));
            }
            List<Hole> submitted;
            String ret = requeue || fails ? b.temp() : null;
            if (handler != null) {
                Env via = new Env(run.chain(), fn, null);
                submitted = b.inline(handler, r, via, c.span(), at, ret);
            } else {
                int start = b.emit(new MNode(s, Prim.START_REQUEST, r, null), at);
                submitted = List.of(new Hole(start, 0));
            }
            // BLK_STS_RESOURCE: blk_mq_dispatch_rq_list() -> blk_mq_handle_dev_resource() ->
            // __blk_mq_requeue_request(), still inside the dispatch: the request is MQ_RQ_IDLE again, then the
            // dispatch ends and the request goes back to the gate. (The nodes of the common path are emitted
            // first, so that their labels do not depend on the requeue path.)
            // Any other status but BLK_STS_OK: blk_mq_dispatch_rq_list() ends the request with it
            // (blk_mq_end_request(rq, ret), still inside the dispatch), which wakes blk_execute_rq()'s waiter.
            int br = -1;
            int end = gated ? b.emit(new MNode(run, Prim.DISPATCH_END, d, null), requeue || fails ? List.of()
                    : submitted) : -1;
            List<Hole> ok = submitted;
            if (requeue) {
                Val cond = null;
                for (String st : List.of(QueueRqStatuses.RESOURCE, QueueRqStatuses.DEV_RESOURCE)) {
                    if (sts.contains(st)) {
                        Val one = new Bin("==", new Local(ret), new Const(Model.Value.sym(st)));
                        cond = cond == null ? one : new Bin("||", cond, one);
                    }
                }
                br = b.emit(MNode.branch(run, cond), ok);
                ok = List.of(new Hole(br, 1));
            }
            if (fails) {
                int bf = b.emit(MNode.branch(run, new Bin("!=", new Local(ret),
                        new Const(Model.Value.sym(QueueRqStatuses.OK)))),
                        ok);
                MNode ended = new MNode(run, Prim.END_REQUEST, r, null);
                ended.called = "blk_mq_end_request";
                int e = b.emit(ended, List.of(new Hole(bf, 0)));
                ok = List.of(new Hole(bf, 1), new Hole(e, 0));
            }
            if (gated) {
                if (requeue || fails) {
                    b.patch(ok, end);
                }
                submitted = List.of(new Hole(end, 0));
            } else {
                submitted = ok;
            }
            String res = want ? b.temp() : null;
            MNode waitNode = new MNode(s, Prim.RQ_WAIT, d, res);
            waitNode.called = fn;
            int wait = b.emit(waitNode, submitted);
            if (requeue) {
                int back = b.emit(new MNode(run, Prim.REQUEUE, d, null), List.of(new Hole(br, 0)));
                int again = b.emit(new MNode(run, Prim.DISPATCH_END, d, null), List.of(new Hole(back, 0)));
                b.patch(List.of(new Hole(again, 0)), gate);
            }
            return new Lowered(res == null ? new Const(Model.Value.of(0)) : new Local(res),
                    List.of(new Hole(wait, 0)));
        }

        private static List<Frame> concat(List<Frame> a, Frame f) {
            List<Frame> out = new ArrayList<>(a);
            out.add(f);
            return out;
        }

        /**
         * blk_mq_complete_request(rq): MQ_RQ_COMPLETE, then the queue's ->complete handler runs in this context
         * (it must end the request); a queue without one ends the request at once.
         */
        private Lowered complete(List<Val> args, List<Hole> holes) {
            List<Val> r = List.of(args.get(0));
            String rq = ((Entity) r.get(0)).name();
            Site s = siteVia("blk_mq_complete_request", "block/blk-mq.c");
            int id = b.emit(new MNode(s, Prim.COMPLETE_REQUEST, r, null), holes);
            List<Hole> after = List.of(new Hole(id, 0));
            String handler = m.queueCompleteFn().get(m.requests().get(rq));
            if (handler != null && fns.containsKey(handler)) {
                after = b.inline(fns.get(handler), r, new Env(s.chain(), "blk_mq_complete_request", null),
                        c.span(), after, null);
            } else {
                int end = b.emit(new MNode(s, Prim.END_REQUEST, r, null), after);
                after = List.of(new Hole(end, 0));
            }
            return new Lowered(new Const(Model.Value.of(0)), after);
        }

        private Lowered noController(List<Hole> holes) {
            diags.error(DiagnosticCode.MISSING_DECLARATION, c.span(), "'" + fn + "' needs a controller declaration",
                    "add 'controller ctrl = LIVE' (or the state it starts in)");
            return new Lowered(new Const(Model.Value.of(0)), holes);
        }

        private Lowered changeState(List<Val> args, List<Hole> holes) {
            if (m.controller() == null) {
                return noController(holes);
            }
            if (args.isEmpty() || args.size() > 2) {
                diags.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(),
                        "nvme_change_ctrl_state takes the new state (optionally after the controller)");
                return fail(holes);
            }
            Val s = args.get(args.size() - 1);
            if (s == Folding.POISON) {
                return fail(holes);
            }
            if (!(s instanceof Const k && k.value().v() instanceof String st && Builtins.CTRL_STATES.contains(st))) {
                diags.error(DiagnosticCode.UNKNOWN_STATE, c.args().get(args.size() - 1).span(),
                        "expected a controller state", "states are " + String.join(", ", Builtins.CTRL_STATES));
                return fail(holes);
            }
            String res = b.temp();
            int id = b.emit(new MNode(site(), Prim.CHANGE_STATE, List.of(s), res), holes);
            if (!st.equals("LIVE")) {
                return new Lowered(new Local(res), List.of(new Hole(id, 0)));
            }
            // core.c: a move CONNECTING -> LIVE runs nvme_stop_failfast_work() = cancel_delayed_work_sync().
            int br = b.emit(MNode.branch(site(), new Local(res)), List.of(new Hole(id, 0)));
            int sl = b.emit(new MNode(siteVia("nvme_stop_failfast_work", "drivers/nvme/host/core.c"),
                    Prim.MIGHT_SLEEP, List.of(new Const(new Model.Value("cancel_delayed_work_sync(failfast_work)",
                            Model.Type.STRING))), null), List.of(new Hole(br, 0)));
            return new Lowered(new Local(res), List.of(new Hole(br, 1), new Hole(sl, 0)));
        }

        private Lowered fail(List<Hole> holes) {
            return new Lowered(new Const(Model.Value.of(0)), holes);
        }

    }

    // ------------------------------------------------------------------ helpers

    /** enum mq_rq_state (include/linux/blk-mq.h) as the model's rq.mq_state values. */
    private static final Map<String, String> MQ_STATES = Map.of("MQ_RQ_IDLE", "IDLE", "MQ_RQ_IN_FLIGHT",
            "IN_FLIGHT", "MQ_RQ_COMPLETE", "COMPLETE");



    private static boolean containsCall(Expr e) {
        if (e instanceof Call c) {
            Primitive p = Catalogue.lookup(c.fn().text());
            return p == null || !p.pureRead() || c.args().stream().anyMatch(Lowering::containsCall);
        }
        if (e instanceof Unary u) {
            return containsCall(u.operand());
        }
        if (e instanceof Binary b) {
            return containsCall(b.left()) || containsCall(b.right());
        }
        if (e instanceof Field f) {
            return containsCall(f.target());
        }
        return false;
    }

    /** Turns an int-valued condition into a boolean one (C's truthiness). */
    private Val truth(Val v) {
        Model.Type t = typeOf(v);
        if (t == Model.Type.INT) {
            return new Bin("!=", v, new Const(Model.Value.of(0)));
        }
        return v;
    }

    Model.Type typeOf(Val v) {
        if (v instanceof Const c) {
            return c.value().type();
        }
        if (v instanceof Global g) {
            if (m.flags().containsKey(g.name())) {
                return Model.Type.BOOL;
            }
            if (m.counters().containsKey(g.name())) {
                return Model.Type.INT;
            }
            if (m.vars().containsKey(g.name())) {
                return m.vars().get(g.name()).type();
            }
            return Model.Type.SYM;
        }
        if (v instanceof RqField f) {
            Model.Value init = m.requestFields().get(f.field());
            return init != null ? init.type() : Model.Type.SYM;
        }
        if (v instanceof BoundRef) {
            return Model.Type.INT;
        }
        if (v instanceof Local l) {
            return localTypes.getOrDefault(l.name(), Model.Type.ANY);
        }
        if (v instanceof Un u) {
            return u.op().equals("!") ? Model.Type.BOOL : Model.Type.INT;
        }
        if (v instanceof Bin b) {
            return switch (b.op()) {
                case "+", "-" -> Model.Type.INT;
                default -> Model.Type.BOOL;
            };
        }
        return Model.Type.ANY;
    }

    private void checkComparable(Binary b, Val l, Val r) {
        if (!(b.op().equals("==") || b.op().equals("!="))) {
            return;
        }
        Model.Type lt = typeOf(l);
        Model.Type rt = typeOf(r);
        if (lt != Model.Type.ANY && rt != Model.Type.ANY && lt != rt) {
            diags.error(DiagnosticCode.TYPE_MISMATCH, b.span(), "cannot compare " + article(lt) + " with "
                    + article(rt), comparisonHelp(lt, rt));
        }
    }

    private static String article(Model.Type t) {
        return switch (t) {
            case BOOL -> "a bool";
            case INT -> "an int";
            case SYM -> "a state or enum value";
            case STRING -> "a string";
            case ANY -> "a value";
        };
    }

    /** What to write instead of comparing values of two types. */
    private static String comparisonHelp(Model.Type lt, Model.Type rt) {
        if (lt == Model.Type.BOOL || rt == Model.Type.BOOL) {
            return "a bool (a flag, or what test_bit(), mutex_trylock(), spin_trylock(), queue_work(), kref_put() ..."
                    + " return) is not a number: test it as it is, 'if x' or 'if !x', or compare it with true/false";
        }
        return "compare numbers with numbers and states or enum values with states or values of the same enum";
    }

    /**
     * The value of a condition known at compile time, or null. A condition on bounds that are {@link Folding#fixed} is
     * known: {@code if io_queues > 0} with {@code io_queues = 0} generates nothing for its dead branch (no actions
     * for TLC to try in every state), and the bounds it used are recorded so that the module ASSUMEs their values.
     */
    private Boolean decide(Val v) {
        Set<String> used = new TreeSet<>();
        Boolean known = folding.fold(v, used);
        if (known != null) {
            decided.addAll(used);
        }
        return known;
    }

}
