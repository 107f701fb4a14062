package rpcheck.tla;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

import rpcheck.model.prims.Tla;

/**
 * Which fields of the global record {@code g} a generated formula writes or reads: WaitCycle's single-waker
 * analysis ({@link Properties}) asks which contexts can make a condition wait's guard true.
 */
final class GFields {
    /** A whole new value of g (no field named): every field counts as written. */
    static final String ALL = "*";

    private GFields() {
    }

    /**
     * The fields of g that an action's body writes: the EXCEPT clauses of its {@code g_...} LET definitions
     * ({@link StateVars#lets}), {@link #ALL} for a whole new value.
     */
    static Set<String> written(Tla.Expr body) {
        Set<String> out = new TreeSet<>();
        Deque<Tla.Expr> todo = new ArrayDeque<>();
        todo.push(body);
        while (!todo.isEmpty()) {
            Tla.Expr e = todo.pop();
            if (e instanceof Tla.Let l && l.name().startsWith("g_")) {
                if (l.def() instanceof Tla.Except x) {
                    out.addAll(written(x.updates()));
                } else {
                    out.add(ALL);
                }
            }
            Tla.children(e).forEach(todo::push);
        }
        return out;
    }

    /** The fields of g that a step rule's effects on g write. */
    static Set<String> written(java.util.List<Tla.Update> updates) {
        Set<String> out = new TreeSet<>();
        for (Tla.Update u : updates) {
            out.add(u.path().isEmpty() || !(u.path().get(0) instanceof Tla.Member m) ? ALL : m.field());
        }
        return out;
    }

    /**
     * The fields of g that a guard reads, where it reads nothing else of the state but the waiting context's own
     * locals ({@code lv[self]}) and the bounds; null where it reads anything else (another variable, a definition).
     */
    static Set<String> readOnly(Tla.Expr guard) {
        Set<String> out = new TreeSet<>();
        Deque<Tla.Expr> todo = new ArrayDeque<>();
        todo.push(guard);
        while (!todo.isEmpty()) {
            Tla.Expr e = todo.pop();
            if (e instanceof Tla.Dot d && d.record() instanceof Tla.Id id && id.name().equals("g")) {
                out.add(d.field());
                continue;
            }
            if (e instanceof Tla.Index i && i.fn() instanceof Tla.Id id && id.name().equals("lv")
                    && i.arg() instanceof Tla.Id self && self.name().equals("self")) {
                continue;
            }
            if (e instanceof Tla.Id id && !(id.name().equals("self") || id.name().startsWith("B_"))) {
                return null;
            }
            if (e instanceof Tla.Apply) {
                return null;
            }
            Tla.children(e).forEach(todo::push);
        }
        return out;
    }
}
