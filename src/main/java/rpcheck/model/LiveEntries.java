package rpcheck.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.model.Ir.Branch;
import rpcheck.model.Ir.Code;
import rpcheck.model.Ir.Entity;
import rpcheck.model.Ir.LocalSet;
import rpcheck.model.Ir.Node;
import rpcheck.model.Ir.Op;
import rpcheck.model.Ir.RqField;
import rpcheck.model.Ir.Val;

/**
 * The entries that can ever start, and the requests that can ever leave their initial state, once the branches
 * decided at generation are gone ({@code if io_queues > 0} with {@code io_queues = 0} for every property): a
 * request that no remaining code names is never started, so its timer never expires, the LLDD never completes it,
 * and a work item that no remaining code names is never queued. Their actions would only be tried and found
 * disabled in every state of every run; the module leaves them out (the states, and so every verdict and trace,
 * are the same). Likewise the workers of a workqueue beyond as many as it has live work items never leave idle
 * ({@link #runningWorkers}): the module has no steps for them (they stay in the state, idle).
 *
 * <p>Why naming is enough: a step writes {@code rq[r]} or {@code wk[w].pend} only for the entities its operation
 * names (its arguments: {@code StepContext.entity}, a request field {@code r.f}); the environment starts a work
 * item's run only when it is pending, and touches a request only when a step has made it in flight or handed it
 * to the LLDD. So, from the entries that need nothing to start (a context's main function, an event in a
 * context), the fixpoint below adds what they name, the entries that this makes able to start (a work item's
 * handler, an LLDD completion of a named request), what those name, and so on: a request (or its queue) named
 * anywhere in a live entry is live, as is a work item named anywhere (even by cancel_work_sync), the timeout work
 * of a live request's queue (its timer queues it), and every work an event queues (whatever its budget). The
 * result over-approximates what can happen; it never leaves out an entry that can start.
 */
final class LiveEntries {
    private LiveEntries() {
    }

    /** {@code program} with only its live entries (in their order) and, as its live requests, those they name. */
    static Ir.Program prune(Ir.Program program) {
        Model m = program.model();
        List<Code> codes = program.codes();
        Set<String> requests = new TreeSet<>();
        Set<String> works = new TreeSet<>();
        for (Model.WorkItem w : m.works().values()) {
            if (w.eventOf() != null) {
                works.add(w.name()); // an event queues it (ON_WORKQUEUE): the environment, not a step, names it
            }
        }
        boolean timers = m.events().values().stream().anyMatch(e -> e.kind() == Model.EventKind.REQUEST_TIMEOUT);
        Set<Code> live = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Code c : codes) {
                if (live.contains(c) || !canStart(c, requests, works)) {
                    continue;
                }
                live.add(c);
                grew = true;
                for (Node n : c.nodes()) {
                    for (Val v : values(n)) {
                        for (Val p : Ir.parts(v)) {
                            named(m, p, requests, works);
                        }
                    }
                }
                if (timers) {
                    for (String r : requests) {
                        works.add(Model.timeoutWork(m.requests().get(r))); // its timer expires and queues it
                    }
                }
            }
        }
        List<Code> out = new ArrayList<>();
        for (Code c : codes) {
            if (live.contains(c)) {
                out.add(c);
            }
        }
        return new Ir.Program(m, out, program.locals(), program.decidedBounds(), program.statesAsserts(), requests,
                runningWorkers(m, out));
    }

    /**
     * For each workqueue, how many of its workers can ever run a work item: as many as it has live work items, at
     * most all. Why the others stay idle: a worker is busy exactly while it runs a work item (the start sets
     * {@code wk[w].run} to it and leaves idle, the return clears both in one step), a work item starts only when
     * it does not run ({@code wk[w].run = "none"}), and it starts on the first idle worker ({@code FirstIdle}). So
     * when one of k work items starts, at most k - 1 workers run the others, one of the first k is idle, and the
     * first idle worker is among them; a worker after the k-th never leaves idle, and its steps are never taken.
     */
    private static Map<String, Integer> runningWorkers(Model m, List<Code> live) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        m.workqueues().forEach((wq, n) -> out.put(wq, (int) Math.min(n, live.stream()
                .filter(c -> c.kind() == Ir.EntryKind.WORK && m.works().get(c.entry()).workqueue().equals(wq))
                .count())));
        return out;
    }

    /** Whether {@code c} can start given what live entries name so far. */
    private static boolean canStart(Code c, Set<String> requests, Set<String> works) {
        return switch (c.kind()) {
            case CONTEXT_MAIN, EVENT -> true;
            case WORK -> works.contains(c.entry());
            case LLDD_DONE -> requests.contains(c.request());
        };
    }

    /** Every value a node mentions: an operation's arguments (the place an assignment writes included). */
    private static List<Val> values(Node n) {
        if (n instanceof Op op) {
            return op.args();
        } else if (n instanceof Branch b) {
            return List.of(b.cond());
        }
        return List.of(((LocalSet) n).value());
    }

    /** Adds the requests and work items {@code v} names; a queue names its requests and its timeout work. */
    private static void named(Model m, Val v, Set<String> requests, Set<String> works) {
        String name;
        if (v instanceof Entity e) {
            name = e.name();
        } else if (v instanceof RqField f) {
            name = f.rq();
        } else {
            return;
        }
        if (m.requests().containsKey(name)) {
            requests.add(name);
        }
        if (m.works().containsKey(name)) {
            works.add(name);
        }
        for (Map.Entry<String, String> r : m.requests().entrySet()) {
            if (r.getValue().equals(name)) {
                requests.add(r.getKey());
            }
        }
        if (m.requests().containsValue(name) || m.queueTimeoutFn().containsKey(name)) {
            works.add(Model.timeoutWork(name));
        }
    }
}
