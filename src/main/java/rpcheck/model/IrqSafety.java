package rpcheck.model;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import rpcheck.model.Ir.Branch;
import rpcheck.model.Ir.Code;
import rpcheck.model.Ir.Entity;
import rpcheck.model.Ir.LocalSet;
import rpcheck.model.Ir.Node;
import rpcheck.model.Ir.Op;
import rpcheck.model.prims.Prim;

/**
 * Whether interrupts may be enabled where a context takes or holds a spinlock: lockdep's irq-safety rule
 * (kernel/locking/lockdep.c, "inconsistent lock state"). A spinlock that a hard interrupt handler takes must be held
 * everywhere else with hard interrupts disabled ({@code spin_lock_irqsave()}, {@code spin_lock_irq()}); one that a
 * softirq (a timer callback, a network stack callback) takes must be held in process context with softirqs disabled
 * ({@code spin_lock_bh()}, or interrupts off). Otherwise the handler can interrupt the holder on its CPU and spin on
 * the lock for ever: the holder cannot run until the handler returns.
 *
 * <p>This class finds, per entry, the interrupt state in which each statement runs (a forward analysis over the
 * lowered code: which of the paths to a node may arrive with hard interrupts or softirqs enabled, and which spinlocks
 * they may hold). The TLA+ generator turns it into the invariant {@code NoIrqUnsafeLock}, which TLC checks together
 * with whether the handler can start in that state.
 */
public final class IrqSafety {
    private IrqSafety() {
    }

    /** What can interrupt what: a hard interrupt (context kind {@code irq}) or a softirq. */
    public enum Level {
        HARDIRQ("hardirq"), SOFTIRQ("softirq");

        private final String word;

