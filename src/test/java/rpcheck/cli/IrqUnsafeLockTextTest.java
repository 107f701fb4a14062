package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IrqUnsafeLock counterexample says: the context that takes (or holds) the lock with the interrupts
 * enabled, the statement that leaves or makes them enabled, the handler that can start and where it takes the lock,
 * lockdep's name for the usage, and the fix.
 */
@Tag("tlc")
class IrqUnsafeLockTextTest {
    @TempDir
    Path out;

    private String check(String spec) {
        return CliTest.violationText(out, "IrqUnsafeLock", spec);
    }

    @Test
    void aPlainSpinLockBesideASoftirqNamesBothTakesAndTheBhFix() {
        String text = check("irq_unsafe_lock_softirq.stm");
        assertTrue(text.contains("user is about to take spinlock cb_lock with spin_lock() at"
                + " src/test/resources/primitives/irq_unsafe_lock_softirq.stm:13:5, which leaves softirqs enabled"
                + " while it holds it; sk (softirq context) can start now and takes cb_lock with spin_lock() at"
                + " src/test/resources/primitives/irq_unsafe_lock_softirq.stm:18:5."), text);
        assertTrue(text.contains("(kernel/locking/lockdep.c: inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage)"),
                text);
        assertTrue(text.contains("outside the handler, take cb_lock with spin_lock_bh()"), text);
        assertTrue(text.contains("*** IRQ-UNSAFE LOCK ***"), text);
    }

    @Test
    void anArmedTimerCallbackIsTheSoftirqHandler() {
        String text = check("irq_unsafe_lock_timer.stm");
        // the first take, before mod_timer(), is no violation: the second is
        assertTrue(text.contains("user is about to take spinlock l with spin_lock() at"
                + " src/test/resources/primitives/irq_unsafe_lock_timer.stm:20:5"), text);
        assertTrue(text.contains("t#1 (a timer callback, in softirq context) can start now"), text);
    }

    @Test
    void aSpinUnlockIrqInsideAnIrqsaveSectionIsTheStatementThatEnablesInterrupts() {
        String text = check("irq_unsafe_lock_unlock_irq_in_section.stm");
        assertTrue(text.contains("user holds spinlock dev_lock with interrupts enabled since spin_unlock_irq() at"
                + " src/test/resources/primitives/irq_unsafe_lock_unlock_irq_in_section.stm:19:5 enabled them (its next"
                + " step: spin_lock_irqsave(list_lock) at"), text);
        assertTrue(text.contains("{IN-HARDIRQ-W} -> {HARDIRQ-ON-W}"), text);
        assertTrue(text.contains("keep interrupts disabled while dev_lock is held: release dev_lock before"
                + " spin_unlock_irq(), or use a form that leaves them off"), text);
        assertTrue(text.contains("main() -> spin_unlock_irq()"), text);
    }

    @Test
    void aLockTakenWithInterruptsOnIsHeldSinceItsTake() {
        // the section is not one step: the state after the arming, with the lock held, is the one reported
        String text = check("irq_unsafe_lock_arm_inside.stm");
        assertTrue(text.contains("user holds spinlock dev_lock with interrupts enabled since it took it with"
                + " spin_lock() at src/test/resources/primitives/irq_unsafe_lock_arm_inside.stm:"), text);
        assertTrue(text.contains("outside the handler, take dev_lock with spin_lock_irqsave() or spin_lock_irq()"),
                text);
    }
}
