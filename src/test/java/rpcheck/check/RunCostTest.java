package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rpcheck.model.Property;

/** The order runs start in: the longest first, so that it does not finish alone on one core at the end. */
class RunCostTest {
    private static double cost(Checker.Generated gen, Property... props) {
        return Checker.cost(gen, List.of(props));
    }

    @Test
    void aRunWithRaisedBoundsStartsBeforeTheLivenessRunsAndAOneFaultLivenessRunAfterASafetyRun() {
        Checker.Generated smart = new Checker.Generated(
                Compiler.compile(Path.of("specs/nvme-fc/smart.stm"), Path.of("."), Map.of()), null);
        // IoAccounting raises admin_cmds and dispatch_gating: measured 37.7 s against Progress's 20.3 s (quiet)
        assertTrue(cost(smart, Property.IO_ACCOUNTING) > cost(smart, Property.PROGRESS));
        assertTrue(cost(smart, Property.IO_ACCOUNTING) > cost(smart, Property.DEADLOCK, Property.USE_AFTER_FREE));
        Checker.Generated tcp = new Checker.Generated(
                Compiler.compile(Path.of("specs/nvme-fc/tcp.stm"), Path.of("."), Map.of()), null);
        // tcp's liveness runs use one fault (2,754 states) where its safety run uses two (156,046)
        assertTrue(cost(tcp, Property.DEADLOCK, Property.WAIT_CYCLE) > cost(tcp, Property.PROGRESS));
    }
}
