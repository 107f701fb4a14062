package rpcheck.tla;

import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.model.Ghosts;
import rpcheck.model.IrqSafety;
import rpcheck.model.Ir.Code;
import rpcheck.model.Ir.Node;
import rpcheck.model.Ir.Op;
import rpcheck.model.Model;
import rpcheck.model.Property;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.Rcu;
import rpcheck.model.prims.RwSem;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.WaitKind;
import rpcheck.model.prims.Workqueues;

import static rpcheck.tla.TlaPrinter.q;
import static rpcheck.tla.TlaPrinter.set;
import static rpcheck.tla.TlaPrinter.NONE;

/** The property formulas (invariants and temporal properties), and why a spec may give one nothing to check. */
final class Properties {
    private final Analyses a;
    private final ModuleText moduleText;
    private final Model m;
    private final StringBuilder out;

    Properties(Analyses a, ModuleText moduleText) {
        this.a = a;
        this.moduleText = moduleText;
        this.m = a.m;
        this.out = moduleText.out;
    }

    /**
     * One property: its name (as {@link Property} spells it), the invariant that checks it in a safety run (null:
     * Deadlock, TLC's own check, or a temporal property named as the property), why a spec may give it nothing
     * to check (null: it applies), and what it defines in the module (the formula and its helpers).
     */
    private record Entry(String name, String invariant, Function<Properties, String> notApplicable,
            Consumer<Properties> definitions, String sharedForm) {
        Entry(String name, String invariant, Function<Properties, String> notApplicable,
                Consumer<Properties> definitions) {
            this(name, invariant, notApplicable, definitions, null);
        }
    }

    /** Prefix of a temporal property's form for runs that check it with others (see {@link #sharedForm}). */
    static final String SHARED_PREFIX = "Shared_";

    /**
     * Every property, in the order the module defines them. A new property is one entry here (with its
     * constant in {@link Property}); a safety property's invariant then goes into the cfgs ({@link Cfgs}).
     */
    private static final List<Entry> ENTRIES = List.of(
            new Entry("Deadlock", null, p -> null, p -> { }),
            new Entry("SleepInAtomic", "NoSleepInAtomic", p -> null, Properties::sleepInAtomic),
            new Entry("WaitCycle", "NoWaitCycle", p -> null, Properties::waitCycle),
            new Entry("IoAccounting", "IoAccounting",
                    p -> p.a.asserts ? null : "the spec states no 'assert IoAccounting: ...'", Properties::ioAccounting),
            new Entry("UseAfterFree", "NoUseAfterFree",
                    p -> p.m.krefs().isEmpty() ? "the spec declares no 'kref': nothing frees the controller" : null,
                    Properties::useAfterFree),
            new Entry("LockBalance", "LocksBalanced",
                    p -> p.m.locks().isEmpty() && p.a.rcuDomains.isEmpty() && p.m.objectsOf(Model.RWSEM).isEmpty()
                            && !p.a.ghosts.contains(Ghosts.UNHELD_UNLOCK)
                            ? "the spec declares no spinlock, mutex or rw_semaphore, has no RCU read-side section and"
                                    + " unfreezes no queue"
                            : null,
                    Properties::lockBalance),
            new Entry("IrqUnsafeLock", "NoIrqUnsafeLock",
                    p -> p.irqHazards().isEmpty() ? "no irq, softirq or timer handler takes a spinlock that a context"
                            + " it can interrupt takes too" : null,
                    Properties::irqUnsafeLock),
            new Entry("LostError", null,
                    p -> !p.m.hasAssociationFaults() ? "no event of the spec is declared 'fails association'"
                            : p.m.controller() == null ? "the spec has no controller" : null,
                    Properties::lostError),
            new Entry("LiveWithoutAssoc", null,
                    p -> !p.a.teardowns ? "the spec marks no association teardown ('assoc_end()')"
                            : p.m.controller() == null ? "the spec has no controller" : null,
                    Properties::liveWithoutAssoc, SHARED_PREFIX + "LiveWithoutAssoc"),
            new Entry("Progress", null,
                    p -> p.m.requests().isEmpty() && !(p.m.controller() != null && "NEW".equals(p.m.initialState()))
                            ? "no request, and no controller created by the model (initial state NEW): nothing must"
                                    + " progress"
                            : null,
                    Properties::progress, "Progress"));

    /**
     * The End_ invariant of {@code property} ({@link #END_PREFIX}), or null where it has none: the properties with
     * a form {@code []<>Q} or {@code <>[]Q} ({@link #sharedForm}) have one; LostError's {@code ~>} has not.
     */
    static String endForm(String property) {
        return sharedForm(property) != null ? END_PREFIX + property : null;
    }

    /**
     * Prefix of the invariant that decides a temporal property from the states where a fair behaviour ends, in the
     * module for runs expected to hold: {@code End_P == FairTerminal => Q} for P of the form {@code []<>Q} or
     * {@code <>[]Q} (a conjunction of them for Progress). It decides P only in a run where {@code Settles} holds
     * too (NextAndFairness#endStates), {@link Cfgs#endCfg}.
     */
    static final String END_PREFIX = "End_";

