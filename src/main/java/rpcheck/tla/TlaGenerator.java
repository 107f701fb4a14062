package rpcheck.tla;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Ir.*;
import rpcheck.model.Property;

/**
 * Translates a lowered {@link Ir.Program} into one TLA+ module.
 *
 * <h2>State</h2>
 * {@code pc[c]} (the label a context is about to execute), {@code lv[c]} (its live locals), {@code g} (flags,
 * counters, vars and the controller state), {@code rq[r]} (block-layer, LLDD and driver state of each request),
 * {@code wk[w]} (pending / running-on / disabled-by of each work item), {@code flw[c]} (the work instance a
 * flush_work() waits for), {@code lk[l]} (spinlock owner) and {@code ev[e]} (how often each event fired).
 *
 * <h2>Atomicity rule</h2>
 * Every step that touches shared state (a primitive, a shared write, or a branch or local assignment that reads
 * shared state) starts one TLA+ action. The steps that follow it and touch only the context's own locals
 * (local assignments, branches on locals, returns, the call and return of inlined functions) are folded into
 * that same action, up to the next shared step, which becomes the context's next label. Locals that are dead at
 * the next label are dropped, so they do not split states.
 *
 * <h2>Parts</h2>
 * The module is written in order by one class each: {@link ModuleHead} (header, constants, definitions, Init),
 * {@link StepActions} (the contexts' own steps, from the catalogue's step rules), {@link EnvironmentActions}
 * (workers, LLDD, timers, events, fault budgets), {@link NextAndFairness} (Next, Spec, fairness, VIEW) and
 * {@link Properties} (one entry per property); they read {@link Analyses} (facts about the whole program) and
 * write into {@link ModuleText}. Actions are {@link rpcheck.model.prims.Tla} trees laid out by {@link TlaPrinter}
 * ({@link StateVars}: effects on the state variables as LET definitions and primed assignments); {@link Cfgs}
 * writes the TLC configs. For the runs the checker expects to hold, {@link #holdRunModule} writes Next with the
 * guards its environment actions share tested once and each action of one context with {@code self} bound to it,
 * and {@link CodedModule} rewrites the printed module with its literals as integers and short field names.
 */
public final class TlaGenerator {
    private final String module;
    private final Analyses a;

    /**
     * @param cfgs          property name -> TLC config, for every property this spec can be checked for
     * @param notApplicable property name -> why the spec gives it nothing to check (no assertion, no fault
     *                      that fails the association, no reference count, ...): no cfg, no TLC run
     */
    public record Output(String module, String tla, Map<String, String> cfgs, Map<String, String> notApplicable,
            Provenance provenance) {
    }

    public TlaGenerator(Program program, String module) {
        this.module = module;
        this.a = new Analyses(program);
    }

    public Output generate() {
        return generate(false);
    }

    /**
     * The module for the runs the checker expects to hold: the one {@link #generate} writes, but for Next, which
     * tests a guard that several environment actions share once for all of them (see {@link NextAndFairness}),
     * and for the actions that one context takes, written {@code name ==} with {@code self} bound to that
     * context instead of {@code name(self) ==} (TLC looks a parameter up in a chain of names each time it reads
     * it), and called by name ({@link ModuleText#call}). The same states and steps; TLC names the steps of a trace
     * by Next's disjuncts, which the trace reader knows only as {@link #generate} writes them, so this module is
     * for runs that give no trace (a violation found in it is searched again in the module as generated).
     */
    public static String holdRunModule(Program program, String module) {
        return new TlaGenerator(program, module).generate(true).tla();
    }

