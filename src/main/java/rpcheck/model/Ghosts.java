package rpcheck.model;

/**
 * Names of the ghost fields the generator adds to the global record {@code g} for the properties that need
 * them. They are not kernel state: they record facts about the behaviour so far (what the environment did,
 * which assertion failed) for the invariants and temporal formulas to read.
 */
public final class Ghosts {
    /** TRUE once an event declared {@code fails association} fired and no {@code assoc_begin()} came after. */
    public static final String ASSOC_FAILED = "rp_assoc_failed";
    /**
     * TRUE once the driver tore the association down ({@code assoc_end()}) and no {@code assoc_begin()} came after:
     * the controller has no working association behind it (LiveWithoutAssoc).
     */
    public static final String ASSOC_GONE = "rp_assoc_gone";
    /** "none", or the label of the first {@code assert IoAccounting: ...} found false. */
    public static final String ASSERT = "rp_assert";
    /** How many timers expired beyond the bounds because nothing but timers could happen (at most |Reqs|). */
    public static final String LATE = "rp_late";
    /**
     * How many times a timer expired again after its handler returned BLK_EH_RESET_TIMER. A re-expiry is the same
     * fault (the request is still unanswered), so it is not counted in {@code events}; a behaviour has at most
     * {@code reexpiries} of them if the spec declares that bound, else (the event's own bound - 1).
     */
    public static final String REEXPIRED = "rp_reexpired";
    /** "none", or the context that dropped the controller's last reference ({@code kref_put}). */
    public static final String FREED = "rp_freed";
    /**
     * "none", or the first lock a context released without holding it (LockBalance): lockdep's "bad unlock balance
     * detected" (kernel/locking/lockdep.c, print_unlock_imbalance_bug()). Only in a module where some release may
     * find its lock not held ({@link HeldLocks}).
     */
    public static final String UNHELD_UNLOCK = "rp_unheld_unlock";

    /**
     * {@code g.rp_flush_<wq>}: for each context, the work items of workqueue {@code wq} its flush_workqueue(wq) still
     * waits for, as pairs {@code <<work, "P">>} (the instance pending when the flush began has not started yet) and
     * {@code <<work, "R">>} (the instance it waits for runs). kernel/workqueue.c __flush_workqueue() gives the works
     * queued before it the flush color and waits until no work of that color is in flight; a work queued after it
     * began (also by a flushed work) is not waited for. Only for a workqueue some flush_workqueue() names.
     */
    public static String flushOf(String wq) {
        return "rp_flush_" + wq;
    }

    /**
     * {@code g.rp_timer_<w>}: delayed work {@code w} is pending on its timer (queue_delayed_work() with a delay armed
     * dwork->timer; delayed_work_timer_fn() will queue it), not yet on its workqueue's list. Only for a delayed work
     * where that makes a difference ({@link #timedWorks}); elsewhere the timer's firing and the work's start are one
     * step, as a flush_delayed_work() or cancel_delayed_work() cannot tell them apart.
     */
    public static String timerOf(String work) {
        return "rp_timer_" + work;
    }

    /**
     * The delayed works whose timer the model keeps apart from the list ({@link #timerOf}): those that a plain
     * flush_work() names (kernel/workqueue.c: it does not wait for an instance still on its timer, where
     * flush_delayed_work() fires the timer first), or whose workqueue a flush_workqueue(), drain_workqueue() or
     * destroy_workqueue() names (they wait only for what is on the workqueue).
     */
    public static java.util.Set<String> timedWorks(Ir.Program program) {
        Model m = program.model();
        java.util.Set<String> flushedWqs = new java.util.TreeSet<>();
        java.util.Set<String> flushed = new java.util.TreeSet<>();
        program.codes().stream().flatMap(c -> c.nodes().stream()).forEach(n -> {
            if (n instanceof Ir.Op op && !op.args().isEmpty() && op.args().get(0) instanceof Ir.Entity e) {
                switch (op.prim()) {
                    case FLUSH_WQ_BEGIN, FLUSH_WORKQUEUE -> flushedWqs.add(e.name());
                    case FLUSH_BEGIN -> {
                        if ("flush_work".equals(op.kernelName())) {
                            flushed.add(e.name());
                        }
                    }
                    default -> { }
                }
            }
        });
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Model.WorkItem w : m.works().values()) {
            if (w.delayed() && (flushed.contains(w.name()) || flushedWqs.contains(w.workqueue()))) {
                out.add(w.name());
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /**
     * The ghost fields that step rules may write which the generated module of {@code program} has in g (they may
     * write them only where they exist): the association ghosts, LockBalance's, the flushes of workqueues and the
     * readers RCU grace periods wait for. Computed once per program by its users (the generator's Analyses, a trace's
     * Lowered): LockBalance's needs a pass over every entry's code.
     */
    public static java.util.Set<String> present(Ir.Program program) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (program.uses(rpcheck.model.prims.Prim.ASSOC_END)) {
            out.add(ASSOC_GONE);
        }
        if (program.model().hasAssociationFaults()) {
            out.add(ASSOC_FAILED);
        }
        // or an unfreeze, which may find its queue not frozen (the depth is the queue's, not a context's)
        if (HeldLocks.mayReleaseUnheld(program) || program.codes().stream().flatMap(c -> c.nodes().stream())
                .anyMatch(n -> n instanceof Ir.Op op && op.prim() == rpcheck.model.prims.Prim.UNFREEZE)) {
            out.add(UNHELD_UNLOCK);
        }
        program.codes().stream().flatMap(c -> c.nodes().stream())
                .filter(n -> n instanceof Ir.Op op && op.prim() == rpcheck.model.prims.Prim.FLUSH_WQ_BEGIN)
                .forEach(n -> out.add(flushOf(((Ir.Entity) ((Ir.Op) n).args().get(0)).name())));
        timedWorks(program).forEach(w -> out.add(timerOf(w)));
        // the readers each grace period waits for, in the RCU domains some synchronize_rcu/srcu() waits on
        program.codes().stream().flatMap(c -> c.nodes().stream())
                .filter(n -> n instanceof Ir.Op op && op.prim() == rpcheck.model.prims.Prim.SYNC_BEGIN)
                .forEach(n -> out.add(rpcheck.model.prims.Rcu.graceWaits(
                        ((Ir.Entity) ((Ir.Op) n).args().get(0)).name())));
        return java.util.Collections.unmodifiableSet(out);
    }

    private Ghosts() {
    }
}