    /**
     * The definition that states temporal property {@code property} in a run of several: a formula of the form
     * {@code []<>Q} or {@code <>[]Q} (no tableau), which TLC checks under one set of fairness conditions with the
     * others' (its fairness bookkeeping, most of a liveness run, is then done once). Null for a property that is
     * checked alone: a safety property, LostError (its runs leave faults out: another cfg).
     */
    static String sharedForm(String property) {
        return ENTRIES.stream().filter(e -> e.name().equals(property)).findFirst().map(Entry::sharedForm)
                .orElse(null);
    }

    /** The invariant that checks safety property {@code property}, or null (Deadlock and the liveness ones). */
    static String invariant(String property) {
        return ENTRIES.stream().filter(e -> e.name().equals(property)).findFirst().map(Entry::invariant)
                .orElse(null);
    }

    /** Defines every property's formula. */
    void define() {
        out.append("\\* ---- properties\n");
        ENTRIES.forEach(e -> e.definitions().accept(this));
    }

    /** Why the spec gives {@code property} nothing to check, or null if it does. */
    String notApplicable(String property) {
        return ENTRIES.stream().filter(e -> e.name().equals(property)).findFirst()
                .map(e -> e.notApplicable().apply(this)).orElse(null);
    }

    /**
     * SleepInAtomic: nothing that may sleep runs under a spinlock, in an LLDD callback, irq or timer context, or in
     * ->queue_rq of a queue without BLK_MQ_F_BLOCKING.
     */
    private void sleepInAtomic() {
        List<String> mutexes = m.objectsOf(Model.MUTEX);
        Expr spinlocks = Tla.id("Locks");
        if (!mutexes.isEmpty()) {
            // a mutex's holder may sleep: only spinlocks make it atomic
            moduleText.define("Mutexes", Tla.strings(mutexes));
            spinlocks = Tla.infix("\\", spinlocks, Tla.id("Mutexes"));
        }
        Expr lk = Tla.id("lk");
        moduleText.define("HoldsLock(c)", new Tla.Quant(true, "l", spinlocks, Tla.eq(Tla.index(lk, Tla.id("l")), C)));
        out.append("\\* SleepInAtomic: a step that may sleep is about to run while the context holds a spinlock,\n");
        out.append("\\* or in an LLDD callback or interrupt context.\n");
        List<String> plain = new ArrayList<>();
        for (Provenance.LabelInfo l : moduleText.labels.values()) {
            // wait_event_lock_irq() sleeps only where its condition was false: include/linux/wait.h tests the
            // condition first and has no might_sleep(), so its begin step is no sleep; its wait step is, and there
            // the context has dropped the lock the wait names (HoldsLock sees only the others it holds)
            if (l.sleeps() && l.prim() != Prim.WAITLOCK_BEGIN) {
                plain.add(l.label());
            }
        }
        moduleText.define("SleepLabels", Tla.strings(plain));
        out.append("\\* a folded might_sleep() leaves the marker lv[c].sl in the state right after it\n");
        // contexts that must not sleep whatever they hold: LLDD callbacks, irq, softirq, and driver timers' softirq
        List<String> atomicKinds = new ArrayList<>(List.of("lldd", "irq"));
        if (a.kinds.containsValue("softirq")) {
            atomicKinds.add("softirq");
        }
        if (m.objects().containsValue(Model.TIMER)) {
            atomicKinds.add("timer");
        }
        Expr atomic = Tla.in(Tla.index(Tla.id("Kind"), C), Tla.strings(atomicKinds));
        Expr pc = Tla.index(Tla.id("pc"), C);
        List<Expr> rules = new ArrayList<>();
        Expr atomicNow = Tla.or(atomic, Tla.apply("HoldsLock", C));
        if (a.rcuDomains.contains(Rcu.CLASSIC)) {
            // inside rcu_read_lock(): "Voluntary context switch within RCU read-side critical section!"
            out.append("\\* ... or inside an RCU read-side section (rcu_read_lock())\n");
            atomicNow = Tla.or(atomic, Tla.apply("HoldsLock", C), Tla.infix(">", Tla.index(Tla.dot(G,
                    Rcu.readers(Rcu.CLASSIC)), C), Tla.num(0)));
        }
        rules.add(Tla.infix("=>", Tla.paren(Tla.or(Tla.in(pc, Tla.id("SleepLabels")), Tla.in(Tla.str("sl"),
                new Tla.Prefix("DOMAIN ", Tla.index(Tla.id("lv"), C))))),
                Tla.not(Tla.paren(atomicNow))));
        // ->queue_rq of a queue without BLK_MQ_F_BLOCKING runs under rcu_read_lock() (blk_mq_run_dispatch_ops())
        List<String> rcu = new ArrayList<>();
        for (Provenance.LabelInfo l : moduleText.labels.values()) {
            if (plain.contains(l.label()) && m.rcuDispatchQueue(l.site()) != null) {
                rcu.add(l.label());
            }
        }
        for (Provenance.LabelInfo l : moduleText.sleepMarkers.values()) {
            if (l.sleeps() && m.rcuDispatchQueue(l.site()) != null) {
                rcu.add(l.label());
            }
        }
        if (!rcu.isEmpty()) {
            out.append("\\* ... or inside ->queue_rq of a queue without BLK_MQ_F_BLOCKING (an RCU read-side section)\n");
            moduleText.define("RcuSleeps", Tla.strings(rcu));
            Expr lv = Tla.index(Tla.id("lv"), C);
            rules.add(Tla.not(Tla.paren(Tla.or(Tla.in(pc, Tla.id("RcuSleeps")), Tla.paren(Tla.and(
                    Tla.in(Tla.str("sl"), new Tla.Prefix("DOMAIN ", lv)), Tla.in(Tla.dot(lv, "sl"),
                    Tla.id("RcuSleeps"))))))));
        }
        moduleText.define("NoSleepInAtomic", new Tla.Quant(false, "c", Tla.id("Ctx"), new Tla.Bullets("/\\", rules)));
    }

