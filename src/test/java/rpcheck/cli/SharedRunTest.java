package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code check} of every primitive spec whose {@code // expect:} lines record two or more safety properties as
 * violated: their shared run (one TLC search with {@code -continue}) must give each property the verdict the
 * lines record (PrimitiveSemanticsTest checks each property alone), and each violation the trace a run of that
 * property alone gives. TLC reports one invariant a state: two properties first broken in the same state (a work
 * item that cancels or flushes itself is a deadlock and a wait-for cycle at once) once left the second one
 * "holds".
 */
@Tag("tlc")
class SharedRunTest {
    private static final Pattern EXPECT = Pattern.compile(
            "^// expect: (Deadlock|WaitCycle|SleepInAtomic|IoAccounting|UseAfterFree|LockBalance) (holds|violated)$",
            Pattern.MULTILINE);

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> sharedRunsGiveEachPropertyItsOwnVerdictAndTrace() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(PrimitiveDir.DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".stm")).sorted().toList()) {
                Map<String, String> expected = new LinkedHashMap<>();
                Matcher m = EXPECT.matcher(Files.readString(f));
                while (m.find()) {
                    expected.put(m.group(1), m.group(2));
                }
                if (expected.values().stream().filter("violated"::equals).count() >= 2) {
                    tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, expected)));
                }
            }
        }
        assertEquals(true, tests.size() >= 5, "the primitives with two safety violations: " + tests.size());
        return tests.stream();
    }

    private static void check(Path spec, Map<String, String> expected) throws Exception {
        String name = spec.getFileName().toString().replace(".stm", "");
        Path all = tmp.resolve(name + "-all");
        CliTest.Run r = CliTest.run("check", "--json", "--no-cache", "--out", all.toString(), spec.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        Map<String, String> got = new LinkedHashMap<>();
        for (JsonNode p : doc.path("properties")) {
            if (expected.containsKey(p.path("name").asText())) {
                got.put(p.path("name").asText(), p.path("status").asText());
            }
        }
        assertEquals(expected, got, r.out() + r.err());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (e.getValue().equals("violated")) {
                Path alone = tmp.resolve(name + "-" + e.getKey());
                CliTest.run("check", "--no-cache", "--property", e.getKey(), "--out", alone.toString(),
                        spec.toString());
                String trace = "trace.txt";
                assertEquals(Files.readString(alone.resolve(name).resolve(e.getKey()).resolve(trace)),
                        Files.readString(all.resolve(name).resolve(e.getKey()).resolve(trace)),
                        e.getKey() + " of " + spec + ": the shared run's trace is the one of a run of it alone");
            }
        }
    }

    /** Where the primitive specs are (PrimitiveSemanticsTest's folder). */
    private static final class PrimitiveDir {
        static final Path DIR = Path.of("src/test/resources/primitives");
    }
}
