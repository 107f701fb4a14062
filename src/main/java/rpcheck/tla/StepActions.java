package rpcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.model.Ir;
import rpcheck.model.Ir.*;
import rpcheck.model.Ghosts;
import rpcheck.model.Model;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.Catalogue;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.StepContext;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Bool;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla.IfBlock;
import rpcheck.model.prims.Tla.Infix;
import rpcheck.model.prims.Tla.Let;
import rpcheck.model.prims.Tla.Num;
import rpcheck.model.prims.Tla.Paren;
import rpcheck.model.prims.Tla.Prefix;
import rpcheck.model.prims.Tla.Str;
import rpcheck.model.prims.Tla.Update;
import rpcheck.model.prims.WaitKind;
import rpcheck.model.prims.Workqueues;

import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.tla.Cfgs.bound;
import static rpcheck.tla.StateVars.atLabel;
import static rpcheck.tla.StateVars.identity;
import static rpcheck.tla.StateVars.in;
import static rpcheck.tla.StateVars.lets;
import static rpcheck.tla.StateVars.local;
import static rpcheck.tla.StateVars.primes;
import static rpcheck.tla.TlaPrinter.value;
import static rpcheck.tla.TlaPrinter.NONE;

/**
 * The actions of the contexts' own code: one action per label (a step that touches shared state), its guard
 * and effects from the primitive's step rule in the catalogue, the local steps after it folded in, up to the next
 * label (see the atomicity rule in {@link TlaGenerator}). Also the code that an environment action starts
 * ({@link #startFlow}).
 */
final class StepActions {
    private final Analyses a;
    private final ModuleText moduleText;
    private final Model m;
    private final StringBuilder out;
    /** Labels some action jumps to (filled by {@link #leaf}); only these get an action of their own. */
    private final Set<String> reached = new java.util.HashSet<>();
    private int returns;
    /** While an action is built: what of the controller its statements touch (else null). */
    private Set<String> touching;

    StepActions(Analyses a, ModuleText moduleText) {
        this.a = a;
        this.moduleText = moduleText;
        this.m = a.m;
        this.out = moduleText.out;
    }

    void code(Code c) {
        out.append("\\* ---- ").append(c.entry()).append(": ").append(a.describeEntry(c)).append('\n');
        List<String> owners = a.owners(c);
        Set<String> live = reachable(c);
        for (Node n : c.nodes()) {
            if (!a.shared(n) || !live.contains(a.label(c, n.id()))) {
                continue;
            }
            String lbl = a.label(c, n.id());
            returns = 0;
            Step s = step(c, n, Map.of(), identity());
            String merge = a.mergeLock(c, n);
            // what of the controller this action touches: its own statement and a critical section merged into it
            touching = new java.util.LinkedHashSet<>();
            Expr body = apply(c, n, new LinkedHashMap<>(), identity(), merge);
            List<String> touches = List.copyOf(touching);
            touching = null;
            // the unlock the spec called to end a spinlock section (spin_unlock_irqrestore after spin_lock_irqsave);
            // where its paths end in different ones, the plain name
            String unlock = "spin_unlock";
            if (merge != null && !merge.startsWith(Analyses.DISPATCH_KEY)) {
                Set<String> unlocks = a.sectionUnlocks(c, ((Op) n).next(), merge);
                unlock = unlocks.size() == 1 ? unlocks.iterator().next() : unlock;
            }
            if (merge != null && merge.startsWith(Analyses.DISPATCH_KEY)) {
                s.text = s.text + " ... ->queue_rq returns (the dispatch as one step)";
            } else if (merge != null) {
                s.text = s.text + " ... " + unlock + "(" + merge + ") (critical section as one step)";
            }
            moduleText.labels.put(lbl, new Provenance.LabelInfo(lbl, c.entry(), n.site(), n instanceof Op op ? op.prim() : null,
                    s.text, n instanceof Op op && op.prim().sleeps(), s.waitKind, s.waitsOn, owners, touches,
                    s.waitKind == WaitKind.COND || s.waitKind == WaitKind.WORKQUEUE ? s.guard : null,
                    n instanceof Op op ? op.kernelName() : null));
            moduleText.actions.put(lbl, new Provenance.ActionInfo(lbl, Provenance.ActionKind.STEP, lbl, s.text, n.site(), null));
            out.append("\\* ").append(n.site().span().position()).append("  ")
                    .append(String.join(" > ", n.site().functions())).append(": ").append(s.text).append('\n');
            List<Expr> conj = new ArrayList<>();
            conj.add(atLabel(SELF, lbl));
            if (s.guard != null) {
                conj.add(s.guard);
            }
            if (merge != null && merge.startsWith(Analyses.DISPATCH_KEY)) {
                out.append("\\*   (->queue_rq neither sleeps nor blocks, and blk_mq_quiesce_queue() waits for the")
                        .append(" dispatch: it runs as this one step)\n");
            } else if (merge != null) {
                out.append("\\*   (the critical section up to ").append(unlock).append("(").append(merge)
                        .append(") does not sleep: it runs as this one step)\n");
            }
            moduleText.emitAction(lbl, owners, conj, body, ModuleText.Taker.CONTEXT);
        }
    }

