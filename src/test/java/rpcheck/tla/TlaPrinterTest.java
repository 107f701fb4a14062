package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.model.prims.Tla.and;
import static rpcheck.model.prims.Tla.at;
import static rpcheck.model.prims.Tla.dot;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.id;
import static rpcheck.model.prims.Tla.index;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.not;
import static rpcheck.model.prims.Tla.num;
import static rpcheck.model.prims.Tla.paren;
import static rpcheck.model.prims.Tla.set;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.Tla.update;

import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.model.prims.Tla;

/** {@link TlaPrinter}: a tree prints as it is built, block forms break and indent, long lines wrap. */
class TlaPrinterTest {
    @Test
    void inlineFormsPrintAsBuilt() {
        Tla.Expr wk = index(id("wk"), "w\"1");
        assertEquals("[wk EXCEPT ![\"w\\\"1\"].pend = IF @ = {} THEN TRUE ELSE @, ![self] = -1]",
                TlaPrinter.print(new Tla.Except(id("wk"), List.of(at("w\"1", "pend", ite(eq(AT, set()), Tla.TRUE, AT)),
                        update(num(-1), SELF)))));
        assertEquals("(~wk[\"w\\\"1\"].pend /\\ wk[\"w\\\"1\"].run = \"none\")",
                TlaPrinter.print(paren(and(not(dot(wk, "pend")), eq(dot(wk, "run"), Tla.NONE)))));
        assertEquals("\\E self \\in {\"a\", \"b\"} : Act(self)", TlaPrinter.print(new Tla.Quant(true, "self",
                Tla.strings(List.of("a", "b")), Tla.apply("Act", SELF))));
        assertEquals("UNCHANGED <<pc, lv>>", TlaPrinter.print(new Tla.Unchanged(List.of("pc", "lv"))));
        assertEquals("g'", TlaPrinter.print(new Tla.Primed("g")));
        assertEquals("Init /\\ [][Next]_vars", TlaPrinter.print(and(id("Init"), new Tla.Prefix("[]",
                new Tla.Square(id("Next"), "vars")))));
        assertEquals("UNION {WaitsFor(d) : d \\in S}", TlaPrinter.print(new Tla.Prefix("UNION ",
                new Tla.SetMap(Tla.apply("WaitsFor", id("d")), "d", id("S")))));
        // a set map binds its variable: self is replaced in the domain and the expression, d only where free
        assertEquals("{f(d, \"c1\") : d \\in S(\"c1\")}", TlaPrinter.print(Tla.withSelf(new Tla.SetMap(
                Tla.apply("f", id("d"), SELF), "d", Tla.apply("S", SELF)), str("c1"))));
        assertEquals("{d : d \\in S}", TlaPrinter.print(Tla.bind(new Tla.SetMap(id("d"), "d", id("S")), "d", num(1))));
    }

    @Test
    void blockFormsBreakAndIndent() {
        Tla.Expr leaf = paren(and(eq(new Tla.Primed("g"), id("g_x")), new Tla.Unchanged(List.of("rq"))));
        Tla.Expr body = new Tla.Let("g_x", new Tla.Except(id("g"), List.of(Tla.field("f", Tla.TRUE))),
                new Tla.IfBlock(dot(id("g_x"), "f"), leaf, new Tla.Let("y", num(1), leaf)));
        assertEquals("LET g_x == [g EXCEPT !.f = TRUE] IN\n"
                + "  IF g_x.f\n"
                + "      THEN (g' = g_x /\\ UNCHANGED <<rq>>)\n"
                + "      ELSE LET y == 1 IN\n"
                + "      (g' = g_x /\\ UNCHANGED <<rq>>)", TlaPrinter.print(body, 2)); // a LET's body: at the indentation of the block around it
        Tla.Expr bullets = new Tla.Bullets("/\\", List.of(eq(id("a"), num(1)), new Tla.Bullets("\\/", List.of(
                id("b"), id("c")))));
        assertEquals("/\\ a = 1\n    /\\ \\/ b\n       \\/ c", TlaPrinter.print(bullets, 4));
        // a bulleted list or a CASE of lines after an operator, ELSE or a colon starts on the next line
        assertEquals("\\A c \\in Ctx :\n    /\\ a = 1\n    /\\ \\/ b\n       \\/ c",
                TlaPrinter.print(new Tla.Quant(false, "c", id("Ctx"), bullets)));
        assertEquals("IF p THEN {} ELSE\n    CASE x -> 1\n    [] y -> 2\n    [] OTHER -> {}",
                TlaPrinter.print(ite(id("p"), set(), new Tla.CaseBlock(List.of(new Tla.Arm(id("x"), num(1)),
                        new Tla.Arm(id("y"), num(2))), set()))));
    }

    @Test
    void longLinesWrapAfterACommaOrJunctionInsideBrackets() {
        String items = String.join(", ", java.util.Collections.nCopies(30, "\"item\""));
        String wrapped = TlaPrinter.layout("S == {" + items + "}\n\\* " + items + "\n");
        for (String line : wrapped.split("\n")) {
            if (!line.startsWith("\\*")) {
                assertEquals(true, line.length() <= TlaPrinter.WIDTH, line);
            }
        }
        assertEquals(wrapped.replaceAll("\n +", " ").replace(", ", ","),
                ("S == {" + items + "}\n\\* " + items + "\n").replace(", ", ","));
        // a comment line is kept whole
        assertEquals(true, wrapped.contains("\n\\* " + items + "\n"));
    }
}
