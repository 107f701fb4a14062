package rpcheck.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import rpcheck.check.CheckOptions.Hint;
import rpcheck.gate.Expectations.Expected;
import rpcheck.gate.Expectations.Verdict;
import rpcheck.model.Property;

/** The expectation block at the end of a spec: read, rewritten without moving any line above it. */
class ExpectationsTest {
    private static final String SPEC = "// expect: Deadlock holds\nmodel m \"t\"\ncontext user kind process runs main\n"
            + "fn main() from \"test\" {\n}\n\n";

    /** {@link #SPEC} with the expectation block: its header, then {@code lines}. */
    private static String withBlock(String lines) {
        return SPEC.stripTrailing() + "\n" + Expectations.HEADER + "\n" + lines;
    }

    @Test
    void aSpecWithoutBlockGetsOneAppended() {
        Expectations ex = Expectations.parse(SPEC);
        assertFalse(ex.hasBlock());
        assertEquals(1, ex.inline().size());
        Map<Property, Expected> now = new EnumMap<>(Property.class);
        now.put(Property.DEADLOCK, new Expected(Property.DEADLOCK, Verdict.VIOLATED, 3, 10L));
        now.put(Property.LOST_ERROR, new Expected(Property.LOST_ERROR, Verdict.NOT_APPLICABLE, null, null));
        String text = ex.rewrite(null, now);
        List<String> before = SPEC.lines().toList();
        List<String> after = text.lines().toList();
        assertEquals("// expect: Deadlock violated", after.get(0)); // the inline line, rewritten in place
        assertEquals(before.subList(1, 5), after.subList(1, 5));
        assertEquals(Expectations.HEADER, after.get(5));
        assertEquals("// expect: Deadlock violated steps=3 states=10", after.get(6));
        assertEquals("// expect: LostError n/a", after.get(7));
        Expectations again = Expectations.parse(text);
        assertTrue(again.hasBlock());
        assertEquals(now, again.normal());
        assertEquals(text, again.rewrite(null, now));
    }

    @Test
    void theDeepTierIsKeptApart() {
        String text = withBlock("// expect: Deadlock holds states=5\n" + Expectations.DEEP_HEADER
                + "\n// deep-bound: events=2\n// expect-deep: Deadlock violated steps=7\n");
        Expectations ex = Expectations.parse(text);
        assertTrue(ex.problems().isEmpty(), ex.problems().toString());
        assertEquals(Map.of("events", 2L), ex.deep().bounds());
        assertEquals(Verdict.HOLDS, ex.normal().get(Property.DEADLOCK).verdict());
        assertEquals(Verdict.VIOLATED, ex.deep().expected().get(Property.DEADLOCK).verdict());
        Map<Property, Expected> deep = Map.of(Property.DEADLOCK,
                new Expected(Property.DEADLOCK, Verdict.HOLDS, null, 99L));
        String rewritten = ex.rewrite("", deep);
        assertTrue(rewritten.contains("// expect: Deadlock holds states=5\n"), rewritten);
        assertTrue(rewritten.contains("// deep-bound: events=2\n// expect-deep: Deadlock holds states=99\n"),
                rewritten);
        // the deep tier does not touch the inline lines
        assertTrue(rewritten.startsWith("// expect: Deadlock holds\n"), rewritten);
    }

    /** The hints for running TLC: what the lines for a run's bounds record, nothing for other bounds. */
    @Test
    void theHintsRecordedForARunsBounds() {
        String text = "// expect: WaitCycle violated\n// expect: Deadlock holds\n"
                + withBlock("// expect: Deadlock holds states=5\n"
                + "// expect: LiveWithoutAssoc violated steps=4 states=9\n" + Expectations.DEEP_HEADER
                + "\n// deep-bound: events=2\n// expect-deep: Progress violated steps=7\n"
                + "// deep-bound[io]: io_queues=1\n// expect-deep[io]: Progress holds states=12\n");
        Expectations ex = Expectations.parse(text);
        assertTrue(ex.problems().isEmpty(), ex.problems().toString());
        assertEquals(Map.of(Property.WAIT_CYCLE, new Hint(true, null), Property.DEADLOCK, new Hint(false, 5L),
                Property.LIVE_WITHOUT_ASSOC, new Hint(true, 9L)), ex.hintsFor(Map.of()), "the block over inline lines");
        assertEquals(Map.of(Property.PROGRESS, new Hint(true, null)), ex.hintsFor(Map.of("events", 2L)));
        assertEquals(Map.of(Property.PROGRESS, new Hint(false, 12L)), ex.hintsFor(Map.of("io_queues", 1L)));
        assertEquals(Map.of(), ex.hintsFor(Map.of("events", 3L)));
        assertEquals(Map.of(), Expectations.hintsFor(java.nio.file.Path.of("no/such/spec.stm"), Map.of()));
    }

