package rpcheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import rpcheck.model.prims.Tla;
import rpcheck.tlc.TlaValue;

/** A condition wait's guard on one state: known where the guard is made of what a trace holds, else unknown. */
class ConditionsTest {
    private static final Map<String, TlaValue> VARS = vars();

    private static Map<String, TlaValue> vars() {
        Map<String, TlaValue> g = new LinkedHashMap<>();
        g.put("A", new TlaValue.TlaBool(true));
        g.put("iocnt", new TlaValue.TlaInt(BigInteger.TWO));
        g.put("disp", new TlaValue.TlaSet(List.of(new TlaValue.TlaString("b"), new TlaValue.TlaString("a"))));
        Map<String, TlaValue> rq = new LinkedHashMap<>();
        rq.put("r", new TlaValue.TlaRecord(Map.of("mq_state", new TlaValue.TlaString("COMPLETE"))));
        return Map.of("g", new TlaValue.TlaRecord(g), "rq", new TlaValue.TlaRecord(rq),
                "pc", new TlaValue.TlaRecord(Map.of("user", new TlaValue.TlaString("L1"))));
    }

    private static Optional<Boolean> holds(Tla.Expr e) {
        return Conditions.holds(e, VARS, "user");
    }

    private static Tla.Expr g(String field) {
        return new Tla.Dot(new Tla.Id("g"), field);
    }

    @Test
    void readsFieldsFunctionsAndSelf() {
        assertEquals(Optional.of(true), holds(g("A")));
        assertEquals(Optional.of(false), holds(new Tla.Prefix("~", g("A"))));
        assertEquals(Optional.of(false), holds(new Tla.Infix("#", new Tla.Dot(new Tla.Index(new Tla.Id("rq"),
                new Tla.Str("r")), "mq_state"), new Tla.Str("COMPLETE"))));
        assertEquals(Optional.of(true), holds(new Tla.Infix("=", new Tla.Index(new Tla.Id("pc"), new Tla.Id("self")),
                new Tla.Str("L1"))));
        assertEquals(Optional.of(true), holds(new Tla.Infix(">", g("iocnt"), new Tla.Num(1))));
    }

    @Test
    void setsCompareRegardlessOfOrder() {
        assertEquals(Optional.of(true), holds(new Tla.Infix("=", g("disp"),
                new Tla.SetOf(List.of(new Tla.Str("a"), new Tla.Str("b"))))));
        assertEquals(Optional.of(false), holds(new Tla.Infix("=", g("disp"), new Tla.SetOf(List.of()))));
        assertEquals(Optional.of(true), holds(new Tla.Infix("\\in", new Tla.Str("a"), g("disp"))));
    }

    @Test
    void whatItCannotReadIsUnknownUnlessTheRestDecides() {
        Tla.Expr unknown = new Tla.Apply("Cardinality", List.of(g("disp")));
        Tla.Expr def = new Tla.Id("CtrlAllowed");
        assertEquals(Optional.empty(), holds(new Tla.Infix("=", unknown, new Tla.Num(2))));
        assertEquals(Optional.empty(), holds(def));
        assertEquals(Optional.empty(), holds(new Tla.Junction("/\\", List.of(g("A"), def))));
        assertEquals(Optional.of(false), holds(new Tla.Junction("/\\", List.of(new Tla.Prefix("~", g("A")), def))));
        assertEquals(Optional.of(true), holds(new Tla.Junction("\\/", List.of(def, g("A")))));
        assertEquals(Optional.empty(), holds(g("missing")));
    }
}
