package rpcheck.trace;

import rpcheck.model.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    Explainer(Provenance prov, StateView last, List<TraceStep> steps, Integer loopsTo) {
        this.prov = prov;
        this.last = last;
        this.steps = steps;
        this.loopsTo = loopsTo;
    }

    Explanation explain(Property property) {
        return switch (property) {
            case WAIT_CYCLE -> waitCycle();
            case SLEEP_IN_ATOMIC -> sleepInAtomic();
            case DEADLOCK -> deadlock();
            case IO_ACCOUNTING -> assertion();
            case USE_AFTER_FREE -> useAfterFree();
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
        return new Explanation(offender, position(first.label()), first.chain(), ordered, List.of(), ordered);
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
        for (boolean strict : new boolean[] {true, false}) {
            for (String c : order) {
                Explanation e = sleeper(c, strict);
                if (e != null) {
                    return e;
                }
            }
        }
        return new Explanation(null, null, List.of(), List.of(),
                List.of("no context sleeps while atomic in the final state (internal: the trace does not match"
                        + " the invariant)"));
    }

    /** The explanation if context {@code c} is about to sleep, or just passed might_sleep, while atomic. */
    private Explanation sleeper(String c, boolean strict) {
        String marker = last.sleepMarker(c);
        Provenance.LabelInfo at = prov.labels().get(last.pc(c));
        Provenance.LabelInfo sleep = marker != null && prov.labels().containsKey(marker) ? prov.labels().get(marker)
                : at != null && at.sleeps() ? at : null;
        if (sleep == null) {
            return null;
        }
        String kind = prov.contextKinds().get(c);
        List<String> locks = last.locksHeldBy(c);
        boolean releasesOne = sleep.prim() == Prim.WAITLOCK_BEGIN && strict;
        boolean atomicKind = "lldd".equals(kind) || "irq".equals(kind) || "timer".equals(kind);
        if (!atomicKind && locks.size() <= (releasesOne ? 1 : 0)) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        String what = marker != null ? sleep.text() : sleep.text().replaceFirst(" begins$", "");
        notes.add(c + " may sleep (" + what + ") at " + position(sleep) + " while " + atomicReason(kind, locks));
        List<String> chain = marker != null ? Chains.of(sleep.site()) : Chains.of(sleep);
        return new Explanation(c, position(sleep), chain, List.of(), notes);
    }

    private static String atomicReason(String kind, List<String> locks) {
        List<String> why = new ArrayList<>();
        if ("lldd".equals(kind)) {
            why.add("it runs in an LLDD callback context, which must not sleep");
        } else if ("timer".equals(kind)) {
            why.add("it runs a timer callback, in softirq context, which must not sleep");
        } else if ("irq".equals(kind)) {
            why.add("it runs in interrupt context");
        }
        if (!locks.isEmpty()) {
            why.add("it holds spinlock " + String.join(", ", locks));
        }
        return String.join(" and ", why);
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
            return new Explanation(cyc.offender(), cyc.position(), cyc.chain(), waits, notes, cyc.cycle());
        }
        String actor = lastActor();
        Wait off = waits.stream().filter(w -> w.context().equals(actor)).findFirst()
                .orElse(waits.isEmpty() ? null : waits.get(0));
        if (off == null) {
            return new Explanation(null, null, List.of(), waits, notes);
        }
        return new Explanation(off.context(), position(off.label()), off.chain(), waits, notes);
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
        return new Explanation(who, position(li), Chains.of(li), last.blockedWaits(), notes);
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

    private Explanation useAfterFree() {
        String freer = last.global(Ghosts.FREED);
        List<String> notes = new ArrayList<>();
        int freedAt = -1;
        for (TraceStep s : steps) {
            if (s.changes().stream().anyMatch(ch -> ch.path().equals("g." + Ghosts.FREED))) {
                freedAt = s.number();
                break;
            }
        }
        notes.add("the controller was freed" + (freedAt > 0 ? " in step " + freedAt : "")
                + (freer == null ? "" : " by " + freer) + " (its last reference was dropped)");
        List<String> busy = last.busyWorks();
        if (!busy.isEmpty()) {
            notes.add("work items of the freed controller still in use: " + String.join(", ", busy));
        }
        String who = lastActor();
        TraceStep lastStep = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return new Explanation(who, lastStep == null ? null : lastStep.position(),
                lastStep == null ? List.of() : lastStep.chain(), List.of(), notes);
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
        return new Explanation(live.context(), live.position(), live.chain(), last.blockedWaits(), notes);
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
        notes.add(teardown.context() + " tore the association down in step " + teardown.number() + " at "
                + teardown.position() + (stateThen == null ? "" : " (the controller was " + stateThen + " then)"));
        notes.add("no new association began, yet the controller is " + last.global("ctrl") + " and stays so: "
                + loopText());
        notes.add("no context that can still run takes it out of LIVE (checked under weak fairness of every"
                + " context, worker and LLDD completion)");
        return new Explanation(teardown.context(), teardown.position(), teardown.chain(), last.blockedWaits(), notes);
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

    // ------------------------------------------------------------------ helpers

    private String position(String label) {
        Provenance.LabelInfo li = prov.labels().get(label);
        return li == null ? null : position(li);
    }

    private static String position(Provenance.LabelInfo li) {
        return li.site() == null ? null : li.site().span().position();
    }
}
