package rpcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.Ghosts;
import rpcheck.model.Ir.*;
import rpcheck.model.Lowering;
import rpcheck.model.Model;
import rpcheck.model.prims.BlkMq;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla.Junction;
import rpcheck.model.prims.Tla.Update;
import rpcheck.model.prims.Workqueues;

import static rpcheck.model.prims.Tla.SELF;
import static rpcheck.tla.Cfgs.bound;
import static rpcheck.tla.StateVars.atLabel;
import static rpcheck.tla.StateVars.identity;
import static rpcheck.tla.StateVars.in;
import static rpcheck.tla.TlaPrinter.set;
import static rpcheck.tla.TlaPrinter.NONE;

/**
 * The actions the contexts' code does not take itself: workers starting work items, contexts starting, the
 * LLDD's completions and errors, request timer expiries (bounded, re-armed and late), and the spec's events;
 * with the fault budgets and LostError's pruning of faults.
 */
final class EnvironmentActions {
    private final Analyses a;
    private final ModuleText moduleText;
    private final StepActions steps;
    private final Model m;
    private final StringBuilder out;

    EnvironmentActions(Analyses a, ModuleText moduleText, StepActions steps) {
        this.a = a;
        this.moduleText = moduleText;
        this.steps = steps;
        this.m = a.m;
        this.out = moduleText.out;
    }

    void environment() {
        out.append("\\* ---- environment: workers, LLDD, timers, events\n");
        for (Code c : a.program.codes()) {
            switch (c.kind()) {
                case WORK -> workStart(c);
                case CONTEXT_MAIN -> contextStart(c);
                case LLDD_DONE -> llddDone(c);
                case EVENT -> { }
            }
        }
        for (Model.EventDecl e : m.events().values()) {
            event(e);
        }
    }

    /** The bound named {@code events}, if declared, caps the total number of environment events. */
    static final String TOTAL_EVENTS = "events";

    /** The bound named {@code reexpiries}, if declared, caps re-expiries of re-armed timers (else: timeouts - 1). */
    static final String REEXPIRIES = "reexpiries";

    /**
     * The bound named {@code timely_lldd}, if declared: at 1, the assumption that the LLDD's completions are timely,
     * i.e. no request timer expires while an LLDD completion context is inside its done callback (between the
     * LLDD's call and the callback's return). A timer runs for seconds and a completion for microseconds, so a
     * trace that needs the timer inside that window (or a completion stalled across a whole timeout) needs a
     * timing that is possible but implausible; the verdicts that change with the bound at 1 are the ones that
     * depend on it. At 0 the guard is TRUE.
     */
    static final String TIMELY_LLDD = "timely_lldd";

    /** A request timer's guard under {@link #TIMELY_LLDD}: the bound is 0, or every LLDD completion context is idle. */
    private List<Expr> timelyLldd() {
        if (!m.bounds().containsKey(TIMELY_LLDD) || m.llddDone().isEmpty()) {
            return List.of();
        }
        List<Expr> idle = new ArrayList<>();
        for (String ctx : m.llddDone().keySet()) {
            idle.add(Tla.eq(Tla.index(Tla.id("pc"), Tla.str(ctx)), Tla.str("idle")));
        }
        List<Expr> or = new ArrayList<>(List.of(Tla.eq(Tla.id(bound(TIMELY_LLDD)), Tla.num(0))));
        or.add(idle.size() == 1 ? idle.get(0) : new Junction("/\\", idle));
        return List.of(Tla.paren(new Junction("\\/", or)));
    }

    private Expr limit(Model.EventDecl e) {
        List<Expr> all = new ArrayList<>(List.of(budget(e)));
        if (m.bounds().containsKey(TOTAL_EVENTS) && !e.workload()) {
            all.add(Tla.infix("<", Tla.id("EventsFired"), Tla.id(bound(TOTAL_EVENTS))));
        }
        if (a.prunesForLostError() && !e.workload() && !e.failsAssociation()) {
            all.add(Tla.id(NON_FAILING_OK));
        }
        return all.size() == 1 ? all.get(0) : new Junction("/\\", all);
    }

    /** {@code ev["e"] < <its budget>}. */
    private Expr budget(Model.EventDecl e) {
        return Tla.infix("<", fired(e), e.bound() != null ? Tla.id(bound(e.bound())) : Tla.num(e.max()));
    }

