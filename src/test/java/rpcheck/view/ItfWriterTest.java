package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import rpcheck.render.Counterexample;

/**
 * trace.itf.json has the shape of Apalache ADR-015 (the Informal Trace Format): an object with {@code #meta},
 * {@code vars} (strings), {@code states} (objects with {@code #meta} and exactly the vars) and, for a lasso,
 * {@code loop} (a state index); values are booleans, strings, integers, arrays (sequences), records (objects
 * whose keys do not start with '#'), {@code {"#set": [...]}}, {@code {"#map": [[k, v], ...]}},
 * {@code {"#bigint": "digits"}} or {@code {"#unserializable": "..."}}.
 */
class ItfWriterTest {
    private static final Set<String> TOP = Set.of("#meta", "vars", "states", "loop", "params");

    private static JsonNode itf(String trace) throws Exception {
        Counterexample cx = Site.read(Path.of("traces", trace, "trace.json"));
        String text = ItfWriter.write(cx, "specs/nvme-fc/smart.stm");
        assertEquals(text, ItfWriter.write(cx, "specs/nvme-fc/smart.stm"), "not deterministic");
        return Json.MAPPER.readTree(text);
    }

    static void assertShape(JsonNode root, int steps, Integer loopsTo) {
        assertTrue(root.isObject());
        root.fieldNames().forEachRemaining(f -> assertTrue(TOP.contains(f), "unknown top-level field " + f));
        assertTrue(root.get("#meta").isObject());
        assertTrue(root.get("vars").isArray());
        List<String> vars = new ArrayList<>();
        root.get("vars").forEach(v -> {
            assertTrue(v.isTextual(), "vars holds " + v);
            vars.add(v.asText());
        });
        JsonNode states = root.get("states");
        assertTrue(states.isArray());
        assertEquals(loopsTo == null ? steps + 1 : steps, states.size());
        for (int i = 0; i < states.size(); i++) {
            JsonNode s = states.get(i);
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            assertEquals("#meta", keys.get(0));
            assertEquals(vars, keys.subList(1, keys.size()), "state " + i + " must hold exactly the vars");
            assertEquals(i, s.get("#meta").get("index").asInt());
            for (String v : vars) {
                assertValue(s.get(v), "/states/" + i + "/" + v);
            }
        }
        if (loopsTo == null) {
            assertFalse(root.has("loop"));
        } else {
            assertTrue(root.get("loop").isInt());
            assertEquals((int) loopsTo, root.get("loop").asInt());
            assertTrue(root.get("loop").asInt() < states.size());
        }
    }

