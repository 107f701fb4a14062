package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import rpcheck.render.Counterexample;
import rpcheck.render.RenderChecks;
import rpcheck.render.Renderings;
import rpcheck.render.TraceJsonReader;

/**
 * Every committed counterexample under traces/ (without running TLC): its trace.json validates against
 * docs/trace-schema.json, re-rendering it gives the other committed files byte for byte, every SVG is
 * well-formed XML, and the text fits a mail.
 */
class CommittedTracesTest {
    private static final Path TRACES = Path.of("traces");

    @TestFactory
    Stream<DynamicTest> committedTraces() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TRACES)) {
            for (Path json : files.filter(p -> p.getFileName().toString().equals("trace.json")).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(TRACES.relativize(json.getParent()).toString(), () -> check(json)));
            }
        }
        assertFalse(tests.isEmpty(), "no trace.json under traces/");
        return tests.stream();
    }

    /** The schema's list of properties is the one rpcheck checks (a new property must be added to both). */
    @org.junit.jupiter.api.Test
    void schemaNamesEveryProperty() throws IOException {
        com.fasterxml.jackson.databind.JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("docs/trace-schema.json").toFile());
        List<String> names = new ArrayList<>();
        schema.path("properties").path("property").path("enum").forEach(n -> names.add(n.asText()));
        assertEquals(rpcheck.model.Property.names(), names);
    }

    private static void check(Path json) throws Exception {
        Path dir = json.getParent();
        String text = Files.readString(json);
        RenderChecks.assertValidJson(json.toString(), text);
        Counterexample cx = TraceJsonReader.read(text, json.toString());
        for (Map.Entry<String, String> f : Renderings.files(cx).entrySet()) {
            Path committed = dir.resolve(f.getKey());
            assertEquals(f.getValue(), Files.readString(committed), committed + " is not what rendering "
                    + json + " gives: run ./rpcheck check for this variant and commit the result");
            if (f.getKey().endsWith(".svg")) {
                RenderChecks.assertWellFormedSvg(committed.toString(), f.getValue());
            }
        }
        RenderChecks.assertMailable(dir.resolve("trace.txt").toString(), Files.readString(dir.resolve("trace.txt")));
    }
}
