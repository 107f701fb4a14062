package rpcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Except;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla.Junction;
import rpcheck.model.prims.Tla.Let;
import rpcheck.model.prims.Tla.Paren;
import rpcheck.model.prims.Tla.Primed;
import rpcheck.model.prims.Tla.Unchanged;
import rpcheck.model.prims.Tla.Update;

import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.tla.TlaPrinter.value;

/**
 * The state variables an action changes ({@code g}, {@code rq}, {@code wk}, {@code flw}, {@code lk}, {@code ev};
 * {@code pc} and {@code lv} are the context's own) and how a step's effects on them become trees: LET definitions
 * for the new values ({@code g_<label>}), and the primed assignments and UNCHANGED that end an action. A symbolic
 * state maps each variable to the name of its value at a point of an action ({@link #identity}: before it).
 */
final class StateVars {
    private StateVars() {
    }

    static final List<String> STATE_VARS = List.of("g", "rq", "wk", "flw", "lk", "ev");

    /** Every variable of a generated module, in the order of its VARIABLES line: the context's own, then the state. */
    static final List<String> ALL_VARS = java.util.stream.Stream.concat(java.util.stream.Stream.of("pc", "lv"),
            STATE_VARS.stream()).toList();

    static Map<String, String> identity() {
        Map<String, String> st = new LinkedHashMap<>();
        for (String v : STATE_VARS) {
            st.put(v, v);
        }
        return st;
    }

    /** A LET definition of a state variable's new value: {@code name == def}. */
    record Binding(String name, Expr def) {
    }

    /** The LET definitions for the effects of one step on the state variables; points {@code st2} at their names. */
    static List<Binding> lets(Map<String, List<Update>> effects, Map<String, String> st, Map<String, String> st2,
            String tag) {
        List<Binding> out = new ArrayList<>();
        for (Map.Entry<String, List<Update>> e : effects.entrySet()) {
            String var = e.getKey();
            List<Update> as = e.getValue();
            Expr def;
            if (as.size() == 1 && as.get(0).whole()) {
                def = as.get(0).value();
            } else if (as.stream().anyMatch(Update::whole)) {
                throw new IllegalStateException("internal error: a new value of " + var + " among its updates " + as);
            } else {
                def = new Except(Tla.id(st.get(var)), as);
            }
            String name = var + "_" + tag;
            out.add(new Binding(name, def));
            st2.put(var, name);
        }
        return out;
    }

    /** {@code body} inside the LET definitions {@code lets}, the first outermost. */
    static Expr in(List<Binding> lets, Expr body) {
        Expr e = body;
        for (int i = lets.size() - 1; i >= 0; i--) {
            e = new Let(lets.get(i).name(), lets.get(i).def(), e);
        }
        return e;
    }

    /** {@code pc[ctx] = "label"}. */
    static Expr atLabel(Expr ctx, String label) {
        return Tla.eq(Tla.index(Tla.id("pc"), ctx), Tla.str(label));
    }

    /** {@code lv[self].x}: local {@code x} as the state before the action holds it. */
    static Expr local(String x) {
        return Tla.dot(Tla.index(Tla.id("lv"), SELF), x);
    }

    /**
     * The end of an action of context self: it goes to {@code target} with {@code locals}, changed variables get
     * their new value, the rest are UNCHANGED.
     */
    static Expr primes(String target, List<Tla.Field> locals, Map<String, String> st) {
        List<Expr> conj = new ArrayList<>();
        conj.add(Tla.eq(new Primed("pc"), new Except(Tla.id("pc"), List.of(Tla.update(Tla.str(target), SELF)))));
        conj.add(Tla.eq(new Primed("lv"), new Except(Tla.id("lv"), List.of(Tla.update(
                locals.isEmpty() ? Tla.id("NoLocals") : new Tla.Rec(locals), SELF)))));
        return new Paren(new Junction("/\\", primes(conj, st)));
    }

    /** {@code first}, then {@code v' = <new value>} for each changed state variable and UNCHANGED the others. */
    static List<Expr> primes(List<Expr> first, Map<String, String> st) {
        List<Expr> conj = new ArrayList<>(first);
        List<String> same = new ArrayList<>();
        for (String v : STATE_VARS) {
            if (st.get(v).equals(v)) {
                same.add(v);
            } else {
                conj.add(Tla.eq(new Primed(v), Tla.id(st.get(v))));
            }
        }
        if (!same.isEmpty()) {
            conj.add(new Unchanged(same));
        }
        return conj;
    }
}
