package rpcheck.model.prims;

/**
 * Kernel primitives after lowering. Blocking primitives are split into a BEGIN step (which decides whether to
 * wait) and a WAIT step (enabled when the wait is over), so a trace shows the moment a wait begins.
 */
public enum Prim {
    /** queue_work(), queue_delayed_work(), schedule_work(), kblockd_schedule_work(): kernel/workqueue.c. */
    QUEUE_WORK("queue_work", false, null, true, false, "kernel/workqueue.c"),
    /** cancel_work(), cancel_delayed_work(): remove a pending instance, do not wait. */
    CANCEL_WORK("cancel_work", false, null, true, false, "kernel/workqueue.c"),
    /** flush_work(), flush_delayed_work(): decide whether there is an instance to wait for. */
    FLUSH_BEGIN("flush_work", true, null, false, false, "kernel/workqueue.c"),
    /** ... and wait for that instance (and only it) to finish. */
    FLUSH_WAIT("flush_work", true, WaitKind.WORK, false, false, "kernel/workqueue.c"),
    /** cancel_work_sync(), cancel_delayed_work_sync(), blk_sync_queue(): drop pending, disable, then ... */
    CANCEL_SYNC_BEGIN("cancel_work_sync", true, null, false, false, "kernel/workqueue.c"),
    /** ... wait for the running instance to finish. */
    CANCEL_SYNC_WAIT("cancel_work_sync", true, WaitKind.WORK, false, false, "kernel/workqueue.c"),
    /**
     * flush_workqueue(): the work items of the workqueue queued (pending) or running now are the ones to wait for
     * (kernel/workqueue.c __flush_workqueue(): the flush color of every work queued before it) ...
     */
    FLUSH_WQ_BEGIN("flush_workqueue", true, null, false, false, "kernel/workqueue.c"),
    /** ... and wait until each has finished (not for an instance queued after the flush began). */
    FLUSH_WQ_WAIT("flush_workqueue", true, WaitKind.WORKQUEUE, false, false, "kernel/workqueue.c"),
    /** drain_workqueue(), destroy_workqueue(): wait until no work of the queue is pending or running. */
    FLUSH_WORKQUEUE("drain_workqueue", true, WaitKind.WORKQUEUE, false, false, "kernel/workqueue.c"),
    LOCK("spin_lock", false, WaitKind.LOCK, false, false, "kernel/locking/spinlock.c"),
    UNLOCK("spin_unlock", false, null, false, false, "kernel/locking/spinlock.c"),
    /** spin_trylock(): takes the spinlock if it is free; the result says whether it did. */
    SPIN_TRYLOCK("spin_trylock", false, null, false, false, "kernel/locking/spinlock.c"),
    /** mutex_lock(): sleeps until the mutex is free, then owns it. */
    MUTEX_LOCK("mutex_lock", true, WaitKind.LOCK, false, false, "kernel/locking/mutex.c"),
    /** mutex_trylock(): takes the mutex if it is free; the result says whether it did. */
    MUTEX_TRYLOCK("mutex_trylock", false, null, false, false, "kernel/locking/mutex.c"),
    /** mutex_unlock(). */
    MUTEX_UNLOCK("mutex_unlock", false, null, false, false, "kernel/locking/mutex.c"),
    /** init_completion(), reinit_completion(): done = 0. */
    REINIT_COMPLETION("reinit_completion", false, null, true, false, "kernel/sched/completion.c"),
    /** complete(): done + 1. */
    COMPLETE("complete", false, null, true, false, "kernel/sched/completion.c"),
    /** complete_all(): done = all. */
    COMPLETE_ALL("complete_all", false, null, true, false, "kernel/sched/completion.c"),
    /** wait_for_completion(): sleeps until done > 0, takes one. */
    COMPLETION_WAIT("wait_for_completion", true, WaitKind.COMPLETION, false, false, "kernel/sched/completion.c"),
    /** wait_for_completion_timeout(): takes one if done > 0, else times out (time is not modelled). */
    COMPLETION_WAIT_TIMEOUT("wait_for_completion_timeout", true, null, false, false, "kernel/sched/completion.c"),
    /** mod_timer(), add_timer(): the driver timer is armed (a pending work of its softirq). */
    TIMER_ARM("mod_timer", false, null, true, false, "kernel/time/timer.c"),
    /** timer_delete(), del_timer(): disarm, do not wait. */
    TIMER_DELETE("timer_delete", false, null, true, false, "kernel/time/timer.c"),
    /**
     * timer_delete_sync(): disarm, and decide whether the callback is running ... It spins rather than sleeps
     * (kernel/time/timer.c: cpu_relax() until the callback returns), so it is no SleepInAtomic.
     */
    TIMER_DELETE_SYNC_BEGIN("timer_delete_sync", false, null, false, false, "kernel/time/timer.c"),
    /** ... and wait for it to return. */
    TIMER_DELETE_SYNC_WAIT("timer_delete_sync", false, WaitKind.TIMER, false, false, "kernel/time/timer.c"),
    /** wait_event(wq, cond): sleeps until cond holds. */
    WAIT_EVENT("wait_event", true, WaitKind.COND, false, false, "include/linux/wait.h"),
    /**
     * wait_event_timeout(): returns at once with 1 if the condition holds, else times out with 0 (time is not
     * modelled: the timeout can expire at any time, so the step has no guard and is never stuck).
     */
    WAIT_EVENT_TIMEOUT("wait_event_timeout", true, null, false, false, "include/linux/wait.h"),
    /** wait_event_lock_irq(wq, cond, lock): called with lock held; drops it while it sleeps. */
    WAITLOCK_BEGIN("wait_event_lock_irq", true, null, false, false, "include/linux/wait.h"),
    WAITLOCK_WAIT("wait_event_lock_irq", true, WaitKind.COND, false, false, "include/linux/wait.h"),
    /** might_sleep() and anything that sleeps without waiting for a modelled event (grace periods, msleep). */
    MIGHT_SLEEP("might_sleep", true, null, false, false, "include/linux/kernel.h"),
    /** nvme_change_ctrl_state(): core.c's table, under ctrl->lock. */
    CHANGE_STATE("nvme_change_ctrl_state", false, null, true, false, "drivers/nvme/host/core.c"),
    /** A write of shared state (flag, counter, var, request field); atomic as a whole. */
    ASSIGN("assign", false, null, true, false, "(the spec)"),
    /** test_and_set_bit(), test_and_clear_bit(), atomic_xchg(): write, result is the old value. */
    XCHG("xchg", false, null, true, false, "include/linux/atomic.h"),
    /**
     * rcu_read_lock(), srcu_read_lock(): a read-side section of the domain (classic RCU, or a struct srcu_struct)
     * begins; sections nest. Only a classic RCU reader is atomic (SleepInAtomic).
     */
    READ_LOCK("rcu_read_lock", false, null, true, false, "include/linux/rcupdate.h"),
    /** rcu_read_unlock(), srcu_read_unlock(): the innermost section ends; the outermost lets grace periods go on. */
    READ_UNLOCK("rcu_read_unlock", false, null, true, false, "include/linux/rcupdate.h"),
    /** synchronize_rcu(), synchronize_srcu(): the readers in a section of the domain now are the ones to wait for. */
    SYNC_BEGIN("synchronize_rcu", true, null, false, false, "kernel/rcu/tree.c"),
    /** ... and the wait until each of them has left that section (a reader that begins later is not waited for). */
    SYNC_WAIT("synchronize_rcu", true, WaitKind.GRACE_PERIOD, false, false, "kernel/rcu/tree.c"),
    /** down_read(): takes the semaphore for read at once, or queues behind the writers holding or waiting for it. */
    RWSEM_READ_BEGIN("down_read", true, null, false, false, "kernel/locking/rwsem.c"),
    /** ... and sleeps until those writers have released it (and no writer holds it). */
    RWSEM_READ_WAIT("down_read", true, WaitKind.RWSEM, false, false, "kernel/locking/rwsem.c"),
    /** down_write(): takes the semaphore for write at once if nobody holds it, else waits for it. */
    RWSEM_WRITE_BEGIN("down_write", true, null, false, false, "kernel/locking/rwsem.c"),
    /** ... and sleeps until no reader or writer holds it. */
    RWSEM_WRITE_WAIT("down_write", true, WaitKind.RWSEM, false, false, "kernel/locking/rwsem.c"),
    /**
     * down_read_trylock(): the read hold if no writer holds or waits; the result says whether. Like the other
     * rwsem steps it takes or releases a lock, so it does not run inside a one-step spinlock section.
     */
    RWSEM_READ_TRY("down_read_trylock", false, null, false, false, "kernel/locking/rwsem.c"),
    /** down_write_trylock(): the write lock if nobody holds or waits; the result says whether. */
    RWSEM_WRITE_TRY("down_write_trylock", false, null, false, false, "kernel/locking/rwsem.c"),
    /** up_read(): one read hold less. */
    RWSEM_UP_READ("up_read", false, null, false, false, "kernel/locking/rwsem.c"),
    /** up_write(): the write lock is free; the readers queued behind this writer may go. */
    RWSEM_UP_WRITE("up_write", false, null, false, false, "kernel/locking/rwsem.c"),
    /** downgrade_write(): the write lock becomes a read hold. */
    RWSEM_DOWNGRADE("downgrade_write", false, null, false, false, "kernel/locking/rwsem.c"),
    /** blk_mq_start_request(): the request is in flight and its timer armed. */
    START_REQUEST("blk_mq_start_request", false, null, true, false, "block/blk-mq.c"),
    /** The LLDD's fcp_io(): the LLDD owns the request until it calls done. */
    LLDD_IO("lldd_fcp_io", false, null, true, false, "drivers/nvme/host/fc.c"),
    /** The LLDD's fcp_abort(): the LLDD will complete the request later, on its own context. */
    LLDD_ABORT("lldd_fcp_abort", false, null, true, false, "drivers/nvme/host/fc.c"),
    /** blk_mq_complete_request(): the request is MQ_RQ_COMPLETE (it can no longer time out). */
    COMPLETE_REQUEST("blk_mq_complete_request", false, null, true, false, "block/blk-mq.c"),
    /** blk_mq_end_request(): the request is freed (MQ_RQ_IDLE); a blk_execute_rq() waiter wakes up. */
    END_REQUEST("blk_mq_end_request", false, null, true, false, "block/blk-mq.c"),
    /** blk_execute_rq()'s wait for its request to complete. */
    RQ_WAIT("blk_execute_rq", true, WaitKind.REQUEST, false, false, "block/blk-mq.c"),
    /** blk_mq_quiesce_queue(): the queue is quiesced (QUEUE_FLAG_QUIESCED); dispatch holds its requests. */
    QUIESCE("blk_mq_quiesce_queue", false, null, false, false, "block/blk-mq.c"),
    /** ... and the grace period (synchronize_rcu/srcu) that waits for every dispatch in progress to finish. */
    QUIESCE_WAIT("blk_mq_quiesce_queue", true, WaitKind.COND, false, false, "block/blk-mq.c"),
    /** blk_mq_unquiesce_queue(): the queue dispatches again (held requests go out). */
    UNQUIESCE("blk_mq_unquiesce_queue", false, null, false, false, "block/blk-mq.c"),
    /**
     * blk_freeze_queue_start(): q->mq_freeze_depth + 1 under q->mq_freeze_lock (a mutex: it may sleep); the first
     * freeze kills q_usage_counter, so new users wait in blk_queue_enter() until the last unfreeze.
     */
    FREEZE_START("blk_freeze_queue_start", true, null, false, false, "block/blk-mq.c"),
    /** blk_mq_freeze_queue_wait(): sleeps until q_usage_counter is zero (frozen, and no reference held). */
    FREEZE_WAIT("blk_mq_freeze_queue_wait", true, WaitKind.FREEZE, false, false, "block/blk-mq.c"),
    /** blk_mq_freeze_queue_wait_timeout(): the same, or the timeout expires at any time: one step, never stuck. */
    FREEZE_WAIT_TIMEOUT("blk_mq_freeze_queue_wait_timeout", true, null, false, false, "block/blk-mq.c"),
    /** blk_mq_unfreeze_queue(): depth - 1 under the mutex; at 0 the counter lives again, blk_queue_enter() goes on. */
    UNFREEZE("blk_mq_unfreeze_queue", true, null, false, false, "block/blk-mq.c"),
    /**
     * blk_queue_enter() in blk_mq_alloc_request(): waits while the queue is frozen, then the request holds a
     * reference of q_usage_counter until blk_mq_free_request() (only on a queue that something freezes).
     */
    QUEUE_ENTER("blk_queue_enter", true, WaitKind.COND, false, false, "block/blk-core.c"),
    /** blk_mq_run_hw_queue(): dispatch of a request starts (held while the queue is quiesced). */
    DISPATCH("blk_mq_run_hw_queue", false, WaitKind.COND, false, false, "block/blk-mq.c"),
    /**
     * ... ->queue_rq() has returned: the dispatch (an RCU read-side section) is over. Folded into the step before
     * it: it only takes its context out of the dispatches in progress, which lets a quiesce or the timeout work go
     * on and keeps no step from happening (a left mover).
     */
    DISPATCH_END("blk_mq_run_hw_queue", false, null, false, true, "block/blk-mq.c"),
    /**
     * __blk_mq_requeue_request() after BLK_STS_RESOURCE from ->queue_rq (blk_mq_dispatch_rq_list(), still inside
     * the dispatch): a started request is MQ_RQ_IDLE again and its RQF_TIMED_OUT cleared, so it cannot time out
     * until it is started again.
     */
    REQUEUE("__blk_mq_requeue_request", false, null, true, false, "block/blk-mq.c"),
    /**
     * blk_mq_timeout_work(): blk_mq_check_expired() over the queue's requests; if one has expired, the dispatches in
     * progress on the queue now are what blk_mq_wait_quiesce_done() will wait for.
     */
    SUBMITS_SNAPSHOT("blk_mq_wait_quiesce_done", false, null, false, false, "block/blk-mq.c"),
    /**
     * ... blk_mq_wait_quiesce_done(q->tag_set): synchronize_srcu/rcu, until those dispatches have returned from
     * ->queue_rq (not the ones that began after), before any timeout handler runs.
     */
    SUBMITS_WAIT("blk_mq_wait_quiesce_done", true, WaitKind.COND, false, false, "block/blk-mq.c"),
    /** blk_mq_timeout_work(): is this request expired? (and mark it RQF_TIMED_OUT). */
    RQ_CHECK_EXPIRED("blk_mq_rq_timed_out", false, null, true, false, "block/blk-mq.c"),
    /** blk_add_timer() after BLK_EH_RESET_TIMER: the request can time out again. */
    RQ_ADD_TIMER("blk_add_timer", false, null, true, false, "block/blk-timeout.c"),
    /** Model annotation assoc_begin(): a new association starts; faults before it no longer count against it. */
    ASSOC_BEGIN("assoc_begin", false, null, true, true, "(model annotation)"),
    /**
     * Model annotation assoc_failed(): the transport learns here that the association has failed (LostError watches
     * from here; the LLDD fails exchanges from here on), as well as at the event declared 'fails association'.
     */
    ASSOC_FAILED("assoc_failed", false, null, true, true, "(model annotation)"),
    /** Model annotation assoc_end(): the driver has torn the association down (LiveWithoutAssoc watches from here). */
    ASSOC_END("assoc_end", false, null, true, true, "(model annotation)"),
    /** kref_get(): one more reference to the controller. */
    KREF_GET("kref_get", false, null, true, true, "include/linux/kref.h"),
    /** kref_get_unless_zero(): one more reference unless the count is already 0; the result says whether it took one. */
    KREF_GET_UNLESS_ZERO("kref_get_unless_zero", false, null, true, true, "include/linux/kref.h"),
    /** kref_put(): one reference less; the last one frees the controller (UseAfterFree watches from then on). */
    KREF_PUT("kref_put", false, null, true, true, "include/linux/kref.h"),
    /** kfree(ctrl) at the end of a kref release function: the controller's memory is freed. */
    KFREE("kfree", false, null, true, true, "mm/slub.c"),
    /** {@code assert PROPERTY: cond}: a specification assertion, checked where it stands. */
    ASSERT("assert", false, null, true, true, "(the spec)");