    /** Which shared nodes of an entry are ever jumped to (a merged critical section hides the ones inside it). */
    private Set<String> reachable(Code c) {
        reached.clear();
        flow(c, c.start(), new LinkedHashMap<>(), identity(), null);
        Set<String> done = new java.util.HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node n : c.nodes()) {
                String lbl = a.label(c, n.id());
                if (a.shared(n) && reached.contains(lbl) && done.add(lbl)) {
                    apply(c, n, new LinkedHashMap<>(), identity(), a.mergeLock(c, n));
                    grew = true;
                }
            }
        }
        return done;
    }

    /**
     * Both ways of a branch inside one action. Of what the controller the two ways touch, the action counts only
     * what both touch: a touch on one way depends on the branch, and counting it would report a step that, in the
     * state at hand, does not touch the freed controller (fc.c's walk of rport->ctrl_list under rport->lock, which
     * no longer finds a controller nvme_fc_ctrl_free() has unlinked).
     */
    private Expr[] bothWays(Code c, Branch b, Map<String, Expr> env, Map<String, String> st, String merge) {
        if (touching == null) {
            return new Expr[] {flow(c, b.then(), env, st, merge), flow(c, b.otherwise(), env, st, merge)};
        }
        Set<String> before = touching;
        touching = new java.util.LinkedHashSet<>();
        Expr then = flow(c, b.then(), env, st, merge);
        Set<String> onThen = touching;
        touching = new java.util.LinkedHashSet<>();
        Expr otherwise = flow(c, b.otherwise(), env, st, merge);
        onThen.retainAll(touching);
        before.addAll(onThen);
        touching = before;
        return new Expr[] {then, otherwise};
    }

    /** Applies shared node {@code n} to the symbolic state and continues with what follows it. */
    private Expr apply(Code c, Node n, Map<String, Expr> env, Map<String, String> st, String merge) {
        if (touching != null) {
            touching.addAll(a.ownership.accesses(n));
        }
        if (n instanceof Branch b) {
            Expr cond = val(b.cond(), env, st);
            Expr[] ways = bothWays(c, b, env, st, merge);
            return new IfBlock(cond, ways[0], ways[1]);
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
        List<StateVars.Binding> lets = lets(s.effects, st, st2, a.label(c, op.id()));
        String nextMerge = merge != null && a.endsSection(op, merge) ? null : merge;
        return in(lets, flow(c, op.next(), e2, st2, nextMerge));
    }

    /** An environment-driven start: its own effects, then the entry's code from its first node. */
    Expr startFlow(Code c, Map<String, List<Update>> effects) {
        return startFlow(c, effects, Map.of());
    }

    /** The same, with locals the start sets ({@code locals}: name -> value over the state before the step). */
    Expr startFlow(Code c, Map<String, List<Update>> effects, Map<String, Expr> locals) {
        Map<String, String> st = identity();
        Map<String, String> st2 = new LinkedHashMap<>(st);
        returns = 0;
        List<StateVars.Binding> lets = lets(effects, st, st2, "start");
        return in(lets, flow(c, c.start(), new LinkedHashMap<>(locals), st2, null));
    }

    /** The continuation from {@code node}: local steps folded, a merged critical section applied, else a leaf. */
    private Expr flow(Code c, int node, Map<String, Expr> env, Map<String, String> st, String merge) {
        if (node == Ir.END) {
            return leaf(c, node, env, st);
        }
        Node n = c.node(node);
        if (n instanceof Op op && (op.prim() == Prim.MIGHT_SLEEP || a.quiesceReturnsAtOnce(op))) {
            // a folded quiesce wait still sleeps (synchronize_rcu): it is a might_sleep() for SleepInAtomic
            String marker = a.label(c, op.id());
            String text = op.prim() == Prim.MIGHT_SLEEP ? "might_sleep: " + ((Const) op.args().get(0)).value().v()
                    : "blk_mq_quiesce_queue(" + Analyses.ent(op.args().get(0)) + "): synchronize_rcu()";
            // the sleeping primitive the spec called (msleep, might_sleep, ...): null for a 'sleeps' function's
            // marker and a kernel helper's (the chain's last function is the call that sleeps)
            String called = op.prim() == Prim.MIGHT_SLEEP ? op.called() : null;
            moduleText.sleepMarkers.put(marker, new Provenance.LabelInfo(marker, c.entry(), op.site(), Prim.MIGHT_SLEEP, text,
                    true, null, null, a.owners(c), List.of(), null, called));
            Map<String, Expr> e2 = new LinkedHashMap<>(env);
            e2.put("sl", Tla.str(marker));
            return flow(c, op.next(), e2, st, merge);
        }
        if (n instanceof Op op && op.prim() == Prim.SUBMITS_SNAPSHOT
                && !a.timeoutWaits().contains(Analyses.ent(op.args().get(0)))) {
            // every dispatch on the queue is one step: none is in progress, nothing to wait for
            Map<String, Expr> e2 = new LinkedHashMap<>(env);
            e2.put(op.result(), Tla.FALSE);
            return flow(c, op.next(), e2, st, merge);
        }
        if (n instanceof Op op && Analyses.folded(op.prim())) {
            if (op.prim() == Prim.ASSERT) {
                String lbl = a.label(c, op.id());
                moduleText.sleepMarkers.put(lbl, new Provenance.LabelInfo(lbl, c.entry(), op.site(), Prim.ASSERT,
                        Ir.assertText(op, a::show), false, null,
                        null, a.owners(c), List.of(), null));
            }
            return apply(c, n, env, st, merge);
        }
        if (a.shared(n)) {
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
        Expr[] ways = bothWays(c, b, env, st, merge);
        Expr then = ways[0];
        Expr otherwise = ways[1];
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
        String target = a.label(c, node);
        reached.add(target);
        Set<String> live = node == Ir.END ? Set.of() : a.live(c).get(node);
        List<Tla.Field> fields = new ArrayList<>();
        for (String x : live) {
            fields.add(new Tla.Field(x, env.getOrDefault(x, local(x))));
        }
        if (env.containsKey("sl")) {
            fields.add(new Tla.Field("sl", env.get("sl")));
        }
        return primes(target, fields, st);
    }

    /** blk_add_timer() (block/blk-timeout.c): mod_timer(&q->timeout, ...) arms the queue's timer again. */
    private void armQueueTimer(Step s, String rq) {
        String qn = m.requests().get(rq);
        if (a.synced.contains(qn)) {
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
        String tq = a.syncedQueueOf(w);
        List<Update> g = new ArrayList<>();
        if (tq != null) {
            // blk_mq_timeout_work() ends with mod_timer(&q->timeout, next deadline)
            g.add(timerArmed(tq));
        }
        Update owed = Workqueues.owed(m, a.ghosts::contains, w, "R", null);
        if (owed != null) {
            g.add(owed);
        }
        if (!g.isEmpty()) {
            eff.put("g", g);
        }
        eff.put("wk", List.of(Tla.at(w, "run", Tla.NONE)));
        eff.put("flw", List.of(Tla.whole(Workqueues.flushers(Tla.id(st.get("flw")), w, "R", "D"))));
        Map<String, String> st2 = new LinkedHashMap<>(st);
        List<StateVars.Binding> lets = lets(eff, st, st2, "ret_" + (++returns));
        List<Tla.Field> locals = env.containsKey("sl") ? List.of(new Tla.Field("sl", env.get("sl"))) : List.of();
        return in(lets, primes("idle", locals, st2));
    }

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
            s.text = "if " + a.show(b.cond());
            return s;
        }
        if (n instanceof LocalSet ls) {
            s.text = ls.local() + " = " + a.show(ls.value());
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
            return a.show(v);
        }

        @Override
        public String label() {
            return a.label(c, op.id());
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
            StepActions.this.assign(s, target, value);
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
            return a.syncedQueueOf(work);
        }

        @Override
        public boolean timeoutWaitsFor(String queue) {
            return a.timeoutWaits().contains(queue);
        }

        @Override
        public boolean freezes(String queue) {
            return a.freezable.contains(queue);
        }

        @Override
        public void armQueueTimer(String rq) {
            StepActions.this.armQueueTimer(s, rq);
        }

        @Override
        public boolean statusConsumed() {
            return a.statusConsumed();
        }

        @Override
        public boolean hasGhost(String field) {
            return a.ghosts.contains(field);
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

    /** The TLA+ value of {@code v} in an action: locals folded into it in {@code env}, state variables as in {@code st}. */
    Expr val(Val v, Map<String, Expr> env, Map<String, String> st) {
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
}
