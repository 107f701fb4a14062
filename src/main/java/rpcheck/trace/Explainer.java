package rpcheck.trace;

import rpcheck.model.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.HawickJamesSimpleCycles;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;

import rpcheck.model.prims.Prim;
import rpcheck.model.Ghosts;
import rpcheck.tla.Provenance;

/** Explains why the final state of a counterexample violates its property. */
final class Explainer {
    private final Provenance prov;
    private final StateView last;
    private final List<TraceStep> steps;
    private final Integer loopsTo;
    /** The lowered program, or null (then no key steps beyond what the changes show, no inner statements). */
    private final Lowered lowered;
    /** Per step: the state paths it changed or its statements may write. */
    private final Map<Integer, Set<String>> mayWrite;
    /** Per step: the statements it executed with their nodes, the first first (absent without a program). */
    private final Map<Integer, List<Lowered.Executed>> executed;

    Explainer(Provenance prov, StateView last, List<TraceStep> steps, Integer loopsTo) {
        this(prov, last, steps, loopsTo, null, Map.of(), Map.of());
    }

    Explainer(Provenance prov, StateView last, List<TraceStep> steps, Integer loopsTo, Lowered lowered,
            Map<Integer, Set<String>> mayWrite, Map<Integer, List<Lowered.Executed>> executed) {
        this.prov = prov;
        this.last = last;
        this.steps = steps;
        this.loopsTo = loopsTo;
        this.lowered = lowered;
        this.mayWrite = mayWrite;
        this.executed = executed;
    }

    Explanation explain(Property property) {
        Explanation e = why(property);
        if (property == Property.DEADLOCK || property == Property.WAIT_CYCLE) {
            List<String> notes = new ArrayList<>(e.notes());
            Set<String> seen = new LinkedHashSet<>();
            for (Wait w : e.waits()) {
                if (w.kind() == rpcheck.model.prims.WaitKind.COND
                        || w.kind() == rpcheck.model.prims.WaitKind.WORKQUEUE) {
                    labelReads(w.label()).stream().filter(seen::add).map(this::history).filter(h -> h != null)
                            .forEach(notes::add);
                }
            }
            e = new Explanation(e.offender(), e.position(), e.chain(), e.waits(), notes, e.cycle())
                    .withCalledAt(e.calledAt());
        }
        return e.withKeySteps(keySteps(property, e));
    }

    private static final int MAX_HISTORY = 6;

