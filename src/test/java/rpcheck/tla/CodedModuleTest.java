package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;

/**
 * {@link CodedModule}: each string literal of the code (not of a comment) becomes its own integer, and, with TLC as
 * the oracle, the coded form of committed modules has the same states and verdicts as the module as generated.
 */
class CodedModuleTest {
    @TempDir
    Path tmp;

    private static String coded(String tla) {
        Optional<String> c = CodedModule.of(tla);
        assertTrue(c.isPresent(), "not coded: " + tla);
        return c.get();
    }

    /** The module's text without the table of codes (the comment lines the rewrite adds). */
    private static String code(String coded) {
        return coded.replaceAll("(?m)^\\\\\\* Written by rpcheck.*\\n(\\\\\\*.*\\n)*", "");
    }

    @Test
    void eachLiteralGetsItsOwnIntegerInTheOrderItFirstAppears() {
        String tla = "---- MODULE m ----\nS == {\"b\", \"a\"}\nT == \"b\" = x /\\ \"c\" # \"a\"\n====\n";
        assertEquals("---- MODULE m ----\nS == {1, 2}\nT == 1 = x /\\ 3 # 2\n====\n", code(coded(tla)));
    }

    @Test
    void commentsAreLeftAsTheyAre() {
        String tla = "---- MODULE m ----\n\\* \"a\" in a line comment\n(* \"b\" (* nested \"c\" *) \"d\" *)\n"
                + "X == \"e\" \\* \"f\"\n====\n";
        assertEquals("---- MODULE m ----\n\\* \"a\" in a line comment\n(* \"b\" (* nested \"c\" *) \"d\" *)\n"
                + "X == 1 \\* \"f\"\n====\n", code(coded(tla)));
    }

    @Test
    void aLiteralIsTheStringItStandsFor() {
        // the same string spelt with an escape and without one is one literal; a quote inside does not end it
        String tla = "---- MODULE m ----\nX == <<\"a\\\"b\", \"\\\\\", \"a\\\"b\", \"\\t\", \"\t\">>\n====\n";
        assertEquals("---- MODULE m ----\nX == <<1, 2, 1, 3, 3>>\n====\n", code(coded(tla)));
    }

    @Test
    void aLiteralTestedAgainstARecordsFieldsBecomesTheFieldsName() {
        String tla = "---- MODULE m ----\nX == \"sl\" \\in DOMAIN lv[c] /\\ \"sl\" \\notin  DOMAIN r"
                + " /\\ lv[c].sl = \"sl\"\n====\n";
        assertEquals("---- MODULE m ----\nX == \"a\" \\in DOMAIN lv[c] /\\ \"a\" \\notin  DOMAIN r"
                + " /\\ lv[c].a = 1\n====\n", code(coded(tla)));
    }

    @Test
    void eachFieldGetsItsOwnShortNameWhereverTheModuleNamesIt() {
        String tla = "---- MODULE m ----\nR == [ctrl |-> \"NEW\",\n        fc_ref |-> 2]\n"
                + "S == [g EXCEPT !.ctrl = \"LIVE\", ![1].fc_ref = @.fc_ref - 1] /\\ g'.ctrl = (g).ctrl\n"
                + "F == [ctrl \\in Ctx |-> 1..ctrl] /\\ \\E fc_ref, ctrl \\in S : fc_ref.ctrl = 1.5\n====\n";
        // a bound name that is also a field's is left as it is; 1..ctrl is a range, 1.5 a number
        assertEquals("---- MODULE m ----\nR == [a |-> 1,\n        b |-> 2]\n"
                + "S == [g EXCEPT !.a = 2, ![1].b = @.b - 1] /\\ g'.a = (g).a\n"
                + "F == [ctrl \\in Ctx |-> 1..ctrl] /\\ \\E fc_ref, ctrl \\in S : fc_ref.a = 1.5\n====\n",
                code(coded(tla)));
        String table = coded(tla);
        assertTrue(table.contains("\\* and each record field by a short name:\n\\*   a = ctrl\n\\*   b = fc_ref\n"),
                table);
    }