    static void assertValue(JsonNode v, String at) {
        if (v.isBoolean() || v.isTextual() || v.isIntegralNumber()) {
            return;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                assertValue(v.get(i), at + "/" + i);
            }
            return;
        }
        if (!v.isObject()) {
            fail(at + ": not an ITF value: " + v);
        }
        if (v.has("#set")) {
            assertEquals(1, v.size(), at);
            assertTrue(v.get("#set").isArray(), at);
            v.get("#set").forEach(e -> assertValue(e, at + "/#set"));
        } else if (v.has("#map")) {
            assertEquals(1, v.size(), at);
            for (JsonNode pair : v.get("#map")) {
                assertTrue(pair.isArray() && pair.size() == 2, at + ": a #map entry is [key, value]: " + pair);
                assertValue(pair.get(0), at + "/#map/key");
                assertValue(pair.get(1), at + "/#map/value");
            }
        } else if (v.has("#bigint")) {
            assertEquals(1, v.size(), at);
            assertTrue(v.get("#bigint").asText().matches("-?[0-9]+"), at);
        } else if (v.has("#unserializable")) {
            assertEquals(1, v.size(), at);
        } else {
            for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
                String f = it.next();
                assertFalse(f.startsWith("#"), at + ": unknown ITF object " + f);
                assertValue(v.get(f), at + "/" + f);
            }
        }
    }

    @Test
    void safetyTraceHasEveryStateAndTheStepThatLedToIt() throws Exception {
        JsonNode root = itf("smart/WaitCycle");
        assertShape(root, 14, null);
        assertEquals("ITF", root.get("#meta").get("format").asText());
        JsonNode s2 = root.get("states").get(2);
        assertEquals("nvme_change_ctrl_state(CONNECTING)", s2.get("#meta").get("text").asText());
        // the first statement of nvme_fc_init_ctrl() in upstream.stm (the line after its 'fn')
        List<String> src = java.nio.file.Files.readAllLines(java.nio.file.Path.of("specs/nvme-fc/upstream.stm"));
        int fn = src.indexOf("fn nvme_fc_init_ctrl() from \"drivers/nvme/host/fc.c\" {");
        assertTrue(fn >= 0 && src.get(fn + 1).contains("nvme_change_ctrl_state(CONNECTING)"));
        assertEquals("specs/nvme-fc/upstream.stm:" + (fn + 2) + ":9", s2.get("#meta").get("position").asText());
        assertEquals("nvme_change_ctrl_state", s2.get("#meta").get("chain").get(1).asText());
        assertEquals("user_nvme_fc_init_ctrl_L1", s2.get("#meta").get("action").asText());
        assertEquals("CONNECTING", s2.get("g").get("ctrl").asText());
        assertEquals("NEW", root.get("states").get(0).get("g").get("ctrl").asText());
        // wk[connect_work].pend is a #map entry holding a record; the step that queues it sets it.
        JsonNode wk3 = root.get("states").get(3).get("wk").get("#map");
        JsonNode entry = null;
        for (JsonNode pair : wk3) {
            if (pair.get(0).asText().equals("connect_work")) {
                entry = pair.get(1);
            }
        }
        assertNotNull(entry, "no wk entry for connect_work: " + wk3);
        assertTrue(entry.get("pend").asBoolean());
        // Sets: wk[admin_q_timeout_work].dis becomes {"kblockd#1"} in the last step.
        String last = root.get("states").get(14).get("wk").toString();
        assertTrue(last.contains("{\"#set\":[\"kblockd#1\"]}"), last);
    }

    @Test
    void lassoEndsBeforeItsLastStepAndLoopsBack() throws Exception {
        Counterexample cx = Site.read(Path.of("traces/smart/LostError/trace.json"));
        JsonNode root = itf("smart/LostError");
        assertShape(root, cx.trace().steps().size(), cx.trace().loopsTo());
        JsonNode lastMeta = root.get("states").get(root.get("states").size() - 1).get("#meta");
        assertEquals(cx.trace().steps().size(), lastMeta.get("loopStep").get("step").asInt());
    }

    @Test
    void valuesMapToItf() {
        assertEquals("{\"#bigint\":\"12345678901234567890\"}", ItfWriter.value(rpcheck.tlc.TlaValueParser.parse(
                "12345678901234567890")).toString());
        assertEquals("[\"a\",\"b\"]", ItfWriter.value(rpcheck.tlc.TlaValueParser.parse("<<\"a\", \"b\">>")).toString());
        assertEquals("{\"#set\":[1,2]}", ItfWriter.value(rpcheck.tlc.TlaValueParser.parse("{1, 2}")).toString());
        assertEquals("{\"#map\":[[\"k#1\",true]]}",
                ItfWriter.value(rpcheck.tlc.TlaValueParser.parse("(\"k#1\" :> TRUE)")).toString());
        assertEquals("{\"a\":1}", ItfWriter.value(rpcheck.tlc.TlaValueParser.parse("[a |-> 1]")).toString());
    }

    @Test
    void everyCommittedItfHasTheShape() throws Exception {
        try (var files = java.nio.file.Files.walk(Path.of("traces"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals(ItfWriter.FILE)).toList()) {
                Counterexample cx = Site.read(p.resolveSibling("trace.json"));
                assertShape(Json.MAPPER.readTree(p.toFile()), cx.trace().steps().size(), cx.trace().loopsTo());
            }
        }
    }
}
