package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.check.Compiler;
import rpcheck.tlc.TlcResult;

/**
 * A request or work item that only a branch decided at generation names can never start: its timer expiries,
 * LLDD completions and work start are left out of the module, and what a live entry names (through a work
 * handler too) stays. TLC checks that leaving them out changes no state count.
 */
class LiveEntriesTest {
    @TempDir
    Path tmp;

    private static Path spec() throws URISyntaxException {
        return Path.of(LiveEntriesTest.class.getResource("/check/live_entries.stm").toURI());
    }

    @Test
    void whatNoLiveCodeNamesIsNotGenerated() throws Exception {
        Compiler.Compiled c = Compiler.compile(spec(), spec().getParent(), Map.of());
        String tla = c.output().tla();
        assertEquals(Set.of("r", "later"), c.program().liveRequests());
        for (String gone : new String[] {"Timeout_spare ==", "LateTimeout_spare ==", "LlddDone_lldd_spare(",
                "Start_extra(", "Start_q2_timeout_work("}) {
            assertFalse(tla.contains(gone), gone + " should not be generated");
        }
        for (String kept : new String[] {"Timeout_r ==", "LlddDone_lldd_r(", "Start_w(", "Start_q_timeout_work(",
                "Timeout_later ==", "LlddDone_lldd_later(", "Start_q3_timeout_work("}) {
            assertTrue(tla.contains(kept), kept + " should be generated");
        }
        // the state keeps every request and work item: the same states, fewer actions to try in each
        assertTrue(tla.contains("Reqs == {\"r\", \"spare\", \"later\"}"), tla);
    }

    @Test
    void theBranchTakenNamesThemAgain() throws Exception {
        Compiler.Compiled c = Compiler.compile(spec(), spec().getParent(), Map.of("feature", 1L));
        String tla = c.output().tla();
        assertEquals(Set.of("r", "spare", "later"), c.program().liveRequests());
        for (String kept : new String[] {"Timeout_spare ==", "LlddDone_lldd_spare(", "Start_extra(",
                "Start_q2_timeout_work("}) {
            assertTrue(tla.contains(kept), kept + " should be generated");
        }
    }

    @Test
    @Tag("tlc")
    void tlcFindsTheSameStatesWithoutThem() throws Exception {
        // the module of every entry (spare's timer and LLDD completion, extra's start, ...): TLC finds those
        // actions disabled in every state, so leaving them out changes no state count
        Compiler.Compiled pruned = Compiler.compile(spec(), Path.of("."), Map.of());
        TlaGenerator.Output full = everyEntry(spec(), pruned);
        assertTrue(full.tla().contains("Timeout_spare =="), "the module of every entry has spare's timer");
        assertTrue(full.tla().contains("Start_extra("), "the module of every entry has extra's start");
        for (String property : new String[] {"Deadlock", "Progress"}) {
            assertEquals(states(full, property), states(pruned.output(), property),
                    property + ": the same states with and without the actions left out");
        }
    }

    private long states(TlaGenerator.Output out, String property) throws Exception {
        return states(run(out, property));
    }

    private TlcResult run(TlaGenerator.Output out, String property) throws IOException {
        Path dir = Files.createTempDirectory(tmp, out.module() + "_" + property);
        Path tla = dir.resolve(out.module() + ".tla");
        Path cfg = dir.resolve(out.module() + "_" + property + ".cfg");
        Files.writeString(tla, out.tla());
        Files.writeString(cfg, out.cfgs().get(property));
        return new rpcheck.tlc.TlcRunner().run(rpcheck.tlc.TlcInvocation.of(tla, cfg)
                .withTimeout(java.time.Duration.ofMinutes(6)));
    }

