package rpcheck.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.check.CheckOptions;
import rpcheck.check.Checker;
import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.render.Counterexample;
import rpcheck.render.Renderings;
import rpcheck.tlc.ResultCache;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;

/** The verdict cache: keys, corrupt entries, and a cached violation rendering the same files as a fresh one. */
class VerdictCacheTest {
    @TempDir
    Path tmp;

    private TlcInvocation inputs(String tla, String cfg) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "in");
        Files.writeString(dir.resolve("M.tla"), tla);
        Files.writeString(dir.resolve("M.cfg"), cfg);
        return TlcInvocation.of(dir.resolve("M.tla"), dir.resolve("M.cfg"));
    }

    @Test
    void theKeyFollowsTheInputsAndTheOptionsThatChangeResults() throws Exception {
        TlcInvocation a = inputs("---- MODULE M ----\n====\n", "INIT Init\n");
        String cp = new TlcRunner().classpath();
        String k = VerdictCache.key(a, cp);
        assertEquals(k, VerdictCache.key(inputs("---- MODULE M ----\n====\n", "INIT Init\n"), cp));
        assertEquals(k, VerdictCache.key(a.withTimeout(Duration.ofSeconds(5)), cp)); // not a result option
        assertNotEquals(k, VerdictCache.key(inputs("---- MODULE M ----\n\n====\n", "INIT Init\n"), cp));
        assertNotEquals(k, VerdictCache.key(inputs("---- MODULE M ----\n====\n", "INIT Init2\n"), cp));
        assertNotEquals(k, VerdictCache.key(a.withExtraArgs(List.of("-continue")), cp));
        assertNotEquals(k, VerdictCache.key(a.withWorkers(2), cp));
        // how many, when several: a run gets the cores idle at its start, and several say the same
        assertEquals(VerdictCache.key(a.withWorkers(2), cp), VerdictCache.key(a.withWorkers(13), cp));
        assertNotEquals(k, VerdictCache.key(a.withCheckDeadlock(false), cp));
    }

    @Test
    void aCorruptEntryIsIgnoredAndRewritten() throws Exception {
        List<String> warnings = new ArrayList<>();
        VerdictCache c = new VerdictCache(tmp.resolve("cache"), warnings::add);
        TlcInvocation inv = inputs("---- MODULE M ----\n====\n", "INIT Init\n");
        String cp = new TlcRunner().classpath();
        ResultCache.Entry e = new ResultCache.Entry("@!@!@STARTMSG 2185:0 @!@!@\nout\n", "", 0, Duration.ofMillis(7));
        assertTrue(c.lookup(inv, cp).isEmpty());
        c.store(inv, cp, e);
        assertEquals(e, c.lookup(inv, cp).orElseThrow());
        Path file = c.file(VerdictCache.key(inv, cp));
        String whole = Files.readString(file);
        for (String broken : List.of(whole.substring(0, whole.length() / 2), "", "[1,2]",
                whole.replace("out\\n", "tampered\\n"))) {
            Files.writeString(file, broken);
            assertTrue(c.lookup(inv, cp).isEmpty(), broken);
        }
        assertFalse(warnings.isEmpty());
        c.store(inv, cp, e);
        assertEquals(e, c.lookup(inv, cp).orElseThrow());
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aCachedViolationRendersTheSameTraceFiles() throws Exception {
        Path spec = Files.createDirectories(tmp.resolve("specs")).resolve("sleep_under_spinlock.stm");
        Files.copy(Path.of("src/test/resources/primitives/sleep_under_spinlock.stm"), spec);
        VerdictCache cache = new VerdictCache(tmp.resolve("cache"), line -> { });
        Checker checker = new Checker(new TlcRunner().withCache(cache), line -> { });
        CheckOptions opts = new CheckOptions(Map.of(), List.of(Property.SLEEP_IN_ATOMIC, Property.DEADLOCK),
                Duration.ofMinutes(2), false);
        VariantResult fresh = checker.check(spec, tmp, opts);
        assertEquals(0, cache.hits());
        assertTrue(cache.stores() > 0);
        VariantResult cached = checker.check(spec, tmp, opts);
        assertEquals(cache.stores(), cache.hits());
        for (int i = 0; i < fresh.results().size(); i++) {
            PropertyResult f = fresh.results().get(i);
            PropertyResult c = cached.results().get(i);
            assertFalse(f.cached());
            assertTrue(c.cached());
            assertEquals(f.status(), c.status());
            assertEquals(f.stats(), c.stats());
            if (f.status() == PropertyResult.Status.VIOLATED) {
                assertEquals(Renderings.files(new Counterexample("v", f.trace())),
                        Renderings.files(new Counterexample("v", c.trace())));
            }
        }
        assertEquals(PropertyResult.Status.VIOLATED, fresh.results().get(0).status());
    }

    @Test
    void aSearchWithoutViolationIsTakenFromARunWithAnotherNumberOfWorkers() throws Exception {
        String module = "---- MODULE M ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
                + "Next == x' = (x + 1) % 3\nSmall == x < 3\nSmaller == x < 2\n====\n";
        VerdictCache cache = new VerdictCache(tmp.resolve("cache"), line -> { });
        TlcRunner runner = new TlcRunner().withCache(cache);
        TlcInvocation holds = inputs(module, "INIT Init\nNEXT Next\nINVARIANT Small\n");
        assertTrue(runner.run(holds.withWorkers(2)) instanceof TlcResult.NoViolation);
        TlcResult one = runner.run(holds); // one worker: the two workers' complete search
        assertTrue(one instanceof TlcResult.NoViolation && one.output().cached(), one.toString());
        assertEquals(3, ((TlcResult.NoViolation) one).stats().distinct());
        assertTrue(runner.run(holds.withWorkers(4)).output().cached());

        // a violation found with several workers is not a shortest counterexample: one worker searches again
        TlcInvocation violated = inputs(module, "INIT Init\nNEXT Next\nINVARIANT Smaller\n");
        assertTrue(runner.run(violated.withWorkers(2)) instanceof TlcResult.Violation);
        TlcResult again = runner.run(violated);
        assertTrue(again instanceof TlcResult.Violation && !again.output().cached(), again.toString());
        // the search without a violation under both keys, the violation found with two workers under its own
        assertEquals(4, cache.stores());
    }
}