    private final String kernelName;
    private final boolean sleeps;
    private final WaitKind waitKind;
    private final boolean mergeable;
    private final boolean folded;
    private final String source;

    Prim(String kernelName, boolean sleeps, WaitKind waitKind, boolean mergeable, boolean folded, String source) {
        this.kernelName = kernelName;
        this.sleeps = sleeps;
        this.waitKind = waitKind;
        this.mergeable = mergeable;
        this.folded = folded;
        this.source = source;
    }

    /** What a context sitting at this step waits for (it blocks until the step is enabled), or null. */
    public WaitKind waitKind() {
        return waitKind;
    }

    /**
     * Whether the step may run inside a critical section that is executed as one action (it neither sleeps,
     * blocks nor takes a lock): see the atomicity rule in specs/README.md.
     */
    public boolean mergeable() {
        return mergeable;
    }

    /**
     * Whether the step is folded into the action that reaches it instead of starting one (a documented
     * reduction): ghost updates change no kernel state, reference-count operations commute with every other
     * step but the final put, whose effect UseAfterFree reads in the state after it, and a dispatch's end only
     * lets waiters go.
     */
    public boolean folded() {
        return folded;
    }

    /**
     * Whether the step is the model's or the spec's own (a model annotation such as assoc_begin(), or an
     * {@code assert}) rather than kernel code: it reads and writes no memory of the controller.
     */
    public boolean annotation() {
        return source.equals(MODEL_ANNOTATION) || this == ASSERT;
    }

    /** The source of the model's own annotations. */
    public static final String MODEL_ANNOTATION = "(model annotation)";

    /** The kernel file that defines the primitive. */
    public String source() {
        return source;
    }

    public String kernelName() {
        return kernelName;
    }

    /** Whether reaching this step in an atomic or LLDD context is a SleepInAtomic violation. */
    public boolean sleeps() {
        return sleeps;
    }
}
