package rpcheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rpcheck.gate.Expectations.Expected;
import rpcheck.gate.Expectations.Verdict;
import rpcheck.model.Property;

/** The expectation block at the end of a spec: read, rewritten without moving any line above it. */
class ExpectationsTest {
    private static final String SPEC = "// expect: Deadlock holds\nmodel m \"t\"\ncontext user kind process runs main\n"
            + "fn main() from \"test\" {\n}\n\n";

    @Test
    void aSpecWithoutBlockGetsOneAppended() {
        Expectations ex = Expectations.parse(SPEC);
        assertFalse(ex.hasBlock());
        assertEquals(1, ex.inline().size());
        Map<Property, Expected> now = new EnumMap<>(Property.class);
        now.put(Property.DEADLOCK, new Expected(Property.DEADLOCK, Verdict.VIOLATED, 3, 10L));
        now.put(Property.LOST_ERROR, new Expected(Property.LOST_ERROR, Verdict.NOT_APPLICABLE, null, null));
        String text = ex.rewrite(false, now);
        List<String> before = SPEC.lines().toList();
        List<String> after = text.lines().toList();
        assertEquals("// expect: Deadlock violated", after.get(0)); // the inline line, rewritten in place
        assertEquals(before.subList(1, 5), after.subList(1, 5));
        assertEquals(Expectations.HEADER, after.get(5));
        assertEquals("// expect: Deadlock violated steps=3 states=10", after.get(6));
        assertEquals("// expect: LostError n/a", after.get(7));
        Expectations again = Expectations.parse(text);
        assertTrue(again.hasBlock());
        assertEquals(now, again.tier(false));
        assertEquals(text, again.rewrite(false, now));
    }

    @Test
    void theDeepTierIsKeptApart() {
        String text = SPEC.stripTrailing() + "\n" + Expectations.HEADER + "\n// expect: Deadlock holds states=5\n"
                + Expectations.DEEP_HEADER + "\n// deep-bound: events=2\n// expect-deep: Deadlock violated steps=7\n";
        Expectations ex = Expectations.parse(text);
        assertTrue(ex.problems().isEmpty(), ex.problems().toString());
        assertEquals(Map.of("events", 2L), ex.deepBounds());
        assertEquals(Verdict.HOLDS, ex.tier(false).get(Property.DEADLOCK).verdict());
        assertEquals(Verdict.VIOLATED, ex.tier(true).get(Property.DEADLOCK).verdict());
        Map<Property, Expected> deep = Map.of(Property.DEADLOCK,
                new Expected(Property.DEADLOCK, Verdict.HOLDS, null, 99L));
        String rewritten = ex.rewrite(true, deep);
        assertTrue(rewritten.contains("// expect: Deadlock holds states=5\n"), rewritten);
        assertTrue(rewritten.contains("// deep-bound: events=2\n// expect-deep: Deadlock holds states=99\n"),
                rewritten);
        // the deep tier does not touch the inline lines
        assertTrue(rewritten.startsWith("// expect: Deadlock holds\n"), rewritten);
    }

    @Test
    void malformedLinesAreProblemsWithTheirLine() {
        String text = SPEC.stripTrailing() + "\n" + Expectations.HEADER + "\n// expect: Deadlock maybe\n"
                + "// expect: Nope holds\n";
        Expectations ex = Expectations.parse(text);
        assertEquals(2, ex.problems().size());
        assertEquals(7, ex.problems().get(0).line());
        assertEquals(8, ex.problems().get(1).line());
        assertTrue(ex.problems().get(1).message().contains("unknown property 'Nope'"));
    }
}
