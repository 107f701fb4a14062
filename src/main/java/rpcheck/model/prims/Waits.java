package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.NONE;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.not;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;
import static rpcheck.model.prims.ArgKind.SPINLOCK;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/** Waits on conditions and plain sleep points: include/linux/wait.h, kernel/sched/core.c. */
final class Waits implements Family {
    @Override
    public String name() {
        return "waits";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("wait_event"), name(), List.of(VALUE), 1, true, List.of(Prim.WAIT_EVENT),
                        "include/linux/wait.h", "sleeps until `cond` holds (the wait queue is not modelled: any"
                                + " change of what `cond` reads wakes it)",
                        cx -> cx.plain(Prim.WAIT_EVENT, List.of(cx.arg(0)))),
                new Primitive(List.of("wait_event_timeout"), name(), List.of(VALUE, VALUE), 2, true,
                        List.of(Prim.WAIT_EVENT_TIMEOUT), "include/linux/wait.h",
                        "sleeps until `cond` holds or the timeout expires, at any time (time is not modelled): returns"
                                + " nonzero if `cond` held, 0 on timeout; never stuck, so a lost wake-up shows only"
                                + " as the timeout path",
                        cx -> cx.valued(Prim.WAIT_EVENT_TIMEOUT, List.of(cx.arg(0)), cx.site())),
                new Primitive(List.of("wait_event_lock_irq"), name(), List.of(VALUE, SPINLOCK), 2, true,
                        List.of(Prim.WAITLOCK_BEGIN, Prim.WAITLOCK_WAIT), "include/linux/wait.h",
                        "called with `l` held; tests `cond` first (no might_sleep()): if it holds, returns at once"
                                + " (no sleep, the lock untouched), else drops `l` while it sleeps and retakes it",
                        cx -> cx.twoPhase(Prim.WAITLOCK_BEGIN, Prim.WAITLOCK_WAIT, List.of(cx.arg(0), cx.entity(1)),
                                cx.site(), false)),
                new Primitive(List.of("might_sleep", "msleep", "usleep_range", "schedule", "cond_resched"), name(),
                        List.of(VALUE, VALUE), 0, true, List.of(Prim.MIGHT_SLEEP), "include/linux/kernel.h",
                        "sleep points (time is not modelled: they only sleep)", Waits::sleepPoint));
    }

    /** A sleep point: might_sleep(), msleep(), ... (also synchronize_rcu() where nothing reads under RCU). */
    static LowerContext.Result sleepPoint(LowerContext cx) {
        return cx.plain(Prim.MIGHT_SLEEP, List.of(new Ir.Const(new Model.Value(cx.fn() + "()" + cx.inFunction(),
                Model.Type.STRING))));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.WAIT_EVENT, s -> {
            Ir.Val cond = s.op().args().get(0);
            s.guard(s.operand(cond));
            s.text("wait_event(" + s.show(cond) + ")");
            s.waitsOn(s.show(cond));
        });
        out.put(Prim.WAIT_EVENT_TIMEOUT, s -> {
            // one action: the condition held (possibly after a wake-up), or the timeout expired first
            Ir.Val cond = s.op().args().get(0);
            s.result(paren(ite(s.operand(cond), Tla.num(1), Tla.num(0))));
            s.text("wait_event_timeout(" + s.show(cond) + ") returns");
        });
        out.put(Prim.WAITLOCK_BEGIN, s -> {
            Ir.Val cond = s.op().args().get(0);
            String l = s.entity(1);
            Tla.Expr must = not(paren(s.operand(cond)));
            s.result(must);
            Locks.recordUnheldRelease(s, l, must); // it releases the lock, as spin_unlock_irq(): LockBalance
            s.effect("lk", update(ite(must, NONE, AT), str(l)));
            s.text("wait_event_lock_irq(" + s.show(cond) + ", " + l + ") begins");
        });
        out.put(Prim.WAITLOCK_WAIT, s -> {
            Ir.Val cond = s.op().args().get(0);
            String l = s.entity(1);
            s.guard(and(s.operand(cond), eq(s.state("lk", l), NONE)));
            s.effect("lk", update(SELF, str(l)));
            s.text("wait_event_lock_irq(" + s.show(cond) + ", " + l + ") returns");
            s.waitsOn(s.show(cond));
        });
        out.put(Prim.MIGHT_SLEEP, s -> s.text("might_sleep: " + ((Ir.Const) s.op().args().get(0)).value().v()));
    }
}
