package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.at;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.ArgKind.FUNCTION;
import static rpcheck.model.prims.ArgKind.TIMER;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/**
 * Driver timers (struct timer_list): kernel/time/timer.c. A timer declared {@code timer t runs fn} is a work item
 * {@code t} whose only worker, {@code t#1}, is the timer's softirq context (atomic: its callback must not sleep):
 * armed is pending, the callback running is running. Time is not modelled: an armed timer may fire at any later
 * point, and under the liveness properties' fairness it does fire. Deleting a timer with timer_delete_sync() from
 * its own callback waits for itself (a WaitCycle). timer_delete_sync() busy-waits for a running callback: on a
 * kernel without PREEMPT_RT it never sleeps (__timer_delete_sync(): try_to_del_timer_sync() and cpu_relax() until
 * the callback has returned), which is why the kernel documents it as callable with locks held, as long as the
 * callback does not need them; on PREEMPT_RT, where spinlock_t does not disable preemption, a spinlock's holder
 * may call it too. So it is not a sleep for SleepInAtomic; a wait for a callback that needs a lock the caller
 * holds is still a hang (Deadlock, WaitCycle).
 */
final class Timers implements Family {
    private static final String SRC = "kernel/time/timer.c";
    /**
     * The entry of a timer's {@code dis} set once timer_shutdown_sync() has shut it down: it is never re-armed. Not an
     * identifier, so no context's name (the set's other members) can be it.
     */
    private static final String SHUTDOWN = "shut down";

    @Override
    public String name() {
        return "timers";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("timer_setup"), name(), List.of(TIMER, FUNCTION, VALUE), 1, false, List.of(),
                        SRC, "binds the callback: the declaration `timer t runs fn` already did; no step",
                        Timers::setup),
                new Primitive(List.of("mod_timer", "add_timer", "timer_reduce"), name(), List.of(TIMER, VALUE), 1,
                        false, List.of(Prim.TIMER_ARM), SRC,
                        "arms the timer (re-arms a pending one); returns whether it was pending. The callback runs"
                                + " later in the timer's softirq context",
                        cx -> cx.valued(Prim.TIMER_ARM, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("timer_delete", "del_timer"), name(), List.of(TIMER), 1, false,
                        List.of(Prim.TIMER_DELETE), SRC,
                        "disarms a pending timer, does not wait for a running callback; returns whether it was"
                                + " pending",
                        cx -> cx.valued(Prim.TIMER_DELETE, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("timer_delete_sync", "del_timer_sync", "timer_shutdown_sync"), name(),
                        List.of(TIMER), 1, false, List.of(Prim.TIMER_DELETE_SYNC_BEGIN, Prim.TIMER_DELETE_SYNC_WAIT),
                        SRC, "disarms the timer and waits for a running callback to return (from the callback itself"
                                + " it waits for itself: a WaitCycle). It spins (`cpu_relax()`) rather than sleeps,"
                                + " so it may be called under a spinlock or from another timer's callback (not"
                                + " SleepInAtomic); holding a lock that the callback takes is a Deadlock. Not"
                                + " flagged: a call from hardirq context, which timer.c warns of unless the timer is"
                                + " TIMER_IRQSAFE (the model does not tell hardirq from softirq). `timer_shutdown_sync`"
                                + " also shuts the timer down: a later `mod_timer` or `add_timer` is ignored (returns"
                                + " false), as timer.c's `__mod_timer()` does for a timer without a function",
                        cx -> cx.twoPhase(Prim.TIMER_DELETE_SYNC_BEGIN, Prim.TIMER_DELETE_SYNC_WAIT,
                                List.of(cx.entity(0)), cx.site(), false)));
    }

    private static LowerContext.Result setup(LowerContext cx) {
        if (cx.args().size() > 1) {
            String fn = (String) ((Ir.Const) cx.arg(1)).value().v();
            String declared = cx.model().works().get(cx.name(0)).handler();
            if (!fn.equals(declared)) {
                cx.error("timer '" + cx.name(0) + "' is declared to run '" + declared + "', not '" + fn + "'",
                        "declare it 'timer " + cx.name(0) + " runs " + fn + "'");
            }
        }
        return cx.read(new Ir.Const(Model.Value.of(0)));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.TIMER_ARM, s -> {
            String t = s.entity(0);
            Tla.Expr wk = s.state("wk", t);
            s.result(dot(wk, "pend"));
            s.effect("wk", at(t, "pend", ite(eq(dot(wk, "dis"), set()), Tla.TRUE, AT)));
            s.text(s.called() + "(" + t + ")");
        });
        out.put(Prim.TIMER_DELETE, s -> {
            String t = s.entity(0);
            s.result(dot(s.state("wk", t), "pend"));
            s.effect("wk", at(t, "pend", Tla.FALSE));
            s.text(s.called() + "(" + t + ")");
        });
        out.put(Prim.TIMER_DELETE_SYNC_BEGIN, s -> {
            Workqueues.disable(s, s.entity(0));
            if (s.called().equals("timer_shutdown_sync")) {
                // timer_shutdown_sync(): the timer's function is cleared, so every later mod_timer()/add_timer()
                // is silently ignored (kernel/time/timer.c __mod_timer(): "if (!timer->function) goto out_unlock");
                // a disabler that no awaitIdle() removes (timer_setup(), which would re-initialize it, is no step)
                s.effect("wk", at(s.entity(0), "dis", infix("\\cup", AT, set(str(SHUTDOWN)))));
            }
            s.text(s.called() + "(" + s.entity(0) + ") begins");
        });
        out.put(Prim.TIMER_DELETE_SYNC_WAIT, s -> {
            Workqueues.awaitIdle(s, s.entity(0));
            s.text(s.called() + "(" + s.entity(0) + ") returns: the callback is not running");
        });
    }
}
