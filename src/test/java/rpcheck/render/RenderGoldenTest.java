package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of every rendering, from recorded TLC output (src/test/resources/trace/): for each case,
 * src/test/resources/render/CASE/ holds trace.txt, trace-full.txt, trace.json, waitfor.dot, waitfor.svg,
 * lanes.dot and lanes.svg. Run with -Dgolden.update=true to rewrite them, then review the diff. Each case also
 * checks the text's shape, the SVGs' XML, the JSON against its schema, and that re-reading trace.json renders
 * the same bytes.
 */
class RenderGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/render");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenRenderings() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Cases.Case c : Cases.all()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> golden(c)));
        }
        return tests.stream();
    }

    static Map<String, String> renderings(Counterexample cx) {
        Map<String, String> files = new LinkedHashMap<>(Renderings.files(cx));
        files.put("trace-full.txt", TextRenderer.render(cx, true));
        return files;
    }

    private static void golden(Cases.Case c) throws Exception {
        Map<String, String> files = renderings(c.cx());
        Path dir = GOLDEN.resolve(c.name());
        for (Map.Entry<String, String> f : files.entrySet()) {
            compare(dir.resolve(f.getKey()), f.getValue());
        }
        RenderChecks.assertMailable(c.name() + "/trace.txt", files.get("trace.txt"));
        RenderChecks.assertMailable(c.name() + "/trace-full.txt", files.get("trace-full.txt"));
        RenderChecks.assertWellFormedSvg(c.name() + "/waitfor.svg", files.get("waitfor.svg"));
        RenderChecks.assertWellFormedSvg(c.name() + "/lanes.svg", files.get("lanes.svg"));
        RenderChecks.assertValidJson(c.name() + "/trace.json", files.get("trace.json"));
        Counterexample back = TraceJsonReader.read(files.get("trace.json"), "trace.json");
        assertEquals(c.cx(), back, "trace.json does not read back into the same counterexample");
        assertEquals(Renderings.files(c.cx()), Renderings.files(back));
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual);
            return;
        }
        if (!Files.exists(expected)) {
            throw new AssertionError(expected + " is missing: run with -Dgolden.update=true and review it");
        }
        assertEquals(Files.readString(expected), actual, expected + " differs (-Dgolden.update=true rewrites it)");
    }
}
