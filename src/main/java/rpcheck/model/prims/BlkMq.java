package rpcheck.model.prims;

import static rpcheck.model.prims.ArgKind.QUEUE;
import static rpcheck.model.prims.ArgKind.REQUEST;
import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.at;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.field;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.not;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir;
import rpcheck.model.Model;

/** The block layer's request lifecycle, timeouts and quiescing: block/blk-mq.c, blk-core.c, blk-timeout.c. */
public final class BlkMq implements Family {
    private static final String SRC = "block/blk-mq.c";

    @Override
    public String name() {
        return "blk-mq";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("blk_mq_start_request"), name(), List.of(REQUEST), 1, false,
                        List.of(Prim.START_REQUEST), SRC, "`MQ_RQ_IN_FLIGHT`, timer armed",
                        cx -> cx.plain(Prim.START_REQUEST, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_mq_complete_request"), name(), List.of(REQUEST), 1, false,
                        List.of(Prim.COMPLETE_REQUEST, Prim.END_REQUEST), SRC,
                        "`MQ_RQ_COMPLETE` (it can no longer time out), then the queue's `complete` handler runs in"
                                + " the same context; without one the request ends at once",
                        cx -> cx.composite(LowerContext.Composite.COMPLETE_RQ)),
                new Primitive(List.of("blk_mq_end_request"), name(), List.of(REQUEST, ArgKind.VALUE), 1, false,
                        List.of(Prim.END_REQUEST), SRC,
                        "`MQ_RQ_IDLE`: the request is freed and a `blk_execute_rq` waiter wakes up",
                        cx -> cx.plain(Prim.END_REQUEST, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_mq_request_started"), name(), List.of(REQUEST), 1, false, List.of(), SRC,
                        "`rq.mq_state != MQ_RQ_IDLE`",
                        cx -> cx.read(new Ir.Bin("!=", new Ir.RqField(cx.name(0), "mq_state"),
                                new Ir.Const(Model.Value.sym("IDLE"))))),
                new Primitive(List.of("blk_mq_request_completed"), name(), List.of(REQUEST), 1, false, List.of(),
                        SRC, "`rq.mq_state == MQ_RQ_COMPLETE` (include/linux/blk-mq.h)",
                        cx -> cx.read(new Ir.Bin("==", new Ir.RqField(cx.name(0), "mq_state"),
                                new Ir.Const(Model.Value.sym("COMPLETE"))))),
                new Primitive(List.of("blk_execute_rq", "submit_bio_wait"), name(), List.of(REQUEST, ArgKind.VALUE), 1,
                        true, List.of(Prim.DISPATCH, Prim.DISPATCH_END, Prim.START_REQUEST, Prim.REQUEUE, Prim.RQ_WAIT), SRC,
                        "dispatches through the queue's `queue_rq` and sleeps until the request completes; "
                                + "returns `rq.status` (the `request_field status`, if declared). If nothing else reads "
                                + "`rq.status`, the return also clears it to its declared initial value: the kernel's "
                                + "submitter reads `nvme_req(rq)->status` and frees the request, and the next use starts "
                                + "from 0 again (`nvme_clear_nvme_request()`); a status kept until the next completion "
                                + "would split states nothing can tell apart. On a queue that something quiesces, dispatch "
                                + "is held while the queue is quiesced; `return BLK_STS_RESOURCE` (or "
                                + "`BLK_STS_DEV_RESOURCE`) from `queue_rq` requeues "
                                + "(`__blk_mq_requeue_request()`, inside the dispatch: a started request is "
                                + "`MQ_RQ_IDLE` again and cannot time out until `queue_rq` starts it again; the request "
                                + "goes back to dispatch), and any other status but `BLK_STS_OK` ends the request there "
                                + "(`blk_mq_end_request(rq, ret)`: the waiter wakes; the status is not kept in "
                                + "`rq.status`). The wait ends when the request is `MQ_RQ_IDLE` (the kernel's, when "
                                + "`rq->end_io` runs): a `queue_rq` path that returns `BLK_STS_OK` and neither starts "
                                + "nor ends the request, where the kernel's waiter hangs, is an error (RP215). A `queue_rq` that neither sleeps nor blocks runs as "
                                + "one step with its dispatch (block/blk-mq.c: it runs inside an RCU read-side section that "
                                + "quiescing waits for)",
                        cx -> cx.composite(LowerContext.Composite.EXECUTE_RQ)),
                new Primitive(List.of("blk_mq_quiesce_queue"), name(), List.of(QUEUE), 1, true,
                        List.of(Prim.QUIESCE, Prim.QUIESCE_WAIT), SRC,
                        "the queue holds dispatch from now on, and a grace period passes (sleeps: "
                                + "synchronize_rcu) that waits for dispatches in progress. The state is `g.<q>_quiesced`. "
                                + "When every dispatch on the queue is one step (its `->queue_rq` neither sleeps nor "
                                + "blocks), no state has a dispatch in progress, so the grace period is not a step of its "
                                + "own (it still counts as sleeping for SleepInAtomic). Not modelled: nesting. The kernel "
                                + "counts `q->quiesce_depth` and only the unquiesce that brings it to 0 dispatches again; "
                                + "here one unquiesce undoes any number of quiesces (nvme's wrappers quiesce once, behind "
                                + "`test_and_set_bit(NVME_CTRL_ADMIN_Q_STOPPED / NVME_CTRL_STOPPED)`: a spec that calls "
                                + "this twice should test such a bit as they do)",
                        cx -> cx.composite(LowerContext.Composite.QUIESCE)),
                new Primitive(List.of("blk_mq_unquiesce_queue"), name(), List.of(QUEUE), 1, false,
                        List.of(Prim.UNQUIESCE), SRC, "the queue dispatches again (held requests go out)",
                        cx -> cx.plain(Prim.UNQUIESCE, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_freeze_queue_start", "blk_freeze_queue_start_non_owner"), name(),
                        List.of(QUEUE), 1, true,
                        List.of(Prim.FREEZE_START), SRC,
                        "`q->mq_freeze_depth` + 1 (it takes `q->mq_freeze_lock`, a mutex: it may sleep); from the "
                                + "first freeze on, a request of `q` cannot be allocated (`blk_queue_enter()` in "
                                + "`blk_execute_rq` waits) until the last unfreeze. The state is `g.<q>_frozen` (the "
                                + "depth, at most " + MAX_FREEZE + ") and `g.<q>_users`: the contexts holding a "
                                + "reference of `q_usage_counter`, each submitter from the allocation of its request "
                                + "until `blk_execute_rq` returns (`blk_mq_free_request()`)",
                        cx -> cx.plain(Prim.FREEZE_START, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_mq_freeze_queue_wait"), name(), List.of(QUEUE), 1, true,
                        List.of(Prim.FREEZE_WAIT), SRC,
                        "sleeps until `q_usage_counter` is zero: the queue is frozen, no request of it is allocated, "
                                + "and its timeout work (`blk_mq_timeout_work()`, which holds a reference while it "
                                + "runs) is not running. A request held on a quiesced queue, or waiting for the LLDD, "
                                + "keeps its reference: WaitCycle follows the wait to each context holding one",
                        cx -> cx.plain(Prim.FREEZE_WAIT, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_mq_freeze_queue_wait_timeout"), name(), List.of(QUEUE, ArgKind.VALUE), 2,
                        true, List.of(Prim.FREEZE_WAIT_TIMEOUT), SRC,
                        "as `blk_mq_freeze_queue_wait`, or the timeout expires first, at any time (time is not "
                                + "modelled): returns nonzero if the queue froze, 0 on timeout; never stuck",
                        cx -> cx.valued(Prim.FREEZE_WAIT_TIMEOUT, List.of(cx.entity(0)), cx.site())),
                new Primitive(List.of("blk_mq_freeze_queue"), name(), List.of(QUEUE), 1, true,
                        List.of(Prim.FREEZE_START, Prim.FREEZE_WAIT), SRC,
                        "`blk_freeze_queue_start` then `blk_mq_freeze_queue_wait`. The memflags it returns since"
                                + " 6.14 are not modelled (0)",
                        cx -> cx.composite(LowerContext.Composite.FREEZE)),
                new Primitive(List.of("blk_mq_unfreeze_queue", "blk_mq_unfreeze_queue_non_owner"), name(),
                        List.of(QUEUE, ArgKind.VALUE), 1, true,
                        List.of(Prim.UNFREEZE), SRC,
                        "`q->mq_freeze_depth` - 1 (under the mutex: it may sleep); at 0 requests can be allocated "
                                + "again. An unfreeze of a queue that is not frozen is LockBalance's (the kernel "
                                + "warns, and its depth goes negative: the next freeze does not kill "
                                + "`q_usage_counter`, and a wait for it never ends; the model's depth goes down to -"
                                + MAX_FREEZE + "). Not modelled: the memflags argument (6.14 on), the lockdep owner "
                                + "the `_non_owner` forms leave out",
                        cx -> cx.plain(Prim.UNFREEZE, List.of(cx.entity(0)))),
                new Primitive(List.of("blk_sync_queue"), name(), List.of(QUEUE), 1, true,
                        List.of(Prim.CANCEL_SYNC_BEGIN, Prim.CANCEL_SYNC_WAIT), "block/blk-core.c",
                        "`timer_delete_sync(&q->timeout)` then `cancel_work_sync(&q->timeout_work)`. With the "
                                + "queue's timer deleted, no request of `q` times out until `blk_add_timer()` arms it "
                                + "again: a request starts, a handler returns `BLK_EH_RESET_TIMER`, or a running "
                                + "`blk_mq_timeout_work()` ends (its `mod_timer()` for the next deadline); ghost "
                                + "`g.<q>_timer_off`, ignored by the VIEW while no request of `q` is in flight. A "
                                + "request that expired before the cancel took its queued timeout work is timed out "
                                + "by the next one",
                        cx -> cx.composite(LowerContext.Composite.BLK_SYNC_QUEUE)));
    }

    /** {@code rq[<operand 0>].field} in the state before the step. */
    private static Tla.Expr rq(StepContext s, String field) {
        return dot(s.state("rq", s.entity(0)), field);
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.START_REQUEST, s -> {
            String r = s.entity(0);
            s.effect("rq", at(r, "mq_state", str("IN_FLIGHT")));
            s.effect("rq", at(r, "timer", str("ARMED")));
            s.armQueueTimer(r);
            s.text("blk_mq_start_request(" + r + ")");
        });
        out.put(Prim.COMPLETE_REQUEST, s -> {
            String r = s.entity(0);
            s.effect("rq", at(r, "mq_state", ite(eq(AT, str("IN_FLIGHT")), str("COMPLETE"), AT)));
            s.effect("rq", at(r, "timer", str("OFF")));
            s.text("blk_mq_complete_request(" + r + "): MQ_RQ_COMPLETE, it can no longer time out");
        });
        out.put(Prim.END_REQUEST, s -> {
            String r = s.entity(0);
            s.effect("rq", at(r, "mq_state", str("IDLE")));
            s.effect("rq", at(r, "timer", str("OFF")));
            s.text("blk_mq_end_request(" + r + "): the request is freed, its waiter wakes up");
        });
        out.put(Prim.RQ_WAIT, s -> {
            String r = s.entity(0);
            s.guard(eq(rq(s, "mq_state"), str("IDLE")));
            boolean status = s.model().requestFields().containsKey(STATUS);
            s.result(status ? rq(s, STATUS) : num(0));
            String text = s.called() + "(" + r + ") returns: the request completed";
            if (s.statusConsumed()) {
                s.effect("rq", at(r, STATUS, StepContext.constant(s.model().requestFields().get(STATUS))));
                text += " (status read, then cleared for its next use)";
            }
            String q = s.model().requests().get(r);
            if (s.freezes(q)) {
                s.effect("g", field(users(q), infix("\\", AT, set(SELF))));
                text += "; blk_mq_free_request() drops its reference of " + q + "'s q_usage_counter";
            }
            s.text(text);
            s.waitsOn(r);
        });
        out.put(Prim.QUIESCE, s -> {
            s.effect("g", field(quiesced(s.entity(0)), Tla.TRUE));
            s.text("blk_mq_quiesce_queue(" + s.entity(0) + "): dispatch holds its requests from now on");
        });
        out.put(Prim.QUIESCE_WAIT, s -> {
            s.guard(eq(dot(s.state("g"), dispatching(s.entity(0))), set()));
            s.text("blk_mq_quiesce_queue(" + s.entity(0) + ") returns: no dispatch in progress (grace period over)");
            s.waitsOn("no dispatch in progress on " + s.entity(0));
        });
        out.put(Prim.UNQUIESCE, s -> {
            s.effect("g", field(quiesced(s.entity(0)), Tla.FALSE));
            s.text("blk_mq_unquiesce_queue(" + s.entity(0) + "): held requests are dispatched again");
        });
        out.put(Prim.FREEZE_START, s -> {
            String q = s.entity(0);
            s.effect("g", field(frozen(q), ite(infix("<", AT, num(MAX_FREEZE)), infix("+", AT, num(1)), AT)));
            s.text("blk_freeze_queue_start(" + q + "): mq_freeze_depth + 1, no request of " + q
                    + " can be allocated from now on");
        });
        out.put(Prim.FREEZE_WAIT, s -> {
            String q = s.entity(0);
            s.guard(drained(s, q));
            s.text("blk_mq_freeze_queue_wait(" + q + ") returns: q_usage_counter is zero (no request of " + q
                    + " allocated, its timeout work not running)");
            s.waitsOn(q);
        });
        out.put(Prim.FREEZE_WAIT_TIMEOUT, s -> {
            String q = s.entity(0);
            s.result(paren(ite(drained(s, q), num(1), num(0))));
            s.text("blk_mq_freeze_queue_wait_timeout(" + q + ") returns");
        });
        out.put(Prim.UNFREEZE, s -> {
            String q = s.entity(0);
            Tla.Expr depth = dot(s.state("g"), frozen(q));
            if (s.hasGhost(Ghosts.UNHELD_UNLOCK)) {
                // __blk_mq_unfreeze_queue(): WARN_ON_ONCE(q->mq_freeze_depth < 0), LockBalance's
                s.effect("g", field(Ghosts.UNHELD_UNLOCK, ite(Tla.and(eq(AT, Tla.NONE), infix("<", depth, num(1))),
                        str(unheldFreeze(q)), AT)));
            }
            s.effect("g", field(frozen(q), ite(infix(">", AT, num(-MAX_FREEZE)), infix("-", AT, num(1)), AT)));
            s.text("blk_mq_unfreeze_queue(" + q + "): mq_freeze_depth - 1 (at 0, requests of " + q
                    + " can be allocated again)");
        });
        out.put(Prim.QUEUE_ENTER, s -> {
            String q = s.model().requests().get(s.entity(0));
            // percpu_ref_tryget_live(): q_usage_counter is live until the freeze that takes the depth to 1
            s.guard(infix("<", dot(s.state("g"), frozen(q)), num(1)));
            s.effect("g", field(users(q), infix("\\cup", AT, set(SELF))));
            s.text("blk_queue_enter(" + q + "): " + q + " is not frozen, " + s.entity(0)
                    + " is allocated and holds a reference of q_usage_counter");
            s.waitsOn(unfrozen(q));
        });
        out.put(Prim.DISPATCH, s -> {
            String qn = s.model().requests().get(s.entity(0));
            s.guard(not(dot(s.state("g"), quiesced(qn))));
            s.effect("g", field(dispatching(qn), infix("\\cup", AT, set(SELF))));
            s.text("dispatch " + s.entity(0) + " to ->queue_rq (" + qn + " not quiesced)");
            s.waitsOn(qn + " unquiesced");
        });
        out.put(Prim.DISPATCH_END, s -> {
            String qn = s.model().requests().get(s.entity(0));
            s.effect("g", field(dispatching(qn), infix("\\", AT, set(SELF))));
            if (s.timeoutWaitsFor(qn)) {
                s.effect("g", field(waitedDispatches(qn), infix("\\", AT, set(SELF))));
            }
            s.text("->queue_rq(" + s.entity(0) + ") returned: dispatch over");
        });
        out.put(Prim.SUBMITS_SNAPSHOT, s -> {
            String q = s.entity(0);
            List<Tla.Expr> expired = new java.util.ArrayList<>();
            s.model().requests().forEach((r, rq) -> {
                if (rq.equals(q)) {
                    expired.add(eq(dot(s.state("rq", r), "timer"), str("EXPIRED")));
                }
            });
            Tla.Expr any = expired.isEmpty() ? Tla.FALSE : paren(Tla.or(expired.toArray(Tla.Expr[]::new)));
            // the result: whether there is anything to wait for (an expired request, and a dispatch in progress)
            Tla.Expr inProgress = dot(s.state("g"), dispatching(q));
            s.result(Tla.and(any, Tla.neq(inProgress, set())));
            s.effect("g", field(waitedDispatches(q), ite(any, inProgress, set())));
            s.text("blk_mq_check_expired() over " + q + "'s requests: if one has expired, the dispatches in progress"
                    + " are waited for");
        });
        out.put(Prim.SUBMITS_WAIT, s -> {
            String q = s.entity(0);
            s.guard(eq(dot(s.state("g"), waitedDispatches(q)), set()));
            s.text("blk_mq_wait_quiesce_done(" + q + ") returns: the dispatches in progress when a request was found"
                    + " expired have returned from ->queue_rq");
            s.waitsOn("the dispatches on " + q + " it found in progress have returned");
        });
        out.put(Prim.REQUEUE, s -> {
            String r = s.entity(0);
            s.effect("rq", at(r, "mq_state", str("IDLE")));
            s.effect("rq", at(r, "timer", str("OFF")));
            s.text("__blk_mq_requeue_request(" + r + "): BLK_STS_RESOURCE, the request is MQ_RQ_IDLE again until"
                    + " it is dispatched again");
        });
        out.put(Prim.RQ_CHECK_EXPIRED, s -> {
            String r = s.entity(0);
            s.result(paren(eq(rq(s, "timer"), str("EXPIRED"))));
            s.effect("rq", at(r, "timer", ite(eq(AT, str("EXPIRED")), str("TIMED_OUT"), AT)));
            s.text("blk_mq_rq_timed_out(" + r + ") if expired");
        });
        out.put(Prim.RQ_ADD_TIMER, s -> {
            String r = s.entity(0);
            s.effect("rq", at(r, "timer", ite(eq(rq(s, "mq_state"), str("IN_FLIGHT")), str("REARMED"), AT)));
            s.armQueueTimer(r);
            s.text("blk_add_timer(" + r + "): BLK_EH_RESET_TIMER re-arms the request");
        });
    }

    /**
     * Whether q_usage_counter of {@code q} is zero: the queue is frozen (percpu_ref_kill() on the first freeze: a live
     * counter is never zero), no submitter holds a request of it, and its timeout work does not run
     * (blk_mq_timeout_work() holds a reference from its percpu_ref_tryget() to its blk_queue_exit()).
     */
    private static Tla.Expr drained(StepContext s, String q) {
        return Tla.and(infix(">", dot(s.state("g"), frozen(q)), num(0)), eq(dot(s.state("g"), users(q)), set()),
                eq(dot(s.state("wk", Model.timeoutWork(q)), "run"), Tla.NONE));
    }

    /**
     * The request queues whose freeze the module keeps ({@link #frozen}, {@link #users}): those some step freezes,
     * waits for or unfreezes, or whose requests enter them (blk_queue_enter(), emitted where the spec freezes the
     * queue).
     */
    public static java.util.SortedSet<String> freezable(Ir.Program program) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (Ir.Code c : program.codes()) {
            for (Ir.Node n : c.nodes()) {
                if (n instanceof Ir.Op op) {
                    if (FREEZE_STEPS.contains(op.prim())) {
                        out.add(((Ir.Entity) op.args().get(0)).name());
                    } else if (op.prim() == Prim.QUEUE_ENTER) {
                        out.add(program.model().requests().get(((Ir.Entity) op.args().get(0)).name()));
                    }
                }
            }
        }
        return out;
    }

    /** What blk_queue_enter() waits on, in a trace's words: the queue unfrozen. */
    public static String unfrozen(String queue) {
        return queue + UNFROZEN;
    }

    /** The queue an {@link #unfrozen} wait names. */
    public static String unfrozenQueue(String waitsOn) {
        return waitsOn.substring(0, waitsOn.length() - UNFROZEN.length());
    }

    private static final String UNFROZEN = " unfrozen";

    /** The steps that freeze a queue, wait for its freeze or unfreeze it. */
    public static final java.util.Set<Prim> FREEZE_STEPS = java.util.EnumSet.of(Prim.FREEZE_START, Prim.FREEZE_WAIT,
            Prim.FREEZE_WAIT_TIMEOUT, Prim.UNFREEZE);

    /** LockBalance's {@code g.rp_unheld_unlock} for a blk_mq_unfreeze_queue() of a queue that is not frozen. */
    public static String unheldFreeze(String queue) {
        return UNHELD_FREEZE + queue;
    }

    /** The queue an {@link #unheldFreeze} value names, or null for anything else. */
    public static String unheldFreezeQueue(String value) {
        return value != null && value.startsWith(UNHELD_FREEZE) ? value.substring(UNHELD_FREEZE.length()) : null;
    }

    /** Not a name a spec can declare (a space): apart from every lock's, RCU domain's and semaphore's. */
    private static final String UNHELD_FREEZE = "freeze of ";

    /** The deepest freeze the model counts (a repeated freeze beyond it stays there). */
    public static final int MAX_FREEZE = 8;

    /** g.<q>_frozen: q->mq_freeze_depth. */
    public static String frozen(String queue) {
        return queue + "_frozen";
    }

    /** g.<q>_users: the contexts that hold a reference of q_usage_counter for a request of {@code queue}. */
    public static String users(String queue) {
        return queue + "_users";
    }

    /** The request field blk_execute_rq() returns. */
    public static final String STATUS = "status";

    /** g.<q>_quiesced: the queue holds dispatch (QUEUE_FLAG_QUIESCED). */
    public static String quiesced(String queue) {
        return queue + "_quiesced";
    }

    /** g.<q>_disp: the contexts dispatching on the queue right now (inside the RCU read-side section). */
    public static String dispatching(String queue) {
        return queue + "_disp";
    }

    /**
     * g.<q>_tw_wait: the contexts whose dispatch on the queue blk_mq_timeout_work() waits for
     * (blk_mq_wait_quiesce_done() once it found an expired request): the dispatches in progress at that moment,
     * each leaving the set when its ->queue_rq returns (one that begins later is not waited for). Only for a
     * queue whose dispatch can be in progress between steps: where every dispatch is one step, nothing is.
     */
    public static String waitedDispatches(String queue) {
        return queue + "_tw_wait";
    }

    /**
     * g.<q>_timer_off: TRUE while a request queue's timer (q->timeout) is deleted. blk_sync_queue() does
     * timer_delete_sync() before cancel_work_sync(&q->timeout_work), and only blk_add_timer() (a request starts,
     * or a handler returned BLK_EH_RESET_TIMER) or the end of a running blk_mq_timeout_work() (mod_timer() for the
     * next deadline) arms it again. Until then no request of the queue times out, whatever its deadline.
     */
    public static String timerOff(String queue) {
        return queue + "_timer_off";
    }
}
