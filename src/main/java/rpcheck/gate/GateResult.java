package rpcheck.gate;

import java.util.List;

import rpcheck.check.PropertyResult;
import rpcheck.model.Property;

/**
 * What one gate run found: a case per spec and property (its verdict against the expectation), the outputs that
 * differ from what is committed, and, with {@code --update}, what was rewritten.
 *
 * @param deep    whether this was the deep tier
 * @param specs   one per spec, in the order of {@code specs/}
 * @param stale   committed outputs (generated TLA+, traces, VERDICTS.md) that differ from a fresh generation
 * @param updated with --update: every file rewritten or removed, and every expectation changed
 */
public record GateResult(boolean deep, List<SpecOutcome> specs, List<Stale> stale, List<String> updated) {
    public GateResult {
        specs = List.copyOf(specs);
        stale = List.copyOf(stale);
        updated = List.copyOf(updated);
    }

    /** How a case ended. */
    public enum Outcome {
        /** The verdict is the expected one. */
        PASS,
        /** Expected to hold (or n/a), now violated. */
        NEW_VIOLATION,
        /** Expected to be violated, now holds (or n/a). */
        VIOLATION_GONE,
        /** Expected n/a, now holds (or the reverse). */
        CHANGED,
        /** No expectation for this spec and property. */
        NO_EXPECTATION,
        /** TLC gave no verdict (failure or timeout). */
        ERROR;

        public boolean failed() {
            return this != PASS;
        }
    }

    /**
     * One spec x property.
     *
     * @param expected  the expectation, or null
     * @param actual    TLC's result
     * @param message   one line: what happened
     * @param notes     changes that do not fail the gate (steps, distinct states)
     * @param tracePath the counterexample's trace.txt (the committed one if it is current, else the gate's copy in
     *                  the report folder), or null
     * @param where     the line a reviewer looks at: the offending call of a new violation, else the expectation line
     *                  of the property (a CI annotation lands there)
     */
    public record Case(String variant, Property property, Expectations.Expected expected, PropertyResult actual,
            Outcome outcome, String message, List<String> notes, String tracePath, Where where) {
        public Case {
            notes = List.copyOf(notes);
        }
    }

    /**
     * A line of a spec: {@code file} as the gate shows it (relative to the repository), its 1-based {@code line}, and
     * {@code what} stands there ("the offending call", "the expectation line").
     */
    public record Where(String file, int line, String what) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /**
     * One spec: its cases, or why it has none.
     *
     * @param problem  compile errors or malformed expectation lines (file:line:col: ...), else null
     * @param cases    one per property
     */
    public record SpecOutcome(String variant, String spec, String problem, List<Case> cases) {
        public SpecOutcome {
            cases = List.copyOf(cases);
        }
    }

    /** How a committed output differs from a fresh one. */
    public enum StaleKind { CHANGED, MISSING, EXTRA }

    /** A committed output that is not what rpcheck generates now; {@code diff} is a unified diff (or a note). */
    public record Stale(String path, StaleKind kind, String diff) {
    }

    public boolean anyProblem() {
        return specs.stream().anyMatch(s -> s.problem() != null);
    }

    public boolean anyError() {
        return cases().stream().anyMatch(c -> c.outcome() == Outcome.ERROR);
    }

    /** A verdict differs from its expectation, or has none. */
    public boolean anyFailed() {
        return cases().stream().anyMatch(c -> c.outcome().failed() && c.outcome() != Outcome.ERROR);
    }

    public List<Case> cases() {
        return specs.stream().flatMap(s -> s.cases().stream()).toList();
    }
}
