package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;

/** TLC's other searches: a simulation, and breadth-first searches with several workers (all verdicts from TLC). */
class SearchTest {

    private static Path copy(Path dir, String name) throws Exception {
        Path spec = dir.resolve(name);
        Files.copy(Path.of(SearchTest.class.getResource("/check/" + name).toURI()), spec);
        return spec;
    }

    private static PropertyResult only(VariantResult v) {
        assertEquals(1, v.results().size());
        return v.results().get(0);
    }

    @Test
    void aSimulationFindsABugBeyondTheDefaultBoundsAndNeverSaysHolds(@TempDir Path dir) throws Exception {
        Path spec = copy(dir, "deep.stm");
        Checker checker = new Checker(new TlcRunner(), line -> { });
        List<Property> io = List.of(Property.IO_ACCOUNTING);
        // every state within the default bound (one command): the bug needs three
        PropertyResult exhaustive = only(checker.check(spec, dir,
                new CheckOptions(Map.of(), io, Duration.ofSeconds(120), false)));
        assertEquals(PropertyResult.Status.HOLDS, exhaustive.status());

        // a simulation with the bound the bug needs finds it: a real trace, the three commands
        PropertyResult found = only(checker.check(spec, dir, new CheckOptions(Map.of("cmds", 3L), io,
                Duration.ofSeconds(120), false, new Search.Simulation(50, 200, 1))));
        assertEquals(PropertyResult.Status.VIOLATED, found.status());
        assertEquals(6, found.trace().steps().size());

        // one that does not reach it says so, and not that it holds
        PropertyResult none = only(checker.check(spec, dir, new CheckOptions(Map.of("cmds", 2L), io,
                Duration.ofSeconds(120), false, new Search.Simulation(50, 200, 1))));
        assertEquals(PropertyResult.Status.NO_VIOLATION_FOUND, none.status());
        assertEquals("no violation found in 200 behaviours of depth <= 50 (TLC simulation, seed 1; not a proof"
                + " that it holds)", none.message());
        assertNull(none.trace());
    }

    @Test
    void severalWorkersGiveTheVerdictsAndTracesOfOne(@TempDir Path dir) throws Exception {
        Path spec = copy(dir, "several.stm");
        List<Property> safety = List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC,
                Property.IO_ACCOUNTING, Property.USE_AFTER_FREE);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Checker checker = new Checker(new TlcRunner(), log::add);
        CheckOptions one = new CheckOptions(Map.of(), safety, Duration.ofSeconds(120), false);
        VariantResult v1;
        try (TlcScheduler s = new TlcScheduler(1, 1)) {
            Checker.Pending p = checker.submit(spec, dir, one, s);
            s.start();
            v1 = p.await();
        }
        VariantResult v2;
        try (TlcScheduler s = new TlcScheduler(1, 2)) { // one run at a time: it gets both cores
            Checker.Pending p = checker.submit(spec, dir, one.withSearch(new Search.Exhaustive(2)), s);
            s.start();
            v2 = p.await();
            assertTrue(p.runs().stream().anyMatch(r -> r.workers() == 2), p.runs().toString());
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("with 2 workers")), log.toString());
        for (int i = 0; i < safety.size(); i++) {
            PropertyResult a = v1.results().get(i);
            PropertyResult b = v2.results().get(i);
            assertEquals(a.status(), b.status(), a.property().toString());
            if (a.status() == PropertyResult.Status.VIOLATED) {
                assertEquals(a.trace(), b.trace(), a.property().toString());
            } else {
                assertEquals(a.distinctStates(), b.distinctStates(), a.property().toString());
            }
        }
    }

    @Test
    void byDefaultOnlyRunsExpectedToHoldGetTheIdleCores(@TempDir Path dir) throws Exception {
        Path spec = copy(dir, "several.stm");
        Checker checker = new Checker(new TlcRunner(), line -> { });
        // IoAccounting holds, SleepInAtomic is violated: each alone, one run at a time, so that a run may have
        // both cores
        Map<Property, List<Integer>> workers = new java.util.LinkedHashMap<>();
        Map<Property, PropertyResult> results = new java.util.LinkedHashMap<>();
        for (Property p : List.of(Property.IO_ACCOUNTING, Property.SLEEP_IN_ATOMIC)) {
            for (boolean hinted : List.of(true, false)) {
                CheckOptions opts = new CheckOptions(Map.of(), List.of(p), Duration.ofSeconds(120), false,
                        Search.Exhaustive.byExpectations());
                if (hinted) { // the expectations as they are: IoAccounting holds, SleepInAtomic is violated
                    opts = opts.withExpected(Map.of(p, new CheckOptions.Hint(p == Property.SLEEP_IN_ATOMIC, null)));
                }
                try (TlcScheduler s = new TlcScheduler(1, 2)) {
                    Checker.Pending pending = checker.submit(spec, dir, opts, s);
                    s.start();
                    PropertyResult r = only(pending.await());
                    if (results.containsKey(p)) {
                        assertEquals(results.get(p).status(), r.status(), p.toString());
                        assertEquals(results.get(p).trace(), r.trace(), p.toString());
                        assertEquals(results.get(p).distinctStates(), r.distinctStates(), p.toString());
                    } else {
                        results.put(p, r);
                    }
                    workers.computeIfAbsent(p, k -> new ArrayList<>())
                            .add(pending.runs().stream().mapToInt(Checker.Run::workers).max().orElse(0));
                }
            }
        }
        assertEquals(PropertyResult.Status.HOLDS, results.get(Property.IO_ACCOUNTING).status());
        assertEquals(PropertyResult.Status.VIOLATED, results.get(Property.SLEEP_IN_ATOMIC).status());
        // expected to hold: both cores; without expectations, or expected violated: one worker
        assertEquals(List.of(2, 1), workers.get(Property.IO_ACCOUNTING));
        assertEquals(List.of(1, 1), workers.get(Property.SLEEP_IN_ATOMIC));
    }
}
