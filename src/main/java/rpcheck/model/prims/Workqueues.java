package rpcheck.model.prims;

import static rpcheck.model.prims.ArgKind.VALUE;
import static rpcheck.model.prims.ArgKind.WORK;
import static rpcheck.model.prims.ArgKind.WORKQUEUE;
import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.NONE;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.at;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.id;
import static rpcheck.model.prims.Tla.index;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.neq;
import static rpcheck.model.prims.Tla.not;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.or;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;
import static rpcheck.model.prims.Tla.whole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;
import rpcheck.model.Model;

/** Work items and workqueues: kernel/workqueue.c, include/linux/workqueue.h. */
public final class Workqueues implements Family {
    private static final String SRC = "kernel/workqueue.c";

    @Override
    public String name() {
        return "workqueue";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("queue_work"), name(), List.of(WORKQUEUE, WORK), 2, false,
                        List.of(Prim.QUEUE_WORK), SRC,
                        "returns false if `w` is pending (or disabled by a running `cancel_work_sync`); a running work"
                                + " can be queued again and runs again, never concurrently with itself. Pending works"
                                + " of one workqueue are not run in FIFO order (an over-approximation)",
                        cx -> queue(cx, cx.name(1), cx.name(0))),
                new Primitive(List.of("queue_delayed_work", "mod_delayed_work"), name(), List.of(WORKQUEUE, WORK, VALUE),
                        2, false, List.of(Prim.QUEUE_WORK), SRC,
                        "as `queue_work`; delays are not timed: the work may run at any later point (so"
                                + " `mod_delayed_work`, which also re-times a pending work, is the same step), but"
                                + " `mod_delayed_work` returns whether the work was pending (false: it was idle and"
                                + " is now queued), and the pending instance it takes off the list to queue again is"
                                + " one no `flush_work` or `flush_workqueue` waits for any more (`try_to_grab_pending()`)."
                                + " Where a plain `flush_work` of the work, or a flush or drain of its workqueue, could"
                                + " tell the difference, a delay other than 0 puts the work on its timer and the timer's"
                                + " firing (`delayed_work_timer_fn()`, weakly fair: it fires in the end) is a step of"
                                + " its own; a delay of 0 queues it at once",
                        cx -> queue(cx, cx.name(1), cx.name(0))),
                new Primitive(List.of("schedule_work"), name(), List.of(WORK), 1, false, List.of(Prim.QUEUE_WORK), SRC,
                        "`queue_work(system_wq, w)`", cx -> queue(cx, cx.name(0), "system_wq")),
                new Primitive(List.of("schedule_delayed_work"), name(), List.of(WORK, VALUE), 1, false,
                        List.of(Prim.QUEUE_WORK), SRC, "`queue_delayed_work(system_wq, w, d)`",
                        cx -> queue(cx, cx.name(0), "system_wq")),
                new Primitive(List.of("kblockd_schedule_work"), name(), List.of(WORK), 1, false,
                        List.of(Prim.QUEUE_WORK), "block/blk-core.c", "`queue_work(kblockd_workqueue, w)`",
                        cx -> queue(cx, cx.name(0), "kblockd")),
                new Primitive(List.of("cancel_work", "cancel_delayed_work"), name(), List.of(WORK), 1, false,
                        List.of(Prim.CANCEL_WORK), SRC, "removes a pending instance, does not wait; returns whether"
                                + " one was pending. A `flush_work` waiting for that instance returns (the barrier"
                                + " work it queued behind the instance stays queued; the model lets the flush return"
                                + " at once, as for `cancel_work_sync`)",
                        cx -> cx.valued(Prim.CANCEL_WORK, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("flush_work", "flush_delayed_work"), name(), List.of(WORK), 1, true,
                        List.of(Prim.FLUSH_BEGIN, Prim.FLUSH_WAIT), SRC,
                        "waits for the instance that was last queued when the flush began to finish (not for later"
                                + " ones). `flush_work` of a delayed work still on its timer does not wait for that"
                                + " instance (`start_flush_work()` finds no pwq); `flush_delayed_work` fires the timer"
                                + " first and waits for it",
                        cx -> cx.twoPhase(Prim.FLUSH_BEGIN, Prim.FLUSH_WAIT, List.of(cx.entity(0)), cx.site(), true)),
                new Primitive(List.of("cancel_work_sync", "cancel_delayed_work_sync"), name(), List.of(WORK), 1, true,
                        List.of(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT), SRC,
                        "removes a pending instance (a `flush_work` waiting for it returns), disables the work,"
                                + " waits for a running one, re-enables",
                        cx -> cx.twoPhase(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT, List.of(cx.entity(0)),
                                cx.site(), false)),
                new Primitive(List.of("flush_workqueue"), name(), List.of(WORKQUEUE), 1, true,
                        List.of(Prim.FLUSH_WQ_BEGIN, Prim.FLUSH_WQ_WAIT), SRC,
                        "sleeps until every work item of `wq` that was pending or running when the flush began has"
                                + " finished (`__flush_workqueue()`'s flush color); an instance queued after it began,"
                                + " also by a flushed work, is not waited for. The flusher waits for each worker"
                                + " running one of them (WaitCycle follows it): a work bound to `wq` that flushes"
                                + " `wq` waits for itself. A delayed work still on its timer is not on the workqueue"
                                + " and is not waited for",
                        cx -> cx.twoPhase(Prim.FLUSH_WQ_BEGIN, Prim.FLUSH_WQ_WAIT, List.of(cx.entity(0)), cx.site(),
                                false)),
                new Primitive(List.of("drain_workqueue", "destroy_workqueue"), name(), List.of(WORKQUEUE), 1, true,
                        List.of(Prim.FLUSH_WORKQUEUE), SRC,
                        "sleeps until no work item bound to `wq` is pending or running, works queued meanwhile"
                                + " included (`drain_workqueue()` flushes until the workqueue is empty; the kernel"
                                + " warns of a queue from outside while it drains); as for `flush_workqueue`, a work"
                                + " bound to `wq` that drains `wq` waits for itself. A delayed work still on its timer"
                                + " is not waited for (`destroy_workqueue()`: cancel delayed works first). Not"
                                + " modelled: a queue from outside the workqueue while it is destroyed (the kernel"
                                + " warns and does not queue) or after",
                        Workqueues::flushWorkqueue));
    }

    /** queue_work(wq, w): checks that w is bound to wq (a work on two workqueues can run concurrently with itself). */
    private static LowerContext.Result queue(LowerContext cx, String work, String wq) {
        Model.WorkItem w = cx.model().works().get(work);
        if (wq != null && w != null && !w.workqueue().equals(wq)) {
            cx.error("work '" + work + "' is bound to workqueue '" + w.workqueue() + "', not '" + wq + "'",
                    "the same work on two workqueues can run concurrently with itself; queue it on " + w.workqueue());
        }
        // the delay of a delayed queue (queue_delayed_work(wq, w, d), schedule_delayed_work(w, d)): where the
        // model keeps a delayed work's timer apart (Ghosts.timerOf), a delay of 0 queues it at once
        int at = cx.fn().equals("schedule_delayed_work") ? 1 : 2;
        boolean delayed = cx.fn().endsWith("delayed_work");
        List<Ir.Val> args = delayed && cx.args().size() > at ? List.of(new Ir.Entity("work", work), cx.arg(at))
                : List.of(new Ir.Entity("work", work));
        return cx.valued(Prim.QUEUE_WORK, args, cx.site());
    }

    /**
     * Where delayed work {@code w} has its timer apart ({@link Ghosts#timerOf}): g's field, else null. It is TRUE while
     * the work is pending on its timer, not on the workqueue's list.
     */
    private static Tla.Expr onTimer(StepContext s, String w) {
        return s.hasGhost(Ghosts.timerOf(w)) ? dot(s.state("g"), Ghosts.timerOf(w)) : null;
    }

    /** The work is pending on its workqueue's list (not on its timer): what a flush or a drain waits for. */
    private static Tla.Expr listed(StepContext s, String w) {
        Tla.Expr pend = dot(s.state("wk", w), "pend");
        Tla.Expr timer = onTimer(s, w);
        return timer == null ? pend : paren(and(pend, not(timer)));
    }

    /** Off its timer: a cancel took the pending instance, or a flush_delayed_work() fired it. */
    private static void offTimer(StepContext s, String w) {
        if (onTimer(s, w) != null) {
            s.effect("g", field(Ghosts.timerOf(w), Tla.FALSE));
        }
    }

    /** drain_workqueue(wq), destroy_workqueue(wq): a wait until every work bound to wq is idle. */
    private static LowerContext.Result flushWorkqueue(LowerContext cx) {
        return cx.plain(Prim.FLUSH_WORKQUEUE, List.of(cx.entity(0)));
    }

    /** The work items bound to workqueue {@code wq}, in declaration order. */
    public static List<String> worksOf(Model model, String wq) {
        return model.works().values().stream().filter(w -> w.workqueue().equals(wq)).map(Model.WorkItem::name)
                .toList();
    }

    /**
     * The first half of cancel_work_sync() and timer_delete_sync(): drop the pending instance and, if one runs,
     * disable the item until it returns; the result says whether to wait.
     */
    static void disable(StepContext s, String item) {
        Tla.Expr must = paren(neq(dot(s.state("wk", item), "run"), NONE));
        s.result(must);
        s.effect("wk", at(item, "pend", Tla.FALSE));
        s.effect("wk", at(item, "dis", ite(must, infix("\\cup", AT, set(SELF)), AT)));
    }

    /** The second half: enabled once the running instance returned; enables the item again. */
    static void awaitIdle(StepContext s, String item) {
        s.guard(eq(dot(s.state("wk", item), "run"), NONE));
        s.effect("wk", at(item, "dis", infix("\\", AT, set(SELF))));
        s.waitsOn(s.entity(0));
    }

    /**
     * The flushers of {@code work} in phase {@code from} move to phase {@code to} (P: the flushed instance is
     * pending, R: it runs, D: it is done), over {@code flw}.
     */
    public static Tla.Expr flushers(Tla.Expr flw, String work, String from, String to) {
        Tla.Expr mine = index(flw, id("c"));
        return new Tla.FnOf("c", id("Ctx"), ite(and(eq(dot(mine, "w"), str(work)), eq(dot(mine, "ph"), str(from))),
                new Tla.Except(mine, List.of(field("ph", str(to)))), mine));
    }

    /**
     * The flushes of {@code work}'s workqueue (flush_workqueue()) that wait for its instance in phase {@code from}
     * now wait for it in phase {@code to} (null: no longer), as an update of g; null where no flush_workqueue()
     * names the workqueue ({@link Ghosts#flushOf}). P: the pending instance (it starts: R; it is cancelled: none),
     * R: the running one (it returns: none).
     */
    public static Tla.Update owed(Model model, java.util.function.Predicate<String> hasGhost, String work, String from,
            String to) {
        Model.WorkItem wi = model.works().get(work);
        String field = wi == null ? null : Ghosts.flushOf(wi.workqueue());
        if (field == null || !hasGhost.test(field)) {
            return null;
        }
        Tla.Expr mine = index(AT, id("c"));
        Tla.Expr was = new Tla.Tuple(List.of(str(work), str(from)));
        Tla.Expr left = infix("\\", mine, set(was));
        Tla.Expr now = to == null ? left : infix("\\cup", paren(left), set(new Tla.Tuple(List.of(str(work), str(to)))));
        return field(field, new Tla.FnOf("c", id("Ctx"), ite(Tla.in(was, mine), now, mine)));
    }

    /** {@link #owed} as a step rule adds it to its effects on g. */
    private static void owed(StepContext s, String work, String from, String to) {
        Tla.Update u = owed(s.model(), s::hasGhost, work, from, to);
        if (u != null) {
            s.effect("g", u);
        }
    }

    /** cancel_work_sync() or cancel_delayed_work_sync() as called; blk_sync_queue() calls cancel_work_sync(). */
    private static String sync(StepContext s) {
        return s.called().startsWith("cancel_") ? s.called() : "cancel_work_sync";
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.QUEUE_WORK, s -> {
            String w = s.entity(0);
            Tla.Expr wk = s.state("wk", w);
            // mod_delayed_work_on() answers whether the work was pending (it re-times a pending one), where
            // queue_work_on() answers whether this call queued it; neither queues a disabled work
            s.result(s.called().equals("mod_delayed_work") ? dot(wk, "pend")
                    : paren(and(not(dot(wk, "pend")), eq(dot(wk, "dis"), set()))));
            Tla.Expr timer = onTimer(s, w);
            if (timer != null) {
                // __queue_delayed_work(): a delay arms dwork->timer (delayed_work_timer_fn() queues the work when it
                // fires); 0 queues the work at once; queue_work() of the work itself queues it at once
                Tla.Expr delayed = !s.called().endsWith("delayed_work") ? Tla.FALSE
                        : s.op().args().size() > 1 ? paren(neq(s.operand(s.op().args().get(1)), num(0))) : Tla.TRUE;
                Tla.Expr queues = s.called().equals("mod_delayed_work") ? eq(dot(wk, "dis"), set())
                        : paren(and(not(dot(wk, "pend")), eq(dot(wk, "dis"), set())));
                s.effect("g", field(Ghosts.timerOf(w), ite(queues, delayed, AT)));
            }
            s.effect("wk", at(w, "pend", ite(eq(dot(wk, "dis"), set()), Tla.TRUE, AT)));
            if (s.called().equals("mod_delayed_work")) {
                // mod_delayed_work_on() -> try_to_grab_pending() steals a pending instance (list_del_init(),
                // pwq_dec_nr_in_flight()) before it queues the work again: a flush_work() barrier queued behind
                // it stays and completes, and a flush_workqueue() no longer waits for it; what it queues is a new
                // instance, which neither waits for
                s.effect("flw", whole(flushers(s.state("flw"), w, "P", "D")));
                owed(s, w, "P", null);
            }
            s.text(s.called() + "(" + w + ")");
        });
        out.put(Prim.CANCEL_WORK, s -> {
            String w = s.entity(0);
            s.result(dot(s.state("wk", w), "pend"));
            s.effect("wk", at(w, "pend", Tla.FALSE));
            // a flush of the instance taken off the list returns: start_flush_work() queued a barrier work behind
            // it (insert_wq_barrier()), which the cancel leaves in place (as cancel_work_sync(), below)
            s.effect("flw", whole(flushers(s.state("flw"), w, "P", "D")));
            owed(s, w, "P", null);
            offTimer(s, w);
            s.text(s.called() + "(" + w + ")");
        });
        out.put(Prim.FLUSH_BEGIN, s -> {
            String w = s.entity(0);
            Tla.Expr wk = s.state("wk", w);
            // flush_delayed_work() fires a pending timer first (timer_delete_sync(), __queue_work()): the instance
            // is then on the list; a plain flush_work() does not wait for an instance still on its timer
            // (start_flush_work(): no pwq yet)
            Tla.Expr pend = s.called().equals("flush_delayed_work") ? dot(wk, "pend") : listed(s, w);
            Tla.Expr must = paren(or(pend, neq(dot(wk, "run"), NONE)));
            s.result(must);
            s.effect("flw", update(ite(must, new Tla.Rec(List.of(new Tla.Field("w", str(w)),
                    new Tla.Field("ph", ite(pend, str("P"), str("R"))))), id("NoFlush")), SELF));
            if (s.called().equals("flush_delayed_work")) {
                offTimer(s, w);
            }
            s.text(s.called() + "(" + w + ") begins" + (s.called().equals("flush_work") && onTimer(s, w) != null
                    ? " (an instance still on its timer is not waited for)" : ""));
        });
        out.put(Prim.FLUSH_WAIT, s -> {
            s.guard(eq(dot(index(s.state("flw"), SELF), "ph"), str("D")));
            s.effect("flw", update(id("NoFlush"), SELF));
            s.text(s.called() + "(" + s.entity(0) + ") returns");
            s.waitsOn(s.entity(0));
        });
        out.put(Prim.CANCEL_SYNC_BEGIN, s -> {
            String w = s.entity(0);
            disable(s, w);
            s.effect("flw", whole(flushers(s.state("flw"), w, "P", "D")));
            owed(s, w, "P", null);
            offTimer(s, w);
            String text = sync(s) + "(" + w + ") begins";
            String tq = s.syncedQueueOf(w);
            if (tq != null) {
                s.effect("g", field(BlkMq.timerOff(tq), Tla.TRUE));
                text = "timer_delete_sync(" + tq + "->timeout); " + text;
            }
            s.text(text);
        });
        out.put(Prim.CANCEL_SYNC_WAIT, s -> {
            awaitIdle(s, s.entity(0));
            s.text(sync(s) + "(" + s.entity(0) + ") returns");
        });
        out.put(Prim.FLUSH_WQ_BEGIN, s -> {
            // __flush_workqueue(): the works in flight now (pending, or running and not pending again) are owed
            String wq = s.entity(0);
            List<Tla.Expr> owed = new ArrayList<>();
            for (String w : worksOf(s.model(), wq)) {
                Tla.Expr wk = s.state("wk", w);
                owed.add(paren(ite(listed(s, w), set(new Tla.Tuple(List.of(str(w), str("P")))),
                        ite(neq(dot(wk, "run"), NONE), set(new Tla.Tuple(List.of(str(w), str("R")))), set()))));
            }
            Tla.Expr all = owed.isEmpty() ? set() : owed.get(0);
            for (int i = 1; i < owed.size(); i++) {
                all = infix("\\cup", all, owed.get(i));
            }
            Tla.Expr must = paren(neq(all, set()));
            s.result(must);
            s.effect("g", update(all, Ghosts.flushOf(wq), SELF));
            s.text(s.called() + "(" + wq + ") begins");
        });
        out.put(Prim.FLUSH_WQ_WAIT, s -> {
            String wq = s.entity(0);
            Tla.Expr mine = index(dot(s.state("g"), Ghosts.flushOf(wq)), SELF);
            s.guard(eq(mine, set()));
            s.text(s.called() + "(" + wq + ") returns: the work items of " + wq + " queued before it have finished");
            s.waitsOn(wq);
        });
        out.put(Prim.FLUSH_WORKQUEUE, s -> {
            String wq = s.entity(0);
            List<String> works = worksOf(s.model(), wq);
            List<Tla.Expr> all = new ArrayList<>();
            for (String w : works) {
                // a delayed work still on its timer is not on the workqueue: drain_workqueue() does not wait for
                // it (destroy_workqueue()'s comment: delayed works must be cancelled first)
                all.add(onTimer(s, w) == null ? not(dot(s.state("wk", w), "pend")) : not(listed(s, w)));
                all.add(eq(dot(s.state("wk", w), "run"), NONE));
            }
            s.guard(works.isEmpty() ? Tla.TRUE : new Tla.Junction("/\\", all));
            s.text(s.called() + "(" + wq + ") returns: no work of " + wq + " pending or running");
            s.waitsOn(wq);
        });
    }
}
