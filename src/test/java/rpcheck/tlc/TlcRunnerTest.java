package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tlc.TlaValue.TlaInt;
import rpcheck.tlc.TlcResult.Failure;
import rpcheck.tlc.TlcResult.NoViolation;
import rpcheck.tlc.TlcResult.Timeout;
import rpcheck.tlc.TlcResult.Violation;
import rpcheck.tlc.TlcResult.Violation.Kind;

/** Real TLC 2.18 runs in a child JVM on the tiny specs under src/test/resources/tlc/specs. */
class TlcRunnerTest {

    private static final TlcRunner RUNNER = new TlcRunner();

    @TempDir
    Path tmp;

    static Path spec(String name) {
        try {
            return Path.of(TlcRunnerTest.class.getResource("/tlc/specs/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test spec " + name, e);
        }
    }

    private TlcInvocation inv(String module, String cfg) {
        return TlcInvocation.of(spec(module + ".tla"), spec(cfg + ".cfg"))
                .withTimeout(Duration.ofSeconds(60))
                .withWorkDir(tmp, false)
                .withJvmArgs(List.of("-Xmx512m", "-XX:+UseParallelGC"));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void classpathIsTheTlaToolsJar() {
        String cp = RUNNER.classpath();
        assertTrue(Files.exists(Path.of(cp)), cp);
        assertTrue(cp.endsWith(".jar"), cp);
    }

    @Test
    @Tag("tlc")
    void invariantViolationAndWorkDirIsolation() throws IOException {
        Path specDir = spec("Inv.tla").getParent();
        List<String> before = listing(specDir);
        TlcResult r = RUNNER.run(inv("Inv", "Inv"));
        Violation v = assertInstanceOf(Violation.class, r, r::rawOutput);
        assertEquals(Kind.INVARIANT, v.kind());
        assertEquals("Safe", v.propertyName());
        assertEquals(4, v.trace().size());
        assertEquals(new TlaInt(3), v.trace().get(3).get("x"));
        assertEquals(12, r.output().exitCode());
        assertTrue(r.unparsedMessages().isEmpty(), () -> r.unparsedMessages().toString());
        assertEquals(before, listing(specDir), "TLC must not write beside the user's files");
        assertEquals(List.of(), listing(tmp), "the work dir is deleted");
        assertNull(r.output().workDir());
    }

    @Test
    @Tag("tlc")
    void deadlock() throws IOException {
        TlcResult r = RUNNER.run(inv("Dead", "Dead"));
        Violation v = assertInstanceOf(Violation.class, r, r::rawOutput);
        assertEquals(Kind.DEADLOCK, v.kind());
        assertEquals(List.of("Initial predicate", "Acquire", "Wait"),
                v.trace().stream().map(TlcState::action).toList());
    }

    @Test
    @Tag("tlc")
    void startUpIsTheTimeUntilTlcComputesTheInitialStates() throws IOException {
        TlcResult r = RUNNER.run(inv("Dead", "DeadNoCheck"));
        assertInstanceOf(NoViolation.class, r, r::rawOutput);
        assertNotNull(r.output().startup(), "TLC printed 'Computing initial states'");
        assertTrue(r.output().startup().toNanos() > 0, r.output().startup()::toString);
    }

    @Test
    @Tag("tlc")
    void checkDeadlockFalseInCfgIsHonoured() throws IOException {
        TlcResult r = RUNNER.run(inv("Dead", "DeadNoCheck"));
        NoViolation ok = assertInstanceOf(NoViolation.class, r, r::rawOutput);
        assertEquals(new TlcStats(5, 5, 0, 3), ok.stats());
    }

    @Test
    @Tag("tlc")
    void checkDeadlockFlagPassesDashDeadlock() throws IOException {
        TlcInvocation i = inv("Dead", "Dead").withCheckDeadlock(false);
        assertTrue(RUNNER.command(i, tmp).contains("-deadlock"));
        assertFalse(RUNNER.command(inv("Dead", "Dead"), tmp).contains("-deadlock"));
        TlcResult r = RUNNER.run(i);
        assertInstanceOf(NoViolation.class, r, r::rawOutput);
    }

    @Test
    void aModelCheckingRunGetsAYoungGenerationPerWorkerUnlessItsOptionsSizeOne() {
        List<String> one = RUNNER.command(inv("Dead", "Dead"), tmp);
        assertTrue(one.contains("-Xmn32m"), one::toString);
        assertTrue(one.indexOf("-Xmn32m") < one.indexOf(TlcInvocation.TLC), "a JVM option, before the main class");
        assertTrue(RUNNER.command(inv("Dead", "Dead").withWorkers(4), tmp).contains("-Xmn128m"));
        assertTrue(RUNNER.command(inv("Dead", "Dead").withWorkers(64), tmp).contains("-Xmn1024m"), "a quarter of 4g");
        List<String> sized = RUNNER.command(inv("Dead", "Dead").withJvmArgs(List.of("-Xmx1g", "-Xmn300m")), tmp);
        assertEquals(1, sized.stream().filter(a -> a.startsWith("-Xmn")).count(), sized::toString);
        List<String> server = RUNNER.command(inv("Dead", "Dead").withMainClass(TlcInvocation.DISTRIBUTED_SERVER), tmp);
        assertTrue(server.stream().noneMatch(a -> a.startsWith("-Xmn")), server::toString);
    }

    @Test
    @Tag("tlc")
    void temporalViolationNamesTheSinglePropertyFromTheCfg() throws IOException {
        TlcResult r = RUNNER.run(inv("Live", "Live"));
        Violation v = assertInstanceOf(Violation.class, r, r::rawOutput);
        assertEquals(Kind.TEMPORAL, v.kind());
        assertEquals("EventuallyDone", v.propertyName());
        assertEquals(1, v.loopBackTo());
        assertEquals("Reset", v.loopClosingStep().orElseThrow().action());
    }

    @Test
    @Tag("tlc")
    void assertionFailure() throws IOException {
        TlcResult r = RUNNER.run(inv("Asrt", "Asrt"));
        Violation v = assertInstanceOf(Violation.class, r, r::rawOutput);
        assertEquals(Kind.ASSERTION, v.kind());
        assertEquals("x got too big", v.propertyName());
    }

    @Test
    @Tag("tlc")
    void semanticErrorIsFailure() throws IOException {
        TlcResult r = RUNNER.run(inv("Sem", "Sem"));
        Failure f = assertInstanceOf(Failure.class, r, r::rawOutput);
        assertTrue(f.message().contains("Unknown operator: `Undefined'."), f.message());
        assertEquals(150, r.output().exitCode());
    }

    @Test
    @Tag("tlc")
    void timeoutKillsTlc() throws IOException {
        long start = System.nanoTime();
        TlcResult r = RUNNER.run(inv("Huge", "Huge").withTimeout(Duration.ofSeconds(2)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Timeout t = assertInstanceOf(Timeout.class, r, r::rawOutput);
        assertEquals(Duration.ofSeconds(2), t.after());
        assertNull(r.output().exitCode());
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
        assertEquals(List.of(), listing(tmp), "the work dir is deleted after a timeout too");
    }

    @Test
    @Tag("tlc")
    void oneWorkerGivesIdenticalTraces() throws IOException {
        Violation a = assertInstanceOf(Violation.class, RUNNER.run(inv("Inv", "Inv")));
        Violation b = assertInstanceOf(Violation.class, RUNNER.run(inv("Inv", "Inv")));
        assertEquals(a.trace(), b.trace());
        assertEquals(stateFrames(a), stateFrames(b));
    }

    private static List<TlcMessage> stateFrames(TlcResult r) {
        return r.output().messages().stream().filter(m -> m.code() == 2217).toList();
    }

    @Test
    @Tag("tlc")
    void keepWorkDir() throws IOException {
        TlcResult r = RUNNER.run(inv("Dead", "Dead").withWorkDir(tmp, true));
        Path work = r.output().workDir();
        assertNotNull(work);
        assertEquals(tmp, work.getParent());
        assertTrue(Files.isRegularFile(work.resolve("Dead.tla")));
        assertTrue(Files.isRegularFile(work.resolve("Dead.cfg")));
        assertTrue(Files.isDirectory(work.resolve("states")));
        TlcRunner.deleteRecursively(work);
        assertFalse(Files.exists(work));
    }

    @Test
    void propertyNamesFromCfg() {
        assertEquals(List.of("A", "B"), TlcRunner.propertyNames("\\* PROPERTY X\nPROPERTIES A B\nINVARIANT I\n"
                + "(* PROPERTY Y *) PROPERTY A\nCHECK_DEADLOCK FALSE\n"));
        assertEquals(List.of(), TlcRunner.propertyNames("SPECIFICATION Spec\nINVARIANT Safe\n"));
    }
}
