package rpcheck.tla;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.prims.Prim;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.WaitKind;

/** Maps every generated TLA+ action and program-counter label back to its DSL source and kernel call chain. */
public record Provenance(Map<String, ActionInfo> actions, Map<String, LabelInfo> labels, List<String> contexts,
        Map<String, String> contextKinds, Map<String, List<String>> workqueueWorks,
        Map<String, Map<String, String>> condWakers, List<IrqHazard> irqHazards) {

    /** Without workqueues ({@code workqueueWorks}: each workqueue's work items, for a flush_workqueue wait). */
    public Provenance(Map<String, ActionInfo> actions, Map<String, LabelInfo> labels, List<String> contexts,
            Map<String, String> contextKinds) {
        this(actions, labels, contexts, contextKinds, Map.of(), Map.of(), List.of());
    }

    /**
     * {@code condWakers}: for a condition or completion wait that one other context alone can end, label -> the
     * waiting context -> that context (WaitCycle's edge; empty where none).
     */
    public Provenance(Map<String, ActionInfo> actions, Map<String, LabelInfo> labels, List<String> contexts,
            Map<String, String> contextKinds, Map<String, List<String>> workqueueWorks) {
        this(actions, labels, contexts, contextKinds, workqueueWorks, Map.of(), List.of());
    }

    /**
     * One case of IrqUnsafeLock: spinlock {@code lock}, which an interrupt of {@code level} ("hardirq" or "softirq")
     * takes. {@code takes}: steps that take it and have such interrupts enabled while they hold it (a violation where
     * the lock is free); {@code holds}: steps at which a context may hold it with them enabled, or that enable them
     * while it holds it from before (one where that context holds it); {@code interrupters}: the handlers that take it, each with the condition under which it can
     * start.
     */
    public record IrqHazard(String lock, String level, List<Take> takes, List<Take> holds,
            List<Interrupter> interrupters) {
        /** The labels of {@link #takes}. */
        public List<String> takeLabels() {
            return takes.stream().map(Take::label).distinct().toList();
        }

        /** The labels of {@link #holds}. */
        public List<String> holdLabels() {
            return holds.stream().map(Take::label).distinct().toList();
        }
    }

    /**
     * A step (its label) of an {@link IrqHazard}, and the statement that leaves the interrupts enabled with the lock
     * held: at {@code site}, the kernel function the spec called there (a lock call that leaves them enabled, or one
     * that enables them, as spin_unlock_irq()). {@code inStep}: the statement is the step's own (or inside it, in a
     * critical section run as one step); else the context already holds the lock with them enabled at the step, since
     * that statement (both null where they are enabled from the entry's start on).
     */
    public record Take(String label, Ir.Site site, String called, boolean inStep) {
    }

    /**
     * An interrupt handler of an {@link IrqHazard}: its context, the entry it runs, when it can start (over the state
     * variables), and the statement where it takes the lock (the first, with the kernel name the spec called).
     */
    public record Interrupter(String context, String entry, Tla.Expr canStart, Ir.Site takesAt, String called) {
    }

    /**
     * What an action is. {@code DISPATCH}: a CASE on one context's pc (its {@code actor}) that takes the step (an
     * action of its own, {@code STEP} or {@code CONTEXT_START}) the pc names: TLC reports the CASE, a trace names
     * the step, the action whose name is the pc's label before it.
     */
    public enum ActionKind { STEP, WORK_START, WORK_FINISH, CONTEXT_START, LLDD_COMPLETION, LLDD_ERROR,
        REQUEST_TIMEOUT, EVENT, QUIESCENT, DISPATCH }

    /** One TLA+ action: what it does, in words, and where it comes from. */
    public record ActionInfo(String name, ActionKind kind, String label, String text, Ir.Site site, String actor) {
    }

    /**
     * A program-counter label: the step a context is about to take. {@code waitsOn} names what a context sitting
     * here is blocked on (a work item, a lock, a request, a workqueue, or a condition), or null if the step never
     * blocks.
     * {@code touches}: what of the controller the step's action reads or writes ({@link rpcheck.model.Ownership}),
     * a critical section run as one step included; UseAfterFree forbids sitting here once the controller is freed.
     * {@code condition}: for a condition or workqueue wait ({@link WaitKind#COND}, {@link WaitKind#WORKQUEUE}), the
     * step's guard, over the state variables
     * and {@code self} (a trace reader evaluates it to tell waiting from passing); null otherwise.
     * {@code called}: the kernel name the spec called for the step's primitive ({@code spin_lock_irqsave},
     * {@code msleep} for a might-sleep marker), or null where the step is no call of the spec's (a {@code sleeps}
     * function's marker, a helper's step).
     */
    public record LabelInfo(String label, String entry, Ir.Site site, Prim prim, String text, boolean sleeps,
            WaitKind waitKind, String waitsOn, List<String> owners, List<String> touches, Tla.Expr condition,
            String called) {
        /** A label whose step calls no primitive by a name of its own ({@code called} null). */
        public LabelInfo(String label, String entry, Ir.Site site, Prim prim, String text, boolean sleeps,
                WaitKind waitKind, String waitsOn, List<String> owners, List<String> touches, Tla.Expr condition) {
            this(label, entry, site, prim, text, sleeps, waitKind, waitsOn, owners, touches, condition, null);
        }
    }
}
