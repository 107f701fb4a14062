package rpcheck.model;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.model.Ir.Branch;
import rpcheck.model.Ir.Code;
import rpcheck.model.Ir.LocalSet;
import rpcheck.model.Ir.Node;
import rpcheck.model.Ir.Op;
import rpcheck.model.prims.Prim;

/**
 * Which locks a context surely holds at each statement of an entry: a must-hold analysis over the entry's lowered
 * code (what every path from the entry's start took and did not release since). A release where its lock is surely
 * held cannot be a release of a lock the context does not hold: another context could only have released it by
 * such a release of its own, which comes first. So where every release is surely held, LockBalance needs no record
 * of an unheld release ({@link Ghosts#UNHELD_UNLOCK}), and the module's state is as without LockBalance.
 */
public final class HeldLocks {
    private HeldLocks() {
    }

    /**
     * Whether some release of a lock (spin_unlock, mutex_unlock, wait_event_lock_irq's), or the end of an RCU
     * read-side section, may find it not held.
     */
    public static boolean mayReleaseUnheld(Ir.Program program) {
        return program.codes().stream().anyMatch(HeldLocks::mayReleaseUnheld);
    }

    private static boolean mayReleaseUnheld(Code c) {
        Map<Integer, Set<String>> held = surelyHeld(c);
        for (Node n : c.nodes()) {
            if (n instanceof Op op && releases(op) != null && held.containsKey(op.id())
                    && !held.get(op.id()).contains(releases(op))) {
                return true;
            }
        }
        return false;
    }

    /** The lock {@code op} releases, or null. */
    private static String releases(Op op) {
        return switch (op.prim()) {
            case UNLOCK, MUTEX_UNLOCK -> ((Ir.Entity) op.args().get(0)).name();
            case WAITLOCK_BEGIN -> ((Ir.Entity) op.args().get(1)).name();
            case READ_UNLOCK -> section(op);
            case RWSEM_UP_READ -> "read hold of " + ((Ir.Entity) op.args().get(0)).name();
            case RWSEM_UP_WRITE, RWSEM_DOWNGRADE -> "write lock of " + ((Ir.Entity) op.args().get(0)).name();
            default -> null;
        };
    }

    /** The lock {@code op} surely holds afterwards, or null (a trylock may not take it). */
    private static String takes(Op op) {
        return switch (op.prim()) {
            case LOCK, MUTEX_LOCK -> ((Ir.Entity) op.args().get(0)).name();
            case WAITLOCK_WAIT -> ((Ir.Entity) op.args().get(1)).name();
            case READ_LOCK -> section(op);
            // down_read()/down_write(): held after the begin (taken at once) or after its wait, which follows it
            case RWSEM_READ_BEGIN -> "read hold of " + ((Ir.Entity) op.args().get(0)).name();
            case RWSEM_WRITE_BEGIN -> "write lock of " + ((Ir.Entity) op.args().get(0)).name();
            default -> null;
        };
    }

    /**
     * A read-side section of an RCU domain, as a key apart from every lock name. Its depth is the context's own,
     * so an unlock surely inside a section is never unbalanced; nested sections count once here, which can only
     * make an inner one's release look unbalanced (the record is then kept, never a wrong verdict).
     */
    private static String section(Op op) {
        return "read-side section of " + ((Ir.Entity) op.args().get(0)).name();
    }

    /** For each reachable statement, the locks held on every path to it (before it runs). */
    static Map<Integer, Set<String>> surelyHeld(Code c) {
        Map<Integer, Set<String>> in = new HashMap<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        in.put(c.start(), Set.of());
        todo.add(c.start());
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (id == Ir.END) {
                continue;
            }
            Node n = c.node(id);
            Set<String> out = new HashSet<>(in.get(id));
            List<Integer> next;
            if (n instanceof Op op) {
                String r = releases(op);
                if (r != null && op.prim() != Prim.WAITLOCK_BEGIN) {
                    out.remove(r);
                }
                String t = takes(op);
                if (t != null) {
                    out.add(t);
                }
                next = List.of(op.next());
            } else if (n instanceof Branch b) {
                next = List.of(b.then(), b.otherwise());
            } else {
                next = List.of(((LocalSet) n).next());
            }
            for (int s : next) {
                if (s == Ir.END) {
                    continue;
                }
                Set<String> old = in.get(s);
                Set<String> meet = old == null ? Set.copyOf(out) : intersect(old, out);
                if (!meet.equals(old)) {
                    in.put(s, meet);
                    todo.add(s);
                }
            }
        }
        return in;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return Set.copyOf(out);
    }
}