    /** {@code ev["e"]}: how often event e fired. */
    private static Expr fired(Model.EventDecl e) {
        return Tla.index(Tla.id("ev"), e.name());
    }

    /** The guard every fault that does not fail the association carries; LostError's cfg replaces it. */
    static final String NON_FAILING_OK = "NonFailingFaultOK";

    /** What LostError's cfg puts in place of {@link #NON_FAILING_OK}. */
    static final String FAILURE_CAN_FOLLOW = "FailureCanFollow";

    /**
     * LostError's premise needs the ghost {@link Ghosts#ASSOC_FAILED}, and only an event declared 'fails
     * association' sets it (see failsAssociation). A fault of another kind after which no such event can fire
     * any more (their budgets, or the bound 'events', are spent) starts only behaviours that never meet the
     * premise, on which LostError holds. LostError's runs do not explore them: each other fault is guarded by
     * {@code NonFailingFaultOK}, TRUE in the module and replaced by {@code FailureCanFollow} in LostError's cfg.
     * Every behaviour with an association-failing fault is kept, and so is every state it passes through; the
     * guarded faults are not fair and not part of SystemStep, so no fairness condition changes.
     */
    void lostErrorPruning() {
        List<Model.EventDecl> failing = m.events().values().stream().filter(Model.EventDecl::failsAssociation).toList();
        List<Expr> fired = failing.stream().map(EnvironmentActions::fired).toList();
        List<Expr> left = failing.stream().map(this::budget).toList();
        Expr more = left.size() == 1 ? left.get(0) : Tla.paren(new Junction("\\/", left));
        if (m.bounds().containsKey(TOTAL_EVENTS)) {
            more = Tla.and(Tla.infix("<", Tla.infix("+", Tla.id("EventsFired"), Tla.num(1)),
                    Tla.id(bound(TOTAL_EVENTS))), more);
        }
        out.append("\\* LostError needs an event declared 'fails association' (only those set g.").append(Ghosts.ASSOC_FAILED)
                .append("). Its cfg replaces\n")
                .append("\\* NonFailingFaultOK by FailureCanFollow: a fault of another kind happens only if one that fails the\n")
                .append("\\* association has happened or can still happen after it; the behaviours left out never meet LostError's\n")
                .append("\\* premise. The other properties explore every fault (NonFailingFaultOK is TRUE).\n");
        moduleText.define("FailuresFired", new Junction("+", fired));
        moduleText.define(FAILURE_CAN_FOLLOW, Tla.or(Tla.infix(">", Tla.id("FailuresFired"), Tla.num(0)), Tla.paren(more)));
        moduleText.define(NON_FAILING_OK, Tla.TRUE);
    }

    /** {@code ev["e"]} counts one more firing. */
    private static Update count(Model.EventDecl e) {
        return Tla.update(Tla.infix("+", Tla.AT, Tla.num(1)), Tla.str(e.name()));
    }