    /** WaitCycle: no context waits (through work items, timers and locks) for itself. */
    private void waitCycle() {
        out.append("\n\\* WaitCycle: the contexts a blocked context waits for (a running work's worker, a lock owner)\n");
        List<Tla.Arm> cases = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Expr none = Tla.set(Tla.NONE);
        for (Provenance.LabelInfo l : moduleText.labels.values()) {
            if (l.waitKind() != null && l.waitKind().hasHolder()) {
                waiting.add(l.label());
            }
            if (l.waitKind() == WaitKind.WORK && l.prim() == Prim.FLUSH_WAIT) {
                // once the flushed instance has finished (phase D) the waiter no longer waits for anyone,
                // even if a later instance of the work is running
                cases.add(new Tla.Arm(at(l), Tla.ite(Tla.eq(Tla.dot(Tla.index(Tla.id("flw"), C), "ph"), Tla.str("D")),
                        Tla.set(), Tla.infix("\\", Tla.set(Tla.dot(Tla.index(Tla.id("wk"), l.waitsOn()), "run")), none))));
            } else if (l.waitKind() == WaitKind.WORK || l.waitKind() == WaitKind.TIMER) {
                cases.add(new Tla.Arm(at(l), Tla.infix("\\", Tla.set(Tla.dot(Tla.index(Tla.id("wk"), l.waitsOn()), "run")),
                        none)));
            } else if (l.waitKind() == WaitKind.LOCK) {
                cases.add(new Tla.Arm(at(l), Tla.infix("\\", Tla.set(Tla.index(Tla.id("lk"), l.waitsOn())), none)));
            } else if (l.waitKind() == WaitKind.RWSEM) {
                // its write owner; for a queued reader the writers ahead of it, for a writer each read holder
                String s = l.waitsOn();
                Expr others = l.prim() == Prim.RWSEM_READ_WAIT ? Tla.index(Tla.dot(G, RwSem.ahead(s)), C)
                        : new Tla.Filter("r", Tla.id("Ctx"), Tla.infix(">", Tla.index(Tla.dot(G, RwSem.readers(s)),
                                Tla.id("r")), Tla.num(0)));
                cases.add(new Tla.Arm(at(l), Tla.infix("\\cup", Tla.paren(Tla.infix("\\", Tla.set(Tla.dot(G,
                        RwSem.writer(s))), none)), others)));
            } else if (l.waitKind() == WaitKind.FREEZE) {
                // each context holding a reference of q_usage_counter: a submitter, the timeout work's worker
                String q = l.waitsOn();
                cases.add(new Tla.Arm(at(l), Tla.infix("\\cup", Tla.dot(G, BlkMq.users(q)), Tla.paren(Tla.infix("\\",
                        Tla.set(Tla.dot(Tla.index(Tla.id("wk"), Model.timeoutWork(q)), "run")), none)))));
            } else if (l.waitKind() == WaitKind.GRACE_PERIOD) {
                // every reader the grace period still waits for (itself, if it began inside its own section)
                cases.add(new Tla.Arm(at(l), Tla.index(Tla.dot(G, Rcu.graceWaits(l.waitsOn())), C)));
            } else if (l.waitKind() == WaitKind.COND || l.waitKind() == WaitKind.COMPLETION) {
                // a condition that only one other context can make true: the waiter waits for that context
                Map<String, String> wakers = condWakers(l);
                if (!wakers.isEmpty()) {
                    moduleText.condWakers.put(l.label(), wakers);
                    waiting.add(l.label());
                    Expr who = Tla.set();
                    for (Map.Entry<String, String> e : wakers.entrySet()) {
                        who = wakers.size() == 1 && l.owners().size() == 1 ? Tla.set(Tla.str(e.getValue()))
                                : Tla.ite(Tla.eq(C, Tla.str(e.getKey())), Tla.set(Tla.str(e.getValue())), who);
                    }
                    cases.add(new Tla.Arm(at(l), Tla.ite(Tla.withSelf(condGuard(l), C), Tla.set(), who)));
                }
            } else if (l.waitKind() == WaitKind.WORKQUEUE && l.prim() == Prim.FLUSH_WQ_WAIT) {
                // flush_workqueue: the worker running a work item the flush still waits for (for a pending instance:
                // the one running before it, which must return before it can start)
                Expr mine = Tla.index(Tla.dot(G, Ghosts.flushOf(l.waitsOn())), C);
                List<Expr> runs = new ArrayList<>();
                for (String w : Workqueues.worksOf(m, l.waitsOn())) {
                    Expr owed = Tla.or(Tla.in(new Tla.Tuple(List.of(Tla.str(w), Tla.str("P"))), mine),
                            Tla.in(new Tla.Tuple(List.of(Tla.str(w), Tla.str("R"))), mine));
                    runs.add(Tla.paren(Tla.ite(owed, Tla.set(Tla.dot(Tla.index(Tla.id("wk"), w), "run")), Tla.set())));
                }
                Expr all = runs.isEmpty() ? Tla.set() : runs.get(0);
                for (int i = 1; i < runs.size(); i++) {
                    all = Tla.infix("\\cup", all, runs.get(i));
                }
                cases.add(new Tla.Arm(at(l), Tla.infix("\\", runs.size() > 1 ? Tla.paren(all) : all, none)));
            } else if (l.waitKind() == WaitKind.WORKQUEUE) {
                // flush_workqueue: every worker running a work item of the workqueue (a pending one has none yet)
                List<Expr> runs = Workqueues.worksOf(m, l.waitsOn()).stream()
                        .map(w -> (Expr) Tla.dot(Tla.index(Tla.id("wk"), w), "run")).toList();
                cases.add(new Tla.Arm(at(l), Tla.infix("\\", Tla.set(runs.toArray(Expr[]::new)), none)));
            }
        }
        // Checked in every state of a safety run: the label set first (a constant set, which TLC looks up
        // without trying the CASE arms one by one), and Reach stops at a fixed point. The same values as the
        // plain CASE and n rounds, at a tenth of the cost (v3's shared safety run 12.7 s -> 8.6 s, 8.2 s
        // without the invariant; bench/RESULTS.md).
        moduleText.define("WaitLabels", Tla.strings(waiting));
        moduleText.define("WaitsFor(c)", cases.isEmpty() ? Tla.set() : Tla.ite(Tla.infix("\\notin",
                Tla.index(Tla.id("pc"), C), Tla.id("WaitLabels")), Tla.set(), new Tla.CaseBlock(cases, Tla.set())));
        // Reach(S, n): S and what its contexts wait for, transitively, in at most n rounds
        Expr s = Tla.id("S");
        Expr t = Tla.id("T");
        Expr n = Tla.id("n");
        moduleText.recursive("Reach", 2);
        moduleText.define("Reach(S, n)", Tla.ite(Tla.eq(n, Tla.num(0)), s, new Tla.Let("T", Tla.infix("\\cup", s,
                new Tla.Prefix("UNION ", new Tla.SetMap(Tla.apply("WaitsFor", Tla.id("d")), "d", s))),
                Tla.ite(Tla.eq(t, s), s, Tla.apply("Reach", t, Tla.infix("-", n, Tla.num(1)))))), 4);
        moduleText.define("NoWaitCycle", new Tla.Quant(false, "c", Tla.id("Ctx"), Tla.infix("\\notin", C,
                Tla.apply("Reach", Tla.apply("WaitsFor", C), Tla.apply("Cardinality", Tla.id("Ctx"))))));
        out.append('\n');
    }

