package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.check.Compiler;
import rpcheck.tla.Provenance;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcOutput;
import rpcheck.tlc.TlcOutputParser;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;
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
        assertTrue(t.message().contains("timed out after 7 s (raise"), t.message());
        // how far it got, from TLC's last progress report (printed once a minute)
        TlcOutput progress = TlcOutputParser.parse("@!@!@STARTMSG 2200:0 @!@!@\nProgress(41) at 2026-12-05"
                + " 16:10:00: 98,765,432 states generated (2,000,000 s/min), 23,456,789 distinct states found"
                + " (500,000 ds/min), 3,456,789 states left on queue.\n@!@!@ENDMSG 2200 @!@!@\n");
        PropertyResult far = interpret(Property.DEADLOCK, new TlcResult.Timeout(Duration.ofSeconds(7), progress));
        assertTrue(far.message().contains("timed out after 7 s with 23,456,789 distinct states found and 3,456,789"
                + " left on its queue (raise"), far.message());
        PropertyResult f = interpret(Property.DEADLOCK, new TlcResult.Failure("parse error", List.of("x"),
                TlcOutput.EMPTY));
        assertEquals(PropertyResult.Status.ERROR, f.status());
        assertTrue(f.message().contains("parse error"));
        assertNull(f.distinctStates());
    }

    @Test
    @Tag("tlc")
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
        // selfcancel has no assert, kref, lock, interrupt handler, association fault, assoc_end() or request: the other
        // seven are n/a, without a TLC run
        assertEquals(List.of(PropertyResult.Status.VIOLATED, PropertyResult.Status.VIOLATED,
                PropertyResult.Status.HOLDS, PropertyResult.Status.NOT_APPLICABLE, PropertyResult.Status.NOT_APPLICABLE,
                PropertyResult.Status.NOT_APPLICABLE, PropertyResult.Status.NOT_APPLICABLE,
                PropertyResult.Status.NOT_APPLICABLE, PropertyResult.Status.NOT_APPLICABLE,
                PropertyResult.Status.NOT_APPLICABLE),
                v.results().stream().map(PropertyResult::status).toList());
        assertTrue(v.results().get(4).message().contains("kref"), v.results().get(4).message());
        assertTrue(Files.notExists(dir.resolve("gen/selfcancel_UseAfterFree.cfg")));
        assertTrue(Files.isRegularFile(dir.resolve("gen/selfcancel_WaitCycle.cfg")));
        assertEquals(dir.resolve("gen"), v.genDir());
        // the three safety properties share a run; after each violation the others are checked again
        assertTrue(log.contains("TLC: checking Deadlock, WaitCycle, SleepInAtomic of selfcancel"), log.toString());
    }

    @Test
    @Tag("tlc")
    void aTraceNamesTheStepThatAContextsCaseTook(@TempDir Path dir) throws Exception {
        // each context's consecutive steps are one CASE on its pc in NextCore, which TLC reports as the action
        Path spec = dir.resolve("lock_abba.stm");
        Files.copy(Path.of("src/test/resources/golden/lock_abba/input.stm"), spec);
        VariantResult v = new Checker(new TlcRunner(), line -> { }).check(spec, dir, CheckOptions.defaults());
        String tla = Files.readString(dir.resolve("gen/lock_abba.tla"));
        assertTrue(tla.contains("Steps_one ==\n    CASE pc[\"one\"] \\in {\"idle\", \"done\"} -> FALSE\n"
                + "    [] pc[\"one\"] = \"one_first_L1\" -> one_first_L1(\"one\")"), tla);
        PropertyResult deadlock = v.results().get(0);
        assertEquals(PropertyResult.Status.VIOLATED, deadlock.status());
        // one takes a and sets x, two takes b and clears x: each step named by its own action and statement
        List<String> steps = deadlock.trace().steps().stream().map(s -> s.context() + " " + s.action() + " " + s.kind())
                .toList();
        assertEquals(List.of("one one_start context_start", "one one_first_L1 step", "one one_first_L2 step",
                "two two_start context_start", "two two_second_L1 step", "two two_second_L2 step"), steps);
        assertTrue(deadlock.trace().steps().get(1).text().startsWith("spin_lock(a)"),
                deadlock.trace().steps().get(1).text());
    }

    @Test
    @Tag("tlc")
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

    // ------------------------------------------------------------------ shared safety runs

    private static Path several(Path dir) throws Exception {
        return copied(dir, "several");
    }

    @Test
    void aViolationDecidesItsPropertyAndLeavesTheOthersForAnotherRun() {
        TlcResult waitCycle = Recorded.result("selfcancel", Property.WAIT_CYCLE);
        Checker.Outcome o = Checker.decide(List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC),
                waitCycle);
        assertEquals(List.of(Property.WAIT_CYCLE), o.decided());
        assertEquals(List.of(Property.DEADLOCK, Property.SLEEP_IN_ATOMIC), o.rest());

        TlcResult deadlock = Recorded.result("selfcancel", Property.DEADLOCK);
        o = Checker.decide(List.of(Property.DEADLOCK, Property.SLEEP_IN_ATOMIC), deadlock);
        assertEquals(List.of(Property.DEADLOCK), o.decided());
        assertEquals(List.of(Property.SLEEP_IN_ATOMIC), o.rest());
    }

    @Test
    void noViolationTimeoutOrAViolationOfNoneOfThemDecidesThemAll() {
        List<Property> two = List.of(Property.SLEEP_IN_ATOMIC, Property.IO_ACCOUNTING);
        TlcResult holds = Recorded.result("selfcancel", Property.SLEEP_IN_ATOMIC);
        assertDecidesAll(two, Checker.decide(two, holds));
        TlcResult timeout = new TlcResult.Timeout(Duration.ofSeconds(1));
        assertDecidesAll(two, Checker.decide(two, timeout));
        // a deadlock while checking only invariants: each of them gets an error (as in a run of its own)
        TlcResult deadlock = Recorded.result("selfcancel", Property.DEADLOCK);
        assertDecidesAll(two, Checker.decide(two, deadlock));
        assertEquals(PropertyResult.Status.ERROR, interpret(Property.SLEEP_IN_ATOMIC, deadlock).status());
    }

    private static TlcResult continued(String name) throws Exception {
        return rpcheck.tlc.TlcOutputParser.parseResult(Files.readString(
                Path.of(CheckerTest.class.getResource("/tlc/" + name + ".out").toURI())));
    }

    @Test
    void aContinuedRunDecidesEachViolationAndWhatHoldsOnceTheSearchIsComplete() throws Exception {
        // recorded with -continue (src/test/resources/tlc/record.sh): Once_NoWaitCycle, then Once_NoSleepInAtomic
        List<Property> three = List.of(Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC, Property.USE_AFTER_FREE);
        Checker.Outcome o = Checker.decideContinued(three, continued("continued_done"));
        assertEquals(three, o.decided());
        assertEquals(List.of(), o.rest());
        assertEquals(PropertyResult.Status.VIOLATED, interpret(Property.WAIT_CYCLE, o.results().get(Property.WAIT_CYCLE))
                .status());
        assertEquals("NoSleepInAtomic",
                ((TlcResult.Violation) o.results().get(Property.SLEEP_IN_ATOMIC)).propertyName());
        assertEquals(PropertyResult.Status.HOLDS,
                interpret(Property.USE_AFTER_FREE, o.results().get(Property.USE_AFTER_FREE)).status());

        // a deadlock stops the search: what it had not decided is left for another run
        List<Property> four = List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC,
                Property.USE_AFTER_FREE);
        o = Checker.decideContinued(four, continued("continued_deadlock"));
        assertEquals(List.of(Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC, Property.DEADLOCK), o.decided());
        assertEquals(List.of(Property.USE_AFTER_FREE), o.rest());
    }

    @Test
    void aContinuedRunWithAViolationOfNoneOfThemOrAFailureIsRetriedOneByOne() throws Exception {
        // SleepInAtomic is violated but was not asked: something is wrong with the run, check each alone
        assertNull(Checker.decideContinued(List.of(Property.WAIT_CYCLE, Property.USE_AFTER_FREE),
                continued("continued_done")));
        assertNull(Checker.decideContinued(List.of(Property.WAIT_CYCLE, Property.USE_AFTER_FREE),
                new TlcResult.Failure("broken", List.of())));
        // a run cut short (no "completed", no deadlock) decides nothing
        String text = Files.readString(Path.of(CheckerTest.class.getResource("/tlc/continued_done.out").toURI()));
        TlcResult cut = rpcheck.tlc.TlcOutputParser.parseResult(text.substring(0, text.indexOf("@!@!@STARTMSG 2193")));
        assertNull(Checker.decideContinued(List.of(Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC,
                Property.USE_AFTER_FREE), cut));
        // a timeout: no verdict for any of them
        List<Property> two = List.of(Property.WAIT_CYCLE, Property.USE_AFTER_FREE);
        assertDecidesAll(two, Checker.decideContinued(two, new TlcResult.Timeout(Duration.ofSeconds(1))));
    }

    private static void assertDecidesAll(List<Property> props, Checker.Outcome o) {
        assertEquals(props, o.decided());
        assertEquals(List.of(), o.rest());
    }

    @Test
    @Tag("tlc")
    void sharedRunsGiveTheVerdictsAndTracesOfOneRunPerProperty(@TempDir Path dir) throws Exception {
        Path spec = several(dir);
        Checked c = checked(new TlcRunner(), spec, dir, CheckOptions.defaults(), 2);
        List<Checker.Run> runs = c.runs();
        VariantResult v = c.result();
        // the safety properties: one run that goes on after each invariant's first violation (in the order in
        // which the breadth-first search meets them) and stops at the deadlock; a second run for the rest
        List<Checker.Run> safety = runs.stream().filter(r -> !r.properties().get(0).liveness()).toList();
        assertEquals(List.of(List.of(Property.SLEEP_IN_ATOMIC, Property.WAIT_CYCLE, Property.USE_AFTER_FREE,
                Property.DEADLOCK), List.of(Property.IO_ACCOUNTING, Property.LOCK_BALANCE)),
                safety.stream().map(Checker.Run::decided).toList());
        assertEquals(List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC, Property.IO_ACCOUNTING,
                Property.USE_AFTER_FREE, Property.LOCK_BALANCE), safety.get(0).properties());
        assertEquals(List.of(Property.IO_ACCOUNTING, Property.LOCK_BALANCE), safety.get(1).properties());

        // each verdict, state count and trace is what TLC gives for the property's own cfg
        Compiler.Compiled compiled = Compiler.compile(spec, dir, Map.of());
        Provenance prov = compiled.output().provenance();
        for (PropertyResult shared : v.results()) {
            Property p = shared.property();
            if (p.liveness() || shared.status() == PropertyResult.Status.NOT_APPLICABLE) {
                continue;
            }
            Path cfg = dir.resolve("gen/several_" + p.displayName() + ".cfg");
            TlcResult alone = new TlcRunner().run(TlcInvocation.of(dir.resolve("gen/several.tla"), cfg)
                    .withTimeout(Duration.ofMinutes(2)));
            PropertyResult own = Checker.interpret(p, alone, prov, compiled.program(), Duration.ZERO);
            assertEquals(own.status(), shared.status(), p.displayName());
            if (own.status() == PropertyResult.Status.HOLDS) { // a violation's count is that of the run that found it
                assertEquals(own.stats(), shared.stats(), p.displayName());
            }
            assertEquals(own.trace(), shared.trace(), p.displayName());
        }
        assertEquals(PropertyResult.Status.HOLDS, v.results().get(3).status());
    }

    /**
     * Where the expectations say that Deadlock is violated, the shared run checks it as an invariant and goes on
     * past the deadlock: one run decides every safety property, with the verdicts, traces and (where they hold)
     * state counts of each property's own run. When every property of the run is violated, TLC is stopped once
     * the last is reported (states are left on its queue) instead of searching on.
     */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    @Tag("tlc")
    void anExpectedDeadlockIsAnInvariantOfTheSharedRun(boolean withIoAccounting, @TempDir Path dir)
            throws Exception {
        Path spec = several(dir);
        List<Property> props = new ArrayList<>(List.of(Property.DEADLOCK, Property.WAIT_CYCLE,
                Property.SLEEP_IN_ATOMIC, Property.USE_AFTER_FREE));
        if (withIoAccounting) {
            props.add(Property.IO_ACCOUNTING); // holds: the run searches every state
        }
        CheckOptions opts = new CheckOptions(Map.of(), props, Duration.ofSeconds(120), false)
                .withExpected(Map.of(Property.DEADLOCK, new CheckOptions.Hint(true, null)));
        Checked c = checked(new TlcRunner(), spec, dir, opts, 1);
        assertEquals(1, c.runs().size(), c.runs().toString());
        Checker.Run run = c.runs().get(0);
        assertEquals(props.size(), run.decided().size(), run.decided().toString());
        assertEquals(!withIoAccounting, run.stats().left() > 0, run.stats().toString());

        Compiler.Compiled compiled = Compiler.compile(spec, dir, Map.of());
        for (PropertyResult shared : c.result().results()) {
            Property p = shared.property();
            Path cfg = dir.resolve("gen/several_" + p.displayName() + ".cfg");
            TlcResult alone = new TlcRunner().run(TlcInvocation.of(dir.resolve("gen/several.tla"), cfg)
                    .withTimeout(Duration.ofMinutes(2)));
            PropertyResult own = Checker.interpret(p, alone, compiled.output().provenance(), compiled.program(),
                    Duration.ZERO);
            assertEquals(own.status(), shared.status(), p.displayName());
            if (own.status() == PropertyResult.Status.HOLDS) {
                assertEquals(own.stats(), shared.stats(), p.displayName());
            }
            assertEquals(own.trace(), shared.trace(), p.displayName());
        }
        assertEquals(PropertyResult.Status.VIOLATED, c.result().results().get(0).status());
    }

    /**
     * LiveWithoutAssoc and Progress (same bounds, forms without a tableau) share one run, which can only say that
     * both hold: live_shared.stm, where they do, takes one run; live_shared_lost.stm, where LiveWithoutAssoc is
     * violated, takes that run and then one run each, or only one run each when the spec's expectations say that
     * LiveWithoutAssoc is violated (hint "violated"). Where they say that both hold (hint "hold") the shared run
     * searches the coded module, and a lasso there is followed by one run each in the module as generated. Either
     * way, every verdict, state count and lasso is what TLC gives for the property's own cfg.
     */
    @ParameterizedTest
    @CsvSource({"live_shared, none", "live_shared_lost, none", "live_shared_lost, violated", "live_shared, hold",
            "live_shared_lost, hold"})
    @Tag("tlc")
    void temporalPropertiesShareARunThatCanOnlySayTheyHold(String name, String hint, @TempDir Path dir)
            throws Exception {
        Path spec = copied(dir, name);
        CheckOptions opts = new CheckOptions(Map.of(), List.of(Property.LIVE_WITHOUT_ASSOC, Property.PROGRESS),
                Duration.ofSeconds(120), false);
        boolean hinted = hint.equals("violated");
        if (hinted) {
            opts = opts.withExpected(Map.of(Property.LIVE_WITHOUT_ASSOC, new CheckOptions.Hint(true, null)));
        } else if (hint.equals("hold")) {
            opts = opts.withExpected(Map.of(Property.LIVE_WITHOUT_ASSOC, new CheckOptions.Hint(false, null),
                    Property.PROGRESS, new CheckOptions.Hint(false, null)));
        }
        List<Boolean> coded = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Boolean> atEnd = java.util.Collections.synchronizedList(new ArrayList<>());
        Checked c = checked(recording(inv -> {
            coded.add(codedModule(inv));
            atEnd.add(atEnd(inv));
        }), spec, dir, opts, 1);
        List<Checker.Run> runs = c.runs();
        VariantResult v = c.result();
        boolean lost = name.endsWith("_lost");
        // only the first run, when both are expected to hold, searches the coded module
        for (int i = 0; i < coded.size(); i++) {
            assertEquals(i == 0 && hint.equals("hold"), coded.get(i), coded.toString());
            // and it searches the states where fair behaviours end (End_ invariants, Settles), not under fairness
            assertEquals(i == 0 && hint.equals("hold"), atEnd.get(i), atEnd.toString());
        }
        if (hinted) {
            assertEquals(2, runs.size(), runs.toString());
            for (Checker.Run r : runs) {
                assertEquals(1, r.properties().size(), runs.toString());
                assertEquals(r.properties(), r.decided());
            }
        } else {
            assertEquals(List.of(Property.LIVE_WITHOUT_ASSOC, Property.PROGRESS), runs.get(0).properties());
            assertEquals(lost ? List.of() : List.of(Property.LIVE_WITHOUT_ASSOC, Property.PROGRESS),
                    runs.get(0).decided());
            assertEquals(lost ? 3 : 1, runs.size(), runs.toString());
        }
        assertEquals(lost ? PropertyResult.Status.VIOLATED : PropertyResult.Status.HOLDS, v.results().get(0).status());
        assertEquals(PropertyResult.Status.HOLDS, v.results().get(1).status());

        Compiler.Compiled compiled = Compiler.compile(spec, dir, Map.of());
        for (PropertyResult shared : v.results()) {
            Property p = shared.property();
            Path cfg = dir.resolve("gen/" + name + "_" + p.displayName() + ".cfg");
            TlcResult alone = new TlcRunner().run(TlcInvocation.of(dir.resolve("gen/" + name + ".tla"), cfg)
                    .withExtraArgs(List.of("-lncheck", "final")).withTimeout(Duration.ofMinutes(2)));
            PropertyResult own = Checker.interpret(p, alone, compiled.output().provenance(), compiled.program(),
                    Duration.ZERO);
            assertEquals(own.status(), shared.status(), p.displayName());
            assertEquals(own.stats(), shared.stats(), p.displayName());
            assertEquals(own.trace(), shared.trace(), p.displayName());
        }
    }

    /**
     * live_cycle.stm: a work item queues itself again each time it runs, so Progress is violated by a behaviour
     * that repeats for ever, and no state where a fair behaviour could stop is reachable: the End_ invariant holds
     * (vacuously) and only Settles fails. Expected to hold, the first run searches the states where fair
     * behaviours end, decides nothing, and the run under fairness in the module as generated gives TLC's lasso,
     * the verdict and trace of the property's own cfg.
     */
    @Test
    @Tag("tlc")
    void aCycleFoundWhereFairBehavioursEndIsSearchedAgainUnderFairness(@TempDir Path dir) throws Exception {
        Path spec = copied(dir, "live_cycle");
        CheckOptions opts = new CheckOptions(Map.of(), List.of(Property.PROGRESS), Duration.ofSeconds(120), false)
                .withExpected(Map.of(Property.PROGRESS, new CheckOptions.Hint(false, null)));
        List<Boolean> atEnd = java.util.Collections.synchronizedList(new ArrayList<>());
        Checked c = checked(recording(inv -> atEnd.add(atEnd(inv))), spec, dir, opts, 1);
        assertEquals(List.of(true, false), atEnd);
        assertEquals(List.of(), c.runs().get(0).decided());
        PropertyResult shared = c.result().results().get(0);
        assertEquals(PropertyResult.Status.VIOLATED, shared.status());
        assertFalse(shared.trace().stutters(), "a cycle, not a stop: " + shared.trace().loopText());

        Compiler.Compiled compiled = Compiler.compile(spec, dir, Map.of());
        TlcResult alone = new TlcRunner().run(TlcInvocation.of(dir.resolve("gen/live_cycle.tla"),
                dir.resolve("gen/live_cycle_Progress.cfg")).withExtraArgs(List.of("-lncheck", "final"))
                .withTimeout(Duration.ofMinutes(2)));
        PropertyResult own = Checker.interpret(Property.PROGRESS, alone, compiled.output().provenance(),
                compiled.program(), Duration.ZERO);
        assertEquals(own.status(), shared.status());
        assertEquals(own.stats(), shared.stats());
        assertEquals(own.trace(), shared.trace());
    }

    @Test
    @Tag("tlc")
    void aFailedSharedRunIsRepeatedPropertyByProperty(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("selfcancel.stm");
        Files.copy(Recorded.dir().resolve("selfcancel.stm"), spec);
        // a classpath without TLC: every run fails without a verdict
        TlcRunner broken = new TlcRunner(Path.of(System.getProperty("java.home"), "bin", "java"),
                dir.resolve("no-tlc.jar").toString());
        CheckOptions opts = new CheckOptions(Map.of(), List.of(Property.SLEEP_IN_ATOMIC, Property.DEADLOCK,
                Property.WAIT_CYCLE), Duration.ofSeconds(60), false);
        Checked c = checked(broken, spec, dir, opts, 1);
        List<Checker.Run> runs = c.runs();
        VariantResult v = c.result();
        assertEquals(List.of(Property.SLEEP_IN_ATOMIC, Property.DEADLOCK, Property.WAIT_CYCLE),
                v.results().stream().map(PropertyResult::property).toList(), "results in the order asked");
        for (PropertyResult r : v.results()) {
            assertEquals(PropertyResult.Status.ERROR, r.status());
            assertTrue(r.message().startsWith("TLC failed"), r.message());
        }
        assertEquals(4, runs.size(), runs.toString());
        assertEquals(List.of(Property.DEADLOCK, Property.WAIT_CYCLE, Property.SLEEP_IN_ATOMIC), runs.get(0).properties());
        assertEquals(List.of(), runs.get(0).decided());
        for (Checker.Run r : runs.subList(1, 4)) {
            assertEquals(r.properties(), r.decided());
            assertEquals(1, r.properties().size());
        }
    }

    @Test
    @Tag("tlc")
    void propertiesWithOtherBoundsGetRunsOfTheirOwn(@TempDir Path dir) throws Exception {
        Path spec = copied(dir, "per_property");
        CheckOptions opts = new CheckOptions(Map.of(), List.of(Property.DEADLOCK, Property.WAIT_CYCLE,
                Property.IO_ACCOUNTING), Duration.ofSeconds(120), false);
        Checked c = checked(new TlcRunner(), spec, dir, opts, 1);
        List<Checker.Run> runs = c.runs();
        VariantResult v = c.result();
        assertEquals(List.of(List.of(Property.DEADLOCK, Property.WAIT_CYCLE), List.of(Property.IO_ACCOUNTING)),
                runs.stream().map(Checker.Run::properties).sorted(java.util.Comparator.comparing(List::size,
                        java.util.Comparator.reverseOrder())).toList());
        // IoAccounting's run sends a command (cmds = 1 for it), so its assert fails; the others' runs send none
        assertEquals(PropertyResult.Status.VIOLATED, v.results().get(2).status());
        assertEquals(PropertyResult.Status.HOLDS, v.results().get(0).status());
        // and with the command line's value for every property, IoAccounting holds
        opts = new CheckOptions(Map.of("cmds", 0L), List.of(Property.IO_ACCOUNTING), Duration.ofSeconds(120), false);
        v = checked(new TlcRunner(), spec, dir, opts, 1).result();
        assertEquals(PropertyResult.Status.HOLDS, v.results().get(0).status());
    }

    /**
     * A run whose properties the expectations record with few states gets the JVM without C2 (fewer while a core is
     * free than while every core has a run); one above the threshold, or with a property that has no recorded
     * count, the default JVM; the verdicts are the same.
     */
    @Test
    @Tag("tlc")
    void smallRunsByTheExpectationsGetAJvmWithoutC2(@TempDir Path dir) throws Exception {
        Path spec = copied(dir, "per_property");
        List<Property> props = PER_PROPERTY;
        CheckOptions plain = plain(props);
        Map<String, List<String>> jvms = new java.util.concurrent.ConcurrentHashMap<>();
        TlcRunner recording = recording(inv -> jvms.put(inv.cfgFile().getFileName().toString(), inv.jvmArgs()));
        VariantResult before = checked(new TlcRunner(), spec, dir, plain, new TlcScheduler(1)).result();
        CheckOptions hinted = plain.withExpected(Map.of(
                Property.DEADLOCK, new CheckOptions.Hint(false, 10L),
                Property.WAIT_CYCLE, new CheckOptions.Hint(false, Checker.QUICK_SAFETY_STATES),
                Property.IO_ACCOUNTING, new CheckOptions.Hint(true, Checker.QUICK_SAFETY_STATES + 1)));
        // one core, so every run has every core: the larger threshold
        VariantResult after = checked(recording, spec, dir, hinted, new TlcScheduler(1, 1)).result();
        assertEquals(2, jvms.size(), jvms.toString());
        jvms.forEach((cfg, args) -> assertEquals(cfg.contains("IoAccounting") ? TlcInvocation.DEFAULT_JVM_ARGS
                : TlcInvocation.QUICK_JVM_ARGS, args, cfg));
        assertSameResults(before, after, props.size());
        // a core free (one run at a time on two): the smaller threshold for a safety run
        jvms.clear();
        checked(recording, spec, dir, hinted, new TlcScheduler(1, 2));
        jvms.forEach((cfg, args) -> assertEquals(TlcInvocation.DEFAULT_JVM_ARGS, args, cfg));
        jvms.clear();
        checked(recording, spec, dir, hinted.withExpected(Map.of(
                Property.DEADLOCK, new CheckOptions.Hint(false, 10L),
                Property.WAIT_CYCLE, new CheckOptions.Hint(false, Checker.QUICK_SAFETY_STATES_ALONE),
                Property.IO_ACCOUNTING, new CheckOptions.Hint(true, 5L))), new TlcScheduler(1, 2));
        assertEquals(2, jvms.size(), jvms.toString());
        jvms.forEach((cfg, args) -> assertEquals(TlcInvocation.QUICK_JVM_ARGS, args, cfg));
        // WaitCycle without a recorded count: the shared run gets the default JVM
        jvms.clear();
        checked(recording, spec, dir, plain.withExpected(Map.of(Property.DEADLOCK, new CheckOptions.Hint(false, 10L),
                Property.WAIT_CYCLE, new CheckOptions.Hint(false, null))), new TlcScheduler(1, 1));
        jvms.forEach((cfg, args) -> assertEquals(TlcInvocation.DEFAULT_JVM_ARGS, args, cfg));
    }

    /**
     * A run whose properties the expectations record as holding searches the module for such runs, its literals as
     * integers (TlaGenerator.holdRunModule, CodedModule); where the hint is wrong (IoAccounting is violated) the run
     * is searched again in the module as generated, and every verdict, count and trace is that of a check without
     * hints.
     */
    @Test
    @Tag("tlc")
    void runsExpectedToHoldSearchTheCodedModuleAndAWrongHintIsSearchedAgain(@TempDir Path dir) throws Exception {
        Path spec = copied(dir, "per_property");
        List<Property> props = PER_PROPERTY;
        CheckOptions plain = plain(props);
        List<String> modules = java.util.Collections.synchronizedList(new ArrayList<>());
        TlcRunner recording = recording(inv -> modules.add((codedModule(inv) ? "coded " : "")
                + inv.cfgFile().getFileName().toString().replace("per_property_", "").replace(".cfg", "")));
        VariantResult before = checked(new TlcRunner(), spec, dir, plain, 1).result();
        CheckOptions hinted = plain.withExpected(Map.of(
                Property.DEADLOCK, new CheckOptions.Hint(false, null),
                Property.WAIT_CYCLE, new CheckOptions.Hint(false, null),
                Property.IO_ACCOUNTING, new CheckOptions.Hint(false, null)));
        Checked after = checked(recording, spec, dir, hinted, 1);
        assertEquals(List.of("IoAccounting", "coded Deadlock+WaitCycle", "coded IoAccounting"),
                modules.stream().sorted().toList());
        assertEquals(3, after.runs().size(), after.runs().toString());
        assertSameResults(before, after.result(), props.size());
        assertEquals(PropertyResult.Status.VIOLATED, after.result().results().get(2).status());
        // a violation the expectations record is searched in the module as generated from the start
        modules.clear();
        checked(recording, spec, dir, hinted.withExpected(Map.of(
                Property.DEADLOCK, new CheckOptions.Hint(false, null),
                Property.WAIT_CYCLE, new CheckOptions.Hint(false, null),
                Property.IO_ACCOUNTING, new CheckOptions.Hint(true, null))), 1);
        assertEquals(List.of("IoAccounting", "coded Deadlock+WaitCycle"), modules.stream().sorted().toList());
    }

    /** The first {@code n} properties of two checks: the same verdicts, counts and traces. */
    private static void assertSameResults(VariantResult before, VariantResult after, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(before.results().get(i).status(), after.results().get(i).status());
            assertEquals(before.results().get(i).stats(), after.results().get(i).stats());
            assertEquals(before.results().get(i).trace(), after.results().get(i).trace());
        }
    }

    /** What per_property.stm is checked for: two properties with the same bounds, one with its own. */
    private static final List<Property> PER_PROPERTY = List.of(Property.DEADLOCK, Property.WAIT_CYCLE,
            Property.IO_ACCOUNTING);

    /** {@code props} at the spec's bounds, 120 s a run, no hints. */
    private static CheckOptions plain(List<Property> props) {
        return new CheckOptions(Map.of(), props, Duration.ofSeconds(120), false);
    }

    /** The test spec {@code /check/<name>.stm}, copied into {@code dir}. */
    private static Path copied(Path dir, String name) throws Exception {
        Path spec = dir.resolve(name + ".stm");
        Files.copy(Path.of(CheckerTest.class.getResource("/check/" + name + ".stm").toURI()), spec);
        return spec;
    }

    /** Whether {@code inv} searches the coded module (the checker writes it in a folder "coded"). */
    private static boolean codedModule(TlcInvocation inv) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(inv.tlaFile()), inv.extraFiles().stream())
                .anyMatch(f -> f.getParent().getFileName().toString().equals("coded"));
    }

    /** Whether {@code inv} searches the states where fair behaviours end (the checker's {@code _end.cfg}). */
    private static boolean atEnd(TlcInvocation inv) {
        return inv.cfgFile().getFileName().toString().endsWith("_end.cfg");
    }

    /** A TLC runner that shows {@code seen} each run it is asked for (through its cache, which never hits). */
    private static TlcRunner recording(java.util.function.Consumer<TlcInvocation> seen) {
        return new TlcRunner().withCache(new rpcheck.tlc.ResultCache() {
            @Override
            public java.util.Optional<Entry> lookup(TlcInvocation inv, String classpath) {
                seen.accept(inv);
                return java.util.Optional.empty();
            }

            @Override
            public void store(TlcInvocation inv, String classpath, Entry entry) {
            }
        });
    }

    /** What one check of a spec gave: its verdicts and the TLC runs it made. */
    private record Checked(VariantResult result, List<Checker.Run> runs) {
    }

    /** Checks {@code spec} with {@code runner} on a scheduler of {@code threads}, and waits for every verdict. */
    private static Checked checked(TlcRunner runner, Path spec, Path dir, CheckOptions opts, int threads)
            throws InterruptedException {
        return checked(runner, spec, dir, opts, new TlcScheduler(threads));
    }

    /** Checks {@code spec} with {@code runner} on {@code scheduler} (closed after), and waits for every verdict. */
    private static Checked checked(TlcRunner runner, Path spec, Path dir, CheckOptions opts, TlcScheduler scheduler)
            throws InterruptedException {
        try (scheduler) {
            Checker.Pending pending = new Checker(runner, line -> { }).submit(spec, dir, opts, scheduler);
            scheduler.start();
            return new Checked(pending.await(), pending.runs());
        }
    }
}
