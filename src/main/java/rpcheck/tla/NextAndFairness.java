package rpcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Model;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.Tla.Junction;
import rpcheck.model.prims.Tla.Prefix;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla;

import static rpcheck.tla.Cfgs.bound;
import static rpcheck.tla.TlaPrinter.q;
import static rpcheck.tla.TlaPrinter.set;

/**
 * Next, Spec, the weak fairness of every context's own steps (FairSpec), the stutter steps that are not
 * deadlocks (Quiescent, BoundReached), and the VIEW that forgets spent event counts. In the module for runs
 * expected to hold, Next tests a guard that several environment actions share once ({@link #sharingGuards}).
 */
final class NextAndFairness {
    /** The pc of a context that has no step to take: a worker between work items, a context whose code ended. */
    private static final List<String> RESTING = List.of("idle", "done");

    private final Analyses a;
    private final ModuleText moduleText;
    private final Model m;
    private final StringBuilder out;
    /** Whether Next tests a guard its environment actions share once for all of them ({@link #sharingGuards}). */
    private final boolean sharedGuards;

    /**
     * {@code ENABLED SystemStep} (some context can take a step), which a late timer's expiry waits for to be false
     * ({@link #systemEnabled}).
     */
    static final String SYSTEM_ENABLED = "SystemEnabled";

    /** {@code UNCHANGED vars}: a stutter step. */
    private static final Expr UNCHANGED_VARS = new Prefix("UNCHANGED ", Tla.id("vars"));

    /** The label sets of {@link #byFunction}, defined before SystemStep. */
    private final Map<String, Expr> labelSets = new LinkedHashMap<>();
    /** The names this class defined (besides the actions'), for {@link #fresh}. */
    private final java.util.Set<String> defined = new java.util.HashSet<>();

    NextAndFairness(Analyses a, ModuleText moduleText, boolean sharedGuards) {
        this.a = a;
        this.moduleText = moduleText;
        this.m = a.m;
        this.out = moduleText.out;
        this.sharedGuards = sharedGuards;
    }

