package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rpcheck.check.Compiler;

/**
 * A spinlock section that takes a leaf lock inside (one that no state holds between steps: every section of it
 * runs as one step) still runs as one step ({@link Analyses#leafLocks}); a lock that some context holds across a
 * wait is no leaf, and a section taking it stays split, so the hang through it stays reachable. TLC checks the
 * verdicts of both specs (PrimitiveSemanticsTest): this test pins the actions.
 */
class NestedLeafLockTest {
    private static String tla(String name) throws Exception {
        Path spec = Path.of(NestedLeafLockTest.class.getResource("/primitives/" + name + ".stm").toURI());
        return Compiler.compile(spec, spec.getParent(), Map.of()).output().tla();
    }

    @Test
    void aSectionThatTakesALeafLockIsOneStep() throws Exception {
        String tla = tla("callback_lock_orders_teardown");
        // teardown(): lock_sock, the callback lock inside, then the put folded: one action after the start
        assertTrue(tla.contains("Labels_user_user == {\"user_teardown_L1\", \"user_start\"}"), tla);
        assertTrue(tla.contains("teardown: spin_lock(sk_lock) ... spin_unlock(sk_lock) (critical section as one step)"));
    }

    @Test
    void aSectionThatTakesALockHeldAcrossAWaitIsSplit() throws Exception {
        String tla = tla("lock_nested_blocks");
        // first(): b is held across timer_delete_sync() in second(), so a's section is not one step
        assertTrue(!tla.contains("first: spin_lock(a) ... spin_unlock(a)"), tla);
        assertTrue(tla.contains("first: spin_lock(b)"), tla);
    }
}
