package rpcheck.tla;

import rpcheck.check.Compiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.tlc.Sany;
import rpcheck.tlc.SanyResult;

/**
 * Golden tests of the generator: src/test/resources/golden/CASE/input.stm must generate exactly
 * expected.tla and expected_PROPERTY.cfg (run with -Dgolden.update=true to rewrite them, then review the diff),
 * and every committed generated spec under specs/ must equal a fresh generation; a missing expected file fails,
 * and so does one that no case or spec produces. SANY parses each expected module (tag "tlc").
 */
class GoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TempDir
    Path tmp;

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
        Set<String> produced = new TreeSet<>(Set.of("input.stm", "expected.tla"));
        compare(dir.resolve("expected.tla"), out.tla());
        for (Map.Entry<String, String> cfg : out.cfgs().entrySet()) {
            compare(dir.resolve("expected_" + cfg.getKey() + ".cfg"), cfg.getValue());
            produced.add("expected_" + cfg.getKey() + ".cfg");
        }
        assertEquals(List.of(), unproduced(dir, produced), "files in " + dir + " that the case does not produce"
                + " (a property that no longer applies?): delete them");
    }

    /** SANY (in a child JVM, so tagged with the TLC-backed tests) parses every expected and committed module. */
    @TestFactory
    @Tag("tlc")
    Stream<DynamicTest> sanyParsesEveryExpectedModule() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(GOLDEN), Files.walk(Path.of("specs")))) {
            for (Path tla : files.filter(p -> p.toString().endsWith(".tla")).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(tla.toString(), () -> {
                    Path copy = tla;
                    if (tla.getFileName().toString().equals("expected.tla")) { // SANY wants MODULE.tla
                        String text = Files.readString(tla);
                        String module = text.lines().findFirst().orElse("").replace("---- MODULE ", "")
                                .replace(" ----", "");
                        copy = Files.createTempDirectory(tmp, "golden").resolve(module + ".tla");
                        Files.writeString(copy, text);
                    }
                    SanyResult sany = new Sany().check(copy);
                    assertTrue(sany.ok(), tla + ": " + sany.errors());
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The committed specs/DIR/gen/MODULE.tla and .cfg files are what the generator writes now, and a gen/ folder
     * holds nothing else.
     */
    @TestFactory
    Stream<DynamicTest> committedGeneratedSpecs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Map<Path, List<Path>> specsByGen = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("specs"))) {
            for (Path stm : files.filter(p -> p.toString().endsWith(".stm")).sorted().toList()) {
                specsByGen.computeIfAbsent(stm.resolveSibling("gen"), k -> new ArrayList<>()).add(stm);
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
                }));
            }
        }
        for (Map.Entry<Path, List<Path>> e : specsByGen.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey() + " holds only generated files of its specs", () -> {
                Set<String> names = new TreeSet<>();
                for (Path stm : e.getValue()) {
                    TlaGenerator.Output out = Compiler.compile(stm, Path.of("."), Map.of()).output();
                    names.add(out.module() + ".tla");
                    out.cfgs().keySet().forEach(k -> names.add(out.module() + "_" + k + ".cfg"));
                }
                assertEquals(List.of(), Files.isDirectory(e.getKey()) ? unproduced(e.getKey(), names) : List.of(),
                        "files in " + e.getKey() + " that no spec beside it generates: delete them");
            }));
        }
        return tests.stream();
    }

    /** The names of the files in {@code dir} not in {@code produced}, sorted. */
    private static List<String> unproduced(Path dir, Set<String> produced) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !produced.contains(n)).sorted().toList();
        }
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

    /** A missing expected file fails (an update writes it): a test that writes its own expectation cannot fail. */
    private static void compare(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expected, actual);
            return;
        }
        assertTrue(Files.exists(expected), expected + " is missing: run with -Dgolden.update=true, review it and"
                + " commit it");
        assertEquals(Files.readString(expected), actual, expected + " differs (run with -Dgolden.update=true)");
    }
}
