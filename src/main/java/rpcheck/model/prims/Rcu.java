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
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;
import static rpcheck.model.prims.ArgKind.SRCU;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;

/**
 * Read-copy update: classic RCU (include/linux/rcupdate.h, kernel/rcu/tree.c) and sleepable RCU domains, a
 * {@code struct srcu_struct} each (include/linux/srcu.h, kernel/rcu/srcutree.c). A domain {@code d} has the field
 * {@code g.<d>_readers}, each context's read-side nesting depth, and where something waits for its grace period
 * {@code g.<d>_gp}, for each context in synchronize_rcu()/synchronize_srcu() the readers it still waits for: those
 * inside a section when the call began (its snapshot), each leaving the set at its outermost unlock. A reader that
 * begins later is not waited for: the grace period's guarantee covers only pre-existing readers (the kernel may
 * wait for a later one too, in srcutree.c's second scan or a preempted reader under CONFIG_PREEMPT_RCU; that state
 * is the one where the reader began just before the call, which the model has as well). Only a classic RCU
 * reader is atomic: sleeping inside rcu_read_lock() is SleepInAtomic (with CONFIG_PREEMPT_RCU as without it:
 * "Voluntary context switch within RCU read-side critical section!"); an SRCU reader may sleep. A grace period of
 * a domain its own caller reads inside never ends (WaitCycle: the caller waits for itself; lockdep's "Illegal
 * synchronize_srcu() in same-type SRCU (or in RCU) read-side critical section").
 * Not modelled: call_rcu()/call_srcu() callbacks, the index srcu_read_lock() returns (srcu_read_unlock()'s
 * second argument is not checked), expedited grace periods (the same wait, sooner).
 */
public final class Rcu implements Family {
    /** The classic RCU domain: one per kernel, named {@code rcu} in the module. */
    public static final String CLASSIC = "rcu";

    private static final Ir.Entity CLASSIC_DOMAIN = new Ir.Entity(CLASSIC, CLASSIC);

