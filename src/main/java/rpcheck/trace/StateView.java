package rpcheck.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.WaitKind;
import rpcheck.tla.Provenance;
import rpcheck.tlc.TlaValue;
import rpcheck.tlc.TlcState;

/**
 * Reads one TLC state of a generated spec in the generator's terms: program counters, locals, work items,
 * lock owners and requests (see the state description of {@code rpcheck.tla.TlaGenerator}).
 */
final class StateView {
    static final String NONE = "none";
    private static final List<String> SHARED = List.of("g", "rq", "wk", "lk", "ev");

    private final TlcState state;
    private final Provenance prov;

    StateView(TlcState state, Provenance prov) {
        this.state = state;
        this.prov = prov;
    }

    TlcState state() {
        return state;
    }

    /** The label context {@code ctx} is at, or null if the state has no program counter for it. */
    String pc(String ctx) {
        return Values.string(Values.at(state.get("pc"), ctx));
    }

    boolean atRest(String ctx) {
        String pc = pc(ctx);
        return pc == null || pc.equals("idle") || pc.equals("done");
    }

    /** The might-sleep marker a context just passed ({@code lv[ctx].sl}), or null. */
    String sleepMarker(String ctx) {
        return Values.string(Values.at(Values.at(state.get("lv"), ctx), "sl"));
    }

    /** The context running work item {@code w}, or null. */
    String runner(String w) {
        return orNull(Values.string(Values.at(Values.at(state.get("wk"), w), "run")));
    }

    /**
     * A context running a work item of workqueue {@code wq}, or null: {@code ctx} itself where it runs one (a work
     * that flushes its own workqueue), else the first in the workqueue's declaration order. Where the state has
     * {@code ctx}'s flush_workqueue() of {@code wq} ({@link Ghosts#flushOf}), only the works it still waits for.
     */
    String workqueueRunner(String ctx, String wq) {
        TlaValue owed = Values.at(Values.at(state.get("g"), Ghosts.flushOf(wq)), ctx);
        String first = null;
        for (String w : prov.workqueueWorks().getOrDefault(wq, List.of())) {
            if (owed instanceof TlaValue.TlaSet set && set.elements().stream().noneMatch(
                    e -> e instanceof TlaValue.TlaSeq t && !t.elements().isEmpty() && w.equals(Values.string(t.elements().get(0))))) {
                continue;
            }
            String r = runner(w);
            if (ctx.equals(r)) {
                return r;
            }
            first = first == null ? r : first;
        }
        return first;
    }

    /**
     * Of the contexts that hold {@code ctx}'s wait up ({@link #heldUpBy}), the one a trace names: {@code ctx} itself
     * where it is one (a grace period called inside its own read-side section, a read holder in down_write()), else
     * one whose own wait leads back to {@code ctx} (the wait-for cycle NoWaitCycle found goes through it), else the
     * first; null when none does.
     */
    private String pick(String ctx, List<String> holders) {
        if (holders.isEmpty() || holders.contains(ctx)) {
            return holders.isEmpty() ? null : ctx;
        }
        for (String h : holders) {
            if (leadsTo(h, ctx, new java.util.HashSet<>())) {
                return h;
            }
        }
        return holders.get(0);
    }

    /**
     * Every context that holds up the wait of {@code ctx} at label {@code li} where there can be several (as
     * NoWaitCycle's WaitsFor has them): the readers a grace period still waits for; an rw_semaphore's write owner,
     * and for a queued reader the writers ahead of it, for a writer each read holder.
     */
    private List<String> heldUpBy(String ctx, Provenance.LabelInfo li) {
        TlaValue g = state.get("g");
        String on = li.waitsOn();
        if (li.waitKind() == WaitKind.GRACE_PERIOD) {
            return strings(Values.at(Values.at(g, rpcheck.model.prims.Rcu.graceWaits(on)), ctx));
        }
        if (li.waitKind() == WaitKind.FREEZE) {
            // each holder of a reference of q_usage_counter: a submitter, the worker running the timeout work
            List<String> refs = new ArrayList<>(strings(Values.at(g, rpcheck.model.prims.BlkMq.users(on))));
            String tw = runner(rpcheck.model.Model.timeoutWork(on));
            if (tw != null && !refs.contains(tw)) {
                refs.add(tw);
            }
            return refs;
        }
        List<String> out = new ArrayList<>();
        String writer = orNull(Values.string(Values.at(g, rpcheck.model.prims.RwSem.writer(on))));
        if (writer != null) {
            out.add(writer);
        }
        if (li.prim() == Prim.RWSEM_READ_WAIT) {
            strings(Values.at(Values.at(g, rpcheck.model.prims.RwSem.ahead(on)), ctx)).stream()
                    .filter(w -> !out.contains(w)).forEach(out::add);
        } else {
            Values.entries(Values.at(g, rpcheck.model.prims.RwSem.readers(on))).forEach((c, depth) -> {
                if (depth instanceof TlaValue.TlaInt i && i.value().signum() > 0 && !out.contains(c)) {
                    out.add(c);
                }
            });
        }
        return out;
    }

