package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a LockBalance counterexample says: the release of a lock its context does not hold, with who held it (or
 * that it was free), and the context that finished holding a lock, with the statement that took it and what the
 * kernel reports for that kind of context.
 */
@Tag("tlc")
class LockBalanceTextTest {
    @TempDir
    Path out;

    private String check(String spec) {
        return CliTest.violationText(out, "LockBalance", spec);
    }

    @Test
    void aReleaseOfAMutexAnotherContextHoldsNamesTheHolder() {
        String text = check("unlock_other_holder.stm");
        assertTrue(text.contains("two releases mutex m in step 6 (mutex_unlock(m) in second() at"
                + " src/test/resources/primitives/unlock_other_holder.stm:16:9), which it does not hold: it is held by"
                + " one (kernel/locking/lockdep.c: bad unlock balance)"), text);
        assertTrue(text.contains("*** LOCK IMBALANCE ***"), text);
    }

    @Test
    void aReleaseOfAFreeMutexSaysItIsFree() {
        String text = check("unlock_unheld.stm");
        assertTrue(text.contains("user releases mutex m in step 4 (mutex_unlock(m) in main() at"
                + " src/test/resources/primitives/unlock_unheld.stm:10:9), which it does not hold: the mutex is free"),
                text);
    }

    @Test
    void aWorkerThatFinishesHoldingASpinlockNamesWhereItTookIt() {
        String text = check("lock_leaked_by_work.stm");
        assertTrue(text.contains("wq#1 finished handler() in step 6 holding spinlock l, taken in step 5 by"
                + " spin_lock_irqsave(l) in handler() at src/test/resources/primitives/lock_leaked_by_work.stm:12:5"
                + " (kernel/workqueue.c process_one_work(): workqueue leaked atomic, lock or RCU)"), text);
        assertTrue(text.contains("offending call (wq#1, src/test/resources/primitives/lock_leaked_by_work.stm:12:5):"
                + " handler() -> spin_lock_irqsave()"), text);
    }

    /** A timer callback's leaked spinlock is call_timer_fn()'s preempt leak; a mutex is not (no preempt count). */
    @Test
    void aTimerCallbackThatFinishesHoldingALockSaysWhatTheKernelSees() {
        String spin = check("timer_leaks_spinlock.stm");
        assertTrue(spin.contains("t#1 finished on_timer() in step 5 holding spinlock l, taken in step 4 by spin_lock(l)"
                + " in on_timer() at src/test/resources/primitives/timer_leaks_spinlock.stm:10:5"
                + " (kernel/time/timer.c call_timer_fn(): timer preempt leak)"), spin);
        String mutex = check("timer_leaks_mutex.stm");
        assertTrue(mutex.contains("t#1 finished on_timer() in step 5 holding mutex m, taken in step 4 by"
                + " mutex_trylock(m) in on_timer() at src/test/resources/primitives/timer_leaks_mutex.stm:10:8 (the mutex"
                + " stays held after the callback returns; a mutex leaves the preempt count alone, so kernel/time/timer.c"
                + " call_timer_fn()'s preempt-leak check does not see it)"), mutex);
    }
}
