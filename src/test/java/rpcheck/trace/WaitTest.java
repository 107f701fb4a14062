package rpcheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class WaitTest {
    private static Wait wait(String kind, String on, String holder) {
        return new Wait("c", rpcheck.model.prims.WaitKind.of(kind), on, holder, "lbl", List.of("f"));
    }

    @Test
    void sentences() {
        assertEquals("c waits for w, which runs on c (itself)", wait("work", "w", "c").describe());
        assertEquals("c waits for w, which runs on wq#1", wait("work", "w", "wq#1").describe());
        assertEquals("c waits for w (queued, not running yet)", wait("work", "w", null).describe());
        assertEquals("c waits for l, which is held by d", wait("lock", "l", "d").describe());
        assertEquals("c waits for r to complete", wait("request", "r", null).describe());
        assertEquals("c waits until iocnt == 0", wait("cond", "iocnt == 0", null).describe());
    }

    @Test
    void onlyWaitsWithAHolderAreGraphEdges() {
        assertTrue(wait("lock", "l", "d").hasHolder());
        assertFalse(wait("request", "r", null).hasHolder());
    }

    @Test
    void changeText() {
        assertEquals("g.x: 1 -> 2", new Change("g.x", "1", "2").toString());
        assertEquals("ev[e]: (absent) -> 0", new Change("ev[e]", null, "0").toString());
    }
}