    /** The guard of a condition wait ({@link WaitKind#COND}) or a completion wait, with {@code self}. */
    private static Expr condGuard(Provenance.LabelInfo l) {
        return l.waitKind() == WaitKind.COMPLETION ? Tla.neq(Tla.dot(G, l.waitsOn()), Tla.num(0)) : l.condition();
    }

    /**
     * For each context that can wait at condition wait {@code l}: the one other context that can make its guard
     * true, where there is exactly one. The guard must read only fields of g (and the waiter's locals); the
     * writers of those fields are the contexts whose actions write them ({@link ModuleText#gWriters}); a field an
     * action of no context writes (a timer's expiry, an event) has no single waker. While the guard is false the
     * waiter waits for that context: blocked, directly or through others, on the waiter, it never writes, and
     * both wait for ever (a hang that Deadlock misses while other contexts can still move).
     */
    private Map<String, String> condWakers(Provenance.LabelInfo l) {
        Map<String, String> out = new java.util.TreeMap<>();
        Expr guard = condGuard(l);
        java.util.Set<String> reads = guard == null ? null : GFields.readOnly(guard);
        if (reads == null || reads.isEmpty() || moduleText.gWriters.containsKey(GFields.ALL)) {
            return out;
        }
        java.util.Set<String> writers = new java.util.TreeSet<>();
        for (String f : reads) {
            writers.addAll(moduleText.gWriters.getOrDefault(f, java.util.Set.of()));
        }
        if (writers.contains("")) {
            return out;
        }
        for (String c : l.owners()) {
            java.util.Set<String> others = new java.util.TreeSet<>(writers);
            others.remove(c);
            if (others.size() == 1) {
                out.put(c, others.iterator().next());
            }
        }
        return out;
    }

    /** IoAccounting: every 'assert IoAccounting: ...' held where it was reached. */
    private void ioAccounting() {
        if (notApplicable("IoAccounting") != null) {
            return;
        }
        out.append("\\* IoAccounting: every 'assert IoAccounting: ...' held where it was reached\n");
        moduleText.define("IoAccounting", Tla.eq(Tla.dot(G, Ghosts.ASSERT), Tla.NONE));
        out.append('\n');
    }

