package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import rpcheck.tlc.Sany;
import rpcheck.tlc.SanyResult;

/**
 * Golden tests of the generator: src/test/resources/golden/CASE/input.stm must generate exactly
 * expected.tla and expected_PROPERTY.cfg (run with -Dgolden.update=true to rewrite them, then review the diff),
 * and every committed generated spec under specs/ must equal a fresh generation. SANY parses each expected module.
 */
class GoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(d.getFileName().toString(), () -> golden(d)));
            }
        }
        return tests.stream();
    }

    private void golden(Path dir) throws IOException {
        TlaGenerator.Output out = Compiler.compile(dir.resolve("input.stm"), Path.of("."), Map.of()).output();
        compare(dir.resolve("expected.tla"), out.tla());
        for (Map.Entry<String, String> cfg : out.cfgs().entrySet()) {
            compare(dir.resolve("expected_" + cfg.getKey() + ".cfg"), cfg.getValue());
        }
        Path parsed = Files.createTempDirectory("golden").resolve(out.module() + ".tla");
        Files.writeString(parsed, out.tla());
        SanyResult sany = new Sany().check(parsed);
        assertTrue(sany.ok(), sany.errors());
    }

    /** The committed specs/DIR/gen/MODULE.tla and .cfg files are what the generator writes now. */
    @TestFactory
    Stream<DynamicTest> committedGeneratedSpecs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            for (Path stm : files.filter(p -> p.toString().endsWith(".stm")).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(stm.toString(), () -> {
                    TlaGenerator.Output out = Compiler.compile(stm, Path.of("."), Map.of()).output();
                    Path gen = stm.resolveSibling("gen");
                    Path tla = gen.resolve(out.module() + ".tla");
                    assertEquals(Files.readString(tla), out.tla(),
                            tla + " is stale: run `./rpcheck generate --all` and commit the result");
                    for (Map.Entry<String, String> cfg : out.cfgs().entrySet()) {
                        Path p = gen.resolve(out.module() + "_" + cfg.getKey() + ".cfg");
                        assertEquals(Files.readString(p), cfg.getValue(), p + " is stale");
                    }
                    SanyResult sany = new Sany().check(tla);
                    assertTrue(sany.ok(), sany.errors());
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void generationIsDeterministic() {
        Path spec = Path.of("specs/nvme-fc/smart.stm");
        String first = Compiler.compile(spec, Path.of("."), Map.of()).output().tla();
        String second = Compiler.compile(spec, Path.of("."), Map.of()).output().tla();
        assertEquals(first, second);
        assertFalse(first.contains("\r"));
        assertFalse(first.contains(Path.of(".").toAbsolutePath().getParent().toString()), "absolute path leaked");
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (UPDATE || !Files.exists(expected)) {
            Files.writeString(expected, actual);
            return;
        }
        assertEquals(Files.readString(expected), actual, expected + " differs (run with -Dgolden.update=true)");
    }
}
