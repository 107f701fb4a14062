package rpcheck.model.prims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.model.prims.Tla.Expr;

/** {@link Tla#bind}: a name replaced wherever it is free, in every kind of node, and nowhere it is bound anew. */
class TlaTest {
    private static final Expr CTX = Tla.str("lldd");
    private static final Expr PC_SELF = Tla.index(Tla.id("pc"), Tla.SELF);

    private static Expr bound(Expr e) {
        return Tla.bind(e, "self", CTX);
    }

    @Test
    void aFreeNameIsReplacedInEveryKindOfNode() {
        Expr pc = Tla.index(Tla.id("pc"), CTX);
        assertEquals(pc, bound(PC_SELF));
        // an EXCEPT's keys and values, a record, a CASE block with and without OTHER, LET, IF, angle brackets
        Expr except = new Tla.Except(Tla.id("lv"), List.of(Tla.update(Tla.SELF, Tla.SELF, "sl")));
        assertEquals(new Tla.Except(Tla.id("lv"), List.of(Tla.update(CTX, CTX, "sl"))), bound(except));
        Expr rec = new Tla.Rec(List.of(new Tla.Field("self", Tla.SELF)));
        assertEquals(new Tla.Rec(List.of(new Tla.Field("self", CTX))), bound(rec), "a field named self stays");
        Expr cases = new Tla.CaseBlock(List.of(new Tla.Arm(PC_SELF, Tla.SELF)), null);
        assertEquals(new Tla.CaseBlock(List.of(new Tla.Arm(pc, CTX)), null), bound(cases));
        Expr let = new Tla.Let("x", PC_SELF, new Tla.IfBlock(Tla.id("x"), new Tla.Angle(PC_SELF, "vars"),
                Tla.apply("FirstIdle", Tla.id("W"), Tla.SELF)));
        assertEquals(new Tla.Let("x", pc, new Tla.IfBlock(Tla.id("x"), new Tla.Angle(pc, "vars"),
                Tla.apply("FirstIdle", Tla.id("W"), CTX))), bound(let));
        Expr plain = Tla.and(new Tla.Primed("pc"), new Tla.Unchanged(List.of("lv")), Tla.num(1), Tla.TRUE);
        assertEquals(plain, bound(plain));
    }

    @Test
    void aNameBoundAnewKeepsItsOwnMeaningInItsScope() {
        Expr quant = new Tla.Quant(true, "self", Tla.set(Tla.SELF), PC_SELF);
        assertEquals(new Tla.Quant(true, "self", Tla.set(CTX), PC_SELF), bound(quant), "the domain is outside");
        Expr fn = new Tla.FnOf("self", Tla.id("Ctx"), PC_SELF);
        assertEquals(fn, bound(fn));
        Expr let = new Tla.Let("self", Tla.SELF, PC_SELF);
        assertEquals(new Tla.Let("self", CTX, PC_SELF), bound(let), "a LET's definition is outside");
    }
}