    /** UseAfterFree: nothing of the controller runs or is queued after its last reference is dropped. */
    private void useAfterFree() {
        if (notApplicable("UseAfterFree") != null) {
            return;
        }
        // in the works' declaration order
        List<String> own = m.works().keySet().stream().filter(m.ctrlWorks()::contains).toList();
        out.append("\\* UseAfterFree: once the last reference is dropped (g.").append(Ghosts.FREED)
                .append(" names who dropped it), no work item of\n");
        out.append("\\* the controller is pending or running (but the one that freed it, finishing), no reference\n");
        out.append("\\* is taken again, and no context is about to touch the controller.\n");
        moduleText.define("CtrlWorks", Tla.strings(own));
        Expr freed = Tla.dot(G, Ghosts.FREED);
        Expr w = Tla.index(Tla.id("wk"), Tla.id("w"));
        List<Expr> after = new ArrayList<>();
        after.add(new Tla.Quant(false, "w", Tla.id("CtrlWorks"), Tla.and(Tla.not(Tla.dot(w, "pend")),
                Tla.in(Tla.dot(w, "run"), Tla.set(Tla.NONE, freed)))));
        for (String k : m.krefs()) {
            after.add(Tla.eq(Tla.dot(G, k), Tla.num(0)));
        }
        // every other access: a context about to run a step that reads or writes the controller's memory
        List<String> touching = moduleText.labels.values().stream().filter(l -> !l.touches().isEmpty())
                .map(Provenance.LabelInfo::label).toList();
        if (!touching.isEmpty()) {
            out.append("\\* A context must not be about to run a step that reads or writes the controller (its state,\n");
            out.append("\\* flags, counters, requests or work items: rpcheck.model.Ownership) once it is freed.\n");
            moduleText.define("CtrlAccessLabels", Tla.strings(touching));
            after.add(new Tla.Quant(false, "c", Tla.id("Ctx"), Tla.infix("\\notin", Tla.index(Tla.id("pc"), C),
                    Tla.id("CtrlAccessLabels"))));
        }
        moduleText.define("NoUseAfterFree", Tla.infix("=>", Tla.neq(freed, Tla.NONE), new Tla.Bullets("/\\", after)));
        out.append('\n');
    }

    /**
     * LockBalance: no context releases a lock it does not hold (lockdep's "bad unlock balance detected",
     * kernel/locking/lockdep.c), and no context is at rest (its work handler, callback or process function returned)
     * holding one (kernel/workqueue.c process_one_work(): "workqueue leaked atomic, lock or RCU"; lockdep: "lock held
     * when returning to user space").
     */
    private void lockBalance() {
        if (notApplicable("LockBalance") != null) {
            return;
        }
        boolean unheld = a.ghosts.contains(Ghosts.UNHELD_UNLOCK);
        out.append("\\* LockBalance: no context releases a spinlock or mutex it does not hold, and none has finished\n");
        out.append("\\* (pc idle or done) holding one. ").append(unheld ? "g." + Ghosts.UNHELD_UNLOCK
                + " names the first release of a lock not held.\n"
                : "Every path to a release here took its lock first (rpcheck.model.HeldLocks).\n");
        if (!a.rcuDomains.isEmpty()) {
            out.append("\\* Nor does one end an RCU read-side section it is not in, or finish inside one.\n");
        }
        List<String> sems = m.objectsOf(Model.RWSEM);
        if (!sems.isEmpty()) {
            out.append("\\* Nor does one release an rw_semaphore it does not hold that way, or finish holding one.\n");
        }
        if (!a.freezable.isEmpty() && unheld) {
            out.append("\\* Nor does one unfreeze a request queue that is not frozen.\n");
        }
        List<Expr> rules = new ArrayList<>();
        if (unheld) {
            rules.add(Tla.eq(Tla.dot(G, Ghosts.UNHELD_UNLOCK), Tla.NONE));
        }
        Expr owner = Tla.index(Tla.id("lk"), Tla.id("l"));
        Expr atRest = Tla.strings(List.of("idle", "done"));
        if (!m.locks().isEmpty()) {
            Expr locks = new Tla.Quant(false, "l", Tla.id("Locks"), Tla.or(Tla.eq(owner, Tla.NONE),
                    Tla.infix("\\notin", Tla.index(Tla.id("pc"), owner), atRest)));
            rules.add(a.rcuDomains.isEmpty() && sems.isEmpty() ? locks : Tla.paren(locks));
        }
        if (!a.rcuDomains.isEmpty() || !sems.isEmpty()) {
            // at rest inside a read-side section (workqueue.c: "leaked atomic, lock or RCU"), or holding an rwsem
            List<Expr> outside = new ArrayList<>(a.rcuDomains.stream().map(d -> (Expr) Tla.eq(Tla.index(Tla.dot(G,
                    Rcu.readers(d)), C), Tla.num(0))).toList());
            for (String s : sems) {
                outside.add(Tla.eq(Tla.index(Tla.dot(G, RwSem.readers(s)), C), Tla.num(0)));
                outside.add(Tla.neq(Tla.dot(G, RwSem.writer(s)), C));
            }
            rules.add(new Tla.Quant(false, "c", Tla.id("Ctx"), Tla.infix("=>", Tla.in(Tla.index(Tla.id("pc"), C),
                    atRest), outside.size() == 1 ? outside.get(0) : Tla.paren(Tla.and(outside.toArray(Expr[]::new))))));
        }
        moduleText.define("LocksBalanced", rules.size() == 1 ? rules.get(0) : Tla.and(rules.toArray(Expr[]::new)));
        out.append('\n');
    }

    /** IrqUnsafeLock's cases, found once from the lowered code and the labels of the module. */
    private List<Provenance.IrqHazard> hazards;

