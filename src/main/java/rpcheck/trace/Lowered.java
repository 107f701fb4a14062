package rpcheck.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;
import rpcheck.model.Model;
import rpcheck.model.prims.Catalogue;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.StepContext;
import rpcheck.model.prims.StepRule;
import rpcheck.model.prims.Tla;
import rpcheck.tla.Provenance;

/**
 * The lowered program behind a trace, read in the trace's terms: which DSL statement a program-counter label is,
 * what one action executed between the label it started at and the label it ended at (a merged critical section,
 * the calls folded into an action), what each statement writes and reads (as state paths like {@code g.fc_ref},
 * {@code wk[ioerr_work].pend}, the same as a {@link Change}'s), and the DSL name of every local.
 * <p>
 * A statement's text and the state it may write come from the primitive catalogue's step rule, the same rule the
 * generator translates; locals are shown by the name the spec gives them in their function.
 */
final class Lowered {
    /** A node of an entry and its code. */
    record At(Ir.Code code, Ir.Node node) {
    }

    /** One executed statement: the node, its text and what it may write. */
    record Executed(Ir.Node node, String text, Set<String> writes) {
    }

    private final Ir.Program program;
    /** The ghost fields of the program's module ({@link Ghosts#present}), computed once. */
    private final Set<String> ghosts;
    private final Provenance prov;
    private final Model m;
    private final Map<String, At> byLabel = new HashMap<>();
    private final Map<Ir.Code, Map<Integer, String>> labelOf = new HashMap<>();
    private final Map<String, String> dslNames = new HashMap<>();
    /** Queues whose timer blk_sync_queue() deletes: a cancel_work_sync() of their timeout work somewhere. */
    private final Set<String> synced = new java.util.TreeSet<>();
    /** Whether blk_execute_rq() returning clears rq.status: it is declared and nothing reads it. */
    private final boolean statusConsumed;
    /** The queues whose freeze the module keeps ({@link rpcheck.model.prims.BlkMq#freezable}). */
    private final Set<String> freezable;

