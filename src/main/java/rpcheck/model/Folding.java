package rpcheck.model;

import java.util.Set;

import rpcheck.model.Ir.*;

/**
 * Compile-time values of lowered conditions: what a condition is when the bounds it reads are the same in every TLC
 * run of the spec ({@link #fixed}), and what it is in the initial state. Lowering decides branches with it; the
 * checks before model checking ({@link ProgramChecks}) ask it whether a wait's condition starts out false.
 */
final class Folding {
    /** The value of an expression that already had an error: later checks stay quiet about it. */
    static final Const POISON = new Const(new Model.Value(0L, Model.Type.ANY));

    private final Model m;

    Folding(Model m) {
        this.m = m;
    }

    /**
     * Whether no property gives this bound a value of its own ({@code bound admin_cmds = 0 (IoAccounting: 1)}):
     * then every TLC run of the spec has the same value, and a condition on it can be decided at generation.
     */
    boolean fixed(String bound) {
        return m.propertyBounds().values().stream().noneMatch(o -> o.containsKey(bound));
    }

    /**
     * The truth of {@code v} if it is known without a state: literals, declared objects and {@link #fixed} bounds
     * (each bound it used is added to {@code used}); null otherwise.
     */
    Boolean fold(Val v, Set<String> used) {
        if (v instanceof Const c && c.value().v() instanceof Boolean bo) {
            return bo;
        }
        if (v instanceof Un u && u.op().equals("!")) {
            Boolean inner = fold(u.operand(), used);
            return inner == null ? null : !inner;
        }
        if (!(v instanceof Bin b)) {
            return null;
        }
        if (b.op().equals("&&") || b.op().equals("||")) {
            boolean and = b.op().equals("&&");
            Boolean l = fold(b.left(), used);
            Boolean r = fold(b.right(), used);
            // false && x, x && false: false (and true || x, x || true: true) whatever x is
            if (Boolean.valueOf(!and).equals(l) || Boolean.valueOf(!and).equals(r)) {
                return !and;
            }
            return l != null && r != null ? and : null;
        }
        if (b.op().equals("==") || b.op().equals("!=")) {
            Object l = constant(b.left(), used);
            Object r = constant(b.right(), used);
            if (l != null && r != null) {
                return l.equals(r) == b.op().equals("==");
            }
            return null;
        }
        Object l = constant(b.left(), used);
        Object r = constant(b.right(), used);
        if (l instanceof Long x && r instanceof Long y) {
            return switch (b.op()) {
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                case ">=" -> x >= y;
                default -> null;
            };
        }
        return null;
    }

    /** A compile-time constant: a literal, a declared object, or a {@link #fixed} bound (recorded in used). */
    private Object constant(Val v, Set<String> used) {
        if (v == POISON) {
            return null; // an operand already reported as wrong decides nothing (no follow-on RP212)
        }
        if (v instanceof Const c) {
            return c.value().v();
        }
        if (v instanceof Entity e) {
            return e;
        }
        if (v instanceof BoundRef br && fixed(br.name())) {
            used.add(br.name());
            return m.bounds().get(br.name());
        }
        if (v instanceof Bin b && (b.op().equals("+") || b.op().equals("-"))
                && constant(b.left(), used) instanceof Long x && constant(b.right(), used) instanceof Long y) {
            return b.op().equals("+") ? x + y : x - y;
        }
        return null;
    }

    /** {@code v} with every flag, counter and var replaced by its initial value. */
    Val initialValues(Val v) {
        if (v instanceof Global g) {
            if (m.flags().containsKey(g.name())) {
                return new Const(Model.Value.of(m.flags().get(g.name())));
            }
            if (m.counters().containsKey(g.name())) {
                return new Const(Model.Value.of(m.counters().get(g.name())));
            }
            if (m.vars().containsKey(g.name())) {
                return new Const(m.vars().get(g.name()));
            }
            return v;
        }
        if (v instanceof Un u) {
            return new Un(u.op(), initialValues(u.operand()));
        }
        if (v instanceof Bin b) {
            return new Bin(b.op(), initialValues(b.left()), initialValues(b.right()));
        }
        return v;
    }

}
