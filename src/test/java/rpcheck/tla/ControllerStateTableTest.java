package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tlc.TlcResult;

/**
 * Every (old, new) pair of nvme_change_ctrl_state() checked by TLC: a spec starts in OLD, asks for NEW and blocks
 * forever (a Deadlock) unless both the return value and the resulting state are what core.c does.
 */
@Tag("tlc")
class ControllerStateTableTest {
    private static final List<String> STATES =
            List.of("NEW", "LIVE", "RESETTING", "CONNECTING", "DELETING", "DELETING_NOIO", "DEAD");

    /** drivers/nvme/host/core.c nvme_change_ctrl_state(), written out here independently of the compiler. */
    private static final Map<String, Set<String>> ALLOWED_FROM = Map.of(
            "LIVE", Set.of("CONNECTING"),
            "RESETTING", Set.of("NEW", "LIVE"),
            "CONNECTING", Set.of("NEW", "RESETTING"),
            "DELETING", Set.of("LIVE", "RESETTING", "CONNECTING"),
            "DELETING_NOIO", Set.of("DELETING", "DEAD"),
            "DEAD", Set.of("DELETING"),
            "NEW", Set.of());

    @TempDir
    Path tmp;

    @Test
    void everyPairOfTheStateTable() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String from : STATES) {
                for (String to : STATES) {
                    results.add(pool.submit(() -> checkPair(from, to)));
                }
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : results) {
                String r = f.get();
                if (r != null) {
                    failures.add(r);
                }
            }
            assertEquals(49, results.size());
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        } finally {
            pool.shutdownNow();
        }
    }

    private String checkPair(String from, String to) throws Exception {
        boolean allowed = ALLOWED_FROM.get(to).contains(from);
        String after = allowed ? to : from;
        String spec = "model pair_" + from + "_" + to + " \"state table pair\"\n"
                + "controller ctrl = " + from + "\n"
                + "context user kind process runs main\n"
                + "fn main() from \"test\" {\n"
                + "    let changed = nvme_change_ctrl_state(" + to + ")\n"
                + "    if changed != " + allowed + " { wait_event(false) }\n"
                + "    if nvme_ctrl_state(ctrl) != " + after + " { wait_event(false) }\n"
                + "}\n";
        Path dir = Files.createTempDirectory(tmp, from + "_" + to);
        Path file = dir.resolve("pair.stm");
        Files.writeString(file, spec);
        TlcResult r = PrimitiveSemanticsTest.run(file, "Deadlock", Map.of(), dir);
        return r instanceof TlcResult.NoViolation ? null
                : from + " -> " + to + ": expected changed=" + allowed + ", state " + after + "; TLC: "
                        + PrimitiveSemanticsTest.describe(r);
    }
}