    Lowered(Ir.Program program, Provenance prov) {
        this.program = Objects.requireNonNull(program, "program");
        this.ghosts = Ghosts.present(program);
        this.prov = Objects.requireNonNull(prov, "prov");
        this.m = program.model();
        for (Ir.Code c : program.codes()) {
            Map<String, Integer> seen = new HashMap<>();
            Map<Integer, String> names = new HashMap<>();
            for (Ir.Node n : c.nodes()) {
                // the generator's label naming (TlaGenerator.nameLabels); checked against the provenance below
                String base = c.entry() + "_" + m.labelPlace(n.site());
                int k = seen.merge(base, 1, Integer::sum);
                String lbl = k == 1 ? base : base + "_" + k;
                Provenance.LabelInfo li = prov.labels().get(lbl);
                if (li != null && li.entry().equals(c.entry()) && Objects.equals(li.site(), n.site())) {
                    byLabel.put(lbl, new At(c, n));
                    names.put(n.id(), lbl);
                }
            }
            labelOf.put(c, names);
        }
        // the facts about the whole program that some step rules read (as TlaGenerator computes them)
        boolean readsStatus = false;
        for (Ir.Code c : program.codes()) {
            readsStatus |= c.guard() != null && readsStatus(c.guard());
            for (Ir.Node n : c.nodes()) {
                readsStatus |= Ir.reads(n).stream().anyMatch(Lowered::readsStatus);
                if (n instanceof Ir.Op op && op.prim() == Prim.CANCEL_SYNC_BEGIN
                        && op.args().get(0) instanceof Ir.Entity e) {
                    Model.WorkItem w = m.works().get(e.name());
                    if (w != null && w.timeoutOf() != null) {
                        synced.add(w.timeoutOf());
                    }
                }
            }
        }
        statusConsumed = m.requestFields().containsKey(STATUS) && !readsStatus;
        freezable = rpcheck.model.prims.BlkMq.freezable(program);
        // the lowering names a function's locals and parameters FUNCTION_NAME (see Lowering); temporaries tN
        List<String> fns = new ArrayList<>(m.functions().keySet());
        fns.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String local : program.locals()) {
            for (String fn : fns) {
                if (local.startsWith(fn + "_") && local.length() > fn.length() + 1) {
                    dslNames.put(local, local.substring(fn.length() + 1));
                    break;
                }
            }
        }
    }

    private static final String STATUS = "status";

    private static boolean readsStatus(Ir.Val v) {
        return Ir.parts(v).stream().anyMatch(x -> x instanceof Ir.RqField f && f.field().equals(STATUS));
    }

    /** The spec's controller (its state is {@code g.<name>}), or null if it declares none. */
    String controller() {
        return m.controller();
    }

    /** The reference counts of the spec (the krefs whose last put frees the controller). */
    Set<String> krefs() {
        return new java.util.TreeSet<>(m.krefs());
    }

    /** The queue whose ->queue_rq runs at {@code site} in an RCU read-side section, else null. */
    String rcuDispatchQueue(Ir.Site site) {
        return site == null ? null : m.rcuDispatchQueue(site);
    }

    /** The spec's rw_semaphores. */
    List<String> rwsems() {
        return m.objectsOf(rpcheck.model.Model.RWSEM);
    }

    /** The spec's driver timers ({@code timer t runs fn}). */
    Set<String> timers() {
        return new java.util.TreeSet<>(m.objectsOf(rpcheck.model.Model.TIMER));
    }

    /** The spec's SRCU domains (struct srcu_struct); classic RCU is {@link rpcheck.model.prims.Rcu#CLASSIC}. */
    List<String> srcuDomains() {
        return m.objectsOf(rpcheck.model.Model.SRCU);
    }

    /** The spec's mutexes (its other locks are spinlocks). */
    Set<String> mutexes() {
        return new java.util.TreeSet<>(m.objectsOf(rpcheck.model.Model.MUTEX));
    }

    /**
     * The controller's own work items (UseAfterFree watches them): not a queue's timeout work, not an event's
     * (the generator's CtrlWorks).
     */
    Set<String> controllerWorks() {
        return m.ctrlWorks();
    }

    /** The one entry that starts at {@code site} (a work, context, completion or event starting), or null. */
    Ir.Code entryAt(Ir.Site site) {
        Ir.Code found = null;
        for (Ir.Code c : program.codes()) {
            if (site != null && site.equals(c.startSite())) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /** The node a label stands for, or null. */
    At at(String label) {
        return label == null ? null : byLabel.get(label);
    }

    /** Whether a context sitting at {@code label} has an action of its own that starts there. */
    private boolean startsAction(Ir.Code c, Ir.Node n) {
        String lbl = labelOf.getOrDefault(c, Map.of()).get(n.id());
        if (lbl == null) {
            return false;
        }
        Provenance.ActionInfo a = prov.actions().get(lbl);
        return a != null && a.kind() == Provenance.ActionKind.STEP;
    }

    /** The DSL name of a lowered local ({@code terminate_assoc} for {@code nvme_fc_fcpio_done_terminate_assoc}). */
    String dslName(String local) {
        return dslNames.getOrDefault(local, local);
    }

    /** {@code text} with every lowered local name replaced by its DSL name. */
    String dslText(String text) {
        if (text == null || dslNames.isEmpty()) {
            return text;
        }
        Matcher mt = WORD.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
            mt.appendReplacement(sb, Matcher.quoteReplacement(dslNames.getOrDefault(mt.group(), mt.group())));
        }
        mt.appendTail(sb);
        return sb.toString();
    }

    private static final Pattern WORD = Pattern.compile("(?<![\\w.])[A-Za-z_]\\w*");

    // ------------------------------------------------------------------ what one action executed

    /**
     * The statements an action executed after the one at its label: from {@code start} (a step's node; null for
     * an entry's start, which then counts as executed) to the node {@code end} it left its context at (null: the
     * entry returned), by context {@code ctx} between the states {@code before} and {@code after}. Of several ways
     * through branches, the states rule out those they contradict (a condition that was false, a constant written
     * that the state after does not hold: {@link Replay}); of the rest (of all, if the states rule out every way),
     * the one whose writes explain most of {@code changed}. Empty if the way cannot be found.
     */
    List<Executed> executed(Ir.Code c, Ir.Node start, Ir.Node end, Set<String> changed, StateView before,
            StateView after, String ctx) {
        int target = end == null ? Ir.END : end.id();
        List<List<Ir.Node>> ways = new ArrayList<>();
        List<Ir.Node> path = new ArrayList<>();
        if (start == null) {
            if (c.start() == target) {
                return List.of();
            }
            walk(c, c.start(), target, path, null, ways, true);
        } else {
            String merge = mergeKey(start);
            for (int next : successors(start)) {
                walk(c, next, target, path, merge != null && ends(start, merge) ? null : merge, ways, false);
            }
        }
        List<List<Executed>> described = ways.stream().map(way -> way.stream().map(n -> describe(c, n)).toList())
                .toList();
        Executed first = start == null ? null : describe(c, start);
        List<List<Executed>> possible = described.stream().filter(ex -> {
            List<Executed> all = new ArrayList<>(ex);
            if (first != null) {
                all.add(0, first);
            }
            return !Replay.contradicts(all, target, before, after, ctx, start == null, m.controller());
        }).toList();
        List<Executed> best = null;
        int bestScore = -1;
        int bestExtra = Integer.MAX_VALUE;
        for (List<Executed> ex : possible.isEmpty() ? described : possible) {
            Set<String> writes = new LinkedHashSet<>();
            ex.forEach(e -> writes.addAll(e.writes()));
            int score = (int) changed.stream().filter(ch -> covers(writes, ch)).count();
            int extra = (int) writes.stream().filter(w -> changed.stream().noneMatch(ch -> ch.startsWith(w))).count();
            if (score > bestScore || score == bestScore && extra < bestExtra) {
                best = ex;
                bestScore = score;
                bestExtra = extra;
            }
        }
        return best == null ? List.of() : best;
    }

    /** Whether one of {@code writes} is change path {@code ch} or holds it ({@code wk[w]} covers {@code wk[w].pend}). */
    static boolean covers(Set<String> writes, String ch) {
        for (String w : writes) {
            if (ch.equals(w) || ch.startsWith(w + ".") || ch.startsWith(w + "[")) {
                return true;
            }
        }
        return false;
    }

    private static final int MAX_WAYS = 64;
    private static final int MAX_LENGTH = 500;

    private void walk(Ir.Code c, int id, int target, List<Ir.Node> path, String merge, List<List<Ir.Node>> ways,
            boolean first) {
        if (ways.size() >= MAX_WAYS || path.size() > MAX_LENGTH) {
            return;
        }
        if (id == target && !first) {
            ways.add(List.copyOf(path));
            return;
        }
        if (id == Ir.END) {
            return;
        }
        Ir.Node n = c.node(id);
        if (merge == null && !first && startsAction(c, n)) {
            return; // another action starts here
        }
        if (n instanceof Ir.Op op && op.prim() == Prim.SUBMITS_SNAPSHOT && !labelOf.get(c).containsKey(n.id())
                && c.node(op.next()) instanceof Ir.Branch b) {
            // no step of its own: every dispatch on the queue is one step, so the generator left the timeout work's
            // wait for dispatches in progress out (nothing to wait for)
            walk(c, b.otherwise(), target, path, merge, ways, false);
            return;
        }
        path.add(n);
        String next = merge != null && ends(n, merge) ? null : merge;
        for (int s : successors(n)) {
            walk(c, s, target, path, next, ways, false);
        }
        path.remove(path.size() - 1);
    }

    private static List<Integer> successors(Ir.Node n) {
        if (n instanceof Ir.Branch b) {
            return b.then() == b.otherwise() ? List.of(b.then()) : List.of(b.then(), b.otherwise());
        }
        if (n instanceof Ir.LocalSet ls) {
            return List.of(ls.next());
        }
        return List.of(((Ir.Op) n).next());
    }

    /** The section a step that starts with this node may run as one action: a spinlock's, or a dispatch's. */
    private String mergeKey(Ir.Node n) {
        if (n instanceof Ir.Op op && op.prim() == Prim.LOCK && op.args().get(0) instanceof Ir.Entity e) {
            return e.name();
        }
        if (n instanceof Ir.Op op && op.prim() == Prim.DISPATCH && op.args().get(0) instanceof Ir.Entity e) {
            return DISPATCH + e.name();
        }
        return null;
    }

    private static final String DISPATCH = "dispatch:";

    private static boolean ends(Ir.Node n, String key) {
        if (!(n instanceof Ir.Op op) || op.args().isEmpty() || !(op.args().get(0) instanceof Ir.Entity e)) {
            return false;
        }
        return op.prim() == Prim.UNLOCK && e.name().equals(key)
                || op.prim() == Prim.DISPATCH_END && key.equals(DISPATCH + e.name());
    }

    // ------------------------------------------------------------------ one statement

    /** The text of a node and the state paths it may write, from the catalogue's step rule. */
    Executed describe(Ir.Code c, Ir.Node n) {
        if (n instanceof Ir.Branch b) {
            return new Executed(n, "if " + show(b.cond()), Set.of());
        }
        if (n instanceof Ir.LocalSet ls) {
            return new Executed(n, dslName(ls.local()) + " = " + show(ls.value()), Set.of());
        }
        Ir.Op op = (Ir.Op) n;
        Rule r = new Rule(c, op);
        StepRule rule = Catalogue.rule(op.prim());
        if (op.prim() == Prim.ASSERT) {
            r.text = Ir.assertText(op, this::show);
        } else if (rule != null) {
            try {
                rule.step(r);
            } catch (RuntimeException e) {
                r.text = null; // a rule that needs more of the generator than this reader offers: its call name
            }
        }
        String text = r.text != null ? r.text : op.kernelName() + "()";
        return new Executed(n, text, Set.copyOf(r.writes));
    }

    /** The state paths a value reads ({@code g.ctrl}, {@code rq[admin_rq].status}). */
    static Set<String> reads(Ir.Val v) {
        Set<String> out = new LinkedHashSet<>();
        for (Ir.Val x : Ir.parts(v)) {
            String p = path(x);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The state path of a place ({@code g.ctrl}, {@code rq[admin_rq].status}) as the step rules name it, or null. */
    static String path(Ir.Val place) {
        if (place instanceof Ir.Global g) {
            return "g." + g.name();
        }
        if (place instanceof Ir.RqField f) {
            return "rq[" + f.rq() + "]." + f.field();
        }
        return null;
    }

    /** The state paths a node reads. */
    static Set<String> reads(Ir.Node n) {
        Set<String> out = new LinkedHashSet<>();
        Ir.reads(n).forEach(v -> out.addAll(reads(v)));
        return out;
    }

    /** Whether a node reads shared state (a branch or a local's value; an operation always touches it). */
    static boolean readsShared(Ir.Node n) {
        return !(n instanceof Ir.Op) && !reads(n).isEmpty();
    }

    /** A value as the DSL writes it, locals by their DSL names. */
    String show(Ir.Val v) {
        if (v instanceof Ir.Const c) {
            Object o = c.value().v();
            return o instanceof String s && c.value().type() == Model.Type.STRING ? "\"" + s + "\"" : String.valueOf(o);
        }
        if (v instanceof Ir.Entity e) {
            return e.name();
        }
        if (v instanceof Ir.Local l) {
            return dslName(l.name());
        }
        if (v instanceof Ir.Global gl) {
            return gl.name().equals(m.controller()) ? gl.name() + ".state" : gl.name();
        }
        if (v instanceof Ir.RqField f) {
            return f.rq() + "." + f.field();
        }
        if (v instanceof Ir.BoundRef br) {
            return br.name();
        }
        if (v instanceof Ir.Un u) {
            return u.op() + (u.operand() instanceof Ir.Bin ? "(" + show(u.operand()) + ")" : show(u.operand()));
        }
        Ir.Bin b = (Ir.Bin) v;
        return operand(b.left(), b.op()) + " " + b.op() + " " + operand(b.right(), b.op());
    }

    private String operand(Ir.Val v, String parent) {
        boolean logical = v instanceof Ir.Bin c && (c.op().equals("&&") || c.op().equals("||"));
        return logical && !((Ir.Bin) v).op().equals(parent) ? "(" + show(v) + ")" : show(v);
    }

    /** This reader's side of a step rule: it keeps the text and the state paths written. */
    private final class Rule implements StepContext {
        private final Ir.Code c;
        private final Ir.Op op;
        String text;
        final Set<String> writes = new LinkedHashSet<>();

        Rule(Ir.Code c, Ir.Op op) {
            this.c = c;
            this.op = op;
        }

        @Override
        public Ir.Op op() {
            return op;
        }

        @Override
        public Model model() {
            return m;
        }

        @Override
        public Tla.Expr state(String var) {
            return Tla.id(var);
        }

        @Override
        public Tla.Expr operand(Ir.Val v) {
            return v instanceof Ir.Entity e ? Tla.str(e.name()) : Tla.id("?");
        }

        @Override
        public String show(Ir.Val v) {
            return Lowered.this.show(v);
        }

        @Override
        public String label() {
            return labelOf.getOrDefault(c, Map.of()).getOrDefault(op.id(), "?");
        }

        @Override
        public void guard(Tla.Expr tla) {
        }

        @Override
        public void result(Tla.Expr tla) {
        }

        /** The state path an EXCEPT clause writes, as far as its selectors are constants ({@code g.x}, {@code wk[w]}). */
        @Override
        public void effect(String var, Tla.Update update) {
            StringBuilder path = new StringBuilder(var);
            for (Tla.Sel sel : update.path()) {
                if (sel instanceof Tla.Member f) {
                    path.append('.').append(f.field());
                } else if (((Tla.Key) sel).key() instanceof Tla.Str k) {
                    path.append('[').append(k.value()).append(']');
                } else {
                    break;
                }
            }
            writes.add(path.toString());
        }

        @Override
        public void assign(Ir.Val target, Tla.Expr value) {
            if (target instanceof Ir.Global g) {
                writes.add("g." + g.name());
            } else if (target instanceof Ir.RqField f) {
                writes.add("rq[" + f.rq() + "]." + f.field());
            }
        }

        @Override
        public void text(String words) {
            text = words;
        }

        @Override
        public void waitsOn(String what) {
        }

        @Override
        public String syncedQueueOf(String work) {
            Model.WorkItem w = m.works().get(work);
            return w != null && w.timeoutOf() != null && synced.contains(w.timeoutOf()) ? w.timeoutOf() : null;
        }

        @Override
        public boolean freezes(String queue) {
            return freezable.contains(queue);
        }

        @Override
        public void armQueueTimer(String rq) {
        }

        @Override
        public boolean hasGhost(String field) {
            return ghosts.contains(field);
        }

        @Override
        public boolean statusConsumed() {
            return statusConsumed;
        }
    }
}