    @Override
    public String name() {
        return "rcu";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("rcu_read_lock"), name(), List.of(), 0, false, List.of(Prim.READ_LOCK),
                        "include/linux/rcupdate.h", "an RCU read-side section begins (sections nest); until the"
                                + " outermost `rcu_read_unlock()` the reader must not sleep (SleepInAtomic) and"
                                + " `synchronize_rcu()` waits for it",
                        cx -> cx.plain(Prim.READ_LOCK, List.of(CLASSIC_DOMAIN))),
                new Primitive(List.of("rcu_read_unlock"), name(), List.of(), 0, false, List.of(Prim.READ_UNLOCK),
                        "include/linux/rcupdate.h", "the innermost RCU read-side section ends; one with no section"
                                + " open, or a context at rest inside one, is LockBalance's (lockdep tracks"
                                + " rcu_lock_map; workqueue.c: \"leaked atomic, lock or RCU\")",
                        cx -> cx.plain(Prim.READ_UNLOCK, List.of(CLASSIC_DOMAIN))),
                new Primitive(List.of("synchronize_rcu", "synchronize_rcu_expedited"), name(), List.of(), 0, true,
                        List.of(Prim.SYNC_BEGIN, Prim.SYNC_WAIT), "kernel/rcu/tree.c",
                        "sleeps until every reader that was inside an RCU read-side section when it was called has"
                                + " left it (one that begins later need not be waited for, and here is not). In a spec"
                                + " that never calls `rcu_read_lock()` it is a sleep point, as `might_sleep()`",
                        cx -> cx.specCalls("rcu_read_lock")
                                ? cx.twoPhase(Prim.SYNC_BEGIN, Prim.SYNC_WAIT, List.of(CLASSIC_DOMAIN), cx.site(), false)
                                : Waits.sleepPoint(cx)),
                new Primitive(List.of("srcu_read_lock"), name(), List.of(SRCU), 1, false, List.of(Prim.READ_LOCK),
                        "include/linux/srcu.h", "a read-side section of `s` begins (sections nest); the reader may"
                                + " sleep. The index it returns is not modelled (0)",
                        cx -> cx.plain(Prim.READ_LOCK, List.of(cx.entity(0)))),
                new Primitive(List.of("srcu_read_unlock"), name(), List.of(SRCU, VALUE), 1, false,
                        List.of(Prim.READ_UNLOCK), "include/linux/srcu.h", "the innermost read-side section of `s`"
                                + " ends (the index is not checked); one with no section open, or a context at rest"
                                + " inside one, is LockBalance's",
                        cx -> cx.plain(Prim.READ_UNLOCK, List.of(cx.entity(0)))),
                new Primitive(List.of("synchronize_srcu", "synchronize_srcu_expedited"), name(), List.of(SRCU), 1,
                        true, List.of(Prim.SYNC_BEGIN, Prim.SYNC_WAIT), "kernel/rcu/srcutree.c",
                        "sleeps until every reader that was inside a read-side section of `s` when it was called"
                                + " has left it; called inside a section of `s` it waits for itself for ever"
                                + " (WaitCycle)",
                        cx -> cx.twoPhase(Prim.SYNC_BEGIN, Prim.SYNC_WAIT, List.of(cx.entity(0)), cx.site(), false)));
    }

    /** g.<d>_readers: each context's read-side nesting depth in domain {@code d} (0: outside). */
    public static String readers(String domain) {
        return domain + "_readers";
    }

    /** g.<d>_gp: for each context in a grace period of {@code d}, the readers it still waits for. */
    public static String graceWaits(String domain) {
        return domain + "_gp";
    }

    /** "an RCU read-side section", "a read-side section of s". */
    private static String section(String d) {
        return d.equals(CLASSIC) ? "an RCU read-side section" : "a read-side section of " + d;
    }

    /** The value of LockBalance's {@code g.rp_unheld_unlock} for an unlock of domain {@code d} with no section open. */
    public static String unheld(String d) {
        return UNHELD_PREFIX + d;
    }

    /** The domain an {@link #unheld} value names, or null if it names a lock. */
    public static String unheldDomain(String value) {
        return value != null && value.startsWith(UNHELD_PREFIX) ? value.substring(UNHELD_PREFIX.length()) : null;
    }

    /** Not a name a spec can declare (a space): apart from every lock's. */
    private static final String UNHELD_PREFIX = "read-side section of ";

    /** What the spec called, with the domain where it is an SRCU one. */
    private static String call(StepContext s, String d) {
        return s.called() + "(" + (d.equals(CLASSIC) ? "" : d) + ")";
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.READ_LOCK, s -> {
            String d = s.entity(0);
            s.effect("g", update(RwSem.capped(), readers(d), SELF));
            s.text(call(s, d) + ": " + section(d) + " begins");
        });
        out.put(Prim.READ_UNLOCK, s -> {
            String d = s.entity(0);
            Tla.Expr depth = index(dot(s.state("g"), readers(d)), SELF);
            if (s.hasGhost(Ghosts.UNHELD_UNLOCK)) {
                // LockBalance: the first unlock with no section open (lockdep: bad unlock balance of rcu_lock_map)
                s.effect("g", field(Ghosts.UNHELD_UNLOCK, ite(and(eq(AT, NONE), eq(depth, num(0))), str(unheld(d)),
                        AT)));
            }
            s.effect("g", update(ite(eq(AT, num(0)), AT, infix("-", AT, num(1))), readers(d), SELF));
            if (s.hasGhost(graceWaits(d))) {
                // the outermost unlock: no grace period waits for this reader any more
                s.effect("g", field(graceWaits(d), ite(eq(depth, num(1)), Tla.dropFromEach(SELF), AT)));
            }
            s.text(call(s, d) + ": the innermost of its read-side sections" + (d.equals(CLASSIC) ? "" : " of " + d)
                    + " ends");
        });
        out.put(Prim.SYNC_BEGIN, s -> {
            String d = s.entity(0);
            Tla.Expr inside = new Tla.Filter("r", id("Ctx"),
                    infix(">", index(dot(s.state("g"), readers(d)), id("r")), num(0)));
            s.result(neq(inside, set()));
            s.effect("g", update(inside, graceWaits(d), SELF));
            s.text(call(s, d) + " begins");
        });
        out.put(Prim.SYNC_WAIT, s -> {
            String d = s.entity(0);
            s.guard(eq(index(dot(s.state("g"), graceWaits(d)), SELF), set()));
            s.text(call(s, d) + " returns: the readers it waited for have left their read-side sections");
            s.waitsOn(d);
        });
    }
}
