package rpcheck.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.Span;
import rpcheck.dsl.Ast;
import rpcheck.model.Ir.*;
import rpcheck.model.prims.Prim;

/**
 * Errors found in a lowered program before model checking, where the answer needs every context's code and no
 * search: a wait nothing can end (RP211), a blk_execute_rq() whose ->queue_rq can accept a request without starting
 * it (RP215), a ->queue_rq that returns a number (RP202). Each reports at the spec's line, once.
 */
final class ProgramChecks {
    private final Model m;
    private final Map<String, Ast.Fn> fns;
    private final Diagnostics diags;
    private final Folding folding;

    ProgramChecks(Model m, Map<String, Ast.Fn> fns, Diagnostics diags, Folding folding) {
        this.m = m;
        this.fns = fns;
        this.diags = diags;
        this.folding = folding;
    }

    /** Runs every check on the entries of one program. */
    void check(List<Code> codes) {
        Set<String> written = writtenGlobals(codes);
        waitsThatNeverEnd(codes, written);
        executesThatNeverEnd(codes, written);
        numericQueueRqStatuses();
    }

    /**
     * RP202: a ->queue_rq (or a function whose value it returns) that returns a number or a bool. It returns a
     * blk_status_t, which the model compares with BLK_STS_ names (a 0 beside them failed in TLC); the kernel's 0
     * is BLK_STS_OK.
     */
    private void numericQueueRqStatuses() {
        Set<Span> reported = new java.util.HashSet<>();
        for (String queue : new TreeSet<>(m.queueRqFn().keySet())) {
            Ast.Fn handler = fns.get(m.queueRqFn().get(queue));
            if (handler == null) {
                continue;
            }
            for (Ast.Expr v : QueueRqStatuses.returned(fns, handler)) {
                Span at = v instanceof Ast.IntLit i ? i.span() : v instanceof Ast.BoolLit b ? b.span() : null;
                if (at != null && reported.add(at)) {
                    diags.error(DiagnosticCode.TYPE_MISMATCH, at, "->queue_rq " + handler.name().text()
                            + "() returns a blk_status_t, not a number or a bool",
                            "return BLK_STS_OK (the kernel's 0), or another BLK_STS_ name of the spec's enum");
                }
            }
        }
    }

    /** The flags, counters, vars and objects some step of some context writes (else they keep their initial value). */
    private Set<String> writtenGlobals(List<Code> codes) {
        Set<String> written = new java.util.HashSet<>();
        for (Code c : codes) {
            for (Node n : c.nodes()) {
                if (n instanceof Op op) {
                    for (Val a : op.args()) {
                        if (a instanceof Global g && op.prim() != Prim.WAIT_EVENT
                                && op.prim() != Prim.WAIT_EVENT_TIMEOUT && op.prim() != Prim.WAITLOCK_BEGIN
                                && op.prim() != Prim.WAITLOCK_WAIT && op.prim() != Prim.ASSERT) {
                            written.add(g.name());
                        }
                        if (a instanceof Entity e) {
                            written.add(e.name());
                        }
                    }
                    if (op.prim() == Prim.CHANGE_STATE && m.controller() != null) {
                        written.add(m.controller());
                    }
                }
            }
        }
        return written;
    }