    @Test
    void namedDeepSetsAreRunsOfTheirOwnAndRewrittenOneAtATime() {
        String text = withBlock("// expect: Deadlock holds states=5\n"
                + Expectations.DEEP_HEADER + "\n// deep-bound: events=2\n// expect-deep: Deadlock violated steps=7\n"
                + "// deep-bound[io]: io_queues=1\n// deep-bound[io]: io_reads=1\n"
                + "// expect-deep[io]: Deadlock holds states=12\n");
        Expectations ex = Expectations.parse(text);
        assertTrue(ex.problems().isEmpty(), ex.problems().toString());
        assertEquals(List.of("", "io"), ex.deepSets().stream().map(Expectations.DeepSet::name).toList());
        Expectations.DeepSet io = ex.deepSets().get(1);
        assertEquals(Map.of("io_queues", 1L, "io_reads", 1L), io.bounds());
        assertEquals("v4[io]", io.label("v4"));
        assertEquals("expect-deep[io]", io.keyword());
        assertEquals(Verdict.HOLDS, io.expected().get(Property.DEADLOCK).verdict());
        assertEquals(Verdict.VIOLATED, ex.deep().expected().get(Property.DEADLOCK).verdict());
        // an unchanged rewrite is the text itself
        assertEquals(text, ex.rewrite("io", io.expected()));
        String rewritten = ex.rewrite("io", Map.of(Property.DEADLOCK,
                new Expected(Property.DEADLOCK, Verdict.VIOLATED, 40, 7L)));
        assertTrue(rewritten.endsWith("// deep-bound: events=2\n// expect-deep: Deadlock violated steps=7\n"
                + "// deep-bound[io]: io_queues=1\n// deep-bound[io]: io_reads=1\n"
                + "// expect-deep[io]: Deadlock violated steps=40 states=7\n"), rewritten);
    }

    @Test
    void aNamedSetWithoutBoundsOrWithABadNameIsAProblem() {
        String text = withBlock(Expectations.DEEP_HEADER + "\n// expect-deep[io]: Deadlock holds\n"
                + "// deep-bound[IO!]: io_queues=1\n");
        Expectations ex = Expectations.parse(text);
        assertEquals(2, ex.problems().size(), ex.problems().toString());
        assertTrue(ex.problems().stream().anyMatch(p -> p.line() == 9 && p.message().contains("not an expectation"
                + " line")), ex.problems().toString());
        assertTrue(ex.problems().stream().anyMatch(p -> p.message().contains("the deep set 'io' has expectations"
                + " but no bounds")), ex.problems().toString());
    }

    @Test
    void noNamedSetTakesTheNameOfTheUnnamedOne() {
        String text = withBlock(Expectations.DEEP_HEADER + "\n// deep-bound[default]: events=2\n");
        Expectations ex = Expectations.parse(text);
        assertEquals(1, ex.problems().size(), ex.problems().toString());
        assertEquals(8, ex.problems().get(0).line());
        assertTrue(ex.problems().get(0).message().contains("stands for the unnamed set"));
        assertEquals(List.of(""), ex.deepSets().stream().map(Expectations.DeepSet::name).toList());
    }

    @Test
    void malformedLinesAreProblemsWithTheirLine() {
        String text = withBlock("// expect: Deadlock maybe\n// expect: Nope holds\n");
        Expectations ex = Expectations.parse(text);
        assertEquals(2, ex.problems().size());
        assertEquals(7, ex.problems().get(0).line());
        assertEquals(8, ex.problems().get(1).line());
        assertTrue(ex.problems().get(1).message().contains("unknown property 'Nope'"));
        assertEquals(21, ex.problems().get(0).column(), "at the verdict word");
        assertTrue(ex.problems().get(0).message().contains("unknown verdict 'maybe'"), ex.problems().toString());
    }

    /** A deep bound is at most 2^31-1 (TLC's integers are 32-bit) and not negative: a problem at the number. */
    @Test
    void aDeepBoundOutOfRangeIsAProblemAtItsValue() {
        String text = withBlock(Expectations.DEEP_HEADER + "\n// deep-bound: events=2147483647\n"
                + "// deep-bound: io_reads=2147483648\n// deep-bound[big]: events=99999999999999999999\n"
                + "// deep-bound[neg]: events=-1\n");
        Expectations ex = Expectations.parse(text);
        assertEquals(List.of(
                new Expectations.Problem(9, 25, "deep bound io_reads=2147483648: too large; TLC's integers are 32-bit,"
                        + " so a bound is at most 2147483647 (bounds are small numbers: each one multiplies the states"
                        + " searched)"),
                new Expectations.Problem(10, 28, "deep bound events=99999999999999999999: too large; TLC's integers"
                        + " are 32-bit, so a bound is at most 2147483647 (bounds are small numbers: each one multiplies"
                        + " the states searched)"),
                new Expectations.Problem(11, 28, "deep bound events=-1: a bound cannot be negative")), ex.problems());
        assertEquals(Map.of("events", 2147483647L), ex.deepSets().get(0).bounds());
    }