    /**
     * Every primitive spec and history model whose module loses an action (the model parts among them: upstream
     * with a part on): TLC finds the same states, or a counterexample as short, with and without the actions left
     * out. Deadlock's run only (a search of every state where it holds): the liveness runs of the model parts take
     * minutes.
     */
    @TestFactory
    @Tag("tlc")
    @Execution(ExecutionMode.CONCURRENT)
    Stream<DynamicTest> thePrimitiveSpecsKeepTheirStates() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path spec : specFiles(PrimitiveSemanticsTest.DIR, Path.of("specs/history"))) {
            Compiler.Compiled c = Compiler.compile(spec, Path.of("."), Map.of());
            TlaGenerator.Output full = everyEntry(spec, c);
            if (!full.tla().equals(c.output().tla())) {
                tests.add(DynamicTest.dynamicTest(spec.getFileName().toString(), () -> assertEquals(
                        summary(run(full, "Deadlock")), summary(run(c.output(), "Deadlock")))));
            }
        }
        assertTrue(tests.size() > 10, "only " + tests.size() + " primitive specs lose an action");
        return tests.stream();
    }

    /**
     * A workqueue's workers after as many as it has live work items have no steps in the module
     * ({@code Program.runningWorkers}): TLC checks, in the module where every worker has its steps and every entry
     * is generated, that they never leave idle in any reachable state (the search of Deadlock's run, not stopped at
     * a deadlock), for every spec with such workers: smart's second nvme_reset_wq worker (reset_work is its one
     * work item: recovery runs there), and the primitive specs'.
     */
    @TestFactory
    @Tag("tlc")
    @Execution(ExecutionMode.CONCURRENT)
    Stream<DynamicTest> workersBeyondTheLiveWorkItemsStayIdle() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path spec : specFiles(PrimitiveSemanticsTest.DIR, Path.of("specs/history"), Path.of("specs/nvme-fc"))) {
            Compiler.Compiled c = Compiler.compile(spec, Path.of("."), Map.of());
            List<String> idle = new ArrayList<>();
            c.program().model().workqueues().forEach((wq, n) -> {
                for (int i = c.program().runningWorkers().get(wq) + 1; i <= n; i++) {
                    idle.add(wq + "#" + i);
                }
            });
            if (idle.isEmpty()) {
                continue;
            }
            TlaGenerator.Output full = everyEntry(spec, c);
            tests.add(DynamicTest.dynamicTest(spec.getFileName().toString() + " " + idle, () -> {
                String tla = full.tla();
                int end = tla.lastIndexOf("====");
                String set = idle.stream().map(w -> "\"" + w + "\"").collect(java.util.stream.Collectors.joining(", "));
                TlaGenerator.Output checked = new TlaGenerator.Output(full.module(), tla.substring(0, end)
                        + "IdleWorkers == \\A w \\in {" + set + "} : pc[w] = \"idle\"\n" + tla.substring(end),
                        Map.of("Deadlock", full.cfgs().get("Deadlock").replace("CHECK_DEADLOCK TRUE",
                                "CHECK_DEADLOCK FALSE\nINVARIANT IdleWorkers")), full.notApplicable(), full.provenance());
                TlcResult r = run(checked, "Deadlock");
                assertTrue(r instanceof TlcResult.NoViolation, idle + " left idle: " + summary(r));
            }));
        }
        assertTrue(tests.stream().anyMatch(t -> t.getDisplayName().startsWith("smart.stm [nvme_reset_wq#2]")),
                "smart's second nvme_reset_wq worker runs nothing: " + tests.stream().map(DynamicTest::getDisplayName)
                        .toList());
        return tests.stream();
    }

    /** The .stm files of {@code dirs}, each folder's in name order. */
    private static List<Path> specFiles(Path... dirs) throws IOException {
        List<Path> specs = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                specs.addAll(files.filter(f -> f.toString().endsWith(".stm")).sorted().toList());
            }
        }
        return specs;
    }

    private static TlaGenerator.Output everyEntry(Path spec, Compiler.Compiled c) {
        rpcheck.diag.Diagnostics diags = new rpcheck.diag.Diagnostics();
        rpcheck.model.Resolved resolved = new rpcheck.model.Resolver(diags).resolve(
                new rpcheck.model.SpecLoader(Path.of(".")).load(spec, diags), Map.of());
        return new TlaGenerator(new rpcheck.model.Lowering(resolved, diags).lowerEveryEntry(), c.output().module())
                .generate();
    }

    private static String summary(TlcResult r) {
        if (r instanceof TlcResult.NoViolation n) {
            return "holds, " + n.stats().distinct() + " states";
        } else if (r instanceof TlcResult.Violation v) {
            return "violated, " + v.trace().size() + " steps";
        }
        return r.toString();
    }

    private static long states(TlcResult r) {
        assertTrue(r instanceof TlcResult.NoViolation, PrimitiveSemanticsTest.describe(r));
        return ((TlcResult.NoViolation) r).stats().distinct();
    }
}