        Level(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * The level a context of this kind runs at as an interrupt, or null for one that is no interrupt: {@code irq}
     * is a hard interrupt handler, {@code softirq} and a driver timer's callback ({@code timer}) run in softirq
     * context. An LLDD callback context ({@code lldd}) is no interrupter here: the model does not know whether the
     * LLDD calls it from its hard interrupt handler, a threaded handler or a work item.
     */
    public static Level interruptLevel(String kind) {
        return switch (kind) {
            case "irq" -> Level.HARDIRQ;
            case "softirq", "timer" -> Level.SOFTIRQ;
            default -> null;
        };
    }

    /**
     * Whether an interrupt of {@code level} can interrupt a context of this kind at all (whatever its interrupt state):
     * a hard interrupt anything but a hard interrupt handler (handlers run with interrupts disabled); a softirq only
     * process context and work items (softirqs do not nest, and do not interrupt a hard interrupt). An LLDD callback
     * context counts as one no interrupt interrupts, as SleepInAtomic counts it atomic: the LLDD may call it from its
     * hard interrupt handler (a report that needs it to be interruptible could be a false alarm).
     */
    public static boolean interruptible(String kind, Level level) {
        if ("lldd".equals(kind)) {
            return false;
        }
        return level == Level.HARDIRQ ? !"irq".equals(kind) : interruptLevel(kind) == null;
    }

    /** The spinlocks the nodes of {@code c} take in a way that can spin (no trylock: {@link #spins}). */
    public static Set<String> locksSpunOn(Code c, Set<String> spinlocks) {
        return locks(c, spinlocks, true);
    }

    /**
     * The interrupt state at a statement: hard interrupts enabled or not, the softirq-disable depth (softirq context
     * starts at 1: {@code spin_unlock_bh()} there does not let a softirq in), the spinlocks held with the hard
     * interrupt state each {@code spin_lock_irqsave()} saved (its {@code spin_unlock_irqrestore()} restores it),
     * what each trylock whose result a local holds did on this path ({@code tried}: the local, whether it took the
     * lock), and the node that last enabled hard interrupts ({@code hardOnBy}) and softirqs ({@code bhOnBy}), -1
     * where they are enabled from the entry's start.
     */
    public record State(boolean hardOn, int bhDepth, Map<String, Boolean> held, Map<String, Boolean> tried,
            int hardOnBy, int bhOnBy) {
        public State {
            held = java.util.Collections.unmodifiableMap(new TreeMap<>(held));
            tried = java.util.Collections.unmodifiableMap(new TreeMap<>(tried));
        }

        /** Whether an interrupt of {@code level} can arrive here (given the context can be interrupted at all). */
        public boolean enabled(Level level) {
            return hardOn && (level == Level.HARDIRQ || bhDepth == 0);
        }

        /** The node that enabled {@code level} last (see {@link #enabled}), or -1 (enabled from the start). */
        public int enabledBy(Level level) {
            return level == Level.HARDIRQ || bhOnBy < 0 ? hardOnBy : bhOnBy;
        }
    }

    /** The state an entry of a context of this kind starts in: no lock held, as its kind runs. */
    static State initial(String kind) {
        return switch (kind) {
            case "irq" -> new State(false, 1, Map.of(), Map.of(), -1, -1);
            case "softirq", "timer" -> new State(true, 1, Map.of(), Map.of(), -1, -1);
            default -> new State(true, 0, Map.of(), Map.of(), -1, -1);
        };
    }

    /**
     * For each node of {@code c}, the interrupt states some path from the entry's start may arrive in (only the
     * nodes some path reaches). {@code spinlocks}: the spinlocks of the spec (mutexes do not change the interrupt
     * state).
     */
    public static Map<Integer, Set<State>> states(Code c, String kind, Set<String> spinlocks) {
        Map<Integer, Set<State>> in = new HashMap<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        if (c.start() != Ir.END) {
            in.put(c.start(), new LinkedHashSet<>(Set.of(initial(kind))));
            todo.add(c.start());
        }
        while (!todo.isEmpty()) {
            int id = todo.poll();
            Node n = c.node(id);
            for (State s : Set.copyOf(in.get(id))) {
                for (Map.Entry<Integer, Set<State>> out : successors(n, s, spinlocks).entrySet()) {
                    int next = out.getKey();
                    if (next != Ir.END && in.computeIfAbsent(next, k -> new LinkedHashSet<>()).addAll(out.getValue())) {
                        todo.add(next);
                    }
                }
            }
        }
        return in;
    }

    /**
     * The successors of {@code n} with the states each is reached in. A trylock leaves two states, taken and not
     * (include/linux/spinlock.h: a failed spin_trylock_irqsave() restores the interrupts, a failed spin_trylock_bh()
     * enables softirqs again), told apart by its result: a branch on it sends each only where it goes.
     */
    private static Map<Integer, Set<State>> successors(Node n, State s, Set<String> spinlocks) {
        if (n instanceof Branch b) {
            Boolean took = outcome(b.cond(), s);
            Map<Integer, Set<State>> out = new HashMap<>();
            if (!Boolean.FALSE.equals(took)) {
                out.computeIfAbsent(b.then(), k -> new LinkedHashSet<>()).add(s);
            }
            if (!Boolean.TRUE.equals(took)) {
                out.computeIfAbsent(b.otherwise(), k -> new LinkedHashSet<>()).add(s);
            }
            return out;
        }
        if (n instanceof LocalSet ls) {
            State to = s;
            if (ls.value() instanceof Ir.Local from && s.tried().containsKey(from.name())) {
                Map<String, Boolean> tried = new TreeMap<>(s.tried());
                tried.put(ls.local(), s.tried().get(from.name()));
                to = new State(s.hardOn(), s.bhDepth(), s.held(), tried, s.hardOnBy(), s.bhOnBy());
            }
            return Map.of(ls.next(), Set.of(to));
        }
        Op op = (Op) n;
        String lock = lockOf(op);
        if (lock == null || !spinlocks.contains(lock)) {
            return Map.of(op.next(), Set.of(s));
        }
        if (op.prim() == Prim.SPIN_TRYLOCK && op.result() != null) {
            Map<String, Boolean> yes = new TreeMap<>(s.tried());
            yes.put(op.result(), true);
            Map<String, Boolean> no = new TreeMap<>(s.tried());
            no.put(op.result(), false);
            State taken = after(op, lock, s);
            return Map.of(op.next(), new LinkedHashSet<>(List.of(
                    new State(taken.hardOn(), taken.bhDepth(), taken.held(), yes, taken.hardOnBy(), taken.bhOnBy()),
                    new State(s.hardOn(), s.bhDepth(), s.held(), no, s.hardOnBy(), s.bhOnBy()))));
        }
        return Map.of(op.next(), Set.of(after(op, lock, s)));
    }

    /** What a branch condition says of a trylock's result on this path: true, false, or null (not one). */
    private static Boolean outcome(Ir.Val cond, State s) {
        boolean negated = false;
        while (cond instanceof Ir.Un u && u.op().equals("!")) {
            negated = !negated;
            cond = u.operand();
        }
        if (cond instanceof Ir.Local l && s.tried().containsKey(l.name())) {
            return s.tried().get(l.name()) != negated;
        }
        return null;
    }

    /** The state right after {@code op} ({@code s} itself for a step that is no spinlock's; a trylock taken). */
    public static State out(Op op, State s, Set<String> spinlocks) {
        String lock = lockOf(op);
        return lock == null || !spinlocks.contains(lock) ? s : after(op, lock, s);
    }

    /** The spinlock a lock step names, or null for any other step. */
    public static String lockOf(Op op) {
        return switch (op.prim()) {
            case LOCK, UNLOCK, SPIN_TRYLOCK -> op.args().get(0) instanceof Entity e ? e.name() : null;
            case WAITLOCK_BEGIN, WAITLOCK_WAIT -> op.args().size() > 1 && op.args().get(1) instanceof Entity e
                    ? e.name() : null;
            default -> null;
        };
    }

    /** Whether {@code op} takes spinlock {@code lock} (a lock, a trylock, wait_event_lock_irq()'s retake). */
    public static boolean takes(Op op, String lock) {
        return (op.prim() == Prim.LOCK || op.prim() == Prim.SPIN_TRYLOCK || op.prim() == Prim.WAITLOCK_WAIT)
                && lock.equals(lockOf(op));
    }

    /**
     * Whether {@code op} takes {@code lock} in a way that can spin: not a trylock (kernel/locking/lockdep.c
     * mark_usage() does not count a trylock's use in interrupt context either: it never waits).
     */
    public static boolean spins(Op op, String lock) {
        return takes(op, lock) && op.prim() != Prim.SPIN_TRYLOCK;
    }

    /** Softirq-disable nesting beyond this is all the same (no path nests more _bh sections than there are locks). */
    private static final int MAX_BH = 64;

    /** The state after lock step {@code op} on {@code lock}, which it takes if it is a (try)lock. */
    public static State after(Op op, String lock, State s) {
        String name = op.kernelName();
        Map<String, Boolean> held = new TreeMap<>(s.held());
        boolean hard = s.hardOn();
        int bh = s.bhDepth();
        switch (op.prim()) {
            case LOCK, SPIN_TRYLOCK -> {
                held.put(lock, hard);
                if (name.endsWith("_irqsave") || name.endsWith("_irq")) {
                    hard = false;
                } else if (name.endsWith("_bh")) {
                    bh = Math.min(MAX_BH, bh + 1);
                }
            }
            case UNLOCK -> {
                Boolean saved = held.remove(lock);
                if (name.endsWith("_irqrestore")) {
                    hard = saved != null ? saved : hard;
                } else if (name.endsWith("_irq")) {
                    hard = true;
                } else if (name.endsWith("_bh")) {
                    bh = Math.max(0, bh - 1);
                }
            }
            // include/linux/wait.h: wait_event_lock_irq() drops the lock with spin_unlock_irq() while it sleeps and
            // retakes it with spin_lock_irq(); where its condition holds at once it does neither
            case WAITLOCK_WAIT -> {
                held.put(lock, true);
                hard = false;
            }
            default -> {
            }
        }
        int hardBy = hard && !s.hardOn() ? op.id() : s.hardOnBy();
        int bhBy = bh == 0 && s.bhDepth() > 0 ? op.id() : s.bhOnBy();
        return new State(hard, bh, held, s.tried(), hardBy, bhBy);
    }

    /** The spinlocks the nodes of {@code c} take. */
    public static Set<String> locksTaken(Code c, Set<String> spinlocks) {
        return locks(c, spinlocks, false);
    }

    private static Set<String> locks(Code c, Set<String> spinlocks, boolean spinning) {
        Set<String> out = new TreeSet<>();
        for (Node n : c.nodes()) {
            String lock = n instanceof Op op ? lockOf(op) : null;
            if (lock != null && spinlocks.contains(lock)
                    && (spinning ? spins((Op) n, lock) : takes((Op) n, lock))) {
                out.add(lock);
            }
        }
        return out;
    }
}
