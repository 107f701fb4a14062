package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tla.Provenance;
import rpcheck.tlc.TlcOutput;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.trace.Property;
import rpcheck.trace.Recorded;

class CheckerTest {
    private static final Provenance SELFCANCEL = Recorded.provenance("selfcancel");

    private static PropertyResult interpret(Property p, TlcResult r) {
        return Checker.interpret(p, r, SELFCANCEL, Duration.ZERO);
    }

    @Test
    void noViolationHolds() {
        PropertyResult r = interpret(Property.SLEEP_IN_ATOMIC, Recorded.result("selfcancel", Property.SLEEP_IN_ATOMIC));
        assertEquals(PropertyResult.Status.HOLDS, r.status());
        assertNull(r.trace());
        assertTrue(r.distinctStates() > 0);
    }

    @Test
    void violationCarriesItsTrace() {
        PropertyResult r = interpret(Property.WAIT_CYCLE, Recorded.result("selfcancel", Property.WAIT_CYCLE));
        assertEquals(PropertyResult.Status.VIOLATED, r.status());
        assertEquals(4, r.trace().steps().size());
        assertEquals("wq#1", r.trace().explanation().offender());
    }

    @Test
    void violationOfAnotherPropertyIsAnError() {
        // a deadlock reported while checking WaitCycle means the cfg was not the one we generated
        PropertyResult r = interpret(Property.WAIT_CYCLE, Recorded.result("selfcancel", Property.DEADLOCK));
        assertEquals(PropertyResult.Status.ERROR, r.status());
        assertTrue(r.message().contains("DEADLOCK"), r.message());
    }

    @Test
    void timeoutAndFailureAreErrors() {
        PropertyResult t = interpret(Property.DEADLOCK, new TlcResult.Timeout(Duration.ofSeconds(7)));
        assertEquals(PropertyResult.Status.ERROR, t.status());
        assertTrue(t.message().contains("timed out after 7 s"), t.message());
        PropertyResult f = interpret(Property.DEADLOCK, new TlcResult.Failure("parse error", List.of("x"),
                TlcOutput.EMPTY));
        assertEquals(PropertyResult.Status.ERROR, f.status());
        assertTrue(f.message().contains("parse error"));
        assertNull(f.distinctStates());
    }

    @Test
    void checksEveryPropertyWithTlcAndWritesGenFiles(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("selfcancel.stm");
        Files.copy(Recorded.dir().resolve("selfcancel.stm"), spec);
        List<String> log = new ArrayList<>();
        VariantResult v = new Checker(new TlcRunner(), line -> {
            synchronized (log) {
                log.add(line);
            }
        }).check(spec, dir, CheckOptions.defaults());
        assertEquals("selfcancel", v.variant());
        assertEquals("selfcancel.stm", v.spec());
        // the three properties the generator emits (the others are n/a until it emits them too)
        assertEquals(List.of(PropertyResult.Status.VIOLATED, PropertyResult.Status.VIOLATED,
                PropertyResult.Status.HOLDS), v.results().stream().filter(r -> List.of(Property.DEADLOCK,
                        Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC).contains(r.property()))
                        .map(PropertyResult::status).toList());
        assertTrue(Files.isRegularFile(dir.resolve("gen/selfcancel_WaitCycle.cfg")));
        assertEquals(dir.resolve("gen"), v.genDir());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("TLC: checking WaitCycle")), log.toString());
    }

    @Test
    void boundOverridesLeaveGenAlone(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("rqtimeout.stm");
        Files.copy(Recorded.dir().resolve("rqtimeout.stm"), spec);
        CheckOptions opts = new CheckOptions(Map.of("timeouts", 0L), List.of(Property.WAIT_CYCLE),
                Duration.ofSeconds(120), false);
        VariantResult v = new Checker(new TlcRunner(), line -> { }).check(spec, dir, opts);
        // without a timer expiry the timeout work never runs, so it cannot wait for itself
        assertEquals(PropertyResult.Status.HOLDS, v.results().get(0).status());
        assertEquals(Map.of("timeouts", 0L), v.bounds());
        assertTrue(Files.notExists(dir.resolve("gen")));
        assertNull(v.genDir());
    }

    @Test
    void unknownBoundIsAUsageError(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("selfcancel.stm");
        Files.copy(Recorded.dir().resolve("selfcancel.stm"), spec);
        CheckOptions opts = new CheckOptions(Map.of("nope", 1L), List.of(Property.DEADLOCK), Duration.ofSeconds(60),
                false);
        CheckException e = assertThrows(CheckException.class,
                () -> new Checker(new TlcRunner(), line -> { }).check(spec, dir, opts));
        assertEquals(CheckException.Reason.USAGE, e.reason());
        assertNotNull(e.getMessage());
    }
}