    /**
     * IrqUnsafeLock's cases ({@link IrqSafety}): for each spinlock and each level of interrupt whose handlers take
     * it, where a context that such an interrupt can interrupt takes it too, the steps where that context takes it,
     * or holds it, with that level enabled (none where every such step disables them).
     */
    List<Provenance.IrqHazard> irqHazards() {
        if (hazards != null) {
            return hazards;
        }
        Set<String> spinlocks = a.spinlocks();
        hazards = new ArrayList<>();
        for (String lock : spinlocks) {
            for (IrqSafety.Level level : IrqSafety.Level.values()) {
                List<Provenance.Interrupter> interrupters = interrupters(lock, level, spinlocks);
                if (interrupters.isEmpty()) {
                    continue;
                }
                Map<String, Provenance.Take> take = new java.util.TreeMap<>();
                Map<String, Provenance.Take> hold = new java.util.TreeMap<>();
                boolean shared = false;
                for (Code c : a.program.codes()) {
                    if (!IrqSafety.interruptible(a.kindOf(c), level)) {
                        continue;
                    }
                    shared |= IrqSafety.locksTaken(c, spinlocks).contains(lock);
                    for (Map.Entry<Integer, Set<IrqSafety.State>> at : a.irqStates(c).entrySet()) {
                        String lbl = a.label(c, at.getKey());
                        Node n = c.node(at.getKey());
                        boolean takes = n instanceof Op op && IrqSafety.takes(op, lock);
                        for (IrqSafety.State s : at.getValue()) {
                            // paused at a step holding the lock with the interrupts enabled
                            if (!takes && s.held().containsKey(lock) && s.enabled(level)
                                    && moduleText.labels.containsKey(lbl)) {
                                Op cause = cause(c, at.getKey(), lock, s.enabledBy(level));
                                hold.putIfAbsent(lbl, cause != null ? new Provenance.Take(lbl, cause.site(),
                                        cause.kernelName(), false) : new Provenance.Take(lbl, null, null, false));
                            }
                            // a take, or a statement that enables the interrupts with the lock held, run by a step
                            // (a critical section run as one step, a local statement: the step that begins before
                            // it); where the step holds the lock from its start it is a hold, else a take
                            IrqSafety.State after = n instanceof Op op ? IrqSafety.out(op, s, spinlocks) : s;
                            boolean inside = n instanceof Op op && !moduleText.labels.containsKey(a.label(c, op.next()));
                            if (n instanceof Op op && after.held().containsKey(lock) && after.enabled(level)
                                    && (takes || (inside && !s.enabled(level)))) {
                                stepStarts(c, at.getKey(), lock).forEach((l, took) -> {
                                    if (took.contains(true)) {
                                        take.putIfAbsent(l, new Provenance.Take(l, op.site(), op.kernelName(), true));
                                    }
                                    if (took.contains(false)) {
                                        hold.putIfAbsent(l, new Provenance.Take(l, op.site(), op.kernelName(), true));
                                    }
                                });
                            }
                        }
                    }
                }
                if (shared) {
                    hazards.add(new Provenance.IrqHazard(lock, level.word(), List.copyOf(take.values()),
                            List.copyOf(hold.values()), interrupters));
                }
            }
        }
        hazards = List.copyOf(hazards);
        return hazards;
    }

