package rpcheck.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import rpcheck.model.prims.Prim;

/**
 * What of the controller a lowered statement touches, for UseAfterFree: once the last reference is dropped,
 * a context about to run such a statement is about to use freed memory.
 *
 * <p>The controller's memory, as the DSL declares it: the controller state ({@code ctrl.state}), every
 * {@code flag} and {@code counter} (a {@code kref} included: they are fields of the controller's structs), and
 * every work item of the controller ({@code work}/{@code delayed_work} that is not a queue's timeout work nor an
 * event's: it is embedded in the controller), and what the spec declares {@code in ctrl}: a {@code var}, a
 * {@code spinlock}, a {@code request_field}, a {@code mutex}, a {@code completion}, an {@code srcu}, an
 * {@code rw_semaphore} or a {@code timer} whose memory is freed with the controller ({@code spinlock ctrl_lock in ctrl}; nvme-fc's op fields,
 * in the tag set's pdus or the controller's aen_ops). Not counted, because the declaration does not say it is the
 * controller's: the others (e.g. the remote port's state; the DSL's request fields also carry the model's
 * bookkeeping of the transport, {@code rq.lldd}: the LLDD owns the exchange; tcp's {@code on_sock}: the socket can
 * still answer, which the kernel keeps elsewhere) and request queues (refcounted on their own). A timer is a work
 * item of the controller (UseAfterFree: armed or running after the free) only if declared {@code in ctrl}
 * ({@link Model#ctrlWorks}). Nor are model annotations ({@code assert}, {@code assoc_begin()},
 * {@code assoc_failed()}, {@code assoc_end()}, {@code might_sleep()}), which are not kernel code. A {@code kref_put} release function runs
 * before the memory is freed: the controller is freed by the put without a release, or by the release's
 * {@code kfree(ctrl)}, so what the release does before it (unlinking the controller under a lock) is no use after
 * free, and what a context does after it is. What one action touches is what every way through it touches
 * (tla.StepActions): a statement behind a branch inside a critical section run as one step is counted only if
 * the other way touches the same.
 */
public final class Ownership {
    private final Model m;
    private final Set<String> ctrlWorks;

    public Ownership(Ir.Program program) {
        this.m = program.model();
        this.ctrlWorks = m.ctrlWorks();
    }

    /** Whether the spec frees the controller (a kref's last put, or kfree(ctrl) in its release). */
    public boolean applies() {
        return !m.krefs().isEmpty(); // kfree(ctrl) needs a kref too (the catalogue checks)
    }

    /**
     * The parts of the controller that node {@code n} reads or writes, in words, in the order it names them
     * ({@code flag ASSOC_ACTIVE}, {@code counter iocnt}, {@code kref fc_ref}, {@code ctrl.state},
     * {@code work reset_work}); empty if it touches none.
     */
    public List<String> accesses(Ir.Node n) {
        // the model's annotations and might_sleep()'s check touch nothing of the controller
        if (n instanceof Ir.Op op && (op.prim().annotation() || op.prim() == Prim.MIGHT_SLEEP)) {
            return List.of();
        }
        List<Ir.Val> vals = new ArrayList<>(Ir.reads(n));
        if (n instanceof Ir.Op op && op.prim() == Prim.ASSIGN) {
            vals.add(op.args().get(0));
        }
        Set<String> out = new LinkedHashSet<>();
        if (n instanceof Ir.Op op && op.prim() == Prim.CHANGE_STATE && m.controller() != null) {
            // core.c's nvme_change_ctrl_state() takes ctrl->lock and reads ctrl->state, allowed or not (the
            // argument is the new state only: the controller is implied)
            out.add("ctrl.state");
        }
        for (Ir.Val v : vals) {
            surely(v, out);
        }
        return List.copyOf(out);
    }

    /**
     * The parts {@code v} reads whatever the values: C evaluates the right operand of {@code &&} and {@code ||} only
     * if the left one does not decide, so only the left one counts (`terminate_assoc && ctrl->ctrl.state != ...`
     * reads the state only after a failed exchange; the step is not known to touch it).
     */
    private void surely(Ir.Val v, Set<String> out) {
        if (v instanceof Ir.Bin b) {
            surely(b.left(), out);
            if (!b.op().equals("&&") && !b.op().equals("||")) {
                surely(b.right(), out);
            }
        } else if (v instanceof Ir.Un u) {
            surely(u.operand(), out);
        } else {
            String what = part(v);
            if (what != null) {
                out.add(what);
            }
        }
    }

    private String part(Ir.Val x) {
        if (x instanceof Ir.Global g) {
            if (g.name().equals(m.controller())) {
                return "ctrl.state";
            }
            if (m.flags().containsKey(g.name())) {
                return "flag " + g.name();
            }
            if (m.counters().containsKey(g.name())) {
                return (m.krefs().contains(g.name()) ? "kref " : "counter ") + g.name();
            }
            if (Model.COMPLETION.equals(m.objects().get(g.name()))) {
                return m.ctrlMemory().contains(g.name()) ? "completion " + g.name() : null;
            }
            return m.ctrlMemory().contains(g.name()) ? "var " + g.name() : null; // a var without 'in ctrl': not known
        }
        if (x instanceof Ir.RqField f) {
            return m.ctrlMemory().contains(f.field()) ? f.rq() + "." + f.field() : null;
        }
        if (x instanceof Ir.Entity e) {
            return switch (e.kind()) {
                case "controller" -> "ctrl.state";
                case "work" -> ctrlWorks.contains(e.name()) ? "work " + e.name() : null;
                case "lock" -> m.ctrlMemory().contains(e.name()) ? "lock " + e.name() : null;
                // declared 'in ctrl': a timer_list, mutex, srcu_struct, completion or rw_semaphore of the controller
                case Model.TIMER, Model.MUTEX, Model.SRCU, Model.COMPLETION, Model.RWSEM ->
                        m.ctrlMemory().contains(e.name()) ? e.kind() + " " + e.name() : null;
                default -> null;
            };
        }
        return null;
    }
}
