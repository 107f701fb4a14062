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
 * it; a writer waits until it is free of readers and writers. A down_read() while a writer waits queues behind it,
 * as in the kernel once the waiting writer has set RWSEM_FLAG_HANDOFF (rwsem_try_write_lock(), after
 * RWSEM_WAIT_TIMEOUT): time is not modelled, so that moment can be any. That is the rwsem's classic hang: a
 * context that holds s for read and takes it for read again while a writer waits (the writer waits for the first
 * read hold, the second read for the writer; lockdep: "possible recursive locking"), or a read holder that takes
 * it for write. Holders may sleep (not atomic); down_read()/down_write() may sleep.
 * Not modelled: a reader stealing the lock from a waiting writer before the handoff (rwsem_down_read_slowpath()'s
 * optimistic lock stealing: the model's readers always queue behind a waiting writer, so behaviours where a reader
 * overtakes are left out; none is a hang), the killable forms' signals (never interrupted), optimistic spinning
 * (a free semaphore goes to whichever writer runs first).
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
                                + " writers (as after RWSEM_FLAG_HANDOFF) and sleeps until they have released it."
                                + " Read holds nest; a second one while a writer waits hangs (WaitCycle). The"
                                + " killable and interruptible forms are modelled as never interrupted",
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
                        SRC, "releases the write lock; the caller must hold it (LockBalance)",
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
            s.effect("g", update(ite(free, infix("+", AT, num(1)), AT), readers(sem), SELF));
            s.effect("g", update(ite(free, set(), infix("\\", paren(infix("\\cup", g(s, writersWaiting(sem)),
                    set(g(s, writer(sem))))), set(NONE))), ahead(sem), SELF));
            s.text(s.called() + "(" + sem + ")");
        });
        out.put(Prim.RWSEM_READ_WAIT, s -> {
            String sem = s.entity(0);
            s.guard(and(eq(g(s, writer(sem)), NONE), eq(index(g(s, ahead(sem)), SELF), set())));
            s.effect("g", update(infix("+", AT, num(1)), readers(sem), SELF));
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
            s.effect("g", update(ite(free, infix("+", AT, num(1)), AT), readers(sem), SELF));
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
            String sem = s.entity(0);
            Tla.Expr mine = eq(g(s, writer(sem)), SELF);
            recordUnheld(s, neq(g(s, writer(sem)), SELF), unheld(sem, true));
            s.effect("g", field(writer(sem), ite(mine, NONE, AT)));
            s.effect("g", field(ahead(sem), ite(mine, new Tla.FnOf("r", id("Ctx"), infix("\\", index(AT, id("r")),
                    set(SELF))), AT)));
            s.text("up_write(" + sem + ")");
        });
        out.put(Prim.RWSEM_DOWNGRADE, s -> {
            String sem = s.entity(0);
            Tla.Expr mine = eq(g(s, writer(sem)), SELF);
            recordUnheld(s, neq(g(s, writer(sem)), SELF), unheld(sem, true));
            s.effect("g", update(ite(mine, infix("+", AT, num(1)), AT), readers(sem), SELF));
            s.effect("g", field(writer(sem), ite(mine, NONE, AT)));
            s.effect("g", field(ahead(sem), ite(mine, new Tla.FnOf("r", id("Ctx"), infix("\\", index(AT, id("r")),
                    set(SELF))), AT)));
            s.text("downgrade_write(" + sem + "): the write lock becomes a read hold");
        });
    }
}
