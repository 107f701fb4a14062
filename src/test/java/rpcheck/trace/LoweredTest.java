package rpcheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rpcheck.check.Compiler;
import rpcheck.tla.Provenance;

/**
 * The trace's reading of the lowered program agrees with the generator's: every label of an action resolves to
 * its DSL statement, and a statement's text from the catalogue's step rule is the generator's text for it (locals
 * by their DSL names; a merged section's text names its first statement). So a change to the generator's label
 * naming or texts shows up here rather than as steps without their inner statements.
 */
class LoweredTest {
    @ParameterizedTest
    @ValueSource(strings = {"specs/nvme-fc/upstream.stm", "specs/nvme-fc/smart.stm", "specs/nvme-fc/tcp.stm",
            "specs/history/tcp_236187c4ed19_before.stm"})
    void everyActionLabelResolvesToItsStatementWithTheGeneratorsText(String spec) {
        Compiler.Compiled c = Compiler.compile(Path.of(spec), Path.of("."), Map.of());
        Provenance prov = c.output().provenance();
        Lowered lowered = new Lowered(c.program(), prov);
        List<String> wrong = new ArrayList<>();
        int steps = 0;
        for (Provenance.ActionInfo a : prov.actions().values()) {
            if (a.kind() != Provenance.ActionKind.STEP) {
                continue;
            }
            steps++;
            Lowered.At at = lowered.at(a.label());
            assertNotNull(at, a.label() + " does not resolve to a lowered node");
            String expected = lowered.dslText(prov.labels().get(a.label()).text());
            String mine = lowered.describe(at.code(), at.node()).text();
            if (!expected.equals(mine) && !expected.startsWith(mine + " ... ")) {
                wrong.add(a.label() + ": generator '" + expected + "', trace '" + mine + "'");
            }
        }
        assertTrue(steps > 20, "only " + steps + " step actions");
        assertEquals(List.of(), wrong);
    }
}
