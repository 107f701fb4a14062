package rpcheck.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import rpcheck.model.Property;
import rpcheck.model.prims.Tla;


/** The TLC configs of a module: one per property, merged safety runs, and the "report once" module for them. */
final class Cfgs {
    private Cfgs() {
    }

    /** The constant of bound {@code name}. */
    static String bound(String name) {
        return "B_" + name;
    }

    /** The invariant that checks safety property {@code property}, or null (Deadlock and the liveness ones). */
    static String invariant(String property) {
        return Properties.invariant(property);
    }

    /** The invariants of those of {@code properties} that have one, in the order of {@link Property}. */
    private static List<String> invariantsOf(List<String> properties) {
        return Property.names().stream().filter(properties::contains).map(Cfgs::invariant)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Whether {@code property} is a temporal property (checked alone, under fairness). */
    private static boolean liveness(String property) {
        return Property.byName(property).filter(p -> p.displayName().equals(property)).map(Property::liveness)
                .orElse(false);
    }

    /**
     * The TLC config that checks {@code properties} of {@code module} in one run. For one property this is the
     * generated {@code <module>_<Property>.cfg}. Several safety properties (Deadlock, WaitCycle, SleepInAtomic,
     * IoAccounting, UseAfterFree) share one breadth-first search of {@code Spec}: one INVARIANT line each (in
     * the order above) and {@code CHECK_DEADLOCK TRUE} if Deadlock is among them. TLC then stops at the first
     * violation of any of them and names it (rpcheck's own runs use {@link #onceModule} and go on). Temporal
     * properties with a form without a tableau (LiveWithoutAssoc, Progress: {@link Properties#sharedForm}) may
     * share a run, one PROPERTY line each: TLC does not name the property a lasso violates, so such a run decides
     * only that all of them hold. LostError is checked alone.
     *
     * @param bounds the bound values, in declaration order (they become the constants {@code B_<name>})
     * @throws IllegalArgumentException for an unknown property, no property, or a liveness property without a
     *                                  shared form with others
     */
    static String cfg(String module, Map<String, Long> bounds, List<String> properties) {
        return cfg(module, bounds, properties, false);
    }

    /** Prefix of an invariant that {@link #onceModule} makes hold after its first violation. */
    static final String ONCE_PREFIX = "Once_";

    /**
     * The invariant a once module checks Deadlock with ({@link #onceModule}, where Deadlock is expected violated):
     * {@code ENABLED Next}, TLC's own definition of a deadlock (a state without a successor; the terminal states
     * of the generated modules have their stuttering step). TLC reports it when it generates the state, where
     * its deadlock check reports the same state when it expands it; with one worker, breadth-first, the first
     * such state and its trace are the same.
     */
    static final String DEADLOCK_INVARIANT = "NoDeadlock";

    /**
     * What a once module prints ({@code PrintT(<<mark, "Once_X">>)}) before TLC reports a violation of another
     * invariant, for each invariant X that fails for the first time in the same state: TLC evaluates a state's
     * invariants in the cfg's order and, with {@code -continue}, reports only the first that fails, so X would
     * otherwise go unreported there (and be reported later with a longer trace, or, if no other state breaks it,
     * never: a violated property that a shared run called holding). The report's trace is X's as well.
     */
    static final String ALSO_MARK = rpcheck.tlc.TlcOutputParser.ALSO_VIOLATED;

    /** What a once module's copy of {@code inv} tests: the invariant, or ENABLED Next for the deadlock invariant. */
    private static Tla.Expr onceCheck(String inv) {
        return inv.equals(DEADLOCK_INVARIANT) ? new Tla.Prefix("ENABLED ", Tla.id("Next")) : Tla.id(inv);
    }

    /** The name of the module {@link #onceModule} writes for {@code module}. */
    static String onceModuleName(String module) {
        return module + "_once";
    }

    /**
     * A module that extends {@code module} and defines, for each invariant among {@code properties}, a copy
     * ({@value #ONCE_PREFIX}X) that is violated only the first time TLC finds X violated: TLC register i (set to
     * FALSE by an ASSUME, before the search) becomes TRUE then, and the copy holds from then on. With
     * {@code -continue}, TLC goes on after a violation and reports each invariant's first violation in one run.
     * Only with one TLC worker: the registers belong to the worker thread.
     *
     * <p>{@code expectedViolated}: the properties the spec's expectations record as violated. Their copies test
     * the register first, so that once reported the invariant is no longer evaluated; the others test the
     * invariant first (it holds in every state, the register is never needed). With Deadlock among them (and
     * among {@code properties}), Deadlock is one more such invariant
     * ({@value #ONCE_PREFIX}{@value #DEADLOCK_INVARIANT}, TLC's deadlock check off in the cfg), so that the
     * deadlock no longer ends the search before the other invariants are found; and once every invariant has
     * been reported, TLC is told to stop ({@code TLCSet("exit", TRUE)} in {@value #ONCE_PREFIX}{@value
     * #ALL_REPORTED}, the last invariant): nothing is left to decide. TLC then prints its success message with
     * states left on the queue; such a run decides only the violations it reported.
     */
    static String onceModule(String module, List<String> properties, java.util.Set<String> expectedViolated) {
        List<String> invs = new ArrayList<>(invariantsOf(properties));
        boolean deadlock = deadlockInvariant(properties, expectedViolated);
        // an expected violation tests the register first: once it is reported, TLC no longer evaluates the
        // invariant (a wait-for cycle's reachability, ENABLED Next's search for a successor)
        java.util.Set<String> registerFirst = new java.util.HashSet<>(invariantsOf(
                properties.stream().filter(expectedViolated::contains).toList()));
        if (deadlock) {
            invs.add(DEADLOCK_INVARIANT);
            registerFirst.add(DEADLOCK_INVARIANT);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(onceModuleName(module)).append(" ----\n");
        sb.append("\\* ").append(String.join(", ", properties)).append(" of ").append(module)
                .append(" in one run (generated by rpcheck; TLC runs it with -continue and one worker):\n");
        sb.append("\\* each invariant is reported at its first violation, then holds (TLC register i remembers it)\n");
        if (deadlock) {
            sb.append("\\* Deadlock is the invariant ENABLED Next (TLC's deadlock check is off); once every invariant has\n")
                    .append("\\* been reported, the last one stops TLC (TLCSet(\"exit\", TRUE)): nothing is left to decide\n");
        }
        sb.append("EXTENDS ").append(module).append(", TLC\n");
        if (!invs.isEmpty()) {
            List<Tla.Expr> init = new ArrayList<>();
            for (int i = 0; i < invs.size(); i++) {
                init.add(Tla.apply("TLCSet", Tla.num(i + 1), Tla.FALSE));
            }
            sb.append("ASSUME ").append(TlaPrinter.print(new Tla.Junction("/\\", init))).append('\n');
            for (int i = 0; i < invs.size(); i++) {
                String inv = invs.get(i);
                Tla.Expr register = Tla.num(i + 1);
                // TLC reports one invariant a state (the first in the cfg that fails): the others that fail for the
                // first time in the same state are marked reported here and named in a line before the report
                List<Tla.Expr> also = new ArrayList<>();
                for (int j = 0; j < invs.size(); j++) {
                    if (j != i) {
                        also.add(Tla.paren(Tla.or(Tla.apply("TLCGet", Tla.num(j + 1)), onceCheck(invs.get(j)),
                                Tla.paren(Tla.and(Tla.apply("TLCSet", Tla.num(j + 1), Tla.TRUE),
                                        Tla.apply("PrintT", new Tla.Tuple(List.of(Tla.str(ALSO_MARK),
                                                Tla.str(ONCE_PREFIX + invs.get(j))))))))));
                    }
                }
                Tla.Expr mark = Tla.apply("TLCSet", register, Tla.TRUE);
                Tla.Expr set = Tla.not(also.isEmpty() ? mark : Tla.paren(new Tla.Junction("/\\",
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(mark), also.stream()).toList())));
                Tla.Expr check = onceCheck(inv);
                Tla.Expr once = registerFirst.contains(inv) ? Tla.or(Tla.apply("TLCGet", register), check, set)
                        : Tla.or(check, Tla.apply("TLCGet", register), set);
                sb.append(ONCE_PREFIX).append(inv).append(" == ").append(TlaPrinter.print(once)).append('\n');
            }
            if (deadlock) {
                List<Tla.Expr> all = new ArrayList<>();
                for (int i = 0; i < invs.size(); i++) {
                    all.add(Tla.apply("TLCGet", Tla.num(i + 1)));
                }
                sb.append(ONCE_PREFIX).append(ALL_REPORTED).append(" == ").append(TlaPrinter.print(Tla.or(
                        Tla.not(Tla.paren(new Tla.Junction("/\\", all))),
                        Tla.apply("TLCSet", Tla.str("exit"), Tla.TRUE)))).append('\n');
            }
        }
        sb.append("====\n");
        return sb.toString();
    }

    /**
     * As {@link #cfg(String, Map, List)}; with {@code once}, for the module {@link #onceModule} writes: its
     * INVARIANT lines name the {@value #ONCE_PREFIX} copies.
     */
    static String cfg(String module, Map<String, Long> bounds, List<String> properties, boolean once) {
        return cfg(module, bounds, properties, once, java.util.Set.of());
    }

    /**
     * The TLC config that decides temporal properties {@code properties} (each with an {@code End_} invariant,
     * {@link Properties#endForm}) of the module for runs expected to hold in one safety search: {@code Spec}
     * without fairness, each {@code End_P} as an invariant and {@code PROPERTY Settles}. If TLC finds no
     * violation, the reachable graph has no cycle but stuttering, so every fair behaviour ends stuttering in a
     * state where no fairness condition is enabled, and each P holds (NextAndFairness#endStates); the same
     * states as the liveness run of {@link #cfg}. Anything else decides nothing: the checker then runs that one.
     *
     * @throws IllegalArgumentException for no property or one without an End_ invariant
     */
    static String endCfg(String module, Map<String, Long> bounds, List<String> properties) {
        if (properties.isEmpty() || properties.stream().anyMatch(p -> Properties.endForm(p) == null)) {
            throw new IllegalArgumentException("no End_ invariant for some of " + properties);
        }
        List<String> ordered = Property.names().stream().filter(properties::contains).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(String.join(", ", ordered)).append(" check of ").append(module)
                .append(" where fair behaviours end (generated by rpcheck)\n");
        sb.append("SPECIFICATION Spec\n");
        constantsAndView(sb, bounds, false);
        ordered.forEach(p -> sb.append("INVARIANT ").append(Properties.endForm(p)).append('\n'));
        sb.append("PROPERTY ").append(NextAndFairness.SETTLES).append('\n');
        sb.append("CHECK_DEADLOCK FALSE\n");
        return sb.toString();
    }

    /**
     * A cfg's constants (the bounds; {@code pruned}: LostError's runs leave out the faults after which it cannot
     * fail, see lostErrorPruning) and its VIEW where the module has one (an event budget).
     */
    private static void constantsAndView(StringBuilder sb, Map<String, Long> bounds, boolean pruned) {
        if (!bounds.isEmpty() || pruned) {
            sb.append("CONSTANTS\n");
            bounds.forEach((k, v) -> sb.append("    ").append(bound(k)).append(" = ").append(v).append('\n'));
        }
        if (pruned) {
            sb.append("    ").append(EnvironmentActions.NON_FAILING_OK).append(" <- ").append(EnvironmentActions.FAILURE_CAN_FOLLOW).append('\n');
        }
        if (bounds.containsKey(EnvironmentActions.TOTAL_EVENTS)) {
            sb.append("VIEW StateView\n");
        }
    }

    /** Whether a once module of {@code properties} checks Deadlock as its invariant: it is expected violated. */
    private static boolean deadlockInvariant(List<String> properties, java.util.Set<String> expectedViolated) {
        return properties.contains("Deadlock") && expectedViolated.contains("Deadlock");
    }

    /** The invariant of a once module with the deadlock invariant that stops TLC when all have been reported. */
    static final String ALL_REPORTED = "AllReported";

    /**
     * As {@link #cfg(String, Map, List, boolean)}, for the once module of the same {@code expectedViolated}
     * ({@link #onceModule}): where Deadlock is expected violated it is that module's invariant, TLC's own deadlock
     * check is off, and the invariant that stops TLC once all are reported comes last.
     */
    static String cfg(String module, Map<String, Long> bounds, List<String> properties, boolean once,
            java.util.Set<String> expectedViolated) {
        boolean deadlock = once && deadlockInvariant(properties, expectedViolated);
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no property");
        }
        boolean liveness = properties.stream().anyMatch(Cfgs::liveness);
        if (liveness && properties.size() > 1 && !properties.stream().allMatch(p -> Properties.sharedForm(p) != null)) {
            throw new IllegalArgumentException("a liveness property without a shared form is checked alone: "
                    + properties);
        }
        for (String p : properties) {
            if (!liveness && !p.equals("Deadlock") && invariant(p) == null) {
                throw new IllegalArgumentException(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(String.join(", ", properties)).append(" check of ").append(module)
                .append(" (generated by rpcheck)\n");
        sb.append("SPECIFICATION ").append(liveness ? "FairSpec" : "Spec").append('\n');
        constantsAndView(sb, bounds, properties.contains("LostError"));
        if (liveness && properties.size() == 1) {
            sb.append("PROPERTY ").append(properties.get(0)).append('\n');
        } else if (liveness) {
            // one run of several temporal properties, each in its form without a tableau (Properties.sharedForm)
            Property.names().stream().filter(properties::contains)
                    .forEach(p -> sb.append("PROPERTY ").append(Properties.sharedForm(p)).append('\n'));
        } else {
            if (deadlock) {
                sb.append("INVARIANT ").append(ONCE_PREFIX).append(DEADLOCK_INVARIANT).append('\n');
            }
            invariantsOf(properties).forEach(
                    invariant -> sb.append("INVARIANT ").append(once ? ONCE_PREFIX : "").append(invariant).append('\n'));
            if (deadlock) {
                sb.append("INVARIANT ").append(ONCE_PREFIX).append(ALL_REPORTED).append('\n');
            }
        }
        sb.append("CHECK_DEADLOCK ").append(properties.contains("Deadlock") && !deadlock ? "TRUE" : "FALSE")
                .append('\n');
        return sb.toString();
    }
}