    /** A count no TLC run can report (a typo) is a problem at the number, not an internal error. */
    @Test
    void aCountOutOfRangeIsAProblemAtItsValue() {
        String text = withBlock("// expect: Deadlock violated steps=2147483648 states=12\n"
                + "// expect: WaitCycle holds states=99999999999999999999\n// expect: SleepInAtomic holds states=7\n");
        Expectations ex = Expectations.parse(text);
        int first = (int) text.lines().takeWhile(l -> !l.contains("steps=2147483648")).count() + 1;
        assertEquals(List.of(
                new Expectations.Problem(first, 36, "steps=2147483648: too large (at most 2147483647); run ./rpcheck"
                        + " gate --update to record the count"),
                new Expectations.Problem(first + 1, 35, "states=99999999999999999999: too large (at most"
                        + " 9223372036854775807); run ./rpcheck gate --update to record the count")), ex.problems());
        assertEquals(Set.of(Property.SLEEP_IN_ATOMIC), ex.normal().keySet());
    }

    /** Edits a maintainer makes: the block is still found, and what is wrong is said where it is. */
    @Test
    void aLineAfterTheBlockOrWithoutItsSpaceIsAProblemWhereItStands() {
        Expectations after = Expectations.parse(withBlock("// expect: Deadlock holds states=5\n")
                + "// TODO(reviewer): model the AEN path too\n");
        assertTrue(after.hasBlock());
        assertEquals(Verdict.HOLDS, after.normal().get(Property.DEADLOCK).verdict());
        assertEquals(1, after.problems().size(), after.problems().toString());
        assertEquals(8, after.problems().get(0).line());
        assertTrue(after.problems().get(0).message().contains("move this line above the header"),
                after.problems().toString());
        Expectations noSpace = Expectations.parse(withBlock("//expect: Deadlock holds states=5\n"));
        assertEquals(List.of(new Expectations.Problem(7, 3, "write a space after '//' ('// expect: Deadlock holds"
                + " states=5')")), noSpace.problems());
        Expectations twice = Expectations.parse(withBlock("// expect: Deadlock holds\n") + Expectations.HEADER
                + "\n// expect: Deadlock holds\n");
        assertTrue(twice.problems().stream().anyMatch(p -> p.line() == 8 && p.message().contains("a second"
                + " expectation block")), twice.problems().toString());
    }

    @Test
    void crlfLinesAreReadAndRewrittenAsCrlf() {
        String text = withBlock("// expect: Deadlock holds states=5\n").replace("\n", "\r\n");
        Expectations ex = Expectations.parse(text);
        assertTrue(ex.problems().isEmpty(), ex.problems().toString());
        assertTrue(ex.hasBlock());
        assertEquals(new Expected(Property.DEADLOCK, Verdict.HOLDS, null, 5L), ex.normal().get(Property.DEADLOCK));
        assertEquals(text, ex.rewrite(null, ex.normal()));
    }

    /** A line above the block is an expectation too (the gate checks it against the result, GateCommandTest). */
    @Test
    void linesAboveTheBlockAreExpectationsWhereTheBlockHasNone() {
        Expectations agree = Expectations.parse("// expect: LostError violated\n" + withBlock(
                "// expect: Deadlock holds states=5\n"));
        assertTrue(agree.problems().isEmpty(), agree.problems().toString());
        assertEquals(new Expected(Property.LOST_ERROR, Verdict.VIOLATED, null, null),
                agree.expected().get(Property.LOST_ERROR));
        assertEquals(new Expected(Property.DEADLOCK, Verdict.HOLDS, null, 5L), agree.expected().get(Property.DEADLOCK));
        assertEquals(2, agree.inline().size());
        Expectations malformed = Expectations.parse("// expect: SleepInAtomic hold\n" + SPEC);
        assertEquals(1, malformed.problems().size(), malformed.problems().toString());
        assertEquals(1, malformed.problems().get(0).line());
    }

    /** The line a gate annotation of a property lands on: its own line, else the nearest that speaks for it. */
    @Test
    void eachPropertyHasTheLineThatStatesIt() {
        // SPEC is lines 1-5 (the inline Deadlock line is 1), the header line 6
        Expectations ex = Expectations.parse(withBlock("// expect: WaitCycle violated steps=3\n"
                + "// expect: Deadlock holds\n" + Expectations.DEEP_HEADER + "\n// deep-bound: events=2\n"
                + "// expect-deep: Deadlock violated\n// deep-bound[io]: io_queues=1\n// expect-deep[io]: Deadlock holds\n"));
        assertEquals(7, ex.line(null, Property.WAIT_CYCLE));
        assertEquals(8, ex.line(null, Property.DEADLOCK), "the block's line, not the one above it");
        assertEquals(11, ex.line(ex.deep(), Property.DEADLOCK));
        assertEquals(13, ex.line(ex.deepSets().get(1), Property.DEADLOCK));
        assertEquals(6, ex.line(null, Property.PROGRESS), "no line: the block's header");
        assertEquals(6, ex.line(ex.deepSets().get(1), Property.WAIT_CYCLE));
        Expectations none = Expectations.parse(SPEC);
        assertEquals(1, none.line(null, Property.DEADLOCK), "only the line above the block names it");
        assertEquals(5, none.line(null, Property.PROGRESS), "no block: the file's last line");
    }
}
