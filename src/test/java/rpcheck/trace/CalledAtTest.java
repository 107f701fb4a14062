package rpcheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import rpcheck.diag.SourceFile;
import rpcheck.diag.Span;
import rpcheck.model.Ir;

class CalledAtTest {
    private static final SourceFile BASE = new SourceFile("base.stm",
            "fn main() from \"x\" {\n    foo()\n}\nfn foo() from \"x\" {\n    spin_lock(l)\n}\n");
    private static final SourceFile VARIANT = new SourceFile("v.stm", "fn bar() from \"x\" {\n    foo()\n}\n");

    private static Span at(SourceFile f, int line, int col) {
        int offset = 0;
        for (int i = 1; i < line; i++) {
            offset = f.text().indexOf('\n', offset) + 1;
        }
        return new Span(f, offset + col - 1, offset + col);
    }

    @Test
    void eachFunctionTheSpecCallsWhereItIsCalled() {
        Span call = at(VARIANT, 2, 5);
        Span stmt = at(BASE, 5, 5);
        Ir.Site site = new Ir.Site(stmt, List.of(new Ir.Frame("bar", null, "x"), new Ir.Frame("foo", call, "x")));
        // the primitive the statement calls is the chain's last entry: the statement's own position names it
        assertEquals(List.of("", "v.stm:2:5", ""), CalledAt.of(site, 3));
        assertEquals(List.of("", "v.stm:2:5"), CalledAt.of(site, 2));
    }

    @Test
    void aHelperCalledFromTheStatementAndTheKernelsOwnCallsHaveNone() {
        Span call = at(VARIANT, 2, 5);
        Span stmt = at(BASE, 5, 5);
        // blk_execute_rq() called at `call`, which calls blk_mq_run_hw_queue() and ->queue_rq in turn (Lowering
        // gives them the same call site); a helper wrapping the primitive is called from the statement itself
        Ir.Site site = new Ir.Site(stmt, List.of(new Ir.Frame("bar", null, "x"),
                new Ir.Frame("blk_execute_rq", call, "block/blk-mq.c"),
                new Ir.Frame(Ir.Frame.DISPATCH, call, "block/blk-mq.c"), new Ir.Frame("queue_rq", call, "x"),
                new Ir.Frame("blk_sync_queue", stmt, "block/blk-core.c")));
        assertEquals(List.of("", "v.stm:2:5", "", "", ""), CalledAt.of(site, 5));
    }

    @Test
    void noneWhereNothingIsKnownOrTheChainDoesNotFit() {
        Ir.Site entryOnly = new Ir.Site(at(BASE, 2, 5), List.of(new Ir.Frame("main", null, "x")));
        assertEquals(List.of(), CalledAt.of(entryOnly, 2).stream().filter(s -> !s.isEmpty()).toList());
        assertEquals(List.of(), new Wait("c", rpcheck.model.prims.WaitKind.LOCK, "l", null, "lbl",
                List.of("main", "spin_lock"), null, CalledAt.of(entryOnly, 2)).calledAt());
        Ir.Site two = new Ir.Site(at(BASE, 5, 5), List.of(new Ir.Frame("main", null, "x"),
                new Ir.Frame("foo", at(BASE, 2, 5), "x")));
        assertEquals(List.of(), CalledAt.of(two, 1));
        assertEquals(List.of(), CalledAt.of(null, 2));
    }
}
