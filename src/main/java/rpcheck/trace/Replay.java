package rpcheck.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import rpcheck.model.Builtins;
import rpcheck.model.Ir;
import rpcheck.model.prims.Prim;
import rpcheck.tlc.TlaValue;

/**
 * Replays one way through the lowered code of a step on the state before the step, to tell whether the states
 * TLC reports contradict that way: a branch it takes whose condition is false there, or a constant it writes that
 * is not what the state after the step holds. Of two branches that write the same place, the states then name
 * the one that ran.
 * <p>
 * Values are Booleans, Longs and Strings (enum values and declared objects by name), or {@link #UNKNOWN}. A value
 * is read from the state before the step unless the way wrote it earlier; a local from the context's locals as
 * TLC reports them, unless the way assigned it (the locals of a run that starts in this step are not in the
 * state before). The evaluator knows assignments, exchanges ({@code atomic_xchg}, {@code test_and_set_bit}) and
 * {@code nvme_change_ctrl_state()} (core.c's table, {@link Builtins#CTRL_TRANSITIONS}); any other operation's
 * result and the places it writes are unknown from then on. A condition or a comparison that reads something
 * unknown contradicts nothing.
 */
final class Replay {
    /** A value this replay cannot know. */
    static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "?";
        }
    };

    /** One write of the way: the state path, the value (or UNKNOWN), and the place an assignment names (or null). */
    private record Write(String path, Object value, Ir.Val place) {
    }

    private final StateView before;
    private final StateView after;
    private final String ctx;
    private final boolean fresh;
    private final String controller;
    private final Map<String, Object> locals = new HashMap<>();
    private final List<Write> writes = new ArrayList<>();

    /**
     * @param ctx        the context that took the step
     * @param fresh      whether the step starts a run of its entry (the locals before it are not this run's)
     * @param controller the controller's global (nvme_change_ctrl_state()'s place), or null
     */
    private Replay(StateView before, StateView after, String ctx, boolean fresh, String controller) {
        this.before = Objects.requireNonNull(before, "before");
        this.after = Objects.requireNonNull(after, "after");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.fresh = fresh;
        this.controller = controller;
    }

    /**
     * Whether the states of a step contradict the way {@code way} (its statements in order, the step's own first),
     * which leaves the context at node {@code target} ({@link Ir#END}: the entry returned).
     */
    static boolean contradicts(List<Lowered.Executed> way, int target, StateView before, StateView after, String ctx,
            boolean fresh, String controller) {
        return new Replay(before, after, ctx, fresh, controller).contradicts(way, target);
    }

    private boolean contradicts(List<Lowered.Executed> way, int target) {
        for (int i = 0; i < way.size(); i++) {
            Lowered.Executed e = way.get(i);
            int next = i + 1 < way.size() ? way.get(i + 1).node().id() : target;
            if (e.node() instanceof Ir.Branch b) {
                if (b.then() != b.otherwise() && eval(b.cond()) instanceof Boolean holds
                        && holds != (next == b.then())) {
                    return true;
                }
            } else if (e.node() instanceof Ir.LocalSet ls) {
                locals.put(ls.local(), eval(ls.value()));
            } else {
                run((Ir.Op) e.node(), e.writes());
            }
        }
        return endsElsewhere();
    }

    /** An operation: what it writes and the value of its result, as far as they are known. */
    private void run(Ir.Op op, Set<String> written) {
        Object result = UNKNOWN;
        Ir.Val place = null;
        Object value = UNKNOWN;
        List<Ir.Val> args = op.args();
        if (op.prim() == Prim.ASSIGN) {
            place = args.get(0);
            value = eval(args.get(1));
        } else if (op.prim() == Prim.XCHG) {
            place = args.get(0);
            result = eval(place);
            value = eval(args.get(1));
        } else if (op.prim() == Prim.CHANGE_STATE && controller != null
                && args.get(0) instanceof Ir.Const c && c.value().v() instanceof String to) {
            place = new Ir.Global(controller);
            Object from = eval(place);
            List<String> allowed = Builtins.CTRL_TRANSITIONS.get(to);
            if (from instanceof String state && allowed != null) {
                result = allowed.contains(state);
                value = allowed.contains(state) ? to : state;
            }
        }
        // every place the step rule says it writes, then (last, so it counts) the one value known
        written.forEach(w -> writes.add(new Write(w, UNKNOWN, null)));
        String path = place == null ? null : Lowered.path(place);
        if (path != null) {
            writes.add(new Write(path, value, place));
        }
        if (op.result() != null) {
            locals.put(op.result(), result);
        }
    }

    /**
     * Whether a constant the way wrote last to a place, or a local it assigned last, differs from what the state
     * after the step holds there.
     */
    private boolean endsElsewhere() {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = writes.size() - 1; i >= 0; i--) {
            Write w = writes.get(i);
            if (w.place() == null || !seen.add(w.path())) {
                continue;
            }
            Object mine = shared(w.path(), null);
            Object theirs = value(stateAt(after, w.place()));
            if (differ(mine, theirs)) {
                return true;
            }
        }
        for (Map.Entry<String, Object> l : locals.entrySet()) {
            if (differ(l.getValue(), value(after.local(ctx, l.getKey())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean differ(Object a, Object b) {
        return a != UNKNOWN && b != UNKNOWN && !a.equals(b);
    }

    // ------------------------------------------------------------------ values

    /** The value of {@code v} at this point of the way. */
    Object eval(Ir.Val v) {
        if (v instanceof Ir.Const c) {
            Object o = c.value().v();
            return o instanceof Number n ? (Object) n.longValue() : o instanceof Boolean || o instanceof String ? o
                    : UNKNOWN;
        }
        if (v instanceof Ir.Entity e) {
            return e.name();
        }
        if (v instanceof Ir.Local l) {
            if (locals.containsKey(l.name())) {
                return locals.get(l.name());
            }
            return fresh ? UNKNOWN : value(before.local(ctx, l.name()));
        }
        if (v instanceof Ir.Global || v instanceof Ir.RqField) {
            return shared(Lowered.path(v), v);
        }
        if (v instanceof Ir.Un u) {
            Object x = eval(u.operand());
            return u.op().equals("!") && x instanceof Boolean b ? (Object) !b
                    : u.op().equals("-") && x instanceof Long n ? (Object) (-n) : UNKNOWN;
        }
        if (v instanceof Ir.Bin b) {
            return binary(b);
        }
        return UNKNOWN; // a bound: a TLC constant, which the states do not show
    }

    private Object binary(Ir.Bin b) {
        Object l = eval(b.left());
        Object r = eval(b.right());
        switch (b.op()) {
            case "&&", "||" -> {
                boolean and = b.op().equals("&&");
                // false && x, x && false: false (and true || x, x || true: true) whatever x is
                if (Boolean.valueOf(!and).equals(l) || Boolean.valueOf(!and).equals(r)) {
                    return !and;
                }
                return l instanceof Boolean && r instanceof Boolean ? and : UNKNOWN;
            }
            case "==", "!=" -> {
                return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l.equals(r) == b.op().equals("==");
            }
            default -> {
                if (!(l instanceof Long x) || !(r instanceof Long y)) {
                    return UNKNOWN;
                }
                return switch (b.op()) {
                    case "<" -> x < y;
                    case "<=" -> x <= y;
                    case ">" -> x > y;
                    case ">=" -> x >= y;
                    case "+" -> x + y;
                    case "-" -> x - y;
                    default -> UNKNOWN;
                };
            }
        }
    }

    /**
     * The value at a state path: the way's last write that is the path or holds it, else (for a place, not null)
     * the state before the step.
     */
    private Object shared(String path, Ir.Val place) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            String w = writes.get(i).path();
            if (w.equals(path)) {
                return writes.get(i).value();
            }
            if (path.startsWith(w + ".") || path.startsWith(w + "[") || w.startsWith(path + ".")
                    || w.startsWith(path + "[")) {
                return UNKNOWN;
            }
        }
        return place == null ? UNKNOWN : value(stateAt(before, place));
    }

    private static TlaValue stateAt(StateView s, Ir.Val place) {
        return place instanceof Ir.Global g ? s.at("g", g.name())
                : place instanceof Ir.RqField f ? s.at("rq", f.rq(), f.field()) : null;
    }

    /** A TLC value as this replay's values: a Boolean, a Long, a String; else UNKNOWN (also for absent). */
    private static Object value(TlaValue v) {
        if (v instanceof TlaValue.TlaBool b) {
            return b.value();
        }
        if (v instanceof TlaValue.TlaInt n && n.value().bitLength() < Long.SIZE) {
            return n.value().longValue();
        }
        if (v instanceof TlaValue.TlaString s) {
            return s.value();
        }
        if (v instanceof TlaValue.TlaModelValue mv) {
            return mv.name();
        }
        return UNKNOWN;
    }
}
