package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.NONE;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.neq;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;
import static rpcheck.model.prims.ArgKind.IRQ_FLAGS;
import static rpcheck.model.prims.ArgKind.MUTEX;
import static rpcheck.model.prims.ArgKind.SPINLOCK;

import java.util.List;

import rpcheck.model.Ghosts;
import java.util.Map;

/**
 * Spinlocks (include/linux/spinlock.h, kernel/locking/spinlock.c) and mutexes (kernel/locking/mutex.c). Both
 * have one owner in {@code lk}; only a spinlock makes its holder atomic (SleepInAtomic), and taking a mutex
 * may sleep, so taking one under a spinlock or in LLDD/irq context is SleepInAtomic. A context blocked on either
 * waits for the owner (WaitCycle, the wait-for graph).
 */
final class Locks implements Family {
    @Override
    public String name() {
        return "locks";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("spin_lock", "spin_lock_irqsave", "spin_lock_irq", "spin_lock_bh"), name(),
                        List.of(SPINLOCK, IRQ_FLAGS), 1, false, List.of(Prim.LOCK), "kernel/locking/spinlock.c",
                        "mutual exclusion; the holder is atomic. `_irqsave` and `_irq` also disable hard interrupts,"
                                + " `_bh` softirqs (IrqUnsafeLock; the flags argument is not modelled: the state"
                                + " `_irqsave` saves is)",
                        cx -> cx.plain(Prim.LOCK, List.of(cx.entity(0)))),
                new Primitive(List.of("spin_unlock", "spin_unlock_irqrestore", "spin_unlock_irq", "spin_unlock_bh"),
                        name(), List.of(SPINLOCK, IRQ_FLAGS), 1, false, List.of(Prim.UNLOCK), "kernel/locking/spinlock.c",
                        "releases the spinlock; the caller must hold it (LockBalance). `_irqrestore` gives back the"
                                + " interrupt state its `_irqsave` saved, `_irq` enables hard interrupts, `_bh`"
                                + " softirqs at the last nesting (IrqUnsafeLock)",
                        cx -> cx.plain(Prim.UNLOCK, List.of(cx.entity(0)))),
                new Primitive(List.of("spin_trylock", "spin_trylock_irqsave", "spin_trylock_bh"), name(),
                        List.of(SPINLOCK, IRQ_FLAGS), 1, false, List.of(Prim.SPIN_TRYLOCK), "kernel/locking/spinlock.c",
                        "takes the spinlock if it is free and returns true (the holder is then atomic), else returns"
                                + " false; never spins (a failed `_irqsave` or `_bh` try leaves the interrupts as they"
                                + " were). The result is a bool: test it as `if spin_trylock(l)`, not against 1",
                        cx -> cx.valued(Prim.SPIN_TRYLOCK, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("mutex_lock", "mutex_lock_interruptible", "mutex_lock_killable"), name(),
                        List.of(MUTEX), 1, true, List.of(Prim.MUTEX_LOCK), "kernel/locking/mutex.c",
                        "sleeps until the mutex is free, then owns it; the holder may sleep (it is not atomic)."
                                + " The interruptible and killable forms are modelled as never interrupted",
                        cx -> cx.plain(Prim.MUTEX_LOCK, List.of(cx.entity(0)))),
                new Primitive(List.of("mutex_trylock"), name(), List.of(MUTEX), 1, false, List.of(Prim.MUTEX_TRYLOCK),
                        "kernel/locking/mutex.c", "takes the mutex if it is free and returns true, else returns"
                                + " false; never sleeps. The result is a bool: test it as `if mutex_trylock(m)`, not"
                                + " against 1",
                        cx -> cx.valued(Prim.MUTEX_TRYLOCK, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("mutex_unlock"), name(), List.of(MUTEX), 1, false, List.of(Prim.MUTEX_UNLOCK),
                        "kernel/locking/mutex.c", "releases the mutex; the caller must hold it (LockBalance)",
                        cx -> cx.plain(Prim.MUTEX_UNLOCK, List.of(cx.entity(0)))));
    }

    /** spin_trylock(), mutex_trylock(): take the lock if it is free; the result says whether it did. */
    private static void tryLock(StepContext s) {
        String l = s.entity(0);
        s.result(paren(eq(s.state("lk", l), NONE)));
        s.effect("lk", update(ite(eq(AT, NONE), SELF, AT), str(l)));
        s.text(s.called() + "(" + l + ")");
    }

    /** spin_lock(), mutex_lock(): wait until the lock is free, then own it. */
    private static void lock(StepContext s, String call) {
        String l = s.entity(0);
        s.guard(eq(s.state("lk", l), NONE));
        s.effect("lk", update(SELF, str(l)));
        s.text(call + "(" + l + ")");
        s.waitsOn(l);
    }

    /**
     * spin_unlock(), mutex_unlock(): the lock is free afterwards. A release by a context that does not hold it
     * (the lock is free, or another context's) is recorded for LockBalance: lockdep's "bad unlock balance
     * detected" (kernel/locking/lockdep.c, print_unlock_imbalance_bug()); the lock is free afterwards all the same.
     */
    private static void unlock(StepContext s, String call) {
        String l = s.entity(0);
        recordUnheldRelease(s, l, null);
        s.effect("lk", update(NONE, str(l)));
        s.text(call + "(" + l + ")");
    }

    /**
     * LockBalance: where the module has {@code g.rp_unheld_unlock}, a step that releases {@code l} (when
     * {@code releases} holds; null: always) records it there if it is the first release of a lock its context
     * does not own. Also wait_event_lock_irq()'s release ({@link Waits}).
     */
    static void recordUnheldRelease(StepContext s, String l, Tla.Expr releases) {
        if (!s.hasGhost(Ghosts.UNHELD_UNLOCK)) {
            return;
        }
        Tla.Expr unheld = neq(s.state("lk", l), SELF);
        Tla.Expr first = releases == null ? and(eq(AT, NONE), unheld) : and(eq(AT, NONE), releases, unheld);
        s.effect("g", field(Ghosts.UNHELD_UNLOCK, ite(first, str(l), AT)));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        // the step's text names the primitive the spec called (spin_lock_irqsave, mutex_lock_killable, ...)
        out.put(Prim.LOCK, s -> lock(s, s.called()));
        out.put(Prim.UNLOCK, s -> unlock(s, s.called()));
        out.put(Prim.SPIN_TRYLOCK, Locks::tryLock);
        out.put(Prim.MUTEX_LOCK, s -> lock(s, s.called()));
        out.put(Prim.MUTEX_TRYLOCK, Locks::tryLock);
        out.put(Prim.MUTEX_UNLOCK, s -> unlock(s, s.called()));
    }
}
