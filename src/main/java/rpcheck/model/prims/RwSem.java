package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.NONE;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.id;
import static rpcheck.model.prims.Tla.index;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.neq;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;
import static rpcheck.model.prims.ArgKind.RWSEM;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;

/**
 * Read-write semaphores (struct rw_semaphore: include/linux/rwsem.h, kernel/locking/rwsem.c). A semaphore
 * {@code s} has the fields {@code g.<s>_readers} (each context's read-hold depth), {@code g.<s>_writer} (the owner
 * of the write lock, or none), {@code g.<s>_wwait} (the contexts waiting in down_write()) and {@code g.<s>_ahead}
 * (for a reader waiting in down_read(), the writers that were holding or waiting when it queued). Waiters are
 * served in order: a queued reader goes once those writers have had the lock and released it and no writer holds
 * it; a writer waits until it is free of readers and writers. A down_read() while a writer waits queues behind it:
 * in the kernel rwsem_read_trylock() fails on RWSEM_FLAG_WAITERS, and rwsem_down_read_slowpath() steals the lock
 * only when nobody holds it (no writer, its own reader count the only one, no handoff), else it queues, and
 * rwsem_mark_wake() wakes no reader while a writer is first in the queue. That is the rwsem's classic hang: a
 * context that holds s for read and takes it for read again while a writer waits (the writer waits for the first
 * read hold, the second read for the writer; lockdep: "possible recursive locking"), or a read holder that takes
 * it for write. Holders may sleep (not atomic); down_read()/down_write() may sleep. A release by a context that
 * does not hold the semaphore that way is LockBalance's; up_write() and downgrade_write() then act on whoever
 * holds the write lock, as __up_write() and __downgrade_write() do (they only warn), but an up_read() without a
 * read hold changes nothing here, where the kernel's reader count would lose one of the other holders' holds:
 * after it the model may hang where the kernel would not.
 * Not modelled: the narrow window where a reader steals a free semaphore from a waiting writer (the model's
 * readers queue behind it; a behaviour left out, never a hang added: a reader can as well come after the writer
 * took it), phase-fair wake-ups (rwsem_mark_wake() waking the readers queued behind a writer along with those
 * in front: the model wakes each after the writers ahead of it), the killable and interruptible forms' signals
 * (never interrupted; their value is not modelled), optimistic spinning (a free semaphore goes to whichever
 * writer runs first), more than {@link #MAX_DEPTH} read holds of one context.
 */
public final class RwSem implements Family {
    private static final String SRC = "kernel/locking/rwsem.c";

    @Override
    public String name() {
        return "rwsem";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("down_read", "down_read_killable", "down_read_interruptible"), name(),
                        List.of(RWSEM), 1, true, List.of(Prim.RWSEM_READ_BEGIN, Prim.RWSEM_READ_WAIT), SRC,
                        "takes `s` for read: at once if no writer holds it or waits for it, else queues behind those"
                                + " writers and sleeps until they have released it (rwsem.c steals a held semaphore"
                                + " from no waiting writer). Read holds nest; a second one while a writer waits hangs"
                                + " (WaitCycle). The killable and interruptible forms are never interrupted, and"
                                + " their value is not modelled: call them as statements",
                        cx -> cx.twoPhase(Prim.RWSEM_READ_BEGIN, Prim.RWSEM_READ_WAIT, List.of(cx.entity(0)),
                                cx.site(), false)),
                new Primitive(List.of("down_write", "down_write_killable"), name(), List.of(RWSEM), 1, true,
                        List.of(Prim.RWSEM_WRITE_BEGIN, Prim.RWSEM_WRITE_WAIT), SRC,
                        "takes `s` for write: sleeps until no reader and no writer holds it (a read holder that"
                                + " calls it waits for itself: WaitCycle); readers that come later queue behind it",
                        cx -> cx.twoPhase(Prim.RWSEM_WRITE_BEGIN, Prim.RWSEM_WRITE_WAIT, List.of(cx.entity(0)),
                                cx.site(), false)),
                new Primitive(List.of("down_read_trylock"), name(), List.of(RWSEM), 1, false,
                        List.of(Prim.RWSEM_READ_TRY), SRC, "takes `s` for read if no writer holds it or waits for it"
                                + " and returns true, else returns false; never sleeps",
                        cx -> cx.valued(Prim.RWSEM_READ_TRY, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("down_write_trylock"), name(), List.of(RWSEM), 1, false,
                        List.of(Prim.RWSEM_WRITE_TRY), SRC, "takes `s` for write if nobody holds it or waits for it"
                                + " and returns true, else returns false; never sleeps",
                        cx -> cx.valued(Prim.RWSEM_WRITE_TRY, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("up_read"), name(), List.of(RWSEM), 1, false, List.of(Prim.RWSEM_UP_READ), SRC,
                        "releases one read hold; the caller must hold `s` for read (LockBalance)",
                        cx -> cx.plain(Prim.RWSEM_UP_READ, List.of(cx.entity(0)))),
                new Primitive(List.of("up_write"), name(), List.of(RWSEM), 1, false, List.of(Prim.RWSEM_UP_WRITE),
                        SRC, "releases the write lock; the caller must hold it (LockBalance; released all the same, as"
                                + " __up_write() does)",
                        cx -> cx.plain(Prim.RWSEM_UP_WRITE, List.of(cx.entity(0)))),
                new Primitive(List.of("downgrade_write"), name(), List.of(RWSEM), 1, false,
                        List.of(Prim.RWSEM_DOWNGRADE), SRC, "turns the caller's write lock into a read hold: the"
                                + " readers queued behind it go; the caller must hold it for write (LockBalance)",
                        cx -> cx.plain(Prim.RWSEM_DOWNGRADE, List.of(cx.entity(0)))));
    }

