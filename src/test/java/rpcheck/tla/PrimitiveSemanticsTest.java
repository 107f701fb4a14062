package rpcheck.tla;

import rpcheck.check.Compiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;

/**
 * One small DSL program per kernel-primitive rule (src/test/resources/primitives/*.stm), each with its known
 * outcome in {@code // expect: PROPERTY holds|violated} lines, checked by TLC on the generated spec. The cases
 * are independent (each its own temporary folder and TLC child JVM), so they run concurrently, one per core
 * (src/test/resources/junit-platform.properties).
 */
@Tag("tlc")
@Execution(ExecutionMode.CONCURRENT)
class PrimitiveSemanticsTest {
    static final Path DIR = Path.of("src/test/resources/primitives");
    private static final Pattern EXPECT = Pattern.compile("^// expect: (\\w+) (holds|violated)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> primitives() throws IOException {
        return expectations(DIR);
    }

    /** The history corpus (specs/history): each real bug's "before" model is flagged, its "after" passes. */
    @TestFactory
    Stream<DynamicTest> historyCorpus() throws IOException {
        return expectations(Path.of("specs/history"));
    }

    private Stream<DynamicTest> expectations(Path dir) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stm")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher m = EXPECT.matcher(text);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    String property = m.group(1);
                    boolean violated = m.group(2).equals("violated");
                    tests.add(DynamicTest.dynamicTest(f.getFileName() + ": " + property + " " + m.group(2),
                            () -> check(f, property, violated)));
                }
                if (!any) {
                    tests.add(DynamicTest.dynamicTest(f.getFileName().toString(),
                            () -> fail("no '// expect:' line in " + f)));
                }
            }
        }
        return tests.stream();
    }

    private void check(Path spec, String property, boolean violated) throws IOException {
        TlcResult r = run(spec, property, Map.of(), tmp);
        if (violated) {
            TlcResult.Violation v = assertInstanceOf(TlcResult.Violation.class, r, () -> describe(r));
            assertFalse(v.trace().isEmpty());
        } else {
            assertInstanceOf(TlcResult.NoViolation.class, r, () -> describe(r));
        }
    }

    /** Compiles a spec, writes the generated module and the property's cfg, and runs TLC on it. */
    static TlcResult run(Path spec, String property, Map<String, Long> bounds, Path tmp) throws IOException {
        Compiler.Compiled c;
        try {
            c = Compiler.compile(spec, Path.of("."), bounds);
        } catch (rpcheck.diag.Diagnostics.Failed e) {
            throw new AssertionError(rpcheck.diag.DiagnosticRenderer.renderAll(e.diagnostics()), e);
        }
        String module = c.output().module();
        Path dir = Files.createTempDirectory(tmp, module);
        Path tla = dir.resolve(module + ".tla");
        Path cfg = dir.resolve(module + "_" + property + ".cfg");
        Files.writeString(tla, c.output().tla());
        String cfgText = c.output().cfgs().get(property);
        assertEquals(true, cfgText != null, "unknown property " + property);
        Files.writeString(cfg, cfgText);
        // most primitive specs take a second; the nvme-fc model parts (model_*.stm: upstream.stm with a part on)
        // take up to a minute or two on a busy 2-core machine (model_keep_alive_timeout's liveness runs, 86,493
        // states)
        return new TlcRunner().run(TlcInvocation.of(tla, cfg).withTimeout(Duration.ofMinutes(6)));
    }

    static String describe(TlcResult r) {
        if (r instanceof TlcResult.Violation v) {
            StringBuilder sb = new StringBuilder("violation (" + v.kind() + ") after:\n");
            v.trace().forEach(s -> sb.append("  ").append(s.number()).append(' ').append(s.action()).append('\n'));
            return sb.toString();
        }
        return r.toString().length() > 2000 ? r.toString().substring(0, 2000) : r.toString();
    }
}
