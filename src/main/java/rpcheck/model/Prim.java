package rpcheck.model;

/**
 * Kernel primitives after lowering. Blocking primitives are split into a BEGIN step (which decides whether to
 * wait) and a WAIT step (enabled when the wait is over), so a trace shows the moment a wait begins.
 */
public enum Prim {
    /** queue_work(), queue_delayed_work(), schedule_work(), kblockd_schedule_work(): kernel/workqueue.c. */
    QUEUE_WORK("queue_work", false),
    /** cancel_work(), cancel_delayed_work(): remove a pending instance, do not wait. */
    CANCEL_WORK("cancel_work", false),
    /** flush_work(), flush_delayed_work(): decide whether there is an instance to wait for. */
    FLUSH_BEGIN("flush_work", true),
    /** ... and wait for that instance (and only it) to finish. */
    FLUSH_WAIT("flush_work", true),
    /** cancel_work_sync(), cancel_delayed_work_sync(), blk_sync_queue(): drop pending, disable, then ... */
    CANCEL_SYNC_BEGIN("cancel_work_sync", true),
    /** ... wait for the running instance to finish. */
    CANCEL_SYNC_WAIT("cancel_work_sync", true),
    LOCK("spin_lock", false),
    UNLOCK("spin_unlock", false),
    /** wait_event(wq, cond): sleeps until cond holds. */
    WAIT_EVENT("wait_event", true),
    /** wait_event_lock_irq(wq, cond, lock): called with lock held; drops it while it sleeps. */
    WAITLOCK_BEGIN("wait_event_lock_irq", true),
    WAITLOCK_WAIT("wait_event_lock_irq", true),
    /** might_sleep() and anything that sleeps without waiting for a modelled event (grace periods, msleep). */
    MIGHT_SLEEP("might_sleep", true),
    /** nvme_change_ctrl_state(): core.c's table, under ctrl->lock. */
    CHANGE_STATE("nvme_change_ctrl_state", false),
    /** A write of shared state (flag, counter, var, request field); atomic as a whole. */
    ASSIGN("assign", false),
    /** test_and_set_bit(), test_and_clear_bit(), atomic_xchg(): write, result is the old value. */
    XCHG("xchg", false),
    /** blk_mq_start_request(): the request is in flight and its timer armed. */
    START_REQUEST("blk_mq_start_request", false),
    /** The LLDD's fcp_io(): the LLDD owns the request until it calls done. */
    LLDD_IO("lldd_fcp_io", false),
    /** The LLDD's fcp_abort(): the LLDD will complete the request later, on its own context. */
    LLDD_ABORT("lldd_fcp_abort", false),
    /** blk_mq_complete_request(): the request is MQ_RQ_COMPLETE (it can no longer time out). */
    COMPLETE_REQUEST("blk_mq_complete_request", false),
    /** blk_mq_end_request(): the request is freed (MQ_RQ_IDLE); a blk_execute_rq() waiter wakes up. */
    END_REQUEST("blk_mq_end_request", false),
    /** blk_execute_rq()'s wait for its request to complete. */
    RQ_WAIT("blk_execute_rq", true),
    /** blk_mq_quiesce_queue(): the queue is quiesced (QUEUE_FLAG_QUIESCED); dispatch holds its requests. */
    QUIESCE("blk_mq_quiesce_queue", false),
    /** ... and the grace period (synchronize_rcu/srcu) that waits for every dispatch in progress to finish. */
    QUIESCE_WAIT("blk_mq_quiesce_queue", true),
    /** blk_mq_unquiesce_queue(): the queue dispatches again (held requests go out). */
    UNQUIESCE("blk_mq_unquiesce_queue", false),
    /** blk_mq_run_hw_queue(): dispatch of a request starts (held while the queue is quiesced). */
    DISPATCH("blk_mq_run_hw_queue", false),
    /** ... ->queue_rq() has returned: the dispatch (an RCU read-side section) is over. */
    DISPATCH_END("blk_mq_run_hw_queue", false),
    /** blk_mq_timeout_work(): is this request expired? (and mark it RQF_TIMED_OUT). */
    RQ_CHECK_EXPIRED("blk_mq_rq_timed_out", false),
    /** blk_add_timer() after BLK_EH_RESET_TIMER: the request can time out again. */
    RQ_ADD_TIMER("blk_add_timer", false),
    /** Model annotation assoc_begin(): a new association starts; faults before it no longer count against it. */
    ASSOC_BEGIN("assoc_begin", false),
    /** kref_get(): one more reference to the controller. */
    KREF_GET("kref_get", false),
    /** kref_put(): one reference less; the last one frees the controller (UseAfterFree watches from then on). */
    KREF_PUT("kref_put", false),
    /** {@code assert PROPERTY: cond}: a specification assertion, checked where it stands. */
    ASSERT("assert", false);

    private final String kernelName;
    private final boolean sleeps;

    Prim(String kernelName, boolean sleeps) {
        this.kernelName = kernelName;
        this.sleeps = sleeps;
    }

    public String kernelName() {
        return kernelName;
    }

    /** Whether reaching this step in an atomic or LLDD context is a SleepInAtomic violation. */
    public boolean sleeps() {
        return sleeps;
    }
}
