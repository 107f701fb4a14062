package rpcheck.model.prims;

import static rpcheck.model.prims.ArgKind.VALUE;
import static rpcheck.model.prims.ArgKind.WORK;
import static rpcheck.model.prims.ArgKind.WORKQUEUE;
import static rpcheck.model.prims.StepContext.NONE;
import static rpcheck.model.prims.StepContext.q;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/** Work items and workqueues: kernel/workqueue.c, include/linux/workqueue.h. */
final class Workqueues implements Family {
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
                                + " `mod_delayed_work`, which also re-times a pending work, is the same step)",
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
                                + " one was pending",
                        cx -> cx.valued(Prim.CANCEL_WORK, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("flush_work", "flush_delayed_work"), name(), List.of(WORK), 1, true,
                        List.of(Prim.FLUSH_BEGIN, Prim.FLUSH_WAIT), SRC,
                        "waits for the instance that was last queued when the flush began to finish (not for later"
                                + " ones)",
                        cx -> cx.twoPhase(Prim.FLUSH_BEGIN, Prim.FLUSH_WAIT, List.of(cx.entity(0)), cx.site(), true)),
                new Primitive(List.of("cancel_work_sync", "cancel_delayed_work_sync"), name(), List.of(WORK), 1, true,
                        List.of(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT), SRC,
                        "removes a pending instance, disables the work, waits for a running one, re-enables",
                        cx -> cx.twoPhase(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT, List.of(cx.entity(0)),
                                cx.site(), false)),
                new Primitive(List.of("flush_workqueue", "drain_workqueue", "destroy_workqueue"), name(),
                        List.of(WORKQUEUE), 1, true, List.of(Prim.FLUSH_WORKQUEUE), SRC,
                        "sleeps until no work item bound to `wq` is pending or running (`drain_workqueue` and"
                                + " `destroy_workqueue` also wait for works queued meanwhile, which this is; a"
                                + " work bound to `wq` that flushes `wq` waits for itself: a WaitCycle only if"
                                + " flushing from the work itself, reported as a Deadlock otherwise)",
                        Workqueues::flushWorkqueue));
    }

    /** queue_work(wq, w): checks that w is bound to wq (a work on two workqueues can run concurrently with itself). */
    private static LowerContext.Result queue(LowerContext cx, String work, String wq) {
        Model.WorkItem w = cx.model().works().get(work);
        if (wq != null && w != null && !w.workqueue().equals(wq)) {
            cx.error("work '" + work + "' is bound to workqueue '" + w.workqueue() + "', not '" + wq + "'",
                    "the same work on two workqueues can run concurrently with itself; queue it on " + w.workqueue());
        }
        return cx.valued(Prim.QUEUE_WORK, List.of(new Ir.Entity("work", work)), cx.site());
    }

    /** flush_workqueue(wq) and friends: a wait until every work bound to wq is idle. */
    private static LowerContext.Result flushWorkqueue(LowerContext cx) {
        return cx.plain(Prim.FLUSH_WORKQUEUE, List.of(cx.entity(0)));
    }

    /** The TLA+ condition "none of works is pending or running". */
    static String idle(List<String> works) {
        StringBuilder sb = new StringBuilder();
        for (String w : works) {
            if (sb.length() > 0) {
                sb.append(" /\\ ");
            }
            sb.append("~wk[").append(q(w)).append("].pend /\\ wk[").append(q(w)).append("].run = ").append(NONE);
        }
        return sb.toString();
    }

    /**
     * The first half of cancel_work_sync() and timer_delete_sync(): drop the pending instance and, if one runs,
     * disable the item until it returns; the result says whether to wait.
     */
    static String disable(StepContext s, String item) {
        String must = "(wk[" + item + "].run # " + NONE + ")";
        s.result(must);
        s.effect("wk", "![" + item + "].pend = FALSE");
        s.effect("wk", "![" + item + "].dis = IF " + must + " THEN @ \\cup {self} ELSE @");
        return must;
    }

    /** The second half: enabled once the running instance returned; enables the item again. */
    static void awaitIdle(StepContext s, String item) {
        s.guard("wk[" + item + "].run = " + NONE);
        s.effect("wk", "![" + item + "].dis = @ \\ {self}");
        s.waitsOn(s.entity(0));
    }

    /** cancel_work_sync() or cancel_delayed_work_sync() as called; blk_sync_queue() calls cancel_work_sync(). */
    private static String sync(StepContext s) {
        return s.called().startsWith("cancel_") ? s.called() : "cancel_work_sync";
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.QUEUE_WORK, s -> {
            String w = q(s.entity(0));
            s.result("(~wk[" + w + "].pend /\\ wk[" + w + "].dis = {})");
            s.effect("wk", "![" + w + "].pend = IF wk[" + w + "].dis = {} THEN TRUE ELSE @");
            s.text(s.called() + "(" + s.entity(0) + ")");
        });
        out.put(Prim.CANCEL_WORK, s -> {
            String w = q(s.entity(0));
            s.result("wk[" + w + "].pend");
            s.effect("wk", "![" + w + "].pend = FALSE");
            s.text(s.called() + "(" + s.entity(0) + ")");
        });
        out.put(Prim.FLUSH_BEGIN, s -> {
            String w = q(s.entity(0));
            String must = "(wk[" + w + "].pend \\/ wk[" + w + "].run # " + NONE + ")";
            s.result(must);
            s.effect("flw", "![self] = IF " + must + " THEN [w |-> " + w + ", ph |-> IF wk[" + w
                    + "].pend THEN \"P\" ELSE \"R\"] ELSE NoFlush");
            s.text(s.called() + "(" + s.entity(0) + ") begins");
        });
        out.put(Prim.FLUSH_WAIT, s -> {
            s.guard("flw[self].ph = \"D\"");
            s.effect("flw", "![self] = NoFlush");
            s.text(s.called() + "(" + s.entity(0) + ") returns");
            s.waitsOn(s.entity(0));
        });
        out.put(Prim.CANCEL_SYNC_BEGIN, s -> {
            String e0 = s.entity(0);
            String w = q(e0);
            String must = disable(s, w);
            s.effect("flw", "[c \\in Ctx |-> IF flw[c].w = " + w
                    + " /\\ flw[c].ph = \"P\" THEN [flw[c] EXCEPT !.ph = \"D\"] ELSE flw[c]]");
            String text = sync(s) + "(" + e0 + ") begins";
            String tq = s.syncedQueueOf(e0);
            if (tq != null) {
                s.effect("g", s.timerDeleted(tq));
                text = "timer_delete_sync(" + tq + "->timeout); " + text;
            }
            s.text(text);
        });
        out.put(Prim.CANCEL_SYNC_WAIT, s -> {
            awaitIdle(s, q(s.entity(0)));
            s.text(sync(s) + "(" + s.entity(0) + ") returns");
        });
        out.put(Prim.FLUSH_WORKQUEUE, s -> {
            String wq = s.entity(0);
            List<String> works = s.model().works().values().stream().filter(w -> w.workqueue().equals(wq))
                    .map(Model.WorkItem::name).toList();
            s.guard(works.isEmpty() ? "TRUE" : idle(works));
            s.text(s.called() + "(" + wq + ") returns: no work of " + wq + " pending or running");
            s.waitsOn("no work of " + wq + " pending or running");
        });
    }
}
