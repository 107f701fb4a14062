package rpcheck.model.prims;

/**
 * What a blocked context waits for. Each kind says whether some context holds the wait up (an edge of the
 * wait-for graph and of WaitCycle) and how a trace says it; trace.json, the wait-for graph and the text all
 * read these words from here.
 */
public enum WaitKind {
    /** A work item's running instance (flush_work, cancel_work_sync): held up by the worker running it. */
    WORK("work", true),
    /** A lock (spinlock or mutex): held up by its owner. */
    LOCK("lock", true),
    /** A request to complete (blk_execute_rq): no single context holds it up. */
    REQUEST("request", false),
    /**
     * A condition (wait_event, the quiesce grace period): no single context holds it up, but where one other context
     * alone writes what it reads, a wait-for edge to that context (WaitCycle).
     */
    COND("cond", false),
    /**
     * A struct completion (wait_for_completion): whoever will call complete(), unknown in advance; where one other
     * context alone calls it, a wait-for edge to that context (WaitCycle).
     */
    COMPLETION("completion", false),
    /** A driver timer's running callback (timer_delete_sync): held up by the timer's softirq context. */
    TIMER("timer", true),
    /**
     * A workqueue's work items (flush_workqueue): held up by each worker running one of them, the flushing context
     * itself where it runs one (a work that flushes its own workqueue).
     */
    WORKQUEUE("workqueue", true),
    /**
     * An RCU or SRCU grace period (synchronize_rcu, synchronize_srcu): held up by each reader that was inside a
     * read-side section of the domain when the grace period began and has not left it yet.
     */
    GRACE_PERIOD("grace-period", true),
    /**
     * A read-write semaphore (down_read, down_write): held up by its write owner, and for a queued reader by the
     * writers ahead of it, for a writer by each read holder.
     */
    RWSEM("rwsem", true),
    /**
     * A request queue's freeze (blk_mq_freeze_queue_wait): held up by each context that holds a reference of its
     * q_usage_counter, a submitter whose request is allocated or the worker running the queue's timeout work.
     */
    FREEZE("freeze", true);

    private final String word;
    private final boolean hasHolder;

    WaitKind(String word, boolean hasHolder) {
        this.word = word;
        this.hasHolder = hasHolder;
    }

    /** The word trace.json and the renderers use. */
    public String word() {
        return word;
    }

    /** Whether a context can hold this wait up (a wait-for edge; WaitCycle follows it). */
    public boolean hasHolder() {
        return hasHolder;
    }

    /** The kind a trace.json word names, or null. */
    public static WaitKind of(String word) {
        for (WaitKind k : values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        return null;
    }

    /** A sentence about {@code context} waiting on {@code on}, held up by {@code holder} (may be null). */
    public String describe(String context, String on, String holder) {
        String self = context.equals(holder) ? " (itself)" : "";
        return switch (this) {
            case WORK -> context + " waits for " + on
                    + (holder != null ? ", which runs on " + holder + self : " (queued, not running yet)");
            case LOCK -> context + " waits for " + on
                    + (holder != null ? ", which is held by " + holder + self : " (free, about to be taken)");
            case REQUEST -> context + " waits for " + on + " to complete";
            case COMPLETION -> context + " waits for complete(" + on + ")"
                    + (holder != null ? ", which only " + holder + " calls" : "");
            case TIMER -> context + " waits for the callback of " + on
                    + (holder != null ? ", which runs on " + holder + self : " to finish");
            case COND -> context + " waits until " + on
                    + (holder != null ? ", which only " + holder + " can make true" : "");
            case GRACE_PERIOD -> context + " waits for a grace period of " + on
                    + (holder != null ? ", which reader " + holder + self + " holds up (it was inside a read-side"
                            + " section of " + on + " when the grace period began and has not left it)"
                            : " (every reader it waits for has left)");
            case RWSEM -> context + " waits for rw_semaphore " + on
                    + (holder != null ? ", held up by " + holder + self + " (a holder, or a writer queued ahead of it)"
                            : "");
            case FREEZE -> context + " waits for " + on + " to freeze (q_usage_counter to reach zero)"
                    + (holder != null ? ", held up by " + holder + self + ", which holds a reference of it (a"
                            + " request it allocated, or " + on + "'s timeout work it runs)"
                            : "; " + on + " is not frozen, and q_usage_counter stays live until a"
                                    + " blk_freeze_queue_start()");
            case WORKQUEUE -> context + " waits for the work items of " + on
                    + (holder != null ? ", one of which runs on " + holder + self : " (pending, not running yet)");
        };
    }
}
