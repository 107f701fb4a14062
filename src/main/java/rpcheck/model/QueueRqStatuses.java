package rpcheck.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.dsl.Ast;

/**
 * What a queue's ->queue_rq returns, read from the spec's functions: the blk_status_t names that decide what the
 * dispatch does with the request (block/blk-mq.c blk_mq_dispatch_rq_list()): BLK_STS_OK leaves it with the driver,
 * BLK_STS_RESOURCE and BLK_STS_DEV_RESOURCE requeue it, any other status ends it.
 */
final class QueueRqStatuses {
    static final String OK = "BLK_STS_OK";
    static final String RESOURCE = "BLK_STS_RESOURCE";
    static final String DEV_RESOURCE = "BLK_STS_DEV_RESOURCE";

    private QueueRqStatuses() {
    }

    /** The BLK_STS_ names the queue's ->queue_rq may return; none without one. */
    static Set<String> of(Model m, Map<String, Ast.Fn> fns, String queue) {
        String queueRq = m.queueRqFn().get(queue);
        Ast.Fn handler = queueRq == null ? null : fns.get(queueRq);
        Set<String> sts = new TreeSet<>();
        if (handler != null) {
            returned(fns, handler).stream().filter(v -> v instanceof Ast.Name)
                    .forEach(v -> sts.add(((Ast.Name) v).ident().text()));
        }
        sts.removeIf(x -> !x.startsWith("BLK_STS_"));
        return sts;
    }

    /** What {@code f} can return (see {@link #returnedValues}). */
    static List<Ast.Expr> returned(Map<String, Ast.Fn> fns, Ast.Fn f) {
        List<Ast.Expr> values = new ArrayList<>();
        returnedValues(fns, f, new HashSet<>(), values);
        return values;
    }

    /**
     * What {@code f} can return, as the spec writes it: a constant, a name, a literal; followed through the locals
     * it returns (what `let` and assignments give them: {@code let ret = nvme_prep_rq(rq)} then {@code return ret})
     * and through the spec functions whose value it returns. A ->queue_rq's BLK_STS_ names among them are its
     * statuses: BLK_STS_RESOURCE and BLK_STS_DEV_RESOURCE requeue, any other but BLK_STS_OK ends the request
     * (block/blk-mq.c blk_mq_dispatch_rq_list()).
     */
    private static void returnedValues(Map<String, Ast.Fn> fns, Ast.Fn f, Set<String> seen, List<Ast.Expr> out) {
        if (!seen.add(f.name().text())) {
            return;
        }
        for (Object x : Ast.nodes(f.body())) {
            if (x instanceof Ast.Return r && r.value() != null) {
                returnedValue(fns, f, r.value(), seen, out);
            }
        }
    }

    private static void returnedValue(Map<String, Ast.Fn> fns, Ast.Fn f, Ast.Expr e, Set<String> seen,
            List<Ast.Expr> out) {
        if (e instanceof Ast.Call c && fns.containsKey(c.fn().text())) {
            returnedValues(fns, fns.get(c.fn().text()), seen, out);
            return;
        }
        if (e instanceof Ast.Name n) {
            String name = n.ident().text();
            boolean local = false;
            for (Object x : Ast.nodes(f.body())) {
                Ast.Expr v = x instanceof Ast.Let l && l.name().text().equals(name) ? l.value()
                        : x instanceof Ast.Assign a && a.target() instanceof Ast.Name t
                        && t.ident().text().equals(name) ? a.value() : null;
                if (v != null) {
                    local = true;
                    if (seen.add(f.name().text() + "." + name)) {
                        returnedValue(fns, f, v, seen, out);
                    }
                }
            }
            if (local) {
                return;
            }
        }
        out.add(e);
    }
}
