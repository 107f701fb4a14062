package rpcheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import rpcheck.model.Property;
import rpcheck.tlc.TlaValue;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcState;

/**
 * A step whose two branches write the same place with different values lists the branch that ran, as the states
 * show it (src/test/resources/trace/branchwrite.stm, checked by TLC): breaker clears OK and ARMED and moves the
 * controller to CONNECTING, then each of user's branches takes its else branch and writes BAD. By the places
 * written alone the ways tie and the first branch (GOOD) would be named.
 */
class LoweredBranchTest {
    private static final String SPEC = "branchwrite";

    /** The step that changed global {@code var} (one step of the counterexample does). */
    private static TraceStep changing(Trace t, String var) {
        List<TraceStep> found = t.steps().stream()
                .filter(s -> s.changes().stream().anyMatch(c -> c.path().equals("g." + var))).toList();
        assertEquals(1, found.size(), var + " changed in " + found);
        return found.get(0);
    }

    private static List<String> inner(TraceStep s) {
        return s.inner().stream().map(Statement::text).toList();
    }

    private static TlcResult.Violation recorded() {
        return (TlcResult.Violation) Recorded.result(SPEC, Property.IO_ACCOUNTING);
    }

    @Test
    void eachBranchListedIsTheOneTheStatesShow() {
        Trace t = Recorded.trace(SPEC, Property.IO_ACCOUNTING);
        TraceStep first = changing(t, "first");
        assertEquals(List.of("g.first: \"UNSET\" -> \"BAD\""), first.changes().stream().map(Change::toString).toList());
        // the condition reads a flag
        assertEquals(List.of("if OK (false)", "first = BAD", "spin_unlock(l)"), inner(first));
        // a local an earlier step set; the old value of a test_and_clear_bit(); a refused move of the controller,
        // which says so (core.c's nvme_change_ctrl_state() enters RESETTING only from NEW or LIVE)
        assertEquals(List.of("second = BAD", "test_and_clear_bit(ARMED)", "third = BAD",
                "nvme_change_ctrl_state(RESETTING) returns false: core.c refuses CONNECTING -> RESETTING (the state"
                        + " stays CONNECTING)", "fourth = BAD", "spin_unlock(l)"), inner(changing(t, "second")));
    }

    @Test
    void theValueWrittenDecidesWhereTheConditionCannot() {
        // without the local the condition reads (gone from the state before the step), only the state after the
        // step tells the ways apart
        TlcResult.Violation v = recorded();
        int step = changing(Recorded.builder(SPEC).build(Property.IO_ACCOUNTING, v), "second").number();
        Trace t = build(edit(v, step - 1, "lv", lv -> field(lv, "user",
                new TlaValue.TlaRecord(Map.of("none", new TlaValue.TlaInt(0))))));
        assertEquals("second = BAD", inner(changing(t, "second")).get(0));
    }

    @Test
    void statesThatContradictEveryWayLeaveTheChoiceToTheWritesExplained() {
        // states after the first section that say GOOD although OK was clear: no way fits them all; the listing
        // still names one (the places written tie, the first branch is kept)
        TlcResult.Violation v = recorded();
        int step = changing(Recorded.builder(SPEC).build(Property.IO_ACCOUNTING, v), "first").number();
        for (int state = step; state < v.trace().size(); state++) {
            v = edit(v, state, "g", g -> field(g, "first", new TlaValue.TlaString("GOOD")));
        }
        assertEquals(List.of("if OK (true)", "first = GOOD", "spin_unlock(l)"), inner(changing(build(v), "first")));
    }

    private static Trace build(TlcResult.Violation v) {
        return Recorded.builder(SPEC).build(Property.IO_ACCOUNTING, v);
    }

    /** The violation with variable {@code var} of state {@code index} (0: the initial state) replaced. */
    private static TlcResult.Violation edit(TlcResult.Violation v, int index, String var,
            UnaryOperator<TlaValue> change) {
        List<TlcState> states = new ArrayList<>(v.trace());
        TlcState s = states.get(index);
        Map<String, TlaValue> vars = new LinkedHashMap<>(s.variables());
        vars.put(var, change.apply(vars.get(var)));
        states.set(index, new TlcState(s.number(), s.action(), s.location(), vars));
        return new TlcResult.Violation(v.kind(), v.propertyName(), states, v.loopBackTo(), v.stats(), v.output());
    }

    /** A record with one field replaced. */
    private static TlaValue field(TlaValue record, String name, TlaValue value) {
        Map<String, TlaValue> fields = new LinkedHashMap<>(((TlaValue.TlaRecord) record).fields());
        fields.put(name, value);
        return new TlaValue.TlaRecord(fields);
    }
}
