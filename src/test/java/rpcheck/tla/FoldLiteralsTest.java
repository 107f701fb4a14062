package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.id;
import static rpcheck.model.prims.Tla.infix;
import static rpcheck.model.prims.Tla.neq;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.str;

import org.junit.jupiter.api.Test;

import rpcheck.model.prims.Tla;

/** {@link StepActions.foldLiterals}: a branch on two literals is decided on the tree when the module is generated. */
class FoldLiteralsTest {
    @Test
    void comparisonsOfTwoLiteralsOfOneKind() {
        // a timeout handler's constant return value, compared with what blk_mq_rq_timed_out() tests
        assertEquals(Tla.TRUE, StepActions.foldLiterals(paren(eq(str("BLK_EH_RESET_TIMER"), str("BLK_EH_RESET_TIMER")))));
        assertEquals(Tla.FALSE, StepActions.foldLiterals(paren(eq(str("BLK_STS_OK"), str("BLK_STS_RESOURCE")))));
        assertEquals(Tla.TRUE, StepActions.foldLiterals(paren(neq(num(-125), num(0)))));
        assertEquals(Tla.FALSE, StepActions.foldLiterals(paren(neq(num(0), num(0)))));
        assertEquals(Tla.FALSE, StepActions.foldLiterals(paren(eq(Tla.TRUE, Tla.FALSE))));
    }

    @Test
    void anythingElseStaysForTlc() {
        Tla.Expr state = paren(eq(dot(id("g"), "ctrl"), str("LIVE")));
        assertEquals(state, StepActions.foldLiterals(state));
        Tla.Expr two = and(paren(eq(str("a"), str("a"))), paren(eq(str("b"), str("b"))));
        assertEquals(two, StepActions.foldLiterals(two));
        // TLC reports comparing a string with a number as an error: it is not hidden here
        Tla.Expr mixed = paren(eq(str("1"), num(1)));
        assertEquals(mixed, StepActions.foldLiterals(mixed));
        Tla.Expr bound = paren(infix(">", id("B_events"), num(0)));
        assertEquals(bound, StepActions.foldLiterals(bound));
        // printed as before the tree: the same text TLC reads
        assertEquals("(\"1\" = 1)", TlaPrinter.print(mixed));
    }
}
