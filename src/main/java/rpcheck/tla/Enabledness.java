package rpcheck.tla;

import java.util.ArrayList;
import java.util.List;

import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.*;

/**
 * When an action is enabled, read from its syntax tree, so that the fairness conditions need not ask TLC's
 * {@code ENABLED} (which builds the successor states to find out, in every state of a liveness run).
 *
 * <p>An action that is a guard (no primed variable in it) and then a <em>total</em> body is enabled exactly when
 * its guard holds. A body is total when every way through it (LET, IF, a CASE with OTHER) ends in a conjunction
 * that gives each variable of the module exactly one new value ({@code v' = e} or UNCHANGED) and tests nothing
 * else: whatever the state, it has exactly one successor. {@code ENABLED <<A>>_vars} also asks that the step
 * change the state: it does where the guard says {@code pc[self] = "l"} and every way through the body sets
 * {@code pc[self]} to another label. The generator writes the steps of the contexts' code that way; an action
 * not of this form keeps TLC's {@code ENABLED <<A>>_vars} ({@link NextAndFairness}).
 */
final class Enabledness {
    private Enabledness() {
    }

    /**
     * Whether {@code guard} and then {@code body}, as an action A of context {@code self}, has {@code ENABLED
     * <<A>>_vars} exactly when the guard holds.
     */
    static boolean guardDecides(List<Expr> guard, Expr body) {
        if (!guard.stream().allMatch(Enabledness::unprimed) || !total(body)) {
            return false;
        }
        // the label the guard puts self at, which every way through the body must leave
        return guard.stream().map(Enabledness::labelTested).anyMatch(l -> l != null && leaves(body, l));
    }

    /** {@code l} for the guard {@code pc[self] = "l"}, else null. */
    private static String labelTested(Expr guard) {
        return guard instanceof Infix x && x.op().equals("=") && x.left().equals(Tla.index(Tla.id("pc"), Tla.SELF))
                && x.right() instanceof Str l ? l.value() : null;
    }

    /** Whether {@code body} gives every variable exactly one new value whatever the state (see the class comment). */
    static boolean total(Expr body) {
        if (body instanceof Let x) {
            return unprimed(x.def()) && total(x.body());
        } else if (body instanceof IfBlock x) {
            return unprimed(x.cond()) && total(x.then()) && total(x.otherwise());
        } else if (body instanceof Ite x) {
            return unprimed(x.cond()) && total(x.then()) && total(x.otherwise());
        } else if (body instanceof CaseBlock x) {
            return x.other() != null && total(x.other())
                    && x.arms().stream().allMatch(a -> unprimed(a.guard()) && total(a.value()));
        } else if (body instanceof Case x) {
            return x.other() != null && total(x.other())
                    && x.arms().stream().allMatch(a -> unprimed(a.guard()) && total(a.value()));
        }
        List<Expr> conj = new ArrayList<>();
        flatten(body, conj);
        List<String> assigned = new ArrayList<>();
        for (Expr c : conj) {
            if (c instanceof Unchanged x) {
                assigned.addAll(x.vars());
            } else if (c instanceof Infix x && x.op().equals("=") && x.left() instanceof Primed p
                    && unprimed(x.right())) {
                assigned.add(p.var());
            } else {
                return false;
            }
        }
        return assigned.size() == StateVars.ALL_VARS.size() && assigned.containsAll(StateVars.ALL_VARS);
    }

    /** Whether every way through the total {@code body} sets {@code pc[self]} to a label other than {@code from}. */
    private static boolean leaves(Expr body, String from) {
        if (body instanceof Let x) {
            return leaves(x.body(), from);
        } else if (body instanceof IfBlock x) {
            return leaves(x.then(), from) && leaves(x.otherwise(), from);
        } else if (body instanceof Ite x) {
            return leaves(x.then(), from) && leaves(x.otherwise(), from);
        } else if (body instanceof CaseBlock x) {
            return leaves(x.other(), from) && x.arms().stream().allMatch(a -> leaves(a.value(), from));
        } else if (body instanceof Case x) {
            return leaves(x.other(), from) && x.arms().stream().allMatch(a -> leaves(a.value(), from));
        }
        List<Expr> conj = new ArrayList<>();
        flatten(body, conj);
        Update toLabel = null;
        for (Expr c : conj) {
            if (c instanceof Infix x && x.left().equals(new Primed("pc")) && x.right() instanceof Except e
                    && e.base().equals(Tla.id("pc")) && e.updates().size() == 1) {
                toLabel = e.updates().get(0);
            }
        }
        return toLabel != null && toLabel.path().equals(List.of(new Key(Tla.SELF)))
                && toLabel.value() instanceof Str to && !to.value().equals(from);
    }