    /**
     * The labels of the steps that may run node {@code id} of {@code c}: its own, or where it has none in the module
     * (a statement inside a critical section run as one step, a local one), those of the nearest nodes before it
     * that have one; each with whether a way from there to the node takes {@code lock} (the node included).
     */
    private Map<String, Set<Boolean>> stepStarts(Code c, int id, String lock) {
        Map<Integer, List<Integer>> preds = c.predecessors();
        record Walk(int node, boolean took) {
        }
        Map<String, Set<Boolean>> out = new java.util.TreeMap<>();
        java.util.ArrayDeque<Walk> todo = new java.util.ArrayDeque<>(List.of(new Walk(id, false)));
        Set<Walk> seen = new java.util.HashSet<>(todo);
        while (!todo.isEmpty()) {
            Walk w = todo.pop();
            boolean took = w.took() || c.node(w.node()) instanceof Op op && IrqSafety.takes(op, lock);
            String lbl = a.label(c, w.node());
            if (moduleText.labels.containsKey(lbl)) {
                out.computeIfAbsent(lbl, k -> new TreeSet<>()).add(took);
                continue;
            }
            if (w.node() == c.start() && moduleText.labels.containsKey(c.entry() + "_start")) {
                // a context's first step
                out.computeIfAbsent(c.entry() + "_start", k -> new TreeSet<>()).add(took);
            }
            for (int p : preds.getOrDefault(w.node(), List.of())) {
                Walk next = new Walk(p, took);
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return out;
    }

    /**
     * Why {@code lock} is held with the interrupts enabled at node {@code id}: the nearest statement before it that
     * took the lock or enabled them ({@code enabledBy}, -1 for none), whichever comes later on the way there.
     */
    private static Op cause(Code c, int id, String lock, int enabledBy) {
        Map<Integer, List<Integer>> preds = c.predecessors();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(preds.getOrDefault(id, List.of()));
        Set<Integer> seen = new java.util.HashSet<>(todo);
        while (!todo.isEmpty()) {
            int x = todo.poll();
            if (c.node(x) instanceof Op op && (x == enabledBy || IrqSafety.takes(op, lock))) {
                return op;
            }
            for (int p : preds.getOrDefault(x, List.of())) {
                if (seen.add(p)) {
                    todo.add(p);
                }
            }
        }
        return null;
    }

    /**
     * The handlers of {@code level} that spin on {@code lock} (a trylock does not count): events run in an irq or
     * softirq context (they can start where the context is idle and the event's {@code when} holds; the event
     * budget, a bound of the search, is not asked), the callbacks of driver timers (where the timer is armed), and
     * contexts of those kinds that run a function of their own (before they start it).
     */
    private List<Provenance.Interrupter> interrupters(String lock, IrqSafety.Level level, Set<String> spinlocks) {
        List<Provenance.Interrupter> out = new ArrayList<>();
        for (Code c : a.program.codes()) {
            if (IrqSafety.interruptLevel(a.kindOf(c)) != level || !IrqSafety.locksSpunOn(c, spinlocks).contains(lock)) {
                continue;
            }
            String ctx = a.owners(c).get(0);
            Expr idle = Tla.eq(Tla.index(Tla.id("pc"), ctx), Tla.str("idle"));
            Expr can = switch (c.kind()) {
                case EVENT -> moduleText.eventGuards.containsKey(c.entry())
                        ? Tla.and(idle, Tla.withSelf(moduleText.eventGuards.get(c.entry()), Tla.str(ctx))) : idle;
                case WORK -> Tla.and(Tla.dot(Tla.index(Tla.id("wk"), c.entry()), "pend"), idle);
                case CONTEXT_MAIN -> Tla.eq(Tla.index(Tla.id("pc"), ctx), Tla.str(c.entry() + "_start"));
                default -> null;
            };
            if (can == null) {
                continue;
            }
            Op first = c.nodes().stream().filter(n -> n instanceof Op op && IrqSafety.spins(op, lock))
                    .map(n -> (Op) n).findFirst().orElseThrow();
            out.add(new Provenance.Interrupter(ctx, c.entry(), can, first.site(), first.kernelName()));
        }
        return out;
    }

    /**
     * IrqUnsafeLock: lockdep's irq-safety rule (kernel/locking/lockdep.c: "inconsistent {IN-HARDIRQ-W} ->
     * {HARDIRQ-ON-W} usage", and the same for softirqs). A context about to take a spinlock that is free, or holding
     * it, with interrupts of a level enabled whose handler takes the lock too, while that handler can start: if it
     * interrupts the holder on its CPU it spins on the lock for ever.
     */
    private void irqUnsafeLock() {
        if (notApplicable("IrqUnsafeLock") != null) {
            return;
        }
        out.append("\\* IrqUnsafeLock: a context takes a free spinlock, or holds one, with interrupts enabled while an\n");
        out.append("\\* interrupt handler that takes it too can start: on the holder's CPU it would spin for ever.\n");
        List<Expr> rules = new ArrayList<>();
        for (Provenance.IrqHazard h : irqHazards()) {
            String id = h.lock() + "_" + h.level();
            Expr owner = Tla.index(Tla.id("lk"), h.lock());
            Expr can = Tla.id("IrqCanTake_" + id);
            if (!h.takes().isEmpty() || !h.holds().isEmpty()) {
                List<Expr> starts = h.interrupters().stream().map(Provenance.Interrupter::canStart).toList();
                if (starts.size() == 1) {
                    moduleText.define("IrqCanTake_" + id, starts.get(0));
                } else {
                    moduleText.defineBullets("IrqCanTake_" + id, "\\/", starts);
                }
            }
            if (!h.takes().isEmpty()) {
                moduleText.define("IrqOnTake_" + id, Tla.strings(h.takeLabels()));
                rules.add(new Tla.Quant(false, "c", Tla.id("Ctx"), Tla.infix("=>", Tla.paren(Tla.and(
                        Tla.in(Tla.index(Tla.id("pc"), C), Tla.id("IrqOnTake_" + id)), Tla.eq(owner, Tla.NONE))),
                        Tla.not(can))));
            }
            if (!h.holds().isEmpty()) {
                moduleText.define("IrqOnHold_" + id, Tla.strings(h.holdLabels()));
                rules.add(Tla.infix("=>", Tla.paren(Tla.and(Tla.neq(owner, Tla.NONE), Tla.in(Tla.index(Tla.id("pc"),
                        owner), Tla.id("IrqOnHold_" + id)))), Tla.not(can)));
            }
        }
        if (rules.isEmpty()) {
            out.append("\\* (every step that takes such a lock where its handler can interrupt leaves those interrupts disabled)\n");
        }
        if (rules.size() > 1) {
            moduleText.defineBullets("NoIrqUnsafeLock", "/\\", rules);
        } else {
            moduleText.define("NoIrqUnsafeLock", rules.isEmpty() ? Tla.TRUE : rules.get(0));
        }
        out.append('\n');
    }

    /** LostError: LIVE on a failed association leads to leaving LIVE. */
    private void lostError() {
        if (notApplicable("LostError") != null) {
            return;
        }
        Expr ctl = Tla.dot(G, m.controller());
        out.append("\\* LostError: LIVE on a failed association leads to leaving LIVE\n");
        moduleText.define("LostError", Tla.infix("~>", Tla.paren(Tla.and(Tla.dot(G, Ghosts.ASSOC_FAILED),
                Tla.eq(ctl, Tla.str("LIVE")))), Tla.paren(orLateSpent(Tla.neq(ctl, Tla.str("LIVE"))))));
        out.append('\n');
    }

    /** LiveWithoutAssoc: once the driver tore the association down, the controller leaves LIVE or a new one begins. */
    private void liveWithoutAssoc() {
        if (notApplicable("LiveWithoutAssoc") != null) {
            return;
        }
        Expr ctl = Tla.dot(G, m.controller());
        Expr gone = Tla.dot(G, Ghosts.ASSOC_GONE);
        out.append("\\* LiveWithoutAssoc: once the driver has torn the association down (assoc_end()), the controller\n");
        out.append("\\* does not stay LIVE: it leaves LIVE, or a new association begins (assoc_begin())\n");
        Expr leaves = orLateSpent(Tla.or(Tla.neq(ctl, Tla.str("LIVE")), Tla.not(gone)));
        moduleText.define("LiveWithoutAssoc", Tla.infix("~>", Tla.paren(Tla.and(gone, Tla.eq(ctl, Tla.str("LIVE")))),
                Tla.paren(leaves)));
        // P ~> Q with ~Q implying P is []<>Q; its own run keeps ~> (TLC finds other lassos for the other form)
        out.append("\\* the same property as []<>Q (~Q implies the left side of ~>), for a run that checks it with\n");
        out.append("\\* Progress: TLC checks this form without a tableau, under the same fairness bookkeeping\n");
        moduleText.define(SHARED_PREFIX + "LiveWithoutAssoc", new Tla.Prefix("[]<>", Tla.paren(leaves)));
        if (moduleText.holdRun()) {
            endForm("LiveWithoutAssoc", leaves);
        }
        out.append('\n');
    }

    /** Progress: defined even where it does not apply (no request, no controller created): TLC is not run on it. */
    private void progress() {
        out.append("\\* Progress: once the faults stop, the controller ends LIVE or deleted and every started request ends\n");
        out.append("Progress ==\n");
        List<Expr> atEnd = new ArrayList<>(); // what each conjunct asks of a state where a fair behaviour ends
        // the controller clause only for a model that creates the controller (starts NEW): a small model that
        // starts in the middle of its life (CONNECTING, LIVE) does not model how it ends
        if (m.controller() != null && "NEW".equals(m.initialState())) {
            Expr ends = Tla.in(Tla.dot(G, m.controller()), Tla.strings(List.of("LIVE", "DELETING_NOIO", "DEAD")));
            if (!m.krefs().isEmpty()) {
                ends = Tla.or(ends, Tla.neq(Tla.dot(G, Ghosts.FREED), Tla.NONE));
            }
            Expr endsOrSpent = Tla.paren(orLateSpent(ends));
            bullet(new Tla.Prefix("<>[]", endsOrSpent));
            atEnd.add(endsOrSpent);
        }
        // "a started request ends", (mq_state # IDLE) ~> Q with Q == mq_state = IDLE \/ LateSpent, is written []<>Q:
        // ~Q implies mq_state # IDLE, so the two are equivalent in every behaviour, and []<>Q needs no tableau.
        // TLC checks ~> with a tableau and a conjunction of them as one branch each: four branches for upstream,
        // three times the time of this form (bench/RESULTS.md)
        out.append("\\* (a started request ends: (rq[r].mq_state # \"IDLE\") ~> Q, written []<>Q, the same property since\n");
        out.append("\\* ~Q implies rq[r].mq_state # \"IDLE\"; TLC checks this form without a tableau)\n");
        Expr idle = orLateSpent(Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), Tla.id("r")), "mq_state"), Tla.str("IDLE")));
        bullet(new Tla.Quant(false, "r", Tla.id("Reqs"), new Tla.Prefix("[]<>", Tla.paren(idle))));
        atEnd.add(new Tla.Quant(false, "r", Tla.id("Reqs"), Tla.paren(idle)));
        if (moduleText.holdRun()) {
            endForm("Progress", atEnd.size() == 1 ? atEnd.get(0) : Tla.and(atEnd.toArray(Expr[]::new)));
        }
        out.append('\n');
    }

    /** {@code End_P == FairTerminal => Q}: P's {@code []<>Q} / {@code <>[]Q} asked of the states where fair behaviours end. */
    private void endForm(String property, Expr q) {
        out.append("\\* ").append(property).append(" where a fair behaviour ends (decides it in a run where Settles holds)\n");
        moduleText.define(endForm(property), Tla.infix("=>", Tla.id(NextAndFairness.FAIR_TERMINAL), Tla.paren(q)));
    }

    /** {@code cond}, or also a state where the late-expiry bound cut the behaviour off (see lateSpent). */
    private Expr orLateSpent(Expr cond) {
        return moduleText.late.isEmpty() ? cond : Tla.or(cond, Tla.id("LateSpent"));
    }

    /** One item of a bulleted list that comment lines interrupt (Progress). */
    private void bullet(Expr e) {
        out.append("    /\\ ").append(TlaPrinter.print(e, 7)).append('\n');
    }

    /** {@code pc[c] = "label"}. */
    private static Expr at(Provenance.LabelInfo l) {
        return Tla.eq(Tla.index(Tla.id("pc"), C), Tla.str(l.label()));
    }

    private static final Expr C = Tla.id("c");
    private static final Expr G = Tla.id("g");
}
