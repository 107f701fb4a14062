package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rpcheck.tlc.TlaValue.TlaBool;
import rpcheck.tlc.TlaValue.TlaFunction;
import rpcheck.tlc.TlaValue.TlaInt;
import rpcheck.tlc.TlaValue.TlaModelValue;
import rpcheck.tlc.TlaValue.TlaRecord;
import rpcheck.tlc.TlaValue.TlaSeq;
import rpcheck.tlc.TlaValue.TlaSet;
import rpcheck.tlc.TlaValue.TlaString;
import rpcheck.tlc.TlcResult.Failure;
import rpcheck.tlc.TlcResult.NoViolation;
import rpcheck.tlc.TlcResult.Violation;
import rpcheck.tlc.TlcResult.Violation.Kind;

/** Parses outputs recorded from TLC 2.18 (see src/test/resources/tlc/record.sh). */
class TlcOutputParserTest {

    static String recorded(String name) {
        try (InputStream in = TlcOutputParserTest.class.getResourceAsStream("/tlc/" + name + ".out")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /tlc/" + name + ".out");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlcResult result(String name) {
        return TlcOutputParser.parseResult(recorded(name));
    }

    private static TlaModelValue mv(String n) {
        return new TlaModelValue(n);
    }

    @Test
    void splitsFramesAndKeepsTextOutside() {
        TlcOutput out = TlcOutputParser.parse(recorded("invariant"));
        List<Integer> codes = out.messages().stream().map(TlcMessage::code).toList();
        assertEquals(List.of(2262, 2187, 2220, 2219, 2185, 2189, 2190, 2110, 2121, 2217, 2217, 2217, 2217, 2200,
                2199, 2194, 2268, 2186), codes);
        assertEquals(List.of("TLC2 Version 2.18 of 20 March 2023"), out.messages().get(0).lines());
        assertEquals(TlcMessage.STATE, out.messages().get(9).severity());
        assertEquals(TlcMessage.ERROR, out.messages().get(7).severity());
        // SANY's progress lines are outside any frame
        assertTrue(out.textLines().stream().anyMatch(l -> l.startsWith("Semantic processing of module Inv")));
        assertTrue(out.unparsedMessages().isEmpty(), () -> out.unparsedMessages().toString());
    }

    @Test
    void invariantViolationWithTrace() {
        Violation v = assertInstanceOf(Violation.class, result("invariant"));
        assertEquals(Kind.INVARIANT, v.kind());
        assertEquals("Safe", v.propertyName());
        assertNull(v.loopBackTo());
        assertEquals(4, v.trace().size());
        assertEquals(new TlcStats(8, 8, 3, 4), v.stats());

        TlcState s1 = v.trace().get(0);
        assertEquals(1, s1.number());
        assertTrue(s1.isInitial());
        assertNull(s1.location());
        // TLC prints variables in its own order, not declaration order
        assertEquals(List.of("str", "fn", "rec", "seq", "s", "x"), List.copyOf(s1.variables().keySet()));
        assertEquals(new TlaString("start"), s1.get("str"));
        assertEquals(new TlaString("he said \"hi\""), ((TlaRecord) s1.get("rec")).get("b"));
        assertEquals(new TlaSeq(List.of()), s1.get("seq"));
        assertEquals(new TlaSet(List.of()), s1.get("s"));

        TlcState s4 = v.trace().get(3);
        assertEquals(4, s4.number());
        assertEquals("Step", s4.action()); // parameters of Step(p) are not printed
        assertEquals(new SourceLoc("Inv", 14, 12, 19, 36), s4.location());
        assertEquals(new TlaInt(3), s4.get("x"));
        assertEquals(new TlaFunction(Map.of(mv("p1"), new TlaInt(3), mv("p2"), new TlaInt(0))), s4.get("fn"));
        assertEquals("(p1 :> 3 @@ p2 :> 0)", s4.get("fn").toTla());
        assertEquals(new TlaSeq(List.of(mv("p1"), mv("p1"), mv("p1"))), s4.get("seq"));
        assertEquals("{0, 1, 2}", s4.get("s").toTla());
    }

    @Test
    void deadlock() {
        Violation v = assertInstanceOf(Violation.class, result("deadlock"));
        assertEquals(Kind.DEADLOCK, v.kind());
        assertNull(v.propertyName());
        assertEquals(List.of("Initial predicate", "Acquire", "Wait"),
                v.trace().stream().map(TlcState::action).toList());
        TlcState last = v.trace().get(2);
        assertEquals(mv("p1"), last.get("lock"));
        assertEquals(new TlaString("waiting"), ((TlaFunction) last.get("pc")).get(mv("p2")));
        assertEquals(new TlcStats(5, 5, 1, 3), v.stats());
    }

    @Test
    void cleanRunWithStats() {
        NoViolation r = assertInstanceOf(NoViolation.class, result("clean"));
        assertEquals(new TlcStats(5, 5, 0, 3), r.stats());
        assertTrue(r.rawOutput().contains("Model checking completed. No error has been found."));
        assertTrue(r.unparsedMessages().isEmpty());
    }

    @Test
    void temporalViolationWithLasso() {
        Violation v = assertInstanceOf(Violation.class, result("liveness_lasso"));
        assertEquals(Kind.TEMPORAL, v.kind());
        assertNull(v.propertyName()); // TLC does not name the violated temporal property
        assertEquals(1, v.loopBackTo());
        assertEquals(3, v.states().size());
        assertEquals(List.of(0, 1, 2), v.states().stream().map(s -> ((TlaInt) s.get("x")).value().intValue()).toList());
        TlcState closing = v.loopClosingStep().orElseThrow();
        assertEquals(1, closing.number());
        assertEquals("Reset", closing.action());
        assertEquals(new SourceLoc("Live", 6, 10, 6, 42), closing.location());
        assertEquals(v.trace().get(0).variables(), closing.variables());
        assertEquals(new TlcStats(9, 6, 0, 5), v.stats()); // depth from the progress report
    }

    @Test
    void temporalViolationEndingInStuttering() {
        Violation v = assertInstanceOf(Violation.class, result("liveness_stuttering"));
        assertEquals(Kind.TEMPORAL, v.kind());
        assertEquals(1, v.loopBackTo());
        assertEquals(2, v.trace().size());
        TlcState stutter = v.trace().get(1);
        assertTrue(stutter.isStuttering());
        assertEquals(2, stutter.number());
        assertEquals(Map.of("done", TlaBool.FALSE, "x", new TlaInt(0)), stutter.variables());
        assertEquals(List.of(v.trace().get(0)), v.states());
    }

    @Test
    void actionPropertyViolation() {
        Violation v = assertInstanceOf(Violation.class, result("action_property"));
        assertEquals(Kind.TEMPORAL, v.kind());
        assertEquals("Mono", v.propertyName());
        assertEquals(5, v.trace().size());
        // a single-variable spec prints "x = 0" without the "/\ " prefix
        assertEquals(new TlaInt(0), v.trace().get(4).get("x"));
    }

    @Test
    void assertionFailureAmidPrintOutput() {
        TlcResult r = result("assertion");
        Violation v = assertInstanceOf(Violation.class, r);
        assertEquals(Kind.ASSERTION, v.kind());
        assertEquals("x got too big", v.propertyName());
        assertEquals(3, v.trace().size());
        assertEquals(new TlaInt(2), v.trace().get(2).get("x"));
        assertTrue(r.output().textLines().contains("<<\"x is\", 2>>"), "Print output is kept as text");
    }

    @Test
    void invariantViolatedByInitialState() {
        Violation v = assertInstanceOf(Violation.class, result("initial_invariant"));
        assertEquals(Kind.INVARIANT, v.kind());
        assertEquals("Never", v.propertyName());
        assertEquals(1, v.trace().size());
        TlcState s = v.trace().get(0);
        assertTrue(s.isInitial());
        assertEquals(new TlaSet(List.of(new TlaInt(1), new TlaInt(2), new TlaInt(3))), s.get("a")); // printed 1..3
        assertEquals("{{}, {1}, {2}, {1, 2}}", s.get("b").toTla());
        assertEquals("{<<M1, M1>>}", s.get("c").toTla());
        assertEquals("(M1 :> {} @@ M2 :> {})", s.get("e").toTla());
        assertEquals("(\"c\" :> \"c\" @@ \"a b\" :> \"a b\")", s.get("h").toTla());
        assertEquals(TlcStats.UNKNOWN, v.stats()); // TLC prints no statistics in this case
    }

    @Test
    void wrappedLongValues() {
        Violation v = assertInstanceOf(Violation.class, result("wrapped_values"));
        TlcState s = v.trace().get(1);
        TlaSeq f = (TlaSeq) s.get("f");
        assertEquals(12, f.size());
        assertEquals(new TlaRecord(Map.of("id", new TlaInt(12), "name", new TlaString("element"))), f.get(12));
        TlaRecord r = (TlaRecord) s.get("r");
        assertEquals(new TlaSeq(List.of(new TlaInt(1000), new TlaInt(2000), new TlaInt(3000), new TlaInt(4000),
                new TlaInt(5000), new TlaInt(6000))), r.get("counters"));
        assertEquals("<<TRUE, FALSE, -3, \"tab\\there\", \"back\\\\slash\", \"new\\nline\">>", s.get("t").toTla());
        assertEquals("new\nline", ((TlaString) ((TlaSeq) s.get("t")).get(6)).value());
        assertEquals("(7 :> 1 @@ 9 :> 2)", s.get("n").toTla());
        assertEquals(new TlaSeq(List.of()), v.trace().get(0).get("n"));
        assertEquals("[alpha |-> \"alpha\", beta |-> \"beta\", gamma |-> \"gamma\"]", s.get("q").toTla());
    }

    @Test
    void wrappedCollections() {
        Violation v = assertInstanceOf(Violation.class, result("wrapped_collections"));
        TlcState s = v.trace().get(0);
        TlaSet g = (TlaSet) s.get("g"); // printed "{ 1000,\n  2000, ... }"
        assertEquals(40, g.size());
        assertEquals(new TlaInt(40000), g.elements().get(39));
        TlaFunction h = (TlaFunction) s.get("h"); // printed "( 100 :> 100 @@\n  101 :> 101 @@ ... )"
        assertEquals(31, h.mapping().size());
        assertEquals(new TlaInt(130), h.get(new TlaInt(130)));
        TlaFunction f = (TlaFunction) s.get("f"); // model-value keyed: one long line, not wrapped
        assertEquals(new TlaInt(12345), ((TlaRecord) f.get(mv("proc_d"))).get("count"));
        assertEquals(4, ((TlaSet) s.get("r")).size());
        assertEquals(130, ((TlaString) s.get("s")).value().length()); // long strings are never wrapped
    }

    @Test
    void constantFalseInvariantIsFailure() {
        TlcResult r = result("constant_invariant");
        Failure f = assertInstanceOf(Failure.class, r);
        assertTrue(f.message().contains("The invariant of Inv is equal to FALSE"), f.message());
        assertTrue(r.unparsedMessages().isEmpty());
    }

    @Test
    void semanticErrorIsFailureWithSanyText() {
        Failure f = assertInstanceOf(Failure.class, result("semantic_error"));
        assertTrue(f.message().contains("Unknown operator: `Undefined'."), f.message());
        assertTrue(f.message().contains("line 5, col 14 to line 5, col 22 of module Sem"), f.message());
        assertTrue(f.message().contains("Parsing or semantic analysis failed."), f.message());
        assertFalse(f.message().contains("Semantic processing of module"), f.message());
        assertFalse(f.outputTail().isEmpty());
        assertTrue(f.outputTail().get(f.outputTail().size() - 1).contains("ENDMSG 2186"));
    }

    @Test
    void parseErrorIsFailure() {
        Failure f = assertInstanceOf(Failure.class, result("parse_error"));
        assertTrue(f.message().contains("***Parse Error***"), f.message());
        assertTrue(f.message().contains("line 5, column 1"), f.message());
    }

    @Test
    void configErrors() {
        Failure undefined = assertInstanceOf(Failure.class, result("undefined_invariant"));
        assertTrue(undefined.message().contains("The invariant NoSuchInv specified in the configuration file"),
                undefined.message());

        TlcOutput out = TlcOutputParser.parse(recorded("config_syntax_error"));
        TlcMessage general = out.messages().stream().filter(m -> m.code() == 1000).findFirst().orElseThrow();
        assertEquals(1, general.nested().size(), "5006 frame starts mid-line inside the 1000 frame");
        assertEquals(5006, general.nested().get(0).code());
        assertEquals(":", general.lines().get(general.lines().size() - 1).strip());
        Failure f = assertInstanceOf(Failure.class, TlcOutputParser.interpret(out));
        assertTrue(f.message().contains("TLC found an error in the configuration file at line 2"), f.message());
    }

    /**
     * TLC 2.18's distributed server: distributed_done.out is a recorded server run (two workers, deep.stm of the
     * check tests); distributed_late_worker.out is the same with TLC's "unexpected exception" frame after the
     * success message, as the server prints when it fails while shutting down (written by hand: the race it
     * comes from is rare).
     */
    @Test
    void aCompleteSearchIsRecognisedEvenWithAnErrorAfterIt() {
        TlcOutput done = TlcOutputParser.parse(recorded("distributed_done"));
        assertInstanceOf(TlcResult.NoViolation.class, TlcOutputParser.interpret(done));
        assertTrue(TlcOutputParser.completedSearch(done));

        TlcOutput late = TlcOutputParser.parse(recorded("distributed_late_worker"));
        Failure f = assertInstanceOf(Failure.class, TlcOutputParser.interpret(late));
        assertTrue(f.message().contains("TLC threw an unexpected exception"), f.message());
        assertTrue(TlcOutputParser.completedSearch(late));

        // an error before the success message, a violation, or a search cut short is not a complete search
        assertFalse(TlcOutputParser.completedSearch(TlcOutputParser.parse(recorded("config_syntax_error"))));
        assertFalse(TlcOutputParser.completedSearch(TlcOutputParser.parse(recorded("invariant"))));
        String early = recorded("distributed_late_worker");
        int cut = early.indexOf("@!@!@STARTMSG 2193:0");
        int err = early.indexOf("@!@!@STARTMSG 1000:1");
        int errEnd = early.indexOf("@!@!@ENDMSG 1000 @!@!@") + "@!@!@ENDMSG 1000 @!@!@\n".length();
        String errorFirst = early.substring(0, cut) + early.substring(err, errEnd) + early.substring(cut, err)
                + early.substring(errEnd);
        assertFalse(TlcOutputParser.completedSearch(TlcOutputParser.parse(errorFirst)));
    }

    @Test
    void evaluationErrorWithTraceIsFailure() {
        Failure f = assertInstanceOf(Failure.class, result("eval_error"));
        assertTrue(f.message().contains("Cannot cast tlc2.value.impl.StringValue"), f.message());
        assertTrue(f.message().contains("trace of 2 state(s)"), f.message());
    }

    @Test
    void unknownCodesAreKeptNotDropped() {
        String text = recorded("clean").replace("@!@!@STARTMSG 2268:0 @!@!@", "@!@!@STARTMSG 9999:3 @!@!@")
                .replace("@!@!@ENDMSG 2268 @!@!@", "@!@!@ENDMSG 9999 @!@!@");
        TlcResult r = TlcOutputParser.parseResult(text);
        assertInstanceOf(NoViolation.class, r);
        assertEquals(List.of(9999), r.unparsedMessages().stream().map(TlcMessage::code).toList());
        assertTrue(r.unparsedMessages().get(0).text().startsWith("The average outdegree"));
    }

    @Test
    void unknownErrorCodeMakesFailure() {
        String text = recorded("clean").replace("@!@!@STARTMSG 2268:0 @!@!@", "@!@!@STARTMSG 9998:1 @!@!@")
                .replace("@!@!@ENDMSG 2268 @!@!@", "@!@!@ENDMSG 9998 @!@!@");
        Failure f = assertInstanceOf(Failure.class, TlcOutputParser.parseResult(text));
        assertTrue(f.message().contains("The average outdegree"), f.message());
    }

    @Test
    void badCommandLineOption() {
        Failure f = assertInstanceOf(Failure.class, result("bad_option"));
        assertTrue(f.message().contains("unrecognized option: -noGenerateSpecTE"), f.message());
    }

    @Test
    void truncatedOutputIsFailureNotCrash() {
        String text = recorded("invariant");
        String cut = text.substring(0, text.indexOf("@!@!@ENDMSG 2217 @!@!@"));
        TlcOutput out = TlcOutputParser.parse(cut);
        assertEquals(2217, out.messages().get(out.messages().size() - 1).code()); // unterminated frame closed
        // the violation header was seen, so it is still reported, with the states printed so far
        Violation v = assertInstanceOf(Violation.class, TlcOutputParser.interpret(out));
        assertEquals(1, v.trace().size());

        Failure empty = assertInstanceOf(Failure.class, TlcOutputParser.parseResult(""));
        assertTrue(empty.message().contains("without reporting a result"), empty.message());
    }

    @Test
    void malformedStateValueBecomesFailure() {
        String text = recorded("deadlock").replace("/\\ lock = p1", "/\\ lock = <<p1");
        Failure f = assertInstanceOf(Failure.class, TlcOutputParser.parseResult(text));
        assertTrue(f.message().startsWith("could not parse TLC output: value of variable lock"), f.message());
    }

    @Test
    void stateToTla() {
        Violation v = assertInstanceOf(Violation.class, result("deadlock"));
        assertEquals("/\\ lock = \"free\"\n/\\ pc = (p1 :> \"idle\" @@ p2 :> \"idle\")\n", v.trace().get(0).toTla());
    }

    // ------------------------------------------------------------------ runs with -continue

    private static List<Integer> xs(Violation v) {
        return v.trace().stream().map(st -> ((TlaInt) st.get("x")).value().intValue()).toList();
    }

    @Test
    void continuedRunReportsEachViolationWithItsOwnTrace() {
        TlcOutputParser.Reported r = TlcOutputParser.interpretContinued(TlcOutputParser.parse(recorded("continued_done")));
        assertEquals(List.of("Once_NoWaitCycle", "Once_NoSleepInAtomic"),
                r.violations().stream().map(Violation::propertyName).toList());
        assertEquals(List.of(0, 1, 2), xs(r.violations().get(0)));
        assertEquals(List.of(0, 1, 2, 3, 4), xs(r.violations().get(1)));
        // TLC searched on after them and finished: the other invariant holds
        assertTrue(r.completed());
        assertEquals(7, r.violations().get(1).stats().distinct());
        // read as a plain run, it is the first violation, with only its own trace
        Violation first = assertInstanceOf(Violation.class, result("continued_done"));
        assertEquals(List.of(0, 1, 2), xs(first));
    }

    /**
     * TLC reports one invariant a state; the once module names the others its state breaks for the first time
     * (Both.tla: WaitCycle and SleepInAtomic both at x = 2), and they share the report's trace.
     */
    @Test
    void continuedRunNamesTheInvariantsBrokenInTheSameState() {
        TlcOutputParser.Reported r = TlcOutputParser.interpretContinued(TlcOutputParser.parse(recorded("continued_both")));
        assertEquals(List.of("Once_NoWaitCycle", "Once_NoUseAfterFree"),
                r.violations().stream().map(Violation::propertyName).toList());
        assertEquals(List.of(List.of("Once_NoSleepInAtomic"), List.of()), r.also());
        assertEquals(List.of(0, 1, 2), xs(r.violations().get(0)));
        assertEquals(List.of(0, 1, 2, 3, 4), xs(r.violations().get(1)));
        assertTrue(r.completed());
        // without the once module's line, SleepInAtomic would be a property TLC never reported: the other recorded
        // runs have no such line
        assertEquals(List.of(List.of(), List.of()), TlcOutputParser.interpretContinued(
                TlcOutputParser.parse(recorded("continued_done"))).also());
    }

    @Test
    void continuedRunStopsAtADeadlock() {
        TlcOutputParser.Reported r = TlcOutputParser.interpretContinued(
                TlcOutputParser.parse(recorded("continued_deadlock")));
        assertEquals(List.of(Kind.INVARIANT, Kind.INVARIANT, Kind.DEADLOCK),
                r.violations().stream().map(Violation::kind).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), xs(r.violations().get(2)));
        assertFalse(r.completed());
    }