    private static List<String> strings(TlaValue set) {
        return set instanceof TlaValue.TlaSet s ? s.elements().stream().map(Values::string).toList() : List.of();
    }

    /** Whether {@code from} waits, directly or through others, for {@code target} (every reader of a grace period). */
    private boolean leadsTo(String from, String target, java.util.Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        String pc = pc(from);
        Provenance.LabelInfo li = pc == null ? null : prov.labels().get(pc);
        if (li == null || li.waitKind() == null) {
            return false;
        }
        List<String> next;
        if (li.waitKind() == WaitKind.GRACE_PERIOD || li.waitKind() == WaitKind.RWSEM
                || li.waitKind() == WaitKind.FREEZE) {
            next = heldUpBy(from, li);
        } else {
            Wait w = waitOf(from);
            next = w != null && w.hasHolder() ? List.of(w.holder()) : List.of();
        }
        return next.stream().anyMatch(n -> leadsTo(n, target, seen));
    }

    /** How deep context {@code ctx} is in read-side sections of RCU domain {@code d} (0 where the spec has none). */
    int readDepth(String ctx, String d) {
        return Values.at(Values.at(state.get("g"), rpcheck.model.prims.Rcu.readers(d)), ctx)
                instanceof TlaValue.TlaInt i ? i.value().intValue() : 0;
    }

    /** How {@code ctx} holds rw_semaphore {@code s}: "for write", "for read", or null if not at all. */
    String rwsemHeld(String ctx, String s) {
        TlaValue g = state.get("g");
        if (ctx.equals(Values.string(Values.at(g, rpcheck.model.prims.RwSem.writer(s))))) {
            return "for write";
        }
        return Values.at(Values.at(g, rpcheck.model.prims.RwSem.readers(s)), ctx) instanceof TlaValue.TlaInt i
                && i.value().signum() > 0 ? "for read" : null;
    }

    /** Whether request queue {@code q} is frozen (its mq_freeze_depth above 0). */
    boolean frozen(String q) {
        return Values.at(state.get("g"), rpcheck.model.prims.BlkMq.frozen(q)) instanceof TlaValue.TlaInt i
                && i.value().signum() > 0;
    }

    /** The owner of lock {@code l}, or null. */
    String owner(String l) {
        return orNull(Values.string(Values.at(state.get("lk"), l)));
    }

    /** Whether {@code e} (over the state variables, no {@code self}) holds here; false if it cannot be told. */
    boolean holds(rpcheck.model.prims.Tla.Expr e) {
        return Conditions.holds(e, state.variables(), null).orElse(false);
    }

    /** The locks context {@code ctx} holds, in TLC's order. */
    List<String> locksHeldBy(String ctx) {
        List<String> out = new ArrayList<>();
        Values.entries(state.get("lk")).forEach((l, o) -> {
            if (ctx.equals(Values.string(o))) {
                out.add(l);
            }
        });
        return out;
    }

    /** Global {@code g.name} as a plain string (strings unquoted, TRUE/FALSE, numbers), or null if absent. */
    String global(String name) {
        TlaValue v = Values.at(state.get("g"), name);
        if (v == null) {
            return null;
        }
        String s = Values.string(v);
        return s != null ? s : v.toString();
    }

    /** Field {@code f} of request {@code r} as a plain string, or null. */
    String request(String r, String f) {
        TlaValue v = Values.at(Values.at(state.get("rq"), r), f);
        if (v == null) {
            return null;
        }
        String s = Values.string(v);
        return s != null ? s : v.toString();
    }

    /** The value of state variable {@code var} at {@code keys} ({@code at("rq", "admin_rq", "status")}), or null. */
    TlaValue at(String var, String... keys) {
        TlaValue v = state.get(var);
        for (String k : keys) {
            v = Values.at(v, k);
        }
        return v;
    }

