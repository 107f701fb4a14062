package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.model.Property;

/** Reading trace.json back, and the messages for input that is not one. */
class TraceJsonReaderTest {
    private static String message(String json) {
        return assertThrows(TraceJsonReader.Invalid.class, () -> TraceJsonReader.read(json, "t.json")).getMessage();
    }

    private static ObjectNode doc() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(
                JsonRenderer.render(Cases.recorded("lockflush", Property.WAIT_CYCLE)));
    }

    @Test
    void roundTripsEveryCase() throws Exception {
        for (Cases.Case c : Cases.all()) {
            assertEquals(c.cx(), TraceJsonReader.read(JsonRenderer.render(c.cx()), "x"), c.name());
        }
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        String m = message("{\"schemaVersion\": 1,\n  \"variant\": }");
        assertTrue(m.startsWith("t.json:2:14: error: malformed JSON: Unexpected character ('}'"), m);
    }

    @Test
    void otherVersionsAndPropertiesAreRefused() throws Exception {
        assertEquals("t.json: error: expected a JSON object (a trace.json written by rpcheck)", message("[1]"));
        ObjectNode d = doc();
        d.put("schemaVersion", 2);
        assertEquals("t.json: error: /schemaVersion: schema version 2 is not supported (this rpcheck reads version 1)",
                message(d.toString()));
        d = doc();
        d.put("property", "Livelock");
        assertEquals("t.json: error: /property: unknown property 'Livelock' (known: Deadlock, WaitCycle,"
                + " SleepInAtomic, IoAccounting, UseAfterFree, LockBalance, IrqUnsafeLock, LostError, LiveWithoutAssoc,"
                + " Progress)", message(d.toString()));
    }

    @Test
    void badValuesAreNamedByTheirPointer() throws Exception {
        ObjectNode d = doc();
        ((ObjectNode) d.withArray("/trace").get(2)).remove("context");
        assertEquals("t.json: error: /trace/2/context: missing", message(d.toString()));
        d = doc();
        ((ObjectNode) d.withArray("/trace").get(1)).put("step", 7);
        assertEquals("t.json: error: /trace/1/step: expected step number 2", message(d.toString()));
        d = doc();
        d.put("loopsTo", 99);
        assertEquals("t.json: error: /loopsTo: expected null or a step number below 5", message(d.toString()));
        d = doc();
        ArrayNode chain = d.arrayNode().add(3);
        ((ObjectNode) d.withArray("/explanation/cycle").get(0)).set("chain", chain);
        assertEquals("t.json: error: /explanation/cycle/0/chain/0: expected a string", message(d.toString()));
    }
}