    @Test
    void aDeadlockReportedAfterAnEvaluationErrorIsNoVerdict() {
        // TLC 2.18 with -continue: the exception, then the state it failed in reported as a deadlock (exit 11)
        String text = recorded("continued_eval_error");
        assertTrue(text.indexOf("@!@!@STARTMSG 1000:1") < text.indexOf("@!@!@STARTMSG 2114:1"), text);
        Failure f = assertInstanceOf(Failure.class, TlcOutputParser.parseResult(text));
        assertTrue(f.message().contains("Attempted to apply the operator ~ to a non-boolean"), f.message());
        TlcOutputParser.Reported r = TlcOutputParser.interpretContinued(TlcOutputParser.parse(text));
        assertTrue(r.violations().isEmpty(), r.violations().toString());
        assertFalse(r.completed());
    }

    @Test
    void continuedRunThatFailsOrIsCutIsNotComplete() {
        String text = recorded("continued_done");
        String cut = text.substring(0, text.indexOf("@!@!@STARTMSG 2193"));
        TlcOutputParser.Reported r = TlcOutputParser.interpretContinued(TlcOutputParser.parse(cut));
        assertEquals(2, r.violations().size());
        assertFalse(r.completed());
        TlcOutputParser.Reported bad = TlcOutputParser.interpretContinued(
                TlcOutputParser.parse(text.replace("\nx = 1\n", "\nx = <<1\n")));
        assertFalse(bad.completed());
        assertTrue(bad.violations().isEmpty());
    }
}