    /** g.<s>_readers: each context's read-hold depth. */
    public static String readers(String sem) {
        return sem + "_readers";
    }

    /** g.<s>_writer: the context that holds {@code sem} for write, or none. */
    public static String writer(String sem) {
        return sem + "_writer";
    }

    /** g.<s>_wwait: the contexts waiting in down_write(). */
    public static String writersWaiting(String sem) {
        return sem + "_wwait";
    }

    /** g.<s>_ahead: for a context queued in down_read(), the writers it waits to go first. */
    public static String ahead(String sem) {
        return sem + "_ahead";
    }

    /** Every field of {@code g} a semaphore has. */
    public static List<String> fields(String sem) {
        return List.of(readers(sem), writer(sem), writersWaiting(sem), ahead(sem));
    }

    /** LockBalance's {@code g.rp_unheld_unlock} for an up_read()/up_write() of {@code sem} not held that way. */
    public static String unheld(String sem, boolean write) {
        return (write ? WRITE_PREFIX : READ_PREFIX) + sem;
    }

    /** The semaphore an {@link #unheld} value names and whether it was the write lock, or null for anything else. */
    public static Map.Entry<String, Boolean> unheldSem(String value) {
        if (value != null && value.startsWith(READ_PREFIX)) {
            return Map.entry(value.substring(READ_PREFIX.length()), false);
        }
        if (value != null && value.startsWith(WRITE_PREFIX)) {
            return Map.entry(value.substring(WRITE_PREFIX.length()), true);
        }
        return null;
    }

    /** Not names a spec can declare (spaces): apart from every lock's and RCU domain's. */
    private static final String READ_PREFIX = "read hold of ";
    private static final String WRITE_PREFIX = "write lock of ";

    private static Tla.Expr g(StepContext s, String f) {
        return dot(s.state("g"), f);
    }

    /**
     * The most read holds of one semaphore (or RCU read-side sections) one context is counted with: a hold past it
     * is not counted, so that a leak that repeats (a work that requeues itself and returns holding it) cannot grow
     * the state for ever; LockBalance has reported the first leak by then.
     */
    static final long MAX_DEPTH = 8;

    /** One hold more ({@code @ + 1}), up to {@link #MAX_DEPTH}. */
    static Tla.Expr capped() {
        return ite(infix("<", AT, num(MAX_DEPTH)), infix("+", AT, num(1)), AT);
    }

    /** No context holds {@code sem} for read. */
    private static Tla.Expr noReaders(StepContext s, String sem) {
        return paren(new Tla.Quant(false, "r", id("Ctx"), eq(index(g(s, readers(sem)), id("r")), num(0))));
    }

