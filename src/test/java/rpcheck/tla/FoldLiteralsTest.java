package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link TlaGenerator#foldLiterals}: a branch on two literals is decided when the module is generated. */
class FoldLiteralsTest {
    @Test
    void comparisonsOfTwoLiteralsOfOneKind() {
        // a timeout handler's constant return value, compared with what blk_mq_rq_timed_out() tests
        assertEquals("TRUE", TlaGenerator.foldLiterals("(\"BLK_EH_RESET_TIMER\" = \"BLK_EH_RESET_TIMER\")"));
        assertEquals("FALSE", TlaGenerator.foldLiterals("(\"BLK_STS_OK\" = \"BLK_STS_RESOURCE\")"));
        assertEquals("TRUE", TlaGenerator.foldLiterals("(-125 # 0)"));
        assertEquals("FALSE", TlaGenerator.foldLiterals("(0 # 0)"));
        assertEquals("FALSE", TlaGenerator.foldLiterals("(TRUE = FALSE)"));
    }

    @Test
    void anythingElseStaysForTlc() {
        assertEquals("(g.ctrl = \"LIVE\")", TlaGenerator.foldLiterals("(g.ctrl = \"LIVE\")"));
        assertEquals("(\"a\" = \"a\") /\\ (\"b\" = \"b\")", TlaGenerator.foldLiterals("(\"a\" = \"a\") /\\ (\"b\" = \"b\")"));
        // TLC reports comparing a string with a number as an error: it is not hidden here
        assertEquals("(\"1\" = 1)", TlaGenerator.foldLiterals("(\"1\" = 1)"));
        assertEquals("(B_events > 0)", TlaGenerator.foldLiterals("(B_events > 0)"));
    }
}