    /**
     * RP211: a wait_event() whose condition reads flags, counters or vars that no step of any context writes, and
     * is false with their initial values, can never return: a hang the reviewer can see before model checking.
     */
    private void waitsThatNeverEnd(List<Code> codes, Set<String> written) {
        Set<Span> reported = new java.util.HashSet<>();
        Set<String> completed = new java.util.HashSet<>();
        for (Code c : codes) {
            for (Node n : c.nodes()) {
                if (n instanceof Op op && (op.prim() == Prim.COMPLETE || op.prim() == Prim.COMPLETE_ALL)) {
                    completed.add(((Entity) op.args().get(0)).name());
                }
            }
        }
        for (Code c : codes) {
            for (Node n : c.nodes()) {
                if (n instanceof Op op && op.prim() == Prim.COMPLETION_WAIT
                        && !completed.contains(((Entity) op.args().get(0)).name()) && reported.add(op.site().span())) {
                    // struct completion starts at done = 0 (init_completion()); only complete()/complete_all() raise it
                    String comp = ((Entity) op.args().get(0)).name();
                    diags.error(DiagnosticCode.WAIT_NEVER_ENDS, op.site().span(), "this wait never ends: no context"
                            + " calls complete(" + comp + ") or complete_all(" + comp + ")",
                            "call complete(" + comp + ") where the event it waits for happens");
                }
                if (!(n instanceof Op op) || op.prim() != Prim.WAIT_EVENT) {
                    continue;
                }
                Val cond = op.args().get(0);
                List<Val> parts = Ir.parts(cond);
                List<String> reads = parts.stream().filter(x -> x instanceof Global).map(x -> ((Global) x).name())
                        .distinct().toList();
                boolean onlyGlobals = parts.stream().noneMatch(x -> x instanceof Local || x instanceof RqField
                        || x instanceof Entity);
                if (reads.isEmpty() || !onlyGlobals || reads.stream().anyMatch(written::contains)) {
                    continue;
                }
                Boolean initially = folding.fold(folding.initialValues(cond), new TreeSet<>());
                if (Boolean.FALSE.equals(initially) && reported.add(op.site().span())) {
                    diags.error(DiagnosticCode.WAIT_NEVER_ENDS, op.site().span(), "this wait never ends: "
                            + String.join(", ", reads) + (reads.size() == 1 ? " is" : " are")
                            + " changed by no context, and the condition is false from the start",
                            "make the context that should end the wait change " + String.join(", ", reads));
                }
            }
        }
    }

    /**
     * RP215: blk-mq requires a driver to start a request its ->queue_rq accepts (blk_mq_start_request(), before it
     * returns BLK_STS_OK), and blk_execute_rq() waits until the request's ->end_io runs (block/blk-mq.c:
     * blk_end_sync_rq() completes the wait that blk_wait_io() sleeps on), not until it is MQ_RQ_IDLE. A ->queue_rq
     * path that returns BLK_STS_OK without starting, completing or ending the request leaves it dispatched with no
     * deadline (its caller hangs unless something else ends it); the model's wait would return at once (the request
     * is still MQ_RQ_IDLE), so such a path is an error here. A path is searched backwards from the wait through the
     * dispatch's nodes (those under the dispatch frame of this call, Lowering's execute()), with what it needs of the
     * locals: the dispatch's status must be BLK_STS_OK (another status is requeued or ended by the dispatch), and
     * each branch taken adds its condition on a local (a flag, or a comparison with a constant); a path whose
     * assignments or branches contradict that is no path. One that leaves the dispatch without meeting a start,
     * end, completion or requeue of the request is the one reported.
     */
    private void executesThatNeverEnd(List<Code> codes, Set<String> written) {
        Set<Prim> settle = java.util.EnumSet.of(Prim.START_REQUEST, Prim.END_REQUEST, Prim.COMPLETE_REQUEST,
                Prim.REQUEUE);
        Set<Span> reported = new java.util.HashSet<>();
        for (Code c : codes) {
            Map<Integer, List<Integer>> preds = c.predecessors();
            for (Node n : c.nodes()) {
                if (!(n instanceof Op wait) || wait.prim() != Prim.RQ_WAIT
                        || !(wait.args().get(0) instanceof Entity rq)) {
                    continue;
                }
                Span call = wait.site().span();
                // the local ->queue_rq's status goes to: the dispatch's branches on it (execute()) send any other
                // status than BLK_STS_OK to a requeue or an end, so a path to the bare wait returned BLK_STS_OK
                Map<String, Fact> need = new java.util.TreeMap<>();
                for (Node x : c.nodes()) {
                    List<Frame> ch = x.site() == null ? List.of() : x.site().chain();
                    if (x instanceof Branch br && !ch.isEmpty() && ch.get(ch.size() - 1).fn().equals(Frame.DISPATCH)
                            && call.equals(ch.get(ch.size() - 1).callSite())) {
                        Ir.parts(br.cond()).stream().filter(v -> v instanceof Local)
                                .forEach(v -> need.put(((Local) v).name(),
                                        new Fact(new Const(Model.Value.sym(QueueRqStatuses.OK)), true)));
                    }
                }
                if (reachesUnsettled(c, preds, wait.id(), need, rq.name(), call, settle, written)
                        && reported.add(call)) {
                    String handler = m.queueRqFn().get(m.requests().get(rq.name()));
                    diags.error(DiagnosticCode.REQUEST_NEVER_STARTED, call, "->queue_rq" + (handler == null ? ""
                            : " " + handler + "()") + " can return BLK_STS_OK without blk_mq_start_request(" + rq.name()
                            + ") and without ending the request: blk-mq requires a driver to start a request it"
                            + " accepts, and " + wait.kernelName() + "() waits for its ->end_io (with nothing to end"
                            + " it, for ever; the model's wait would return at once)",
                            "call blk_mq_start_request(rq) before ->queue_rq returns BLK_STS_OK, or end the request"
                            + " (blk_mq_end_request()) or return an error status");
                }
            }
        }
    }