    /** The step's record of an unbalanced release (LockBalance), where the module keeps one. */
    private static void recordUnheld(StepContext s, Tla.Expr unheld, String value) {
        if (s.hasGhost(Ghosts.UNHELD_UNLOCK)) {
            s.effect("g", field(Ghosts.UNHELD_UNLOCK, ite(and(eq(AT, NONE), unheld), str(value), AT)));
        }
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.RWSEM_READ_BEGIN, s -> {
            String sem = s.entity(0);
            // queue behind the writer holding it and those waiting for it (as after RWSEM_FLAG_HANDOFF)
            Tla.Expr free = and(eq(g(s, writer(sem)), NONE), eq(g(s, writersWaiting(sem)), set()));
            s.result(paren(Tla.not(paren(free))));
            s.effect("g", update(ite(free, capped(), AT), readers(sem), SELF));
            s.effect("g", update(ite(free, set(), infix("\\", paren(infix("\\cup", g(s, writersWaiting(sem)),
                    set(g(s, writer(sem))))), set(NONE))), ahead(sem), SELF));
            s.text(s.called() + "(" + sem + ")");
        });
        out.put(Prim.RWSEM_READ_WAIT, s -> {
            String sem = s.entity(0);
            s.guard(and(eq(g(s, writer(sem)), NONE), eq(index(g(s, ahead(sem)), SELF), set())));
            s.effect("g", update(capped(), readers(sem), SELF));
            s.text(s.called() + "(" + sem + ") returns: the writers ahead of it have released " + sem);
            s.waitsOn(sem);
        });
        out.put(Prim.RWSEM_WRITE_BEGIN, s -> {
            String sem = s.entity(0);
            Tla.Expr free = and(eq(g(s, writer(sem)), NONE), noReaders(s, sem));
            s.result(paren(Tla.not(paren(free))));
            s.effect("g", field(writer(sem), ite(free, SELF, AT)));
            s.effect("g", field(writersWaiting(sem), ite(free, AT, infix("\\cup", AT, set(SELF)))));
            s.text(s.called() + "(" + sem + ")");
        });
        out.put(Prim.RWSEM_WRITE_WAIT, s -> {
            String sem = s.entity(0);
            s.guard(and(eq(g(s, writer(sem)), NONE), noReaders(s, sem)));
            s.effect("g", field(writer(sem), SELF));
            s.effect("g", field(writersWaiting(sem), infix("\\", AT, set(SELF))));
            s.text(s.called() + "(" + sem + ") returns: no reader or writer holds " + sem);
            s.waitsOn(sem);
        });
        out.put(Prim.RWSEM_READ_TRY, s -> {
            String sem = s.entity(0);
            Tla.Expr free = and(eq(g(s, writer(sem)), NONE), eq(g(s, writersWaiting(sem)), set()));
            s.result(paren(free));
            s.effect("g", update(ite(free, capped(), AT), readers(sem), SELF));
            s.text("down_read_trylock(" + sem + ")");
        });
        out.put(Prim.RWSEM_WRITE_TRY, s -> {
            String sem = s.entity(0);
            Tla.Expr free = and(eq(g(s, writer(sem)), NONE), eq(g(s, writersWaiting(sem)), set()),
                    noReaders(s, sem));
            s.result(paren(free));
            s.effect("g", field(writer(sem), ite(free, SELF, AT)));
            s.text("down_write_trylock(" + sem + ")");
        });
        out.put(Prim.RWSEM_UP_READ, s -> {
            String sem = s.entity(0);
            Tla.Expr depth = index(g(s, readers(sem)), SELF);
            recordUnheld(s, eq(depth, num(0)), unheld(sem, false));
            s.effect("g", update(ite(eq(AT, num(0)), AT, infix("-", AT, num(1))), readers(sem), SELF));
            s.text("up_read(" + sem + ")");
        });
        out.put(Prim.RWSEM_UP_WRITE, s -> {
            // __up_write() releases the write lock whoever calls it (DEBUG_RWSEMS_WARN_ON, lockdep: only warnings),
            // as mutex_unlock() here: another context's write lock is gone too
            String sem = s.entity(0);
            Tla.Expr held = neq(g(s, writer(sem)), NONE);
            recordUnheld(s, neq(g(s, writer(sem)), SELF), unheld(sem, true));
            s.effect("g", field(writer(sem), NONE));
            s.effect("g", field(ahead(sem), ite(held, Tla.dropFromEach(g(s, writer(sem))), AT)));
            s.text("up_write(" + sem + ")");
        });
        out.put(Prim.RWSEM_DOWNGRADE, s -> {
            // __downgrade_write() turns a write lock into one read hold whoever calls it (only warnings otherwise)
            String sem = s.entity(0);
            Tla.Expr held = neq(g(s, writer(sem)), NONE);
            recordUnheld(s, neq(g(s, writer(sem)), SELF), unheld(sem, true));
            s.effect("g", update(ite(held, capped(), AT), readers(sem), SELF));
            s.effect("g", field(writer(sem), NONE));
            s.effect("g", field(ahead(sem), ite(held, Tla.dropFromEach(g(s, writer(sem))), AT)));
            s.text("downgrade_write(" + sem + ")");
        });
    }
}
