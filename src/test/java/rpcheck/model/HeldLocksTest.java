package rpcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rpcheck.check.Compiler;

/**
 * The must-hold analysis that decides whether a module needs LockBalance's record of an unheld release: a release
 * on every path after its lock was taken needs none; anything it cannot prove (a trylock, a lock behind a branch,
 * no lock at all) keeps the record, and TLC decides (PrimitiveSemanticsTest runs the primitive specs).
 */
class HeldLocksTest {
    @TempDir
    Path dir;

    private Ir.Program program(String body) throws IOException {
        Path spec = dir.resolve("t.stm");
        Files.writeString(spec, "model t \"t\"\nspinlock l\nmutex m\nflag x\nworkqueue wq workers 1\n"
                + "work w on wq runs handler\ncontext user kind process runs main\n" + body);
        return Compiler.compile(spec, dir, Map.of()).program();
    }

    private static final String MAIN = "fn main() from \"test\" { queue_work(wq, w) }\n";

    @Test
    void releasesAfterTheirLockOnEveryPathNeedNoRecord() throws IOException {
        Ir.Program p = program(MAIN + "fn handler() from \"test\" {\n    spin_lock(l)\n    if (test_bit(x)) {\n"
                + "        spin_unlock(l)\n        return\n    }\n    set_bit(x)\n    spin_unlock(l)\n}\n");
        assertFalse(HeldLocks.mayReleaseUnheld(p));
        assertFalse(Ghosts.present(p).contains(Ghosts.UNHELD_UNLOCK));
    }

    @Test
    void aLockTakenInOneHelperAndReleasedInAnotherIsHeldThere() throws IOException {
        assertFalse(HeldLocks.mayReleaseUnheld(program(MAIN
                + "fn take() from \"test\" { mutex_lock(m) }\nfn give() from \"test\" { mutex_unlock(m) }\n"
                + "fn handler() from \"test\" {\n    take()\n    msleep(1)\n    give()\n}\n")));
    }

    @Test
    void waitEventLockIrqWithItsLockHeldReleasesAHeldLock() throws IOException {
        assertFalse(HeldLocks.mayReleaseUnheld(program(MAIN + "fn handler() from \"test\" {\n    spin_lock_irq(l)\n"
                + "    wait_event_lock_irq(x, l)\n    spin_unlock_irq(l)\n}\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // no lock taken at all
        "fn handler() from \"test\" { spin_unlock(l) }\n",
        // taken on one path only, released on both
        "fn handler() from \"test\" {\n    if (test_bit(x)) {\n        spin_lock(l)\n    }\n    spin_unlock(l)\n}\n",
        // the same condition tested twice: the analysis does not correlate branches
        "fn handler() from \"test\" {\n    if (test_bit(x)) {\n        mutex_lock(m)\n    }\n    msleep(1)\n"
                + "    if (test_bit(x)) {\n        mutex_unlock(m)\n    }\n}\n",
        // a trylock may not take the lock
        "fn handler() from \"test\" {\n    if (spin_trylock(l)) {\n        spin_unlock(l)\n    }\n}\n",
        // released twice
        "fn handler() from \"test\" {\n    mutex_lock(m)\n    mutex_unlock(m)\n    msleep(1)\n    mutex_unlock(m)\n}\n",
        // wait_event_lock_irq() drops a lock the context never took
        "fn handler() from \"test\" { wait_event_lock_irq(x, l) }\n"})
    void whatItCannotProveKeepsTheRecord(String handler) throws IOException {
        Ir.Program p = program(MAIN + handler);
        assertTrue(HeldLocks.mayReleaseUnheld(p), handler);
        assertTrue(Ghosts.present(p).contains(Ghosts.UNHELD_UNLOCK));
    }

    /** The committed fc and tcp models release only what they took: their modules have no record (no new state). */
    @ParameterizedTest
    @ValueSource(strings = {"specs/nvme-fc/upstream.stm", "specs/nvme-fc/smart.stm", "specs/nvme-fc/v3.stm",
        "specs/nvme-fc/v4.stm", "specs/nvme-fc/tcp.stm"})
    void committedModelsNeedNoRecord(String spec) {
        Ir.Program p = Compiler.compile(Path.of(spec), Path.of("."), Map.of()).program();
        assertFalse(HeldLocks.mayReleaseUnheld(p), spec);
        assertEquals(false, Ghosts.present(p).contains(Ghosts.UNHELD_UNLOCK));
    }
}