    /** The conjuncts of a conjunction (parentheses and nested conjunctions flattened). */
    private static void flatten(Expr e, List<Expr> into) {
        if (e instanceof Paren x) {
            flatten(x.inner(), into);
        } else if (e instanceof Junction x && x.op().equals("/\\")) {
            x.items().forEach(i -> flatten(i, into));
        } else if (e instanceof Bullets x && x.op().equals("/\\")) {
            x.items().forEach(i -> flatten(i, into));
        } else {
            into.add(e);
        }
    }

    /** Whether {@code e} mentions no primed variable (and no UNCHANGED), so that it is a condition on the state. */
    static boolean unprimed(Expr e) {
        if (e instanceof Primed || e instanceof Unchanged || e instanceof Angle || e instanceof Square) {
            return false;
        } else if (e instanceof Id || e instanceof Str || e instanceof Num || e instanceof Bool) {
            return true;
        } else if (e instanceof Dot x) {
            return unprimed(x.record());
        } else if (e instanceof Index x) {
            return unprimed(x.fn()) && unprimed(x.arg());
        } else if (e instanceof Apply x) {
            return allUnprimed(x.args());
        } else if (e instanceof Infix x) {
            return unprimed(x.left()) && unprimed(x.right());
        } else if (e instanceof Junction x) {
            return allUnprimed(x.items());
        } else if (e instanceof Bullets x) {
            return allUnprimed(x.items());
        } else if (e instanceof Prefix x) {
            return unprimed(x.operand());
        } else if (e instanceof Paren x) {
            return unprimed(x.inner());
        } else if (e instanceof Ite x) {
            return unprimed(x.cond()) && unprimed(x.then()) && unprimed(x.otherwise());
        } else if (e instanceof IfBlock x) {
            return unprimed(x.cond()) && unprimed(x.then()) && unprimed(x.otherwise());
        } else if (e instanceof SetOf x) {
            return allUnprimed(x.items());
        } else if (e instanceof SetMap x) {
            return unprimed(x.expr()) && unprimed(x.domain());
        } else if (e instanceof Filter x) {
            return unprimed(x.domain()) && unprimed(x.cond());
        } else if (e instanceof Tuple x) {
            return allUnprimed(x.items());
        } else if (e instanceof Rec x) {
            return x.fields().stream().allMatch(f -> unprimed(f.value()));
        } else if (e instanceof FnOf x) {
            return unprimed(x.domain()) && unprimed(x.body());
        } else if (e instanceof Except x) {
            return unprimed(x.base()) && x.updates().stream().allMatch(u -> unprimed(u.value())
                    && u.path().stream().allMatch(s -> !(s instanceof Key k) || unprimed(k.key())));
        } else if (e instanceof Quant x) {
            return unprimed(x.domain()) && unprimed(x.body());
        } else if (e instanceof Let x) {
            return unprimed(x.def()) && unprimed(x.body());
        } else if (e instanceof Case x) {
            return arms(x.arms()) && (x.other() == null || unprimed(x.other()));
        } else if (e instanceof CaseBlock x) {
            return arms(x.arms()) && (x.other() == null || unprimed(x.other()));
        }
        return false;
    }

    private static boolean allUnprimed(List<Expr> es) {
        return es.stream().allMatch(Enabledness::unprimed);
    }

    private static boolean arms(List<Arm> arms) {
        return arms.stream().allMatch(a -> unprimed(a.guard()) && unprimed(a.value()));
    }
}