    private Output generate(boolean holdRun) {
        ModuleText moduleText = new ModuleText(holdRun);
        StepActions steps = new StepActions(a, moduleText);
        EnvironmentActions environment = new EnvironmentActions(a, moduleText, steps);
        Properties properties = new Properties(a, moduleText);
        new ModuleHead(a, moduleText, environment, module).write();
        for (Code c : a.program.codes()) {
            steps.code(c);
        }
        environment.environment();
        new NextAndFairness(a, moduleText, holdRun).nextAndSpec();
        properties.define();
        moduleText.out.append("====\n");
        Map<String, String> cfgs = new LinkedHashMap<>();
        Map<String, String> na = new LinkedHashMap<>();
        for (String p : Property.names()) {
            String why = properties.notApplicable(p);
            if (why == null) {
                cfgs.put(p, Cfgs.cfg(module, a.m.boundsFor(p), List.of(p)));
            } else {
                na.put(p, why);
            }
        }
        Map<String, Provenance.LabelInfo> all = new LinkedHashMap<>(moduleText.labels);
        all.putAll(moduleText.sleepMarkers);
        return new Output(module, TlaPrinter.layout(moduleText.out.toString()), cfgs, na,
                new Provenance(moduleText.actions, all, List.copyOf(a.contexts), a.kinds, workqueueWorks(a.m),
                        java.util.Collections.unmodifiableMap(moduleText.condWakers), properties.irqHazards()));
    }

    /** Each workqueue's work items, in declaration order (a flush_workqueue wait waits for them). */
    private static Map<String, List<String>> workqueueWorks(rpcheck.model.Model m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (rpcheck.model.Model.WorkItem w : m.works().values()) {
            out.computeIfAbsent(w.workqueue(), k -> new java.util.ArrayList<>()).add(w.name());
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return java.util.Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------ configs (see Cfgs)

    /** Prefix of an invariant that {@link #onceModule} makes hold after its first violation. */
    public static final String ONCE_PREFIX = Cfgs.ONCE_PREFIX;

    /** The invariant that checks safety property {@code property}, or null (Deadlock and the liveness ones). */
    public static String invariant(String property) {
        return Cfgs.invariant(property);
    }

    /** See {@link Cfgs#cfg(String, Map, List)}. */
    public static String cfg(String module, Map<String, Long> bounds, List<String> properties) {
        return Cfgs.cfg(module, bounds, properties);
    }

    /** See {@link Cfgs#cfg(String, Map, List, boolean)}. */
    public static String cfg(String module, Map<String, Long> bounds, List<String> properties, boolean once) {
        return Cfgs.cfg(module, bounds, properties, once);
    }

    /** Whether temporal property {@code property} may share a TLC run with others ({@link Cfgs#cfg}). */
    public static boolean sharesLivenessRun(String property) {
        return Properties.sharedForm(property) != null;
    }

    /**
     * Whether a run of temporal property {@code property} in the module for runs expected to hold may be the
     * search of {@link Cfgs#endCfg}: an invariant on the states where fair behaviours end, with Settles. These
     * are the properties that share a run ({@link Properties#endForm} derives from their form without a tableau).
     */
    public static boolean decidedAtEnd(String property) {
        return sharesLivenessRun(property);
    }

    /** See {@link Cfgs#endCfg}. */
    public static String endCfg(String module, Map<String, Long> bounds, List<String> properties) {
        return Cfgs.endCfg(module, bounds, properties);
    }

    /** The name of the module {@link #onceModule} writes for {@code module}. */
    public static String onceModuleName(String module) {
        return Cfgs.onceModuleName(module);
    }

    /** See {@link Cfgs#onceModule}: no property expected violated (no deadlock invariant). */
    public static String onceModule(String module, List<String> properties) {
        return Cfgs.onceModule(module, properties, java.util.Set.of());
    }

    /** See {@link Cfgs#onceModule}. */
    public static String onceModule(String module, List<String> properties, java.util.Set<String> expectedViolated) {
        return Cfgs.onceModule(module, properties, expectedViolated);
    }

    /** See {@link Cfgs#cfg(String, Map, List, boolean, java.util.Set)}. */
    public static String cfg(String module, Map<String, Long> bounds, List<String> properties, boolean once,
            java.util.Set<String> expectedViolated) {
        return Cfgs.cfg(module, bounds, properties, once, expectedViolated);
    }

    /** The invariant a once module checks Deadlock with ({@link Cfgs#DEADLOCK_INVARIANT}). */
    public static final String DEADLOCK_INVARIANT = Cfgs.DEADLOCK_INVARIANT;
}