    @Test
    void aCommentBetweenFieldsDoesNotHideThem() {
        String tla = "---- MODULE m ----\nR == [w |-> 1, \\* the work\n  ph |-> 2, (* phase *) x |-> 3]\n====\n";
        assertEquals("---- MODULE m ----\nR == [a |-> 1, \\* the work\n  b |-> 2, (* phase *) c |-> 3]\n====\n",
                code(coded(tla)));
    }

    @Test
    void theTableOfCodesComesBeforeTheClosingLine() {
        String c = coded("---- MODULE m ----\nX == \"idle\" /\\ \"q\\\"\"\n====\n");
        assertTrue(c.endsWith("\\*   1 = \"idle\"\n\\*   2 = \"q\\\"\"\n====\n"), c);
    }

    @Test
    void aModuleWhereAStringsBeingAStringMattersIsNotCoded() {
        for (String body : List.of("X == CHOOSE s \\in {\"a\", \"b\"} : TRUE", "X == ToString(1) = \"1\"",
                "X == \"a\" \\o \"b\"", "X == <<\"a\">> \\circ <<\"b\">>", "X == \"a\" \\in STRING",
                "X == \"unterminated", "(* open", "X == [a : {1}, b : {2}]")) {
            assertFalse(CodedModule.of("---- MODULE m ----\n" + body + "\n====\n").isPresent(), body);
        }
        // a name that only contains one of them is no reason
        assertTrue(CodedModule.of("---- MODULE m ----\nCHOOSEN == \"a\" \\oplus \"b\"\n====\n").isPresent());
        // nor a function of one point after a comma (a :> b), which is no set of records
        assertTrue(CodedModule.of("---- MODULE m ----\nX == <<1, b :> 2>>\n====\n").isPresent());
    }

    /**
     * TLC on a committed module and on its coded form, for one property: the same verdict, the same distinct states
     * where it holds, a counterexample of the same length where it is violated (breadth-first with one worker: the
     * shortest, whatever order the states are visited in). Where a lasso's choice follows the fingerprints, only
     * runs that hold are compared.
     */
    @ParameterizedTest
    @CsvSource({"specs/nvme-fc/gen/tcp, Progress", "specs/history/gen/tcp_236187c4ed19_before, Deadlock",
            "specs/nvme-fc/gen/smart, WaitCycle", "specs/nvme-fc/gen/smart, LiveWithoutAssoc",
            "specs/history/gen/fc_ee59e3820ca9_after, SleepInAtomic", "specs/nvme-fc/gen/v4, Deadlock"})
    @Tag("tlc")
    void theCodedModuleHasTheSameStatesAndVerdicts(String module, String property) throws IOException {
        Path base = Path.of(module + ".tla");
        Path cfg = Path.of(module + "_" + property + ".cfg");
        boolean liveness = Files.readString(cfg).contains("PROPERTY");
        Path dir = Files.createDirectories(tmp.resolve("coded"));
        Path codedTla = Files.writeString(dir.resolve(base.getFileName()), coded(Files.readString(base)));
        assertSameSearch(run(base, cfg, liveness), run(codedTla, cfg, liveness));
    }

    /**
     * Two searches of the same states: the same verdict, the same distinct states where it holds, a counterexample
     * of the same length where it is violated.
     */
    static void assertSameSearch(TlcResult plain, TlcResult other) {
        assertEquals(plain.getClass(), other.getClass(), other.toString());
        if (plain instanceof TlcResult.NoViolation p) {
            assertEquals(p.stats().distinct(), ((TlcResult.NoViolation) other).stats().distinct());
        } else {
            TlcResult.Violation p = assertInstanceOf(TlcResult.Violation.class, plain);
            TlcResult.Violation o = (TlcResult.Violation) other;
            assertEquals(p.kind(), o.kind());
            assertEquals(p.propertyName(), o.propertyName());
            assertEquals(p.trace().size(), o.trace().size());
        }
    }

    /** TLC on {@code tla} with {@code cfg} (liveness checked once, at the end), five minutes at most. */
    static TlcResult run(Path tla, Path cfg, boolean liveness) throws IOException {
        TlcInvocation inv = TlcInvocation.of(tla, cfg).withTimeout(Duration.ofMinutes(5));
        return new TlcRunner().run(liveness ? inv.withExtraArgs(List.of("-lncheck", "final")) : inv);
    }
}
