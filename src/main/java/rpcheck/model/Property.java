package rpcheck.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The properties rpcheck checks. Each has its own generated cfg ({@code <module>_<name>.cfg}); the names are the
 * keys of {@code TlaGenerator.Output.cfgs()}. The safety properties of a spec share TLC runs
 * ({@code rpcheck.check.Checker}), with the same verdicts and traces as runs of their own cfgs.
 */
public enum Property {
    /** TLC's deadlock check: a state where no action is enabled and not every context is idle. */
    DEADLOCK("Deadlock"),
    /** Invariant {@code NoWaitCycle}: no context waits (through work items and locks) for itself. */
    WAIT_CYCLE("WaitCycle"),
    /**
     * Invariant {@code NoSleepInAtomic}: nothing sleeps under a spinlock, in an LLDD, irq or timer context, or in
     * ->queue_rq of a non-blocking queue (RCU).
     */
    SLEEP_IN_ATOMIC("SleepInAtomic"),
    /** Invariant {@code IoAccounting}: every {@code assert IoAccounting: ...} of the spec holds where it stands. */
    IO_ACCOUNTING("IoAccounting"),
    /** Invariant {@code NoUseAfterFree}: no work item of the controller is pending or running once it is freed. */
    USE_AFTER_FREE("UseAfterFree"),
    /**
     * Invariant {@code LocksBalanced}: no context releases a spinlock or mutex it does not hold, and none finishes
     * (its work handler, callback or process function returns) holding one.
     */
    LOCK_BALANCE("LockBalance"),
    /**
     * Invariant {@code NoIrqUnsafeLock}: no context takes or holds a spinlock with interrupts enabled that an
     * interrupt handler (irq, softirq or timer context) which can start then also takes (lockdep's inconsistent lock
     * state: the handler would spin on the lock for ever on the holder's CPU).
     */
    IRQ_UNSAFE_LOCK("IrqUnsafeLock"),
    /** Liveness {@code LostError}: LIVE on a failed association leads to leaving LIVE (weak fairness). */
    LOST_ERROR("LostError", true),
    /**
     * Liveness {@code LiveWithoutAssoc}: once the driver has torn the association down ({@code assoc_end()}), the
     * controller does not stay LIVE (it leaves LIVE, or a new association begins).
     */
    LIVE_WITHOUT_ASSOC("LiveWithoutAssoc", true),
    /** Liveness {@code Progress}: the controller ends LIVE or deleted and every started request ends. */
    PROGRESS("Progress", true);

    private final String displayName;
    private final boolean liveness;

    Property(String displayName) {
        this(displayName, false);
    }

    Property(String displayName, boolean liveness) {
        this.displayName = displayName;
        this.liveness = liveness;
    }

    /** Whether TLC checks this as a temporal property (counterexamples are lassos, checked under fairness). */
    public boolean liveness() {
        return liveness;
    }

    /** The name used on the command line, in cfg file names and in reports. */
    public String displayName() {
        return displayName;
    }

    /** The property with this name, ignoring case. */
    public static Optional<Property> byName(String name) {
        return Arrays.stream(values())
                .filter(p -> p.displayName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Property::displayName).toList();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
