package rpcheck.model.prims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The trace schema (docs/trace-schema.json) lists the wait kinds of {@link WaitKind}: a wait's kind, and a
 * wait-for graph node's kind (a context, or what a context waits on). A kind added to the enum and not to the
 * schema (or the other way round) fails here, not in a trace that a validator rejects later.
 */
class WaitKindSchemaTest {
    private static final List<String> WORDS = Arrays.stream(WaitKind.values()).map(WaitKind::word).toList();

    private static JsonNode schema() throws IOException {
        return new ObjectMapper().readTree(Path.of("docs/trace-schema.json").toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aWaitsKindIsAWaitKind() throws IOException {
        JsonNode kinds = schema().at("/$defs/wait/properties/kind/enum");
        assertEquals(WORDS, strings(kinds), "docs/trace-schema.json $defs.wait.kind: write WaitKind's words, in order");
    }

    @Test
    void aWaitForNodeIsAContextOrAWaitKind() throws IOException {
        List<JsonNode> found = schema().findParents("onCycle");
        List<String> expected = new ArrayList<>(List.of("context"));
        expected.addAll(WORDS);
        int nodes = 0;
        for (JsonNode node : found) {
            JsonNode props = node.has("properties") ? node.get("properties") : node;
            if (props.has("id") && props.has("kind") && props.get("kind").has("enum")) {
                assertEquals(expected, strings(props.get("kind").get("enum")),
                        "docs/trace-schema.json wait-for graph node kinds: \"context\", then WaitKind's words in order");
                nodes++;
            }
        }
        assertEquals(1, nodes, "docs/trace-schema.json: the wait-for graph's node schema was not found");
    }
}
