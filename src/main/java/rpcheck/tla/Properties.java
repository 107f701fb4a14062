package rpcheck.tla;

import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir.Code;
import rpcheck.model.Ir.Op;
import rpcheck.model.Model;
import rpcheck.model.Property;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.WaitKind;

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
            Consumer<Properties> definitions) {
    }

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
            new Entry("LostError", null,
                    p -> !p.m.hasAssociationFaults() ? "no event of the spec is declared 'fails association'"
                            : p.m.controller() == null ? "the spec has no controller" : null,
                    Properties::lostError),
            new Entry("Progress", null,
                    p -> p.m.requests().isEmpty() && !(p.m.controller() != null && "NEW".equals(p.m.initialState()))
                            ? "no request, and no controller created by the model (initial state NEW): nothing must"
                                    + " progress"
                            : null,
                    Properties::progress));

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

    /** SleepInAtomic: nothing that may sleep runs under a spinlock, or in an LLDD callback, irq or timer context. */
    private void sleepInAtomic() {
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
        for (Provenance.LabelInfo l : moduleText.labels.values()) {
            if (!l.sleeps()) {
                continue;
            }
            if (l.prim() == Prim.WAITLOCK_BEGIN) {
                Code c = a.codes.get(l.entry());
                Op op = (Op) c.nodes().stream().filter(n -> a.label(c, n.id()).equals(l.label())).findFirst().orElseThrow();
                withLock.computeIfAbsent(a.ent(op.args().get(1)), k -> new ArrayList<>()).add(l.label());
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
    }

    /** WaitCycle: no context waits (through work items, timers and locks) for itself. */
    private void waitCycle() {
        out.append("\n\\* WaitCycle: the contexts a blocked context waits for (a running work's worker, a lock owner)\n");
        List<String> cases = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Provenance.LabelInfo l : moduleText.labels.values()) {
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
    }

    /** IoAccounting: every 'assert IoAccounting: ...' held where it was reached. */
    private void ioAccounting() {
        if (notApplicable("IoAccounting") != null) {
            return;
        }
        out.append("\\* IoAccounting: every 'assert IoAccounting: ...' held where it was reached\n");
        out.append("IoAccounting == g.").append(Ghosts.ASSERT).append(" = ").append(NONE).append("\n\n");
    }

    /** UseAfterFree: nothing of the controller runs or is queued after its last reference is dropped. */
    private void useAfterFree() {
        if (notApplicable("UseAfterFree") != null) {
            return;
        }
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

    /** LostError: LIVE on a failed association leads to leaving LIVE. */
    private void lostError() {
        if (notApplicable("LostError") != null) {
            return;
        }
        String ctl = "g." + m.controller();
        out.append("\\* LostError: LIVE on a failed association leads to leaving LIVE\n");
        out.append("LostError == (g.").append(Ghosts.ASSOC_FAILED).append(" /\\ ").append(ctl)
                .append(" = \"LIVE\") ~> (").append(orLateSpent(ctl + " # \"LIVE\"")).append(")\n\n");
    }

    /** Progress: defined even where it does not apply (no request, no controller created): TLC is not run on it. */
    private void progress() {
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

    /** {@code cond}, or also a state where the late-expiry bound cut the behaviour off (see lateSpent). */
    private String orLateSpent(String cond) {
        return moduleText.late.isEmpty() ? cond : cond + " \\/ LateSpent";
    }
}