    private void workStart(Code c) {
        String w = c.entry();
        Model.WorkItem wi = m.works().get(w);
        String name = "Start_" + w;
        String text = m.isTimer(w) ? "the timer " + w + " fires: its callback runs in softirq context"
                + a.describeHandler(c) : "a " + wi.workqueue() + " worker starts " + w + a.describeHandler(c);
        // the actor of a start that runs the whole handler in its one step (every statement folded: no pc moves),
        // where the workqueue has a single worker (a timer's softirq context); with several, the state does not say
        List<String> owners = a.owners(c);
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.WORK_START, null, text,
                c.startSite(), owners.size() == 1 ? owners.get(0) : null));
        out.append("\\* worker_thread() (kernel/workqueue.c): ").append(text).append('\n');
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        eff.put("wk", List.of(Tla.at(w, "pend", Tla.FALSE), Tla.at(w, "run", SELF)));
        eff.put("flw", List.of(Tla.whole(Workqueues.flushers(Tla.id("flw"), w, "P", "R"))));
        Update owed = Workqueues.owed(m, a.ghosts::contains, w, "P", "R");
        if (owed != null) {
            eff.put("g", List.of(owed));
        }
        // the cheap tests first: in most states the work is not pending (TLC tries the conjuncts in order). FirstIdle
        // implies that self is idle; saying so lets the fairness conditions read the step from the guard (Enabledness)
        Expr wk = Tla.index(Tla.id("wk"), w);
        List<Expr> guard = new ArrayList<>(List.of(Tla.dot(wk, "pend"), atLabel(SELF, "idle"),
                Tla.eq(Tla.dot(wk, "run"), Tla.NONE), Tla.apply("FirstIdle", Tla.id("W_" + wi.workqueue()), SELF)));
        if (a.ghosts.contains(Ghosts.timerOf(w))) {
            guard.add(1, Tla.not(Tla.dot(Tla.id("g"), Ghosts.timerOf(w))));
            timerFires(wi);
        }
        moduleText.emitAction(name, a.owners(c), guard, steps.startFlow(c, eff), ModuleText.Taker.CONTEXT);
    }

    /**
     * delayed_work_timer_fn() (kernel/workqueue.c): the timer of a delayed work pending on it fires and queues the
     * work on its workqueue (only where the model keeps the timer apart, {@link Ghosts#timerOf}). Time, not a
     * fault: weakly fair, it does fire.
     */
    private void timerFires(Model.WorkItem wi) {
        String w = wi.name();
        String name = "Fire_" + w;
        String text = "the timer of " + w + " fires: delayed_work_timer_fn() queues it on " + wi.workqueue();
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.EVENT, null, text,
                new Site(wi.span(), List.of(new Frame("delayed_work_timer_fn", null, "kernel/workqueue.c"))), "timer"));
        out.append("\\* ").append(text).append('\n');
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        eff.put("g", List.of(Tla.field(Ghosts.timerOf(w), Tla.FALSE)));
        moduleText.emitBody(name, List.of(Tla.dot(Tla.index(Tla.id("wk"), w), "pend"),
                Tla.dot(Tla.id("g"), Ghosts.timerOf(w))), eff);
        moduleText.addEventNext(name);
        moduleText.fairEnvironment.add(name);
    }

    private void contextStart(Code c) {
        String name = c.entry() + "_start";
        String text = c.owner() + " calls " + m.contexts().get(c.owner()).runs() + "()";
        moduleText.labels.put(name, new Provenance.LabelInfo(name, c.entry(), c.startSite(), null, text, false, null, null,
                List.of(c.owner()), List.of(), null));
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.CONTEXT_START, name, text,
                c.startSite(), c.owner()));
        out.append("\\* ").append(text).append('\n');
        moduleText.emitAction(name, List.of(c.owner()), List.of(atLabel(SELF, name)), steps.startFlow(c, Map.of()),
                ModuleText.Taker.CONTEXT);
    }

    /** {@code rq["r"].lldd}. */
    private static Expr lldd(String rq) {
        return Tla.dot(Tla.index(Tla.id("rq"), rq), "lldd");
    }

    private void llddDone(Code c) {
        String rqn = c.request();
        String ctx = c.owner();
        String name = "LlddDone_" + ctx + "_" + rqn;
        String text = "the LLDD completes " + rqn + " and calls " + m.llddDone().get(ctx) + "(" + rqn + ")";
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.LLDD_COMPLETION, null, text,
                c.startSite(), ctx));
        out.append("\\* LLDD: ").append(text).append(" (an aborted request completes as LLDD_ABORTED)\n");
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        // on a failed association (an event declared 'fails association') no exchange succeeds any more
        Expr good = m.hasAssociationFaults() ? Tla.ite(Tla.dot(Tla.id("g"), Ghosts.ASSOC_FAILED),
                Tla.str("LLDD_ERROR"), Tla.str("LLDD_OK")) : Tla.str("LLDD_OK");
        eff.put("rq", List.of(Tla.at(rqn, "lldd", Tla.str("NONE"))));
        // the status the LLDD reports is a local of this completion (Lowering.LLDD_STATUS_LOCAL), read in the state
        // before the step
        Expr status = Tla.ite(Tla.eq(lldd(rqn), Tla.str("ABORTING")), Tla.str("LLDD_ABORTED"), good);
        Expr idle = atLabel(SELF, "idle");
        moduleText.emitAction(name, List.of(ctx),
                List.of(idle, Tla.in(lldd(rqn), Tla.set(Tla.str("OWNS"), Tla.str("ABORTING")))),
                steps.startFlow(c, eff, Map.of(Lowering.LLDD_STATUS_LOCAL, Tla.paren(status))), ModuleText.Taker.CONTEXT);
        for (Model.EventDecl e : m.events().values()) {
            if (e.kind() != Model.EventKind.LLDD_ERROR) {
                continue;
            }
            String en = "LlddError_" + ctx + "_" + rqn;
            String et = "the LLDD fails " + rqn + " (" + e.name() + ") and calls " + m.llddDone().get(ctx) + "(" + rqn + ")";
            moduleText.actions.put(en, new Provenance.ActionInfo(en, Provenance.ActionKind.LLDD_ERROR, null, et, c.startSite(), ctx));
            out.append("\\* LLDD: ").append(et).append('\n');
            Map<String, List<Update>> e2 = new LinkedHashMap<>();
            e2.put("rq", List.of(Tla.at(rqn, "lldd", Tla.str("NONE"))));
            e2.put("ev", List.of(count(e)));
            failsAssociation(e, e2);
            moduleText.emitAction(en, List.of(ctx), List.of(limit(e), idle, Tla.eq(lldd(rqn), Tla.str("OWNS"))),
                    steps.startFlow(c, e2, Map.of(Lowering.LLDD_STATUS_LOCAL, Tla.str("LLDD_ERROR"))),
                    ModuleText.Taker.ENVIRONMENT);
        }
    }

    /** {@code armed} and, where the spec declares {@link #TIMELY_LLDD}, its guard. */
    private Expr[] withTimely(Expr armed) {
        List<Expr> all = new ArrayList<>(List.of(armed));
        all.addAll(timelyLldd());
        return all.toArray(Expr[]::new);
    }

    /**
     * {@code armed}, or, for a request of a queue whose timeout work blk_sync_queue() cancels, the request is
     * expired and unhandled: its timer fired, then the timeout work was cancelled before it looked
     * (cancel_work_sync() in blk_sync_queue(), block/blk-core.c), so no timeout work is pending or running. Its
     * deadline has passed: the queue's timer, once blk_add_timer() arms it again, runs blk_mq_timeout_work(),
     * whose blk_mq_check_expired() (block/blk-mq.c) finds it, as it would a request whose own deadline is due.
     */
    private Expr orStale(String rq, Expr armed) {
        Expr stale = stale(rq);
        return stale == null ? armed : Tla.paren(new Junction("\\/", List.of(armed, Tla.paren(stale))));
    }

    /** The request is expired and unhandled (see {@link #orStale}); null where its queue is never synced. */
    private Expr stale(String rq) {
        String queue = m.requests().get(rq);
        if (!a.synced.contains(queue)) {
            return null;
        }
        Expr tw = Tla.index(Tla.id("wk"), Tla.str(Model.timeoutWork(queue)));
        return new Junction("/\\", List.of(timerIs(rq, "EXPIRED"), Tla.not(Tla.dot(tw, "pend")),
                Tla.eq(Tla.dot(tw, "run"), Tla.NONE)));
    }

    /** {@code rq["r"].timer = "state"}. */
    private static Expr timerIs(String rq, String state) {
        return Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), rq), "timer"), Tla.str(state));
    }

    private void event(Model.EventDecl e) {
        switch (e.kind()) {
            case REQUEST_TIMEOUT -> {
                for (Map.Entry<String, String> r : m.requests().entrySet()) {
                    if (!a.program.liveRequests().contains(r.getKey())) {
                        continue; // never started: its timer never runs (LiveEntries)
                    }
                    String tw = Model.timeoutWork(r.getValue());
                    String name = "Timeout_" + r.getKey();
                    String text = "the timer of " + r.getKey() + " expires; kblockd_schedule_work(" + tw + ")";
                    Map<String, List<Update>> eff = new LinkedHashMap<>();
                    expire(eff, r.getKey(), tw);
                    eff.put("ev", List.of(count(e)));
                    failsAssociation(e, eff);
                    timerAction(e, name, text, limit(e), r.getKey(), eff, withTimely(timerIs(r.getKey(), "ARMED")));
                    moduleText.timers.add(name);
                    Expr stale = stale(r.getKey());
                    if (stale != null) {
                        // time, not a fault: not counted in the event's bound (as a re-expiry is not)
                        String over = "Overdue_" + r.getKey();
                        String otext = "the queue's timer fires and " + r.getKey() + " is past its deadline, unhandled;"
                                + " kblockd_schedule_work(" + tw + ")";
                        Map<String, List<Update>> oe = new LinkedHashMap<>();
                        expire(oe, r.getKey(), tw);
                        timerAction(e, over, otext, stale, r.getKey(), oe, timelyLldd().toArray(Expr[]::new));
                        moduleText.timers.add(over);
                    }
                    if (a.rearms) {
                        // the handler returned BLK_EH_RESET_TIMER and the request is still unanswered: its timer
                        // fires again. The same fault, so not counted in 'events'; re-expiries have their own
                        // count: at most (bound - 1) of them, as a re-expiry follows a first expiry. Not bounded
                        // through ev[...]: the VIEW hides ev once 'events' is spent, and an action enabled by it
                        // would make the VIEW unsound.
                        String again = "Retimeout_" + r.getKey();
                        String atext = "the re-armed timer of " + r.getKey() + " expires again; kblockd_schedule_work("
                                + tw + ")";
                        Map<String, List<Update>> ae = new LinkedHashMap<>();
                        ae.put("g", new ArrayList<>(List.of(Tla.field(Ghosts.REEXPIRED,
                                Tla.infix("+", Tla.AT, Tla.num(1))))));
                        expire(ae, r.getKey(), tw);
                        Expr own = e.bound() != null ? Tla.id(bound(e.bound())) : Tla.num(e.max());
                        Expr reexpired = Tla.dot(Tla.id("g"), Ghosts.REEXPIRED);
                        Expr budget = m.bounds().containsKey(REEXPIRIES)
                                ? Tla.infix("<", reexpired, Tla.id(bound(REEXPIRIES)))
                                : Tla.infix("<", Tla.infix("+", reexpired, Tla.num(1)), own);
                        timerAction(e, again, atext, budget, r.getKey(), ae, withTimely(timerIs(r.getKey(), "REARMED")));
                        moduleText.timers.add(again);
                    }
                    moduleText.lateTimers.add(() -> lateTimeout(e, r.getKey(), tw));
                }
            }
            case LLDD_ERROR -> { }
            case IN_CONTEXT -> {
                Code c = a.codes.get(e.name());
                if (c == null) {
                    return;
                }
                String name = "Event_" + e.name();
                String text = e.name() + ": " + e.where() + " calls " + e.fn() + "()";
                moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.EVENT, null, text,
                        c.startSite(), e.where()));
                out.append("\\* event ").append(text).append('\n');
                Map<String, List<Update>> eff = new LinkedHashMap<>();
                eff.put("ev", List.of(count(e)));
                failsAssociation(e, eff);
                List<Expr> guard = new ArrayList<>(List.of(limit(e),
                        atLabel(SELF, "idle")));
                if (c.guard() != null) {
                    guard.add(steps.val(c.guard(), new LinkedHashMap<>(), identity()));
                    moduleText.eventGuards.put(c.entry(), guard.get(guard.size() - 1));
                }
                moduleText.emitAction(name, List.of(e.where()), guard, steps.startFlow(c, eff), ModuleText.Taker.ENVIRONMENT);
            }
            case ON_WORKQUEUE -> {
                String w = e.name() + "_work";
                String name = "Event_" + e.name();
                String text = e.name() + ": queue " + w + " on " + e.where() + " (runs " + e.fn() + "())";
                moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.EVENT, null, text,
                        new Site(e.span(), List.of()), "env"));
                out.append("\\* event ").append(text).append('\n');
                Map<String, List<Update>> eff = new LinkedHashMap<>();
                eff.put("wk", List.of(Tla.at(w, "pend", Tla.TRUE)));
                eff.put("ev", List.of(count(e)));
                failsAssociation(e, eff);
                Expr wk = Tla.index(Tla.id("wk"), w);
                moduleText.emitBody(name, List.of(limit(e), Tla.not(Tla.dot(wk, "pend")),
                        Tla.eq(Tla.dot(wk, "dis"), Tla.set())), eff);
                moduleText.addEventNext(name);
            }
        }
    }

    /**
     * A timer is time, not a fault: the bounds limit how often a timer may fire early (while something else can
     * still happen), but when nothing but timers can happen any more an armed timer of an in-flight request
     * fires, budget or not (blk_rq_timed_out_timer always runs in the end). Weakly fair: it does fire.
     */
    private void lateTimeout(Model.EventDecl e, String rq, String tw) {
        String name = "LateTimeout_" + rq;
        String text = "nothing else can happen: the timer of " + rq + " expires (beyond the bounds); kblockd_schedule_work("
                + tw + ")";
        Map<String, List<Update>> eff = new LinkedHashMap<>();
        eff.put("g", new ArrayList<>(List.of(Tla.field(Ghosts.LATE, Tla.infix("+", Tla.AT, Tla.num(1))))));
        expire(eff, rq, tw);
        // at most as many late expiries in a behaviour as declared requests (whichever requests take them,
        // sent under the bounds or not), so that a handler that counts something (a freeze depth, say) cannot
        // make the state space infinite
        Expr armed = orStale(rq, Tla.in(Tla.dot(Tla.index(Tla.id("rq"), rq), "timer"),
                Tla.set(Tla.str("ARMED"), Tla.str("REARMED"))));
        timerAction(e, name, text, Tla.infix("<", Tla.dot(Tla.id("g"), Ghosts.LATE), Tla.apply("Cardinality",
                Tla.id("Reqs"))), rq, eff, armed, Tla.not(Tla.id(NextAndFairness.SYSTEM_ENABLED)));
        moduleText.late.add(name);
        List<Expr> ready = timerCanFire(rq);
        ready.add(armed);
        moduleText.lateReady.add(Tla.paren(new Junction("/\\", ready)));
    }

    /**
     * blk_rq_timed_out_timer(): the request is marked expired and its queue's timeout work is queued. On a queue
     * that blk_sync_queue() cancels, a cancel_work_sync() in progress has disabled the work: kblockd_schedule_work()
     * queues nothing, and nothing arms the queue's timer again (a running blk_mq_timeout_work() would, at its end):
     * the timer is spent, as deleted, until blk_add_timer().
     */
    private void expire(Map<String, List<Update>> eff, String rq, String tw) {
        eff.put("rq", List.of(Tla.at(rq, "timer", Tla.str("EXPIRED"))));
        eff.put("wk", List.of(Tla.whole(Tla.apply("QueueW", Tla.str(tw)))));
        String queue = m.requests().get(rq);
        if (a.synced.contains(queue)) {
            Expr disabled = Tla.infix("#", Tla.dot(Tla.index(Tla.id("wk"), Tla.str(tw)), "dis"), Tla.strings(List.of()));
            eff.computeIfAbsent("g", k -> new ArrayList<>()).add(Tla.field(BlkMq.timerOff(queue),
                    Tla.ite(disabled, Tla.TRUE, Tla.AT)));
        }
    }

    /** A timer expiry of an in-flight request with an armed timer, allowed by {@code budget} (and {@code more}). */
    private void timerAction(Model.EventDecl e, String name, String text, Expr budget, String rq,
            Map<String, List<Update>> eff, Expr... more) {
        moduleText.actions.put(name, new Provenance.ActionInfo(name, Provenance.ActionKind.REQUEST_TIMEOUT, null, text,
                new Site(e.span(), List.of(new Frame("blk_rq_timed_out_timer", null, "block/blk-core.c"))), "timer"));
        out.append("\\* blk_rq_timed_out_timer() (block/blk-core.c): ").append(text).append('\n');
        List<Expr> guard = new ArrayList<>(List.of(budget));
        guard.addAll(timerCanFire(rq));
        guard.addAll(List.of(more));
        moduleText.emitBody(name, guard, eff);
    }

    /** The request is in flight and its queue's timer is not deleted (blk_sync_queue): its timer can fire. */
    private List<Expr> timerCanFire(String rq) {
        List<Expr> c = new ArrayList<>(List.of(Tla.eq(Tla.dot(Tla.index(Tla.id("rq"), rq), "mq_state"),
                Tla.str("IN_FLIGHT"))));
        if (a.synced.contains(m.requests().get(rq))) {
            c.add(Tla.not(Tla.dot(Tla.id("g"), BlkMq.timerOff(m.requests().get(rq)))));
        }
        return c;
    }

    /** An event declared 'fails association' sets the ghost that LostError and the LLDD's completions read. */
    private static void failsAssociation(Model.EventDecl e, Map<String, List<Update>> eff) {
        if (e.failsAssociation()) {
            eff.computeIfAbsent("g", k -> new ArrayList<>()).add(Tla.field(Ghosts.ASSOC_FAILED, Tla.TRUE));
        }
    }
}