    /** What a path needs of a local: equal to {@code value}, or not equal to it. */
    private record Fact(Const value, boolean equal) {
        boolean allows(Const v) {
            return v.value().equals(value.value()) == equal;
        }

        boolean contradicts(Fact o) {
            return equal && o.equal ? !value.value().equals(o.value.value())
                    : equal != o.equal && value.value().equals(o.value.value());
        }
    }

    /** A node and what the path from it to the wait needs of the locals. */
    private record PathState(int node, Map<String, Fact> need) {
    }

    /** RP215's backward search (see {@link #executesThatNeverEnd}): whether an unsettled, consistent path leaves. */
    private boolean reachesUnsettled(Code c, Map<Integer, List<Integer>> preds, int wait, Map<String, Fact> need0,
            String rq, Span call, Set<Prim> settle, Set<String> written) {
        java.util.ArrayDeque<PathState> todo = new java.util.ArrayDeque<>(List.of(new PathState(wait, need0)));
        Set<PathState> seen = new java.util.HashSet<>(todo);
        while (!todo.isEmpty()) {
            PathState at = todo.pop();
            for (int p : preds.getOrDefault(at.node(), List.of())) {
                Node pn = c.nodes().get(p);
                if (pn instanceof Op op && settle.contains(op.prim()) && op.args().get(0) instanceof Entity e
                        && e.name().equals(rq)) {
                    continue;
                }
                Map<String, Fact> need = new java.util.TreeMap<>(at.need());
                if (pn instanceof LocalSet set && need.containsKey(set.local())) {
                    Fact f = need.remove(set.local()); // before the assignment, the local is free
                    if (set.value() instanceof Const k && !f.allows(k)) {
                        continue;
                    }
                    if (set.value() instanceof Local from && !require(need, from.name(), f)) {
                        continue;
                    }
                }
                if (pn instanceof Branch br && !branchAllows(br, br.then() == at.node(), br.otherwise() == at.node(),
                        need, written)) {
                    continue;
                }
                boolean inside = pn.site() != null && pn.site().chain().stream().anyMatch(f ->
                        f.fn().equals(Frame.DISPATCH) && call.equals(f.callSite()));
                if (!inside || p == c.start()) { // left the dispatch, or it begins the entry
                    return true;
                }
                PathState next = new PathState(p, need);
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return preds.getOrDefault(wait, List.of()).isEmpty();
    }

    /** Adds {@code f} as a need of {@code local}; false if it contradicts the one there. */
    private static boolean require(Map<String, Fact> need, String local, Fact f) {
        Fact old = need.get(local);
        if (old != null && old.contradicts(f)) {
            return false;
        }
        if (old == null || f.equal()) {
            need.put(local, f);
        }
        return true;
    }

    /**
     * Whether a path may take branch {@code br} on its then side ({@code viaThen}) or its other ({@code viaElse})
     * with {@code need}, to which it adds the branch's condition where that is a flag local, its negation, or a
     * comparison of a local with a constant. A flag no context writes ({@code written}) keeps its initial value.
     */
    private boolean branchAllows(Branch br, boolean viaThen, boolean viaElse, Map<String, Fact> need,
            Set<String> written) {
        if (viaThen && viaElse) {
            return true;
        }
        boolean side = viaThen;
        Val cond = br.cond();
        while (cond instanceof Un u && u.op().equals("!")) {
            side = !side;
            cond = u.operand();
        }
        if (cond instanceof Local l) {
            return require(need, l.name(), new Fact(new Const(Model.Value.of(true)), side));
        }
        if (cond instanceof Global g && m.flags().containsKey(g.name()) && !written.contains(g.name())) {
            return m.flags().get(g.name()) == side;
        }
        if (cond instanceof Bin b && (b.op().equals("==") || b.op().equals("!="))) {
            Local l = b.left() instanceof Local x ? x : b.right() instanceof Local y ? y : null;
            Const k = b.right() instanceof Const x ? x : b.left() instanceof Const y ? y : null;
            if (l != null && k != null) {
                return require(need, l.name(), new Fact(k, side == b.op().equals("==")));
            }
        }
        return true;
    }
}