    void nextAndSpec() {
        moduleText.actions.put("Quiescent", new Provenance.ActionInfo("Quiescent", Provenance.ActionKind.QUIESCENT, null,
                "every context is idle (nothing left to do)", null, null));
        out.append("\\* every context idle: the system may stop here (not a deadlock)\n");
        moduleText.define("Quiescent", Tla.and(Tla.paren(new Tla.Quant(false, "c", Tla.id("Ctx"),
                Tla.in(Tla.index(Tla.id("pc"), Tla.id("c")), Tla.strings(List.of("idle", "done"))))), UNCHANGED_VARS));
        out.append('\n');
        if (moduleText.next.isEmpty()) {
            moduleText.define("NextCore", Tla.FALSE);
        } else {
            moduleText.defineBullets("NextCore", "\\/", dispatched(moduleText.next));
        }
        out.append('\n');
        // each context's fair actions grouped by function, once: SystemStep and Fairness both use them
        Map<String, List<Expr>> grouped = new LinkedHashMap<>();
        moduleText.fair.forEach((ctx, acts) -> grouped.put(ctx, byFunction(ctx, acts)));
        if (!labelSets.isEmpty()) {
            out.append("\\* the labels of each context's steps, by function (constants: TLC computes each set once)\n");
            labelSets.forEach(moduleText::define);
            out.append('\n');
        }
        // Acts_c: the steps of context c (its own code, work starts, LLDD completions), which weak fairness covers
        Map<String, String> acts = new LinkedHashMap<>();
        if (!grouped.isEmpty()) {
            out.append("\\* the steps of each context that fairness covers: its code, work starts, LLDD completions\n");
            grouped.forEach((ctx, g) -> {
                String name = fresh("Acts_" + ident(ctx));
                acts.put(ctx, name);
                moduleText.defineDisjunction(name, g);
            });
            out.append('\n');
        }
        out.append("\\* a step of the system itself (contexts, workers, LLDD completions): not faults, timers or events\n");
        if (acts.isEmpty()) {
            moduleText.define("SystemStep", Tla.FALSE);
        } else {
            moduleText.defineBullets("SystemStep", "\\/", acts.values().stream().map(n -> (Expr) Tla.id(n)).toList());
        }
        out.append('\n');
        Map<String, String> enabled = enabledness(acts);
        if (!moduleText.lateTimers.isEmpty()) {
            systemEnabled(enabled);
        }
        moduleText.lateTimers.forEach(Runnable::run);
        if (!moduleText.late.isEmpty()) {
            lateSpent();
        }
        List<Expr> next = new ArrayList<>(List.of(Tla.id("NextCore")));
        List<Expr> keys = new ArrayList<>(java.util.Collections.singletonList(null));
        for (String n : concat(moduleText.timers, moduleText.late)) {
            next.add(Tla.id(n));
            List<Expr> guard = moduleText.conjuncts.getOrDefault(n, List.of());
            keys.add(guard.isEmpty() ? null : guard.get(0)); // a timer's budget
        }
        next = sharingGuards(next, keys);
        next.add(Tla.id("Quiescent"));
        if (!moduleText.late.isEmpty()) {
            next.add(Tla.id("BoundReached"));
        }
        moduleText.defineBullets("Next", "\\/", next);
        out.append('\n');
        moduleText.define("Spec", Tla.and(Tla.id("Init"), new Prefix("[]", new Tla.Square(Tla.id("Next"), "vars"))));
        out.append('\n');
        out.append("\\* LostError and Progress: every context that can go on eventually does (weak fairness of its own\n");
        out.append("\\* steps, work starts and LLDD completions); faults, timers and events are never forced. A context's\n");
        out.append("\\* WF_vars(Acts_c) is written out, []<>~ENABLED <<Acts_c>>_vars \\/ []<><<Acts_c>>_vars, with Enabled_c\n");
        out.append("\\* for its ENABLED. Where every step of c moves pc[c], <<Acts_c>>_vars is tested as <<pc'[c] # pc[c]\n");
        out.append("\\* /\\ Acts_c>>_vars; where nothing else moves pc[c] but from idle (an event, an LLDD error: only\n");
        out.append("\\* c's own actions write pc[c]), as <<pc'[c] # pc[c] /\\ (pc[c] # \"idle\" \\/ Acts_c)>>_vars.\n");
        List<Expr> wf = new ArrayList<>();
        acts.forEach((ctx, name) -> {
            // where every step of the context moves its pc (Enabledness), a transition that leaves pc["c"] as it
            // was is no step of it: TLC tests that first instead of evaluating each action of the context
            Expr pc = Tla.index(Tla.id("pc"), ctx);
            Expr its = onlyItsStepsLeaveALabel(ctx) ? Tla.paren(Tla.or(Tla.neq(pc, Tla.str("idle")), Tla.id(name)))
                    : Tla.id(name);
            Expr step = moduleText.fair.get(ctx).stream().allMatch(moduleText.decided::contains)
                    ? Tla.and(Tla.neq(Tla.index(new Tla.Primed("pc"), ctx), pc), its)
                    : Tla.id(name);
            wf.add(Tla.paren(Tla.or(new Prefix("[]<>", Tla.not(Tla.id(enabled.get(ctx)))),
                    new Prefix("[]<>", new Tla.Angle(step, "vars")))));
        });
        for (String l : moduleText.late) {
            wf.add(Tla.apply("WF_vars", Tla.id(l)));
        }
        for (String f : moduleText.fairEnvironment) {
            wf.add(Tla.apply("WF_vars", Tla.id(f)));
        }
        if (wf.isEmpty()) {
            moduleText.define("Fairness", Tla.TRUE);
        } else {
            moduleText.defineBullets("Fairness", "/\\", wf);
        }
        moduleText.define("FairSpec", Tla.and(Tla.id("Spec"), Tla.id("Fairness")));
        out.append('\n');
        if (sharedGuards) {
            endStates(acts.keySet().stream().map(enabled::get).toList());
        }
        if (m.bounds().containsKey(EnvironmentActions.TOTAL_EVENTS)) {
            out.append("\\* Once the event budget is spent no event can fire again, so which ones fired no longer\n");
            List<Expr> workload = m.events().values().stream().filter(Model.EventDecl::workload)
                    .map(e -> Tla.index(Tla.id("ev"), e.name())).toList();
            out.append("\\* matters: TLC identifies such states (VIEW). No property reads ev")
                    .append(workload.isEmpty() ? ".\n" : "; workload events (not counted in 'events') keep their counts.\n");
            List<Expr> spent = new ArrayList<>(List.of(Tla.str("spent")));
            spent.addAll(workload);
            String gv = "g";
            if (!a.synced.isEmpty()) {
                // a deleted queue timer only matters while a request of the queue is in flight: the next start
                // arms it again anyway (blk_add_timer), so with none in flight both values have the same future
                List<Tla.Update> ex = new ArrayList<>();
                for (String qn : a.synced) {
                    List<String> rs = m.requests().entrySet().stream().filter(r -> r.getValue().equals(qn))
                            .map(Map.Entry::getKey).toList();
                    ex.add(Tla.field(BlkMq.timerOff(qn), Tla.and(Tla.AT, new Tla.Quant(true, "r", Tla.strings(rs),
                            Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), Tla.id("r")), "mq_state"), Tla.str("IN_FLIGHT"))))));
                }
                out.append("\\* A deleted request-queue timer (blk_sync_queue) with no request of the queue in flight is\n")
                        .append("\\* the same as an armed one: the next blk_mq_start_request() arms it again.\n");
                moduleText.define("GView", new Tla.Except(Tla.id("g"), ex));
                gv = "GView";
            }
            List<Expr> view = new ArrayList<>();
            for (String v : List.of("pc", "lv", gv, "rq", "wk", "flw", "lk")) {
                view.add(Tla.id(v));
            }
            view.add(Tla.ite(Tla.infix(">=", Tla.id("EventsFired"), Tla.id(bound(EnvironmentActions.TOTAL_EVENTS))),
                    workload.isEmpty() ? Tla.str("spent") : new Tla.Tuple(spent), Tla.id("ev")));
            moduleText.define("StateView", new Tla.Tuple(view));
            out.append('\n');
        }
    }

    /**
     * In the module for runs expected to hold: the definitions with which one safety search decides temporal
     * properties of the form {@code []<>Q} and {@code <>[]Q} ({@link Properties}' {@code End_} invariants).
     * {@code Settles} (checked under {@code Spec}, no fairness) fails exactly when a behaviour can change the state
     * infinitely often, that is when the reachable graph has a cycle other than a stuttering step. Where it holds,
     * every fair behaviour is a finite path that ends stuttering in a state where no fairness condition is enabled
     * ({@code FairTerminal}: no context's {@code Enabled_c}, no late timer), and every such reachable state ends
     * one; so {@code []<>Q} and {@code <>[]Q} hold exactly when Q holds in every reachable FairTerminal state.
     */
    private void endStates(List<String> enabledNames) {
        List<Expr> none = new ArrayList<>();
        enabledNames.forEach(n -> none.add(Tla.not(Tla.id(n))));
        moduleText.late.forEach(l -> none.add(Tla.not(new Prefix("ENABLED ", new Tla.Angle(Tla.id(l), "vars")))));
        out.append("\\* a state where a fair behaviour can stop: no fairness condition enabled (for the End_ invariants)\n");
        if (none.isEmpty()) {
            moduleText.define(FAIR_TERMINAL, Tla.TRUE);
        } else {
            moduleText.defineBullets(FAIR_TERMINAL, "/\\", none);
        }
        out.append("\\* no behaviour changes the state infinitely often: the reachable graph has no cycle but stuttering\n");
        moduleText.define(SETTLES, new Prefix("<>", new Prefix("[]", new Tla.Square(Tla.FALSE, "vars"))));
        out.append('\n');
    }

    /** The states where a fair behaviour can end (see {@link #endStates}). */
    static final String FAIR_TERMINAL = "FairTerminal";
    /** The temporal property that the reachable graph has no cycle but stuttering (see {@link #endStates}). */
    static final String SETTLES = "Settles";

    /**
     * NextCore's disjuncts, where each run of two or more consecutive steps of the same context (a context's code
     * in label order) is one definition that picks the step its pc names: {@code Steps_c == CASE pc["c"] \\in
     * {"idle", "done"} -> FALSE [] pc["c"] = "l1" -> l1("c") [] ... [] OTHER -> FALSE}. The same successors in
     * the same order (a context is at one label, and a step's action starts with {@code pc[self] = label}), but
     * TLC tries each disjunct of NextCore in every state, and a CASE arm's guard costs it far less than an action
     * that is not enabled. The steps of a workqueue's workers ({@code \\E self \\in workers : step(self)}) get a
     * CASE for each worker over the steps of one work item: a work item runs on one worker at a time
     * (non-reentrant, {@code wk[w].run}), so at most one of them has a step there, and the order is kept too.
     * The trace reader names the step by the action the CASE chose ({@link Provenance.ActionKind#DISPATCH});
     * the actions themselves are unchanged, and fairness names them.
     */
    private List<Expr> dispatched(List<ModuleText.Disjunct> ds) {
        List<Expr> core = new ArrayList<>();
        List<Expr> keys = new ArrayList<>();
        boolean defined = false;
        int i = 0;
        while (i < ds.size()) {
            String key = runKey(ds.get(i));
            int j = i + 1;
            while (key != null && j < ds.size() && key.equals(runKey(ds.get(j)))) {
                j++;
            }
            if (j - i < 2) {
                core.add(moduleText.expr(ds.get(i)));
                keys.add(idleKey(ds.get(i)));
            } else {
                for (String ctx : ds.get(i).owners()) {
                    core.add(Tla.id(steps(ctx, ds.subList(i, j))));
                    keys.add(null);
                }
                defined = true;
            }
            i = j;
        }
        if (defined) {
            out.append('\n');
        }
        return sharingGuards(core, keys);
    }

    /**
     * Whether a step that moves {@code ctx}'s pc from a label other than idle is one of its fair actions (Acts_c):
     * every action writes only its own context's pc ({@code [pc EXCEPT ![self] = ...]}, the only way the generator
     * writes it), and every other action {@code ctx} takes (an event in that context, an LLDD error) starts from
     * idle, its guard says. Then {@code pc'["c"] # pc["c"] /\ (pc["c"] # "idle" \/ Acts_c)} is the same condition
     * on every transition as {@code pc'["c"] # pc["c"] /\ Acts_c}, and TLC evaluates Acts_c (the step again, for
     * the fairness of each transition of a liveness run) only for a step from idle.
     */
    private boolean onlyItsStepsLeaveALabel(String ctx) {
        List<String> fair = moduleText.fair.get(ctx);
        return moduleText.next.stream().filter(d -> d.owners().contains(ctx) && !fair.contains(d.action()))
                .allMatch(d -> moduleText.startsFromIdle(d.action()));
    }

    /**
     * {@code pc["c"] = "idle"} for an action of one context {@code c} that starts it (a work item, an LLDD
     * completion, an event in that context): its guard says so. Null for any other disjunct.
     */
    private Expr idleKey(ModuleText.Disjunct d) {
        if (d.owners().size() != 1 || !moduleText.startsFromIdle(d.action())) {
            return null;
        }
        return StateVars.atLabel(Tla.str(d.owners().get(0)), "idle");
    }

    /**
     * In the module for runs expected to hold ({@link TlaGenerator#holdRunModule}), the disjuncts whose
     * {@code keys} are one and the same guard (two or more) become one, {@code (key /\ (d_1 \/ d_2 \/ ...))},
     * where the first of them was; a null key or a guard of one disjunct leaves it as it is. Each key is a
     * conjunct of its disjunct's guard, so the disjunction is the same action: TLC tests the shared guard once
     * in a state where it is false (a context that is not idle, a spent fault budget) instead of once for every
     * action it guards. In the module as generated, {@code items} unchanged.
     */
    private List<Expr> sharingGuards(List<Expr> items, List<Expr> keys) {
        if (!sharedGuards) {
            return items;
        }
        Map<Expr, List<Expr>> members = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (keys.get(i) != null) {
                members.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(items.get(i));
            }
        }
        List<Expr> shared = new ArrayList<>();
        java.util.Set<Expr> written = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Expr key = keys.get(i);
            if (key == null || members.get(key).size() < 2) {
                shared.add(items.get(i));
            } else if (written.add(key)) {
                shared.add(Tla.paren(Tla.and(key, Tla.paren(new Junction("\\/", members.get(key))))));
            }
        }
        return shared;
    }

    private static List<String> concat(List<String> x, List<String> y) {
        List<String> all = new ArrayList<>(x);
        all.addAll(y);
        return all;
    }

    /**
     * What the disjuncts of one run share, or null for a disjunct that is no step: a step (an action with a pc
     * label of its own) of one context, that context; of several (a workqueue's workers), them and the work
     * item whose code it is.
     */
    private String runKey(ModuleText.Disjunct d) {
        Provenance.LabelInfo li = moduleText.labels.get(d.action());
        if (li == null || d.owners().isEmpty() || RESTING.contains(d.action())) {
            return null;
        }
        return d.owners().size() == 1 ? d.owners().get(0) : d.owners() + " " + li.entry();
    }

    /** Defines the CASE on {@code ctx}'s pc over the steps {@code run}, and returns its name. */
    private String steps(String ctx, List<ModuleText.Disjunct> run) {
        String base = "Steps_" + ctx.replaceAll("[^A-Za-z0-9_]", "_");
        String name = base;
        for (int k = 2; moduleText.actions.containsKey(name); k++) { // every name defined so far is an action's
            name = base + "_" + k;
        }
        Expr pc = Tla.index(Tla.id("pc"), ctx);
        List<Tla.Arm> arms = new ArrayList<>();
        // most contexts rest in most states: one test instead of every label (a step is never at idle or done)
        arms.add(new Tla.Arm(Tla.in(pc, Tla.strings(RESTING)), Tla.FALSE));
        run.forEach(d -> arms.add(new Tla.Arm(Tla.eq(pc, Tla.str(d.action())), moduleText.call(d.action(), ctx))));
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.DISPATCH, null,
                ctx + "'s step at its pc", null, ctx));
        out.append("\\* ").append(ctx).append(": the step its pc names (for TLC one guard a label, not every action)\n");
        moduleText.defineBelow(name, new Tla.CaseBlock(arms, Tla.FALSE));
        return name;
    }

    /**
     * A context's actions as a disjunction grouped by the function (work, entry) their labels belong to:
     * {@code (pc[c] \\in {labels} /\\ (a_1(c) \\/ ...))}. The same action, cheaper to evaluate: each step's
     * action starts with {@code pc[self] = label}, and TLC tries the disjuncts one by one, which the
     * fairness conditions do for every state and transition (a liveness run spent most of its time there;
     * upstream Progress 104 s -> 73 s). Actions without a label of their own stay as they are.
     */
    private List<Expr> byFunction(String ctx, List<String> acts) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<Expr> rest = new ArrayList<>();
        for (String a : acts) {
            Provenance.LabelInfo li = moduleText.labels.get(a);
            if (li != null) {
                groups.computeIfAbsent(li.entry(), k -> new ArrayList<>()).add(a);
            } else {
                rest.add(moduleText.call(a, ctx));
            }
        }
        List<Expr> out = new ArrayList<>();
        for (List<String> g : groups.values()) {
            List<Expr> calls = g.stream().map(n -> moduleText.call(n, ctx)).toList();
            if (g.size() == 1) {
                out.add(calls.get(0));
            } else {
                String set = fresh("Labels_" + ident(ctx) + "_" + ident(moduleText.labels.get(g.get(0)).entry()));
                labelSets.put(set, Tla.strings(g));
                out.add(Tla.paren(Tla.and(Tla.in(Tla.index(Tla.id("pc"), ctx), Tla.id(set)),
                        Tla.paren(new Junction("\\/", calls)))));
            }
        }
        out.addAll(rest);
        return out;
    }

    /**
     * Defines {@code Enabled_c} for each context c of {@code acts} (context -> the name of its {@code Acts_c}) and
     * returns their names: {@code ENABLED <<Acts_c>>_vars} without asking TLC's ENABLED, which builds every
     * successor state to find out, for each fairness condition in every state of a liveness run. A step whose
     * guard decides whether it changes the state ({@link Enabledness#guardDecides}) is enabled exactly when its
     * guard holds: {@code pc["c"] \\in Unguarded_c} for the labels whose step has no other guard, its guard (self
     * replaced by c) for the others; any other action keeps {@code ENABLED <<a("c")>>_vars}.
     */
    private Map<String, String> enabledness(Map<String, String> acts) {
        Map<String, String> names = new LinkedHashMap<>();
        if (acts.isEmpty()) {
            return names;
        }
        out.append("\\* ENABLED <<Acts_c>>_vars from the guards: each step below is a guard, then a body that gives every\n")
                .append("\\* variable one new value whatever the state and moves pc to another label, so it can take a step\n")
                .append("\\* exactly when its guard holds (ENABLED would make TLC build the successor states to find out).\n")
                .append("\\* Unguarded_c: the labels where c's step has no other guard; Guarded_c: those where it has one,\n")
                .append("\\* which GuardAt_c tests for the label c is at.\n");
        acts.forEach((ctx, act) -> {
            Expr self = Tla.str(ctx);
            List<String> bare = new ArrayList<>();
            List<String> guarded = new ArrayList<>();
            List<Tla.Arm> arms = new ArrayList<>();
            List<Expr> rest = new ArrayList<>();
            for (String a : moduleText.fair.get(ctx)) {
                List<Expr> guard = moduleText.decidingGuard(a);
                List<Expr> own = new ArrayList<>();
                for (Expr g : guard == null ? List.<Expr>of() : guard) {
                    own.add(Tla.withSelf(g, self));
                }
                if (guard == null) {
                    rest.add(new Prefix("ENABLED ", new Tla.Angle(moduleText.call(a, ctx), "vars")));
                } else if (guard.equals(List.of(StateVars.atLabel(Tla.SELF, a)))) {
                    bare.add(a);
                } else if (own.size() > 1 && own.get(0).equals(StateVars.atLabel(self, a))) {
                    // a step at its own label, with more to its guard: an arm of the CASE on the pc below
                    List<Expr> more = own.subList(1, own.size());
                    guarded.add(a);
                    arms.add(new Tla.Arm(own.get(0),
                            more.size() == 1 ? more.get(0) : Tla.paren(new Junction("/\\", more))));
                } else {
                    rest.add(Tla.paren(own.size() == 1 ? own.get(0) : new Junction("/\\", own)));
                }
            }
            Expr pc = Tla.index(Tla.id("pc"), ctx);
            List<Expr> any = new ArrayList<>();
            if (bare.size() == 1) {
                any.add(Tla.eq(pc, Tla.str(bare.get(0))));
            } else if (bare.size() > 1) {
                String set = fresh("Unguarded_" + ident(ctx));
                moduleText.define(set, Tla.strings(bare));
                any.add(Tla.in(pc, Tla.id(set)));
            }
            if (arms.size() == 1) {
                any.add(Tla.paren(Tla.and(arms.get(0).guard(), arms.get(0).value())));
            } else if (arms.size() > 1) {
                // in most states c is at none of these labels: one set lookup instead of a test of each, and at
                // one of them, the CASE tests the labels until it meets c's
                String set = fresh("Guarded_" + ident(ctx));
                moduleText.define(set, Tla.strings(guarded));
                String at = fresh("GuardAt_" + ident(ctx));
                moduleText.defineBelow(at, new Tla.CaseBlock(arms, Tla.FALSE));
                any.add(Tla.paren(Tla.and(Tla.in(pc, Tla.id(set)), Tla.id(at))));
            }
            any.addAll(rest);
            String name = fresh("Enabled_" + ident(ctx));
            names.put(ctx, name);
            moduleText.defineDisjunction(name, any);
        });
        out.append('\n');
        return names;
    }

    /**
     * Defines {@link #SYSTEM_ENABLED}, {@code ENABLED SystemStep}: some context can take a step of its own. Where
     * every step of every context moves its pc ({@link Enabledness#guardDecides}), {@code ENABLED Acts_c} is
     * {@code ENABLED <<Acts_c>>_vars}, which {@code Enabled_c} reads from the guards ({@code enabled}: context ->
     * its name), so it is the disjunction of the {@code Enabled_c}: TLC then need not build a successor state of
     * the whole system to find out, in each state where a late timer's other conditions hold. Otherwise TLC's
     * {@code ENABLED SystemStep}.
     */
    private void systemEnabled(Map<String, String> enabled) {
        boolean allMove = moduleText.fair.values().stream().flatMap(List::stream)
                .allMatch(moduleText.decided::contains);
        if (enabled.isEmpty()) {
            moduleText.define(SYSTEM_ENABLED, Tla.FALSE);
        } else if (allMove) {
            out.append("\\* ENABLED SystemStep, from the guards: every step of every context moves its pc, so a context\n")
                    .append("\\* can take a step of Acts_c exactly when Enabled_c holds\n");
            moduleText.defineDisjunction(SYSTEM_ENABLED, enabled.values().stream().map(n -> (Expr) Tla.id(n)).toList());
        } else {
            moduleText.define(SYSTEM_ENABLED, new Prefix("ENABLED ", Tla.id("SystemStep")));
        }
        out.append('\n');
    }

    /** {@code s} as part of a TLA+ identifier. */
    private static String ident(String s) {
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** {@code base}, or {@code base_2}, ... if a name of the module has it already. */
    private String fresh(String base) {
        String name = base;
        for (int k = 2; defined.contains(name) || moduleText.actions.containsKey(name); k++) {
            name = base + "_" + k;
        }
        defined.add(name);
        return name;
    }

    /**
     * The budget of late expiries is a search bound: once it is spent, a request whose timer would still fire
     * (and would, in the kernel) is where the search stops, not a hang. {@code LateSpent} names such states:
     * a stutter step there keeps TLC from reporting a deadlock, and the liveness properties count a
     * behaviour that ends there as cut off by the bound.
     */
    private void lateSpent() {
        out.append("\\* The late expiries are spent while a timer would still fire: the kernel's timer fires, the search\n")
                .append("\\* stops here (a bound, not a hang): not a deadlock, and LostError and Progress count a behaviour\n")
                .append("\\* that ends here as cut off by the bound.\n");
        moduleText.defineBullets("LateSpent", "/\\", List.of(
                Tla.infix(">=", Tla.dot(Tla.id("g"), Ghosts.LATE), Tla.apply("Cardinality", Tla.id("Reqs"))),
                Tla.not(Tla.id(SYSTEM_ENABLED)), new Tla.Bullets("\\/", moduleText.lateReady)));
        moduleText.define("BoundReached", Tla.and(Tla.id("LateSpent"), UNCHANGED_VARS));
        out.append('\n');
        moduleText.actions.put("BoundReached", new Provenance.ActionInfo("BoundReached", Provenance.ActionKind.QUIESCENT, null,
                "the late timer expiries are spent while a timer would still fire (the search stops here)", null, null));
    }
}
