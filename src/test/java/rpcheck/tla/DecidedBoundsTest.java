package rpcheck.tla;

import rpcheck.check.Compiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tlc.TlcResult;

/**
 * A condition on bounds that no property gives a value of its own is decided at generation: its dead branch
 * (and an event it disables) generates no actions, and the module ASSUMEs the values it was decided on.
 */
class DecidedBoundsTest {
    @TempDir
    Path tmp;

    private static Path spec() throws URISyntaxException {
        return Path.of(DecidedBoundsTest.class.getResource("/check/decided_bound.stm").toURI());
    }

    @Test
    @Tag("tlc")
    void aDeadBranchIsNotGenerated() throws Exception {
        Compiler.Compiled c = Compiler.compile(spec(), spec().getParent(), Map.of());
        String tla = c.output().tla();
        assertTrue(tla.contains("ASSUME B_feature = 0\n"), tla);
        // 'other' has a value of its own for Deadlock: decided by TLC, not at generation
        assertFalse(tla.contains("ASSUME B_other"), tla);
        assertTrue(tla.contains("(B_other > 0)"), tla);
        assertFalse(tla.contains("sl |->"), "the branch under 'feature > 0' (a sleep under the lock) is gone");
        assertFalse(tla.contains("Event_poke"), "an event whose 'when' is false is gone");
        assertEquals(Map.of("feature", 0L), c.program().decidedBounds());
        assertInstanceOf(TlcResult.NoViolation.class,
                PrimitiveSemanticsTest.run(spec(), "SleepInAtomic", Map.of(), tmp));
    }

    @Test
    void anErrorInADeadBranchIsStillReported() throws Exception {
        Path f = tmp.resolve("dead_error.stm");
        java.nio.file.Files.writeString(f, """
                model dead_error "a typo under a bound that is 0"
                bound feature = 0
                counter n
                context user kind process runs main
                fn main() from "test" {
                    if feature > 0 {
                        m += 1
                    }
                }
                """);
        rpcheck.diag.Diagnostics.Failed e = org.junit.jupiter.api.Assertions.assertThrows(
                rpcheck.diag.Diagnostics.Failed.class, () -> Compiler.compile(f, tmp, Map.of()));
        String text = rpcheck.diag.DiagnosticRenderer.renderAll(e.diagnostics());
        assertTrue(text.contains("dead_error.stm:7:9"), text);
    }

    @Test
    @Tag("tlc")
    void theCommandLineValueIsDecidedToo() throws Exception {
        Compiler.Compiled c = Compiler.compile(spec(), spec().getParent(), Map.of("feature", 1L));
        String tla = c.output().tla();
        assertTrue(tla.contains("ASSUME B_feature = 1\n"), tla);
        assertTrue(tla.contains("sl |->"), tla);
        assertTrue(tla.contains("Event_poke"), tla);
        assertInstanceOf(TlcResult.Violation.class,
                PrimitiveSemanticsTest.run(spec(), "SleepInAtomic", Map.of("feature", 1L), tmp));
    }
}
