package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a counterexample through RCU says: the grace period a synchronize_*() waits in and the reader that holds it
 * up (WaitCycle), the read-side section a sleeper is in (SleepInAtomic), and an unbalanced or leaked section
 * (LockBalance).
 */
@Tag("tlc")
class RcuTextTest {
    @TempDir
    Path out;

    private String check(String property, String spec) {
        return CliTest.violationText(out, property, spec);
    }

    @Test
    void aGracePeriodHeldUpByAReaderThatWaitsForTheCallerIsACycle() {
        String text = check("WaitCycle", "srcu_sync_waits_reader.stm");
        assertTrue(text.contains("two waits for a grace period of s, which reader one holds up (it was inside a"
                + " read-side section of s when the grace period began and has not left it)"), text);
        assertTrue(text.contains("-> waits in synchronize_srcu() for grace period of s -> held up by reader one"
                + " -> waits in wait_for_completion() for completion removed -> which only two completes"), text);
        assertTrue(text.contains("srcu_read_lock(s): a read-side section of s begins"), text);
    }

    @Test
    void ofTwoReadersTheOneOnTheCycleIsNamed() {
        String text = check("WaitCycle", "srcu_sync_two_readers_cycle.stm");
        assertTrue(text.contains("two waits for a grace period of s, which reader one holds up"), text);
        assertTrue(text.contains("-> held up by reader one -> waits in wait_for_completion() for completion done"),
                text);
    }

    @Test
    void theOuterOfNestedSectionsIsTheOneLeaked() {
        String text = check("LockBalance", "rcu_leak_nested.stm");
        assertTrue(text.contains("wq#1 finished in step 6 inside a read-side section of rcu, begun by"
                + " rcu_read_lock() in step 4 with no rcu_read_unlock()"), text);
    }

    @Test
    void aSpinlockNamedRcuIsALock() {
        String text = check("LockBalance", "lock_named_rcu_unbalanced.stm");
        assertTrue(text.contains("one releases spinlock rcu in step 4"), text);
    }

    @Test
    void aGracePeriodInsideItsOwnSectionWaitsForItself() {
        String text = check("WaitCycle", "srcu_sync_in_own_section.stm");
        assertTrue(text.contains("which reader one (itself) holds up"), text);
    }

    @Test
    void aSleepInsideRcuReadLockNamesTheSection() {
        String text = check("SleepInAtomic", "rcu_reader_sleeps.stm");
        assertTrue(text.contains("one may sleep (might_sleep: msleep() in reader()) at"
                + " src/test/resources/primitives/rcu_reader_sleeps.stm:10:5 while it is inside an RCU read-side"
                + " section (rcu_read_lock(), step 2; include/linux/rcupdate.h: an RCU reader must not block or"
                + " sleep)"), text);
    }

    @Test
    void aWorkThatReturnsInsideASectionLeaksIt() {
        String text = check("LockBalance", "rcu_leak_in_work.stm");
        assertTrue(text.contains("wq#1 finished in step 6 inside a read-side section of rcu, begun by"
                + " rcu_read_lock() in step 5 with no rcu_read_unlock() (kernel/workqueue.c process_one_work():"
                + " workqueue leaked atomic, lock or RCU)"), text);
    }

    @Test
    void anUnlockWithNoSectionOpenIsAnImbalance() {
        String text = check("LockBalance", "rcu_unlock_unbalanced.stm");
        assertTrue(text.contains("one calls srcu_read_unlock(s) in step 3 outside any read-side section of s"
                + " (kernel/locking/lockdep.c: bad unlock balance of s"), text);
        assertTrue(text.contains("*** LOCK IMBALANCE ***"), text);
    }
}
