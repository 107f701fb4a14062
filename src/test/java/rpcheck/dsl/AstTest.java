package rpcheck.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.diag.SourceFile;
import rpcheck.diag.Span;

/** {@link Ast#nodes}: every statement and expression of a tree, parents first, in source order. */
class AstTest {
    private static final Span S = new Span(new SourceFile("t.stm", "x"), 0, 1);

    private static Ast.Ident id(String s) {
        return new Ast.Ident(s, S);
    }

    private static Ast.Call call(String fn, Ast.Expr... args) {
        return new Ast.Call(id(fn), List.of(args), S);
    }

    @Test
    void visitsCallsInEveryKindOfStatement() {
        Ast.Call inSet = call("list_of", new Ast.Name(id("q")));
        Ast.Call inAssert = call("f");
        Ast.Call inField = call("g");
        Ast.Block body = new Ast.Block(List.of(
                new Ast.For(id("r"), inSet, new Ast.Block(List.of(new Ast.CallStmt(call("h"), S)), S), S),
                new Ast.Assert(id("IoAccounting"), new Ast.Unary("!", inAssert, S), S),
                new Ast.If(new Ast.Binary("==", new Ast.Field(inField, id("x"), S), new Ast.IntLit(1, S), S),
                        new Ast.Block(List.of(new Ast.Return(new Ast.BoolLit(true, S), S)), S), null, S)), S);
        List<String> calls = Ast.nodes(body).stream().filter(n -> n instanceof Ast.Call)
                .map(n -> ((Ast.Call) n).fn().text()).toList();
        assertEquals(List.of("list_of", "h", "f", "g"), calls);
        assertEquals(body, Ast.nodes(body).get(0));
    }

    @Test
    void rejectsWhatIsNeitherStatementNorExpression() {
        assertThrows(IllegalArgumentException.class, () -> Ast.nodes(id("x")));
    }
}