    /**
     * Who changed a piece of state a waiter's condition reads, and how: {@code mq_freeze_depth (now 1) was changed
     * in step 7 by nvme_reset_wq#1 (0 -> 1), ...}; null if no step changed it.
     */
    private String history(String path) {
        List<String> parts = new ArrayList<>();
        String now = null;
        for (TraceStep s : steps) {
            for (Change ch : s.changes()) {
                if (ch.path().equals(path)) {
                    parts.add("step " + s.number() + " by " + s.context() + " (" + Values.unquote(ch.before()) + " -> "
                            + Values.unquote(ch.after()) + ")");
                    now = ch.after();
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        int n = parts.size();
        List<String> shown = n > MAX_HISTORY ? parts.subList(n - MAX_HISTORY, n) : parts;
        String list = shown.size() == 1 ? shown.get(0) : String.join(", ", shown.subList(0, shown.size() - 1))
                + " and " + shown.get(shown.size() - 1);
        String name = path.startsWith("g.") ? path.substring(2) : path.replaceFirst("^rq\\[([^\\]]*)\\]", "$1");
        return name + " (now " + Values.unquote(now) + ") was changed in " + (n > MAX_HISTORY ? "(of " + n
                + " changes, the last " + MAX_HISTORY + ") " : "") + list;
    }

    private Explanation why(Property property) {
        return switch (property) {
            case WAIT_CYCLE -> waitCycle();
            case SLEEP_IN_ATOMIC -> sleepInAtomic();
            case DEADLOCK -> deadlock();
            case IO_ACCOUNTING -> assertion();
            case USE_AFTER_FREE -> useAfterFree();
            case LOCK_BALANCE -> lockBalance();
            case IRQ_UNSAFE_LOCK -> irqUnsafeLock();
            case LOST_ERROR -> lostError();
            case LIVE_WITHOUT_ASSOC -> liveWithoutAssoc();
            case PROGRESS -> progress();
        };
    }

    // ------------------------------------------------------------------ WaitCycle

    /** Every context's wait that names a holder: the edges of the wait-for graph, as NoWaitCycle sees it. */
    private Map<String, Wait> edges() {
        Map<String, Wait> out = new LinkedHashMap<>();
        for (String c : prov.contexts()) {
            Wait w = last.waitOf(c);
            if (w != null && w.hasHolder()) {
                out.put(c, w);
            }
        }
        return out;
    }

    /** The simple cycles of the wait-for graph (a context waits for at most one other, so they are disjoint). */
    private static List<List<String>> cycles(Map<String, Wait> edges) {
        Graph<String, DefaultEdge> g = GraphTypeBuilder.<String, DefaultEdge>directed().allowingSelfLoops(true)
                .allowingMultipleEdges(false).edgeClass(DefaultEdge.class).buildGraph();
        edges.values().forEach(w -> {
            g.addVertex(w.context());
            g.addVertex(w.holder());
            g.addEdge(w.context(), w.holder());
        });
        return new HawickJamesSimpleCycles<>(g).findSimpleCycles();
    }

    private Explanation waitCycle() {
        Map<String, Wait> edges = edges();
        List<List<String>> cycles = cycles(edges);
        if (cycles.isEmpty()) {
            return new Explanation(null, null, List.of(), List.of(),
                    List.of("no wait cycle found in the final state (internal: the trace does not match the invariant)"));
        }
        String actor = lastActor();
        List<String> cycle = cycles.stream().filter(c -> c.contains(actor)).findFirst().orElse(cycles.get(0));
        String offender = latestWaiter(cycle);
        List<Wait> ordered = new ArrayList<>();
        String c = offender;
        do {
            Wait w = edges.get(c);
            ordered.add(w);
            c = w.holder();
        } while (!c.equals(offender) && ordered.size() <= edges.size());
        Wait first = ordered.get(0);
        return new Explanation(offender, position(first.label()), first.chain(), ordered, List.of(), ordered)
                .withCalledAt(first.calledAt());
    }

    /** The context of the cycle whose last move is latest in the trace: it started waiting last. */
    private String latestWaiter(List<String> cycle) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (cycle.contains(steps.get(i).context())) {
                return steps.get(i).context();
            }
        }
        return cycle.get(0);
    }

    private String lastActor() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).context();
    }

    // ------------------------------------------------------------------ SleepInAtomic

    private Explanation sleepInAtomic() {
        List<String> order = new ArrayList<>();
        String actor = lastActor();
        if (actor != null && prov.contexts().contains(actor)) {
            order.add(actor);
        }
        prov.contexts().stream().filter(c -> !c.equals(actor)).forEach(order::add);
        for (String c : order) {
            Explanation e = sleeper(c);
            if (e != null) {
                return e;
            }
        }
        return new Explanation(null, null, List.of(), List.of(),
                List.of("no context sleeps while atomic in the final state (internal: the trace does not match"
                        + " the invariant)"));
    }

    /** The explanation if context {@code c} is about to sleep, or just passed might_sleep, while atomic. */
    private Explanation sleeper(String c) {
        String marker = last.sleepMarker(c);
        Provenance.LabelInfo at = prov.labels().get(last.pc(c));
        // wait_event_lock_irq() sleeps at its wait step (its condition was false), not where it begins
        Provenance.LabelInfo sleep = marker != null && prov.labels().containsKey(marker) ? prov.labels().get(marker)
                : at != null && at.sleeps() && at.prim() != Prim.WAITLOCK_BEGIN ? at : null;
        if (sleep == null) {
            return null;
        }
        String kind = prov.contextKinds().get(c);
        List<String> locks = last.locksHeldBy(c);
        boolean atomicKind = "lldd".equals(kind) || "irq".equals(kind) || "softirq".equals(kind)
                || "timer".equals(kind);
        String rcu = lowered == null ? null : lowered.rcuDispatchQueue(sleep.site());
        boolean reader = last.readDepth(c, rpcheck.model.prims.Rcu.CLASSIC) > 0;
        if (!atomicKind && locks.isEmpty() && rcu == null && !reader) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        String what = marker != null ? sleep.text()
                : sleep.text().replaceFirst(sleep.prim() == Prim.WAITLOCK_WAIT ? " returns$" : " begins$", "");
        String why = atomicReason(kind, locks, rcu);
        if (reader) {
            Integer began = sectionBegan(c, rpcheck.model.prims.Rcu.CLASSIC);
            why = (why.isEmpty() ? "" : why + " and ") + "it is inside an RCU read-side section (rcu_read_lock()"
                    + (began == null ? "" : ", step " + began) + "; include/linux/rcupdate.h: an RCU reader must"
                    + " not block or sleep)";
        }
        notes.add(c + " may sleep (" + what + ") at " + position(sleep) + " while " + why);
        List<String> chain = Chains.of(sleep);
        return sited(new Explanation(c, position(sleep), chain, List.of(), notes), sleep.site());
    }

    private static String atomicReason(String kind, List<String> locks, String rcu) {
        List<String> why = new ArrayList<>();
        if ("lldd".equals(kind)) {
            why.add("it runs in an LLDD callback context, which must not sleep");
        } else if ("timer".equals(kind)) {
            why.add("it runs a timer callback, in softirq context, which must not sleep");
        } else if ("irq".equals(kind)) {
            why.add("it runs in interrupt context");
        } else if ("softirq".equals(kind)) {
            why.add("it runs in softirq context");
        }
        if (!locks.isEmpty()) {
            why.add("it holds spinlock " + String.join(", ", locks));
        }
        if (rcu != null) {
            why.add("it runs ->queue_rq of " + rcu + ", a queue not declared 'blocking' (no BLK_MQ_F_BLOCKING:"
                    + " blk-mq dispatches under rcu_read_lock())");
        }
        return String.join(" and ", why);
    }

    // ------------------------------------------------------------------ IrqUnsafeLock

    /**
     * The context that takes or holds a spinlock with interrupts enabled while a handler that takes it can start
     * (NoIrqUnsafeLock), the handler, and what the kernel would do.
     */
    private Explanation irqUnsafeLock() {
        for (Provenance.IrqHazard h : prov.irqHazards()) {
            Provenance.Interrupter handler = h.interrupters().stream().filter(i -> last.holds(i.canStart()))
                    .findFirst().orElse(null);
            if (handler == null) {
                continue;
            }
            String owner = last.owner(h.lock());
            String c = null;
            if (owner == null) {
                c = prov.contexts().stream().filter(x -> h.takeLabels().contains(last.pc(x))).findFirst()
                        .orElse(null);
            } else if (h.holdLabels().contains(last.pc(owner))) {
                c = owner;
            }
            Provenance.LabelInfo at = c == null ? null : prov.labels().get(last.pc(c));
            if (at == null) {
                continue;
            }
            boolean hard = h.level().equals("hardirq");
            String enabled = hard ? "interrupts enabled" : "softirqs enabled";
            String label = last.pc(c);
            Provenance.Take take = (owner == null ? h.takes() : h.holds()).stream()
                    .filter(x -> x.label().equals(label)).findFirst().orElse(null);
            boolean enables = take != null && take.called() != null && !lockCall(take.called());
            String on = hard ? "interrupts" : "softirqs";
            String step = "run a step (" + at.text() + " at " + position(at) + ")";
            String call = take == null || take.site() == null ? null
                    : take.called() + "() at " + take.site().span().position();
            String what;
            if (call == null) {
                what = " holds spinlock " + h.lock() + " with " + on + " enabled (its next step: " + at.text() + " at "
                        + position(at) + ")";
            } else if (!take.inStep()) {
                what = " holds spinlock " + h.lock() + " with " + on + " enabled " + (enables ? "since " + call
                        + " enabled them" : "since it took it with " + call) + " (its next step: " + at.text() + " at "
                        + position(at) + ")";
            } else if (!enables) {
                boolean inside = !take.site().equals(at.site());
                what = " is about to " + (inside ? step + " that takes" : "take") + " spinlock " + h.lock() + " with "
                        + call + ", which leaves " + on + " enabled while it holds it";
            } else {
                what = (owner == null ? " is about to " + step + " that takes spinlock " + h.lock() + " and, holding"
                        + " it, calls " : " holds spinlock " + h.lock() + " and is about to " + step + " that calls ")
                        + call + ", which enables " + on;
            }
            List<String> notes = new ArrayList<>();
            notes.add(c + what
                    + "; " + handler.context() + " (" + handlerKind(prov.contextKinds().get(handler.context()))
                    + ") can start now and takes " + h.lock() + " with " + handler.called() + "() at "
                    + handler.takesAt().span().position() + ". If it interrupts " + c + " on " + c + "'s CPU while "
                    + c + " holds the lock, it spins on it for ever: " + c + " cannot run to release it"
                    + " (kernel/locking/lockdep.c: inconsistent {IN-" + (hard ? "HARDIRQ" : "SOFTIRQ") + "-W} -> {"
                    + (hard ? "HARDIRQ" : "SOFTIRQ") + "-ON-W} usage)");
            notes.add(enables ? "keep " + on + " disabled while " + h.lock() + " is held: release " + h.lock()
                    + " before " + take.called() + "(), or use a form that leaves them off (spin_unlock() for"
                    + " spin_unlock_irq(), spin_unlock_irqrestore() to give back what spin_lock_irqsave() saved)"
                    : "outside the handler, take " + h.lock() + " with " + (hard ? "spin_lock_irqsave() or"
                    + " spin_lock_irq()" : "spin_lock_bh() (or with interrupts disabled)")
                    + (call == null ? ", and keep " + on + " disabled until it is released" : ""));
            if (take != null && take.site() != null) {
                return sited(new Explanation(c, take.site().span().position(), Chains.of(take.site(), take.called()),
                        List.of(), notes), take.site());
            }
            return sited(new Explanation(c, position(at), Chains.of(at), List.of(), notes), at.site());
        }
        return new Explanation(null, null, List.of(), List.of(),
                List.of("no context takes or holds a spinlock with interrupts enabled while a handler that takes it"
                        + " can start, in the final state (internal: the trace does not match the invariant)"));
    }

    /** Whether the kernel function takes a spinlock (else it is one that enables interrupts with it held). */
    private static boolean lockCall(String called) {
        return called.startsWith("spin_lock") || called.startsWith("spin_trylock")
                || called.startsWith("wait_event_lock_irq");
    }

    private static String handlerKind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "irq" -> "a hard interrupt handler";
            case "timer" -> "a timer callback, in softirq context";
            default -> "softirq context";
        };
    }

    // ------------------------------------------------------------------ Deadlock

    private Explanation deadlock() {
        List<Wait> waits = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String c : prov.contexts()) {
            if (last.atRest(c)) {
                continue;
            }
            Wait w = last.waitOf(c);
            if (w != null) {
                waits.add(w);
            } else {
                Provenance.LabelInfo li = prov.labels().get(last.pc(c));
                notes.add(c + " is at " + last.pc(c) + (li == null ? "" : " (" + li.text() + ")")
                        + " and cannot go on");
            }
        }
        Explanation cyc = cycles(edges()).isEmpty() ? null : waitCycle();
        if (cyc != null) {
            return new Explanation(cyc.offender(), cyc.position(), cyc.chain(), waits, notes, cyc.cycle())
                    .withCalledAt(cyc.calledAt());
        }
        String actor = lastActor();
        Wait off = waits.stream().filter(w -> w.context().equals(actor)).findFirst()
                .orElse(waits.isEmpty() ? null : waits.get(0));
        if (off == null) {
            return new Explanation(null, null, List.of(), waits, notes);
        }
        return new Explanation(off.context(), position(off.label()), off.chain(), waits, notes)
                .withCalledAt(off.calledAt());
    }

    // ------------------------------------------------------------------ IoAccounting (spec assertions)

    /** The assertion that failed: the generator records its label in {@code g.rp_assert}. */
    private Explanation assertion() {
        String label = last.global(Ghosts.ASSERT);
        Provenance.LabelInfo li = label == null ? null : prov.labels().get(label);
        if (li == null) {
            return new Explanation(null, null, List.of(), List.of(),
                    List.of("no failed assertion in the final state (internal: the trace does not match the invariant)"));
        }
        String who = lastActor();
        List<String> notes = new ArrayList<>();
        notes.add((who == null ? "" : who + ": ") + "'" + li.text() + "' does not hold at " + position(li));
        notes.addAll(llddOwned());
        return sited(new Explanation(who, position(li), Chains.of(li), last.blockedWaits(), notes), li.site());
    }

    private List<String> llddOwned() {
        List<String> out = new ArrayList<>();
        for (String r : last.requests()) {
            String owner = last.request(r, "lldd");
            if (owner != null && !owner.equals("NONE")) {
                out.add("the LLDD still owns " + r + " (" + ("ABORTING".equals(owner) ? "an abort is in progress"
                        : "the exchange is outstanding") + "); it will call the done callback later");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ UseAfterFree

    /**
     * Names the free and what touched the freed controller: the put that dropped the last reference (its step,
     * context and statement), each work item still queued or running (and the step that queued or started it,
     * before or after the free), a reference taken again; the offending call is the statement of the last step
     * that touched the freed controller (queued its work, took a reference), or the put itself when the put
     * freed it with a work item still queued.
     */
    private Explanation useAfterFree() {
        String freer = last.global(Ghosts.FREED);
        List<String> notes = new ArrayList<>();
        Integer freedAt = firstChange("g." + Ghosts.FREED, null);
        Set<String> krefs = krefPaths();
        Lowered.Executed kfree = freedAt == null ? null : statementWriting(freedAt, Set.of("g." + Ghosts.FREED));
        Lowered.Executed freeing; // the statement of step freedAt that freed it
        if (kfree != null && kfree.node() instanceof rpcheck.model.Ir.Op op && op.prim() == Prim.KFREE) {
            // a release function freed it: name the kfree, then the put that called the release
            Integer putAt = lastPutToZero(freedAt, krefs);
            Lowered.Executed put = putAt == null ? null : statementWriting(putAt, krefs);
            freeing = kfree;
            notes.add("the controller was freed in step " + freedAt + (freer == null ? "" : " by " + freer) + ": "
                    + where(kfree, fnOf(kfree)) + (put == null ? "" : ", called after " + where(put, callerAndFn(put))
                            + " dropped its last reference in step " + putAt));
        } else {
            Lowered.Executed put = freedAt == null ? null : statementWriting(freedAt, krefs);
            freeing = put;
            notes.add("the controller was freed" + (freedAt != null ? " in step " + freedAt : "")
                    + (freer == null ? "" : " by " + freer) + (put == null ? " (its last reference was dropped)"
                            : ": " + where(put, fnOf(put)) + " dropped its last reference"));
        }
        List<String> busy = busyAfterFree();
        Integer touchStep = null;
        Set<String> touched = new LinkedHashSet<>();
        for (String w : busy) {
            String path = "wk[" + w + "]";
            TraceStep by = lastWriter(path);
            // a driver timer declared 'in ctrl' is armed, not queued, and its callback runs
            boolean timer = lowered != null && lowered.timers().contains(w);
            String pending = timer ? "armed" : "queued";
            String running = timer ? "running its callback" : "running";
            String what = timer ? "timer " + w + " (in the controller)" : w;
            String how = last.pending(w) ? pending : (timer ? "fired, its callback started on " : "started on ")
                    + last.runner(w);
            if (by == null) {
                notes.add(what + " is " + (last.pending(w) ? "still " + pending : "still " + running)
                        + " after the free");
                continue;
            }
            boolean after = freedAt != null && by.number() > freedAt;
            Lowered.Executed st = statementWriting(by.number(), Set.of(path));
            notes.add(what + " was " + how + " in step " + by.number() + " by " + by.context()
                    + (st == null ? " (" + by.text() + ")" : " (" + st.text() + " in " + fnOf(st) + "())")
                    + (after ? ", after the controller was freed" : ", and is still " + (last.pending(w) ? pending
                            : running) + " when the controller is freed" + (timer && last.pending(w)
                                    ? " (kernel/time/timer.c: the timer wheel still links the freed timer_list;"
                                            + " debugobjects: free active object)" : "")));
            if (touchStep == null || by.number() > touchStep) {
                touchStep = by.number();
                touched = Set.of(path);
            }
        }
        for (String k : krefs) {
            String v = last.global(k.substring(2));
            if (v != null && !v.equals("0")) {
                TraceStep by = lastWriter(k);
                if (by != null) {
                    notes.add("a reference (" + k.substring(2) + ") was taken again in step " + by.number() + " by "
                            + by.context() + ", after the controller was freed");
                    if (touchStep == null || by.number() > touchStep) {
                        touchStep = by.number();
                        touched = Set.of(k);
                    }
                }
            }
        }
        TraceStep lastStep = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (lastStep == null) {
            return new Explanation(null, null, List.of(), List.of(), notes);
        }
        // a context about to run a step that touches the freed controller (the generator's CtrlAccessLabels)
        Provenance.LabelInfo about = null;
        String aboutCtx = null;
        for (String c : prov.contexts()) {
            Provenance.LabelInfo l = aboutToTouch(c);
            if (l != null && (touchStep == null || touchStep <= (freedAt == null ? 0 : freedAt))) {
                Integer arrived = lastStepOf(c);
                notes.add(c + " is about to run " + l.text() + " (" + l.site().span().position() + ", in "
                        + String.join("() -> ", l.site().functions()) + "()), which touches " + String.join(", ",
                                l.touches()) + " of the freed controller" + (arrived == null ? ""
                                        : "; it got there in step " + arrived
                                                + (freedAt != null && arrived <= freedAt ? ", before the free"
                                                        : "")));
                if (about == null) {
                    about = l;
                    aboutCtx = c;
                }
            }
        }
        if (about != null) {
            return sited(new Explanation(aboutCtx, position(about), Chains.of(about), List.of(),
                    notes), about.site());
        }
        // the violating step: the one that touched the freed controller after the free, or the free itself
        int at = freedAt != null && (touchStep == null || touchStep <= freedAt) ? freedAt
                : touchStep != null ? touchStep : lastStep.number();
        TraceStep off = steps.get(at - 1);
        Lowered.Executed call = at == (freedAt == null ? -1 : freedAt) && freeing != null ? freeing
                : statementWriting(at, touched);
        if (call == null) {
            return sited(new Explanation(off.context(), off.position(), off.chain(), List.of(), notes), off);
        }
        return sited(new Explanation(off.context(), call.node().site().span().position(), Chains.of(call.node()),
                List.of(), notes), call.node().site());
    }

    /** The label context {@code c} sits at in the last state if its step touches the controller, else null. */
    private Provenance.LabelInfo aboutToTouch(String c) {
        Provenance.LabelInfo l = prov.labels().get(last.pc(c));
        return l != null && !l.touches().isEmpty() ? l : null;
    }

    /** The statement of step {@code n} that may write one of {@code paths} (the last such), or null. */
    private Lowered.Executed statementWriting(int n, Set<String> paths) {
        Lowered.Executed found = null;
        for (Lowered.Executed e : executed.getOrDefault(n, List.of())) {
            if (e.node() instanceof rpcheck.model.Ir.Op && paths.stream().anyMatch(p -> Lowered.covers(e.writes(), p)
                    || e.writes().stream().anyMatch(w -> w.startsWith(p + ".") || w.startsWith(p + "[")))) {
                found = e;
            }
        }
        return found;
    }

    /** {@code STATEMENT in FN() at FILE:LINE:COL}, the statement's text up to its first colon. */
    private static String where(Lowered.Executed e, String fn) {
        return e.text().replaceFirst(":.*$", "") + " in " + fn + "() at " + e.node().site().span().position();
    }

    /** {@code caller() -> fn} of the function a statement stands in and its caller, or only {@code fn}. */
    private static String callerAndFn(Lowered.Executed e) {
        List<String> fns = e.node().site().functions();
        return fns.size() < 2 ? fnOf(e) : fns.get(fns.size() - 2) + "() -> " + fns.get(fns.size() - 1);
    }

    private static String fnOf(Lowered.Executed e) {
        List<String> fns = e.node().site().functions();
        return fns.isEmpty() ? "?" : fns.get(fns.size() - 1);
    }

    /** The last step up to {@code upTo} that dropped one of {@code krefs} to 0. */
    private Integer lastPutToZero(int upTo, Set<String> krefs) {
        for (int i = Math.min(upTo, steps.size()) - 1; i >= 0; i--) {
            if (steps.get(i).changes().stream().anyMatch(ch -> krefs.contains(ch.path()) && "0".equals(ch.after()))) {
                return steps.get(i).number();
            }
        }
        return null;
    }

    /** The last step that changed {@code path} or something inside it. */
    private TraceStep lastWriter(String path) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).changes().stream().anyMatch(ch -> Lowered.covers(Set.of(path), ch.path()))) {
                return steps.get(i);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ LockBalance

    /**
     * A release of a lock the releasing context does not hold (the generator records the lock in
     * {@code g.rp_unheld_unlock}): the release, and who held the lock then; or a context at rest holding a lock:
     * the statement that took it, in the function that returned without releasing it.
     */
    private Explanation lockBalance() {
        String unheld = last.global(Ghosts.UNHELD_UNLOCK);
        if (rpcheck.model.prims.Rcu.unheldDomain(unheld) != null) {
            return unbalancedReadUnlock(rpcheck.model.prims.Rcu.unheldDomain(unheld));
        }
        Map.Entry<String, Boolean> sem = rpcheck.model.prims.RwSem.unheldSem(unheld);
        if (sem != null) {
            return unbalancedUp(sem.getKey(), sem.getValue());
        }
        if (rpcheck.model.prims.BlkMq.unheldFreezeQueue(unheld) != null) {
            return unbalancedUnfreeze(rpcheck.model.prims.BlkMq.unheldFreezeQueue(unheld));
        }
        if (unheld != null && !unheld.equals(StateView.NONE)) {
            Integer at = firstChange("g." + Ghosts.UNHELD_UNLOCK, null);
            TraceStep step = at == null ? null : steps.get(at - 1);
            String path = "lk[" + unheld + "]";
            String holder = step == null ? null : step.changes().stream().filter(ch -> ch.path().equals(path))
                    .map(ch -> Values.unquote(ch.before())).findFirst().orElse(null);
            Lowered.Executed call = at == null ? null : statementWriting(at, Set.of(path));
            String who = step == null ? lastActor() : step.context();
            String kind = lockKind(unheld);
            String state = holder == null || holder.equals(StateView.NONE)
                    ? "the " + kind + " is free" : "it is held by " + holder;
            List<String> notes = new ArrayList<>();
            notes.add(who + " releases " + kind + " " + unheld + (at == null ? "" : " in step " + at)
                    + (call == null ? "" : " (" + where(call, fnOf(call)) + ")") + ", which it does not hold: " + state
                    + " (kernel/locking/lockdep.c: bad unlock balance)");
            if (call == null) {
                return step == null ? new Explanation(who, null, List.of(), List.of(), notes)
                        : sited(new Explanation(who, step.position(), step.chain(), List.of(), notes), step);
            }
            return sited(new Explanation(who, call.node().site().span().position(), Chains.of(call.node()), List.of(),
                    notes), call.node().site());
        }
        for (String c : prov.contexts()) {
            if (!last.atRest(c)) {
                continue;
            }
            for (String d : rcuDomains()) {
                if (last.readDepth(c, d) > 0) {
                    return readSectionLeaked(c, d);
                }
            }
            for (String s : rwsems()) {
                if (last.rwsemHeld(c, s) != null) {
                    return rwsemLeaked(c, s, last.rwsemHeld(c, s));
                }
            }
            for (String l : last.locksHeldBy(c)) {
                String path = "lk[" + l + "]";
                TraceStep took = lastWriter(path);
                Lowered.Executed call = took == null ? null : statementWriting(took.number(), Set.of(path));
                Integer ended = lastStepOf(c);
                String fn = call == null || call.node().site().functions().isEmpty() ? null
                        : call.node().site().functions().get(0);
                List<String> notes = new ArrayList<>();
                notes.add(c + " finished" + (fn == null ? "" : " " + fn + "()") + (ended == null ? ""
                        : " in step " + ended) + " holding " + lockKind(l) + " " + l + (took == null ? ""
                                : ", taken in step " + took.number() + (call == null ? "" : " by " + where(call,
                                        fnOf(call)))) + " (" + leakReport(prov.contextKinds().get(c), lockKind(l)) + ")");
                if (call == null) {
                    return took == null ? new Explanation(c, null, List.of(), List.of(), notes)
                            : sited(new Explanation(c, took.position(), took.chain(), List.of(), notes), took);
                }
                return sited(new Explanation(c, call.node().site().span().position(), Chains.of(call.node()),
                        List.of(), notes), call.node().site());
            }
        }
        return new Explanation(null, null, List.of(), List.of(),
                List.of("no lock released unheld or held at rest in the final state (internal: the trace does not"
                        + " match the invariant)"));
    }

    /** The RCU domains of the trace's module: classic RCU and the spec's SRCU domains, where the state has them. */
    private List<String> rcuDomains() {
        List<String> out = new ArrayList<>();
        out.add(rpcheck.model.prims.Rcu.CLASSIC);
        if (lowered != null) {
            out.addAll(lowered.srcuDomains());
        }
        return out.stream().filter(d -> last.global(rpcheck.model.prims.Rcu.readers(d)) != null).toList();
    }

    /** The step of {@code c}'s outermost open read-side section of {@code d}: the last that took its depth from 0. */
    private Integer sectionBegan(String c, String d) {
        return lastChangeBy(null, "g." + rpcheck.model.prims.Rcu.readers(d) + "." + c, "0");
    }

    /** The last step (of context {@code ctx}, unless null) that changed {@code path} from {@code from} (or any value). */
    private Integer lastChangeBy(String ctx, String path, String from) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            TraceStep st = steps.get(i);
            if ((ctx == null || st.context().equals(ctx)) && st.changes().stream().anyMatch(ch -> ch.path().equals(path)
                    && (from == null || ch.before().equals(from)))) {
                return st.number();
            }
        }
        return null;
    }

    /** The spec's rw_semaphores. */
    private List<String> rwsems() {
        return lowered == null ? List.of() : lowered.rwsems();
    }

    /** An up_read()/up_write()/downgrade_write() of a semaphore the context does not hold that way. */
    private Explanation unbalancedUp(String s, boolean write) {
        Integer at = firstChange("g." + Ghosts.UNHELD_UNLOCK, null);
        TraceStep step = at == null ? null : steps.get(at - 1);
        String who = step == null ? lastActor() : step.context();
        String call = step != null && step.text().contains("downgrade_write(") ? "downgrade_write(" + s + ")"
                : (write ? "up_write(" : "up_read(") + s + ")";
        List<String> notes = List.of(who + " calls " + call + (at == null ? "" : " in step " + at)
                + " without holding " + s + (write ? " for write" : " for read")
                + " (kernel/locking/lockdep.c: bad unlock balance; kernel/locking/rwsem.c: DEBUG_RWSEMS_WARN_ON)");
        return step == null ? new Explanation(who, null, List.of(), List.of(), notes)
                : sited(new Explanation(who, step.position(), step.chain(), List.of(), notes), step);
    }

    /** A blk_mq_unfreeze_queue() of a queue that is not frozen. */
    private Explanation unbalancedUnfreeze(String q) {
        Integer at = firstChange("g." + Ghosts.UNHELD_UNLOCK, null);
        TraceStep step = at == null ? null : steps.get(at - 1);
        String who = step == null ? lastActor() : step.context();
        List<String> notes = List.of(who + " calls blk_mq_unfreeze_queue(" + q + ")" + (at == null ? "" : " in step "
                + at) + " while " + q + " is not frozen (block/blk-mq.c __blk_mq_unfreeze_queue(): WARN_ON_ONCE("
                + "q->mq_freeze_depth < 0); the depth goes negative, so the next freeze does not kill q_usage_counter"
                + " and a wait for it does not end)");
        return step == null ? new Explanation(who, null, List.of(), List.of(), notes)
                : sited(new Explanation(who, step.position(), step.chain(), List.of(), notes), step);
    }

    /** A context at rest holding semaphore {@code s} ({@code how}: "for read" or "for write"). */
    private Explanation rwsemLeaked(String c, String s, String how) {
        boolean write = how.equals("for write");
        String path = "g." + (write ? rpcheck.model.prims.RwSem.writer(s) : rpcheck.model.prims.RwSem.readers(s)
                + "." + c);
        Integer took = lastChangeBy(c, path, write ? null : "0");
        Integer ended = lastStepOf(c);
        // a sleeping lock like a mutex: lockdep counts it, the preempt count does not
        String report = leakReport(prov.contextKinds().get(c), "mutex");
        TraceStep step = took == null ? null : steps.get(took - 1);
        List<String> notes = List.of(c + " finished" + (ended == null ? "" : " in step " + ended) + " holding"
                + " rw_semaphore " + s + " " + how + (took == null ? "" : ", taken in step " + took) + " (" + report
                + ")");
        return step == null ? new Explanation(c, null, List.of(), List.of(), notes)
                : sited(new Explanation(c, step.position(), step.chain(), List.of(), notes), step);
    }

    /** How a trace names the unlock of domain {@code d}. */
    private static String unlockCall(String d) {
        return d.equals(rpcheck.model.prims.Rcu.CLASSIC) ? "rcu_read_unlock()" : "srcu_read_unlock(" + d + ")";
    }

    /** An rcu_read_unlock()/srcu_read_unlock() with no read-side section of the domain open. */
    private Explanation unbalancedReadUnlock(String d) {
        Integer at = firstChange("g." + Ghosts.UNHELD_UNLOCK, null);
        TraceStep step = at == null ? null : steps.get(at - 1);
        String who = step == null ? lastActor() : step.context();
        List<String> notes = List.of(who + " calls " + unlockCall(d) + (at == null ? "" : " in step " + at)
                + " outside any read-side section of " + d + " (kernel/locking/lockdep.c: bad unlock balance of "
                + (d.equals(rpcheck.model.prims.Rcu.CLASSIC) ? "rcu_read_lock" : d) + "; the reader count would"
                + " underflow)");
        return step == null ? new Explanation(who, null, List.of(), List.of(), notes)
                : sited(new Explanation(who, step.position(), step.chain(), List.of(), notes), step);
    }

    /** A context at rest inside a read-side section of domain {@code d}: the lock that opened it. */
    private Explanation readSectionLeaked(String c, String d) {
        Integer began = sectionBegan(c, d);
        TraceStep took = began == null ? null : steps.get(began - 1);
        Integer ended = lastStepOf(c);
        String lock = d.equals(rpcheck.model.prims.Rcu.CLASSIC) ? "rcu_read_lock()" : "srcu_read_lock(" + d + ")";
        String report = "worker".equals(prov.contextKinds().get(c))
                ? "kernel/workqueue.c process_one_work(): workqueue leaked atomic, lock or RCU"
                : "a read-side section left open: every later grace period of " + d + " waits for ever";
        List<String> notes = List.of(c + " finished" + (ended == null ? "" : " in step " + ended) + " inside a"
                + " read-side section of " + d + (took == null ? "" : ", begun by " + lock + " in step " + began)
                + " with no " + unlockCall(d) + " (" + report + ")");
        return took == null ? new Explanation(c, null, List.of(), List.of(), notes)
                : sited(new Explanation(c, took.position(), took.chain(), List.of(), notes), took);
    }

    /**
     * What the kernel reports when a context of this kind returns holding a lock of this kind ({@code spinlock} or
     * {@code mutex}): a timer callback's leaked spinlock changes the preempt count call_timer_fn() compares; a mutex
     * does not.
     */
    private static String leakReport(String kind, String lockKind) {
        return switch (kind == null ? "" : kind) {
            case "worker" -> "kernel/workqueue.c process_one_work(): workqueue leaked atomic, lock or RCU";
            case "timer" -> lockKind.equals("mutex")
                    ? "the mutex stays held after the callback returns; a mutex leaves the preempt count alone, so"
                            + " kernel/time/timer.c call_timer_fn()'s preempt-leak check does not see it"
                    : "kernel/time/timer.c call_timer_fn(): timer preempt leak";
            case "process" -> "lockdep: lock held when returning to user space";
            default -> "the lock stays held after the function returns";
        };
    }

    private String lockKind(String l) {
        return lowered != null && lowered.mutexes().contains(l) ? "mutex" : "spinlock";
    }

    // ------------------------------------------------------------------ LostError, Progress (lassos)

    private String loopText() {
        return Trace.loopText(steps, loopsTo);
    }

    private Explanation lostError() {
        List<String> notes = new ArrayList<>();
        String failedAt = null;
        for (TraceStep s : steps) {
            if (s.changes().stream().anyMatch(ch -> ch.path().equals("g." + Ghosts.ASSOC_FAILED)
                    && "TRUE".equals(ch.after()))) {
                failedAt = "step " + s.number() + " (" + s.text() + ")";
            }
        }
        notes.add("the association failed in " + (failedAt == null ? "an earlier step" : failedAt)
                + ", yet the controller is " + last.global("ctrl") + " and stays so: " + loopText());
        notes.add("no context that can still run takes it out of LIVE (checked under weak fairness of every"
                + " context, worker and LLDD completion)");
        notes.addAll(refusedChanges());
        // the offender: the context whose step moved the controller to LIVE last (on the failed association)
        TraceStep live = null;
        for (TraceStep s : steps) {
            if (s.changes().stream().anyMatch(ch -> ch.path().equals("g.ctrl") && "\"LIVE\"".equals(ch.after()))) {
                live = s;
            }
        }
        if (live == null) {
            return new Explanation(null, null, List.of(), last.blockedWaits(), notes);
        }
        notes.add(live.context() + " moved the controller to LIVE in step " + live.number() + " at "
                + live.position());
        return sited(new Explanation(live.context(), live.position(), live.chain(), last.blockedWaits(), notes), live);
    }

    /**
     * LiveWithoutAssoc: the offender is the context whose step tore the association down last (set the ghost
     * {@link Ghosts#ASSOC_GONE}); the notes say in which state the controller was then and that it stays LIVE.
     */
    private Explanation liveWithoutAssoc() {
        List<String> notes = new ArrayList<>();
        TraceStep teardown = null;
        String stateThen = null;
        String state = null;
        for (TraceStep s : steps) {
            for (var ch : s.changes()) {
                if (ch.path().equals("g.ctrl")) {
                    state = ch.after().replace("\"", "");
                }
            }
            if (s.changes().stream().anyMatch(ch -> ch.path().equals("g." + Ghosts.ASSOC_GONE)
                    && "TRUE".equals(ch.after()))) {
                teardown = s;
                stateThen = state;
            }
        }
        if (teardown == null) {
            notes.add("the association was torn down before the trace starts, yet the controller is "
                    + last.global("ctrl") + " and stays so: " + loopText());
            return new Explanation(null, null, List.of(), last.blockedWaits(), notes);
        }
        Lowered.Executed end = statementWriting(teardown.number(), Set.of("g." + Ghosts.ASSOC_GONE));
        String where = end == null ? teardown.position() : end.node().site().span().position();
        notes.add(teardown.context() + " tore the association down in step " + teardown.number() + " at " + where
                + (end == null ? "" : " (" + end.text() + " in " + fnOf(end) + "())")
                + (stateThen == null ? "" : "; the controller was " + stateThen + " then"));
        notes.add("no new association began, yet the controller is " + last.global("ctrl") + " and stays so: "
                + loopText());
        notes.add("no context that can still run takes it out of LIVE (checked under weak fairness of every"
                + " context, worker and LLDD completion)");
        return sited(new Explanation(teardown.context(), where, teardown.chain(), last.blockedWaits(), notes),
                teardown);
    }

    /**
     * Each step after the association failed whose statements would change the controller state but did not: a
     * recovery (a reset, a reconnect) that the state machine refused.
     */
    private List<String> refusedChanges() {
        List<String> out = new ArrayList<>();
        Integer failed = lastChange("g." + Ghosts.ASSOC_FAILED, "TRUE");
        if (failed == null) {
            return out;
        }
        String state = null; // the controller state when the association failed: the last change before, or
        boolean seen = false; // the value the first change after it started from
        for (TraceStep s : steps) {
            for (Change ch : s.changes()) {
                if (ch.path().equals(controllerPath()) && (s.number() < failed || !seen)) {
                    state = s.number() < failed ? ch.after() : ch.before();
                    seen = true;
                }
            }
        }
        for (TraceStep s : steps) {
            if (s.number() < failed) { // the failing step too: assoc_failed() and a refused reset share a section
                continue;
            }
            boolean changed = false;
            for (Change ch : s.changes()) {
                if (ch.path().equals(controllerPath())) {
                    state = ch.after();
                    changed = true;
                }
            }
            Lowered.Executed st = statementWriting(s.number(), Set.of(controllerPath()));
            String was = state == null ? "" : " (" + Values.unquote(state) + ")";
            if (!changed && st != null) {
                out.add("step " + s.number() + " (" + s.context() + "): " + st.text() + " in " + fnOf(st)
                        + "() at " + st.node().site().span().position() + " did not change the controller state"
                        + was + ": the recovery it would start was refused");
            } else if (!changed && s.context().equals(steps.get(failed - 1).context())) {
                // the context that met the fault looked at the state (and chose what to do by it)
                executed.getOrDefault(s.number(), List.of()).stream()
                        .filter(x -> Lowered.reads(x.node()).contains(controllerPath())).findFirst()
                        .ifPresent(x -> out.add("step " + s.number() + " (" + s.context() + "): " + x.text() + " in "
                                + fnOf(x) + "() at " + x.node().site().span().position() + " read the controller"
                                + " state" + was + " after the association failed"));
            }
        }
        return out;
    }

    private Explanation progress() {
        List<String> notes = new ArrayList<>();
        String ctrl = last.global("ctrl");
        notes.add("once the faults stopped the system does not settle: " + loopText()
                + (ctrl == null ? "" : "; the controller is " + ctrl));
        for (String r : last.requests()) {
            String st = last.request(r, "mq_state");
            if (st != null && !st.equals("IDLE")) {
                notes.add(r + " never ends (it stays " + st + ")");
            }
        }
        for (String c : prov.contexts()) {
            if (!last.atRest(c) && last.waitOf(c) == null) {
                notes.add(c + " is at " + last.pc(c) + " and does not finish");
            }
        }
        return new Explanation(null, null, List.of(), last.blockedWaits(), notes);
    }

    // ------------------------------------------------------------------ key steps

    /**
     * The steps that changed the state the violation reads: the state paths each property's condition reads in
     * the final state (what the waits wait on, the counter a wait condition reads, the association ghost and the
     * controller state, the lock a sleeper holds), and every step that changed one of them.
     */
    private List<Integer> keySteps(Property property, Explanation e) {
        Set<String> paths = new LinkedHashSet<>();
        Set<Integer> out = new TreeSet<>();
        switch (property) {
            case DEADLOCK, WAIT_CYCLE -> {
                for (List<Wait> ws : List.of(e.waits(), e.cycle())) {
                    for (Wait w : ws) {
                        paths.addAll(waitPaths(w));
                        Integer began = lastStepOf(w.context());
                        if (began != null) {
                            out.add(began);
                        }
                    }
                }
                if (property == Property.DEADLOCK) {
                    for (String c : prov.contexts()) {
                        if (!last.atRest(c) && last.waitOf(c) == null) {
                            paths.addAll(labelReads(last.pc(c)));
                        }
                    }
                }
            }
            case SLEEP_IN_ATOMIC -> {
                if (e.offender() != null) {
                    last.locksHeldBy(e.offender()).forEach(l -> paths.add("lk[" + l + "]"));
                    Integer at = lastStepOf(e.offender());
                    if (at != null) {
                        out.add(at);
                    }
                }
            }
            case IO_ACCOUNTING -> {
                paths.addAll(labelReads(last.global(Ghosts.ASSERT)));
                // the step that brought the asserting context to its assertion; where that step started a work item
                // (a timer that fired), also the step that queued (armed) the instance it ran
                Integer arrived = e.offender() == null ? null : lastStepOf(e.offender());
                if (arrived != null) {
                    out.add(arrived);
                    for (Causality.Event ev : Causality.events(steps.get(arrived - 1))) {
                        Integer queued = ev.kind() == Causality.Kind.WORK_STARTED ? lastQueueing(ev.item(), arrived)
                                : null;
                        if (queued != null) {
                            out.add(queued);
                        }
                    }
                }
            }
            case LOST_ERROR, LIVE_WITHOUT_ASSOC -> {
                String ghost = "g." + (property == Property.LOST_ERROR ? Ghosts.ASSOC_FAILED : Ghosts.ASSOC_GONE);
                paths.add(ghost);
                paths.add(controllerPath());
                Integer failed = lastChange(ghost, "TRUE"); // the fault (teardown) in effect: later ones win
                if (failed != null) {
                    // after the fault (the teardown): every step that tried to change the controller state (a refused
                    // reset or reconnect) or decided on it (a recovery that looked at the state and did not reset)
                    for (TraceStep s : steps) {
                        boolean decides = executed.getOrDefault(s.number(), List.of()).stream()
                                .anyMatch(x -> Lowered.reads(x.node()).contains(controllerPath()));
                        if (s.number() >= failed && (decides || Lowered.covers(mayWrite.getOrDefault(s.number(),
                                Set.of()), controllerPath()))) {
                            out.add(s.number());
                        }
                    }
                }
            }
            case USE_AFTER_FREE -> {
                paths.add("g." + Ghosts.FREED);
                paths.addAll(krefPaths());
                for (String w : busyAfterFree()) {
                    paths.add("wk[" + w + "]");
                }
                // a context about to touch the freed controller: the step that brought it there
                if (e.offender() != null && aboutToTouch(e.offender()) != null) {
                    Integer arrived = lastStepOf(e.offender());
                    if (arrived != null) {
                        out.add(arrived);
                    }
                }
            }
            case LOCK_BALANCE -> {
                String unheld = last.global(Ghosts.UNHELD_UNLOCK);
                if (unheld != null && !unheld.equals(StateView.NONE)) {
                    paths.add("g." + Ghosts.UNHELD_UNLOCK);
                    String d = rpcheck.model.prims.Rcu.unheldDomain(unheld);
                    Map.Entry<String, Boolean> sem = rpcheck.model.prims.RwSem.unheldSem(unheld);
                    String q = rpcheck.model.prims.BlkMq.unheldFreezeQueue(unheld);
                    paths.add(d != null ? "g." + rpcheck.model.prims.Rcu.readers(d)
                            : q != null ? "g." + rpcheck.model.prims.BlkMq.frozen(q)
                            : sem == null ? "lk[" + unheld + "]"
                            : "g." + (sem.getValue() ? rpcheck.model.prims.RwSem.writer(sem.getKey())
                                    : rpcheck.model.prims.RwSem.readers(sem.getKey())));
                } else if (e.offender() != null) {
                    last.locksHeldBy(e.offender()).forEach(l -> paths.add("lk[" + l + "]"));
                    String c = e.offender();
                    rcuDomains().stream().filter(d -> last.readDepth(c, d) > 0)
                            .forEach(d -> paths.add("g." + rpcheck.model.prims.Rcu.readers(d) + "." + c));
                    // the step that took the rw_semaphore it still holds
                    rwsems().stream().filter(s -> last.rwsemHeld(c, s) != null).forEach(s -> paths.add("g."
                            + ("for write".equals(last.rwsemHeld(c, s)) ? rpcheck.model.prims.RwSem.writer(s)
                                    : rpcheck.model.prims.RwSem.readers(s) + "." + c)));
                    Integer ended = lastStepOf(e.offender());
                    if (ended != null) {
                        out.add(ended);
                    }
                }
            }
            case IRQ_UNSAFE_LOCK -> {
                // the lock, and the step that brought the holder (or taker) where it is
                prov.irqHazards().forEach(h -> paths.add("lk[" + h.lock() + "]"));
                Integer arrived = e.offender() == null ? null : lastStepOf(e.offender());
                if (arrived != null) {
                    out.add(arrived);
                }
            }
            case PROGRESS -> {
            }
        }
        for (TraceStep s : steps) {
            if (s.changes().stream().anyMatch(ch -> Lowered.covers(paths, ch.path()))) {
                out.add(s.number());
            }
        }
        return List.copyOf(out);
    }

    /** The state a wait depends on: the work item, lock, request, completion, or what its condition reads. */
    private Set<String> waitPaths(Wait w) {
        Set<String> out = new LinkedHashSet<>();
        switch (w.kind()) {
            case WORK, TIMER -> out.add("wk[" + w.on() + "]");
            case LOCK -> out.add("lk[" + w.on() + "]");
            case REQUEST -> out.add("rq[" + w.on() + "].mq_state");
            case COMPLETION -> out.add("g." + w.on());
            case COND, WORKQUEUE -> {
                out.addAll(labelReads(w.label()));
                // a request waiting to enter its frozen queue (blk_queue_enter()): the queue's freeze depth
                Provenance.LabelInfo li = prov.labels().get(w.label());
                if (li != null && li.prim() == rpcheck.model.prims.Prim.QUEUE_ENTER) {
                    out.add("g." + rpcheck.model.prims.BlkMq.frozen(rpcheck.model.prims.BlkMq.unfrozenQueue(w.on())));
                }
            }
            case FREEZE -> {
                // the freeze depth, the references held, the timeout work that holds one while it runs
                out.add("g." + rpcheck.model.prims.BlkMq.frozen(w.on()));
                out.add("g." + rpcheck.model.prims.BlkMq.users(w.on()));
                out.add("wk[" + rpcheck.model.Model.timeoutWork(w.on()) + "]");
            }
            case RWSEM -> {
                // the semaphore's state, and the holder's part in it
                rpcheck.model.prims.RwSem.fields(w.on()).forEach(f -> out.add("g." + f));
            }
            case GRACE_PERIOD -> {
                // the grace period's snapshot, and the read-side section of the reader that holds it up
                out.add("g." + rpcheck.model.prims.Rcu.graceWaits(w.on()) + "." + w.context());
                if (w.holder() != null) {
                    out.add("g." + rpcheck.model.prims.Rcu.readers(w.on()) + "." + w.holder());
                }
            }
        }
        return out;
    }

    /** The state paths the statement at a label reads (its condition, its operands), or none. */
    private Set<String> labelReads(String label) {
        Lowered.At at = lowered == null ? null : lowered.at(label);
        return at == null ? Set.of() : Lowered.reads(at.node());
    }

    /** The last step before step {@code before} that queued work item {@code work} (set it pending), or null. */
    private Integer lastQueueing(String work, int before) {
        for (int i = before - 2; i >= 0; i--) {
            if (Causality.has(steps.get(i), Causality.Kind.WORK_QUEUED, work)) {
                return steps.get(i).number();
            }
        }
        return null;
    }

    private Integer lastStepOf(String ctx) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).context().equals(ctx)) {
                return steps.get(i).number();
            }
        }
        return null;
    }

    /** The first step that changed {@code path} (to {@code to}, unless null). */
    private Integer firstChange(String path, String to) {
        List<Integer> at = changesOf(path, to);
        return at.isEmpty() ? null : at.get(0);
    }

    /** The last step that set {@code path} to {@code to}: the one in effect at the end of the trace. */
    private Integer lastChange(String path, String to) {
        List<Integer> at = changesOf(path, to);
        return at.isEmpty() ? null : at.get(at.size() - 1);
    }

    /** The steps that changed {@code path} (to {@code to}, unless null), in order. */
    private List<Integer> changesOf(String path, String to) {
        return steps.stream().filter(s -> s.changes().stream()
                .anyMatch(ch -> ch.path().equals(path) && (to == null || to.equals(ch.after()))))
                .map(TraceStep::number).toList();
    }

    private String controllerPath() {
        return "g.ctrl";
    }

    /** The reference counts that free the controller: {@code g.<kref>}. */
    private Set<String> krefPaths() {
        Set<String> out = new LinkedHashSet<>();
        if (lowered != null) {
            lowered.krefs().forEach(k -> out.add("g." + k));
            return out;
        }
        Integer freed = firstChange("g." + Ghosts.FREED, null);
        if (freed != null) {
            steps.get(freed - 1).changes().stream().map(Change::path)
                    .filter(p -> p.startsWith("g.") && !p.equals("g." + Ghosts.FREED)).forEach(out::add);
        }
        return out;
    }

    /** The work items pending, or running on another context than the freer, in the final state. */
    private List<String> busyAfterFree() {
        String freer = last.global(Ghosts.FREED);
        List<String> out = new ArrayList<>();
        for (String w : last.works()) {
            if (lowered != null && !lowered.controllerWorks().contains(w)) {
                continue;
            }
            String run = last.runner(w);
            if (last.pending(w) || run != null && !run.equals(freer)) {
                out.add(w);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** The explanation with the spec's call sites of its chain, which is {@code site}'s (Chains). */
    private static Explanation sited(Explanation e, rpcheck.model.Ir.Site site) {
        return e.withCalledAt(CalledAt.of(site, e.chain().size()));
    }

    /**
     * The explanation with the spec's call sites of a step's chain: the chain TraceBuilder took from the step's
     * label (a context's step) or its action's site.
     */
    private Explanation sited(Explanation e, TraceStep step) {
        Provenance.ActionInfo info = prov.actions().get(step.action());
        if (info == null) {
            return e;
        }
        return sited(e, Chains.stepSite(info, info.label() == null ? null : prov.labels().get(info.label())));
    }

    private String position(String label) {
        Provenance.LabelInfo li = prov.labels().get(label);
        return li == null ? null : position(li);
    }

    private static String position(Provenance.LabelInfo li) {
        return li.site() == null ? null : li.site().span().position();
    }
}