    /** Local {@code name} (a lowered name) of context {@code ctx} as TLC reports it, or null if it has none. */
    TlaValue local(String ctx, String name) {
        return at("lv", ctx, name);
    }

    /** The declared requests, in TLC's order. */
    List<String> requests() {
        return new ArrayList<>(Values.entries(state.get("rq")).keySet());
    }

    /** The declared work items, in TLC's order. */
    List<String> works() {
        return new ArrayList<>(Values.entries(state.get("wk")).keySet());
    }

    /** Whether work item {@code w} is queued (pending). */
    boolean pending(String w) {
        TlaValue v = Values.at(Values.at(state.get("wk"), w), "pend");
        return v != null && "TRUE".equals(v.toTla());
    }

    /** Every shared-state component as {@code path -> TLA+ text}, e.g. {@code rq[admin_rq].op}. */
    Map<String, String> shared() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : SHARED) {
            TlaValue val = state.get(v);
            if (val != null) {
                Values.flatten(v, val, !v.equals("g"), out);
            }
        }
        return out;
    }

    /** What context {@code ctx} waits for at its current label, or null if it is not at a wait. */
    Wait waitOf(String ctx) {
        String pc = pc(ctx);
        Provenance.LabelInfo li = pc == null ? null : prov.labels().get(pc);
        if (li == null || li.waitKind() == null) {
            return null;
        }
        String holder = switch (li.waitKind()) {
            case WORK, TIMER -> runner(li.waitsOn());
            case LOCK -> owner(li.waitsOn());
            case WORKQUEUE -> workqueueRunner(ctx, li.waitsOn());
            case GRACE_PERIOD, RWSEM, FREEZE -> pick(ctx, heldUpBy(ctx, li));
            case COND, COMPLETION -> prov.condWakers().getOrDefault(pc, Map.of()).get(ctx);
            default -> null;
        };
        List<String> chain = Chains.of(li);
        Wait w = new Wait(ctx, li.waitKind(), li.waitsOn(), holder, pc, chain,
                li.site() == null ? null : li.site().span().position(), CalledAt.of(li.site(), chain.size()));
        if (holder != null && (li.waitKind() == WaitKind.COND || li.waitKind() == WaitKind.COMPLETION) && !blocked(w)) {
            // the one context that can end the wait holds it up only while the condition is false (Properties)
            return new Wait(ctx, li.waitKind(), li.waitsOn(), null, pc, w.chain(), w.position(), w.calledAt());
        }
        return w;
    }

    /**
     * Whether the wait of {@code w} is not over in this state: the work item still runs (for flush_work: the
     * flushed instance has not finished), the lock is held, the request is not complete, the condition does not
     * hold yet (see {@link #condHolds}).
     */
    boolean blocked(Wait w) {
        Provenance.LabelInfo li = prov.labels().get(w.label());
        return switch (w.kind()) {
            case WORK -> li != null && li.prim() == Prim.FLUSH_WAIT
                    ? !"D".equals(Values.string(Values.at(Values.at(state.get("flw"), w.context()), "ph")))
                    : w.holder() != null;
            case LOCK, TIMER, GRACE_PERIOD, RWSEM -> w.holder() != null;
            case FREEZE -> w.holder() != null || !frozen(w.on());
            case COMPLETION -> Values.at(state.get("g"), w.on()) instanceof TlaValue.TlaInt done
                    && done.value().signum() == 0;
            case REQUEST -> !"IDLE".equals(Values.string(Values.at(Values.at(state.get("rq"), w.on()),
                    "mq_state")));
            case COND, WORKQUEUE -> condHolds(li, w);
        };
    }

    /**
     * Whether a condition wait still waits: its guard (the label's {@code condition}) does not hold in this state.
     * A guard the trace reader cannot evaluate (a definition of the module, a quantifier) counts as waiting.
     */
    private boolean condHolds(Provenance.LabelInfo li, Wait w) {
        if (li == null || li.condition() == null) {
            return true;
        }
        return !Conditions.holds(li.condition(), state.variables(), w.context()).orElse(false);
    }

    /** The waits of every context that is blocked in this state, in context order. */
    List<Wait> blockedWaits() {
        List<Wait> out = new ArrayList<>();
        for (String c : prov.contexts()) {
            Wait w = waitOf(c);
            if (w != null && blocked(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static String orNull(String s) {
        return s == null || s.equals(NONE) ? null : s;
    }
}
