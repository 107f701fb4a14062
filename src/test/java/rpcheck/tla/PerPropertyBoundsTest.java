package rpcheck.tla;

import rpcheck.check.Compiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code bound NAME = N (PROPERTY: N, ...)}: the runs of some properties use other values. */
class PerPropertyBoundsTest {
    private static Compiler.Compiled compile(Map<String, Long> overrides) throws URISyntaxException {
        Path spec = Path.of(PerPropertyBoundsTest.class.getResource("/check/per_property.stm").toURI());
        return Compiler.compile(spec, spec.getParent(), overrides);
    }

    @Test
    void eachPropertyGetsItsValues() throws Exception {
        Compiler.Compiled c = compile(Map.of());
        assertEquals(Map.of("timeouts", 2L, "cmds", 0L, "events", 1L), c.model().boundsFor("Deadlock"));
        assertEquals(Map.of("timeouts", 2L, "cmds", 1L, "events", 1L), c.model().boundsFor("IoAccounting"));
        assertEquals(Map.of("timeouts", 2L, "cmds", 3L, "events", 1L), c.model().boundsFor("UseAfterFree"));
        assertEquals(Map.of("timeouts", 1L, "cmds", 0L, "events", 1L), c.model().boundsFor("Progress"));
        assertTrue(c.output().cfgs().get("IoAccounting").contains("    B_cmds = 1\n"));
        assertTrue(c.output().cfgs().get("Deadlock").contains("    B_cmds = 0\n"));
        // declaration order is kept, whatever the property
        assertEquals("[timeouts, cmds, events]", c.model().boundsFor("IoAccounting").keySet().toString());
    }

    @Test
    void theCommandLineWinsForEveryProperty() throws Exception {
        Compiler.Compiled c = compile(Map.of("cmds", 2L));
        for (String p : new String[] {"Deadlock", "IoAccounting", "UseAfterFree", "Progress"}) {
            assertEquals(2L, c.model().boundsFor(p).get("cmds"), p);
        }
        assertEquals(1L, c.model().boundsFor("Progress").get("timeouts"));
    }
}
