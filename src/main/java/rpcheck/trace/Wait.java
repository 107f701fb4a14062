package rpcheck.trace;

import java.util.List;
import java.util.Objects;

import rpcheck.model.prims.WaitKind;

/**
 * A context sitting at a step that blocks: what it waits for and, for work items and locks, which context
 * holds it up.
 *
 * @param context the waiting context
 * @param kind    what it waits on (the catalogue's {@link WaitKind}: a work item's running instance, a lock, a
 *                request, a completion, a timer callback, a condition)
 * @param on      the work item, lock or request name, or the condition's text
 * @param holder  the context running the work item or owning the lock; null if none (or not applicable)
 * @param label   the program-counter label the context is at
 * @param chain   the kernel call chain of the waiting call, outermost first, ending in the primitive
 * @param position the DSL position (file:line:col) of the statement that waits, which the context's last step need
 *                 not be (a step can end just before the wait); null where not known (a trace.json written before
 *                 rpcheck recorded it)
 * @param calledAt beside {@code chain}: where the spec calls each of its functions ({@link CalledAt}); empty where
 *                 not known
 */
public record Wait(String context, WaitKind kind, String on, String holder, String label, List<String> chain,
        String position, List<String> calledAt) {
    /** A wait whose statement's position is not known. */
    public Wait(String context, WaitKind kind, String on, String holder, String label, List<String> chain) {
        this(context, kind, on, holder, label, chain, null, List.of());
    }

    /** A wait without the call sites of its chain. */
    public Wait(String context, WaitKind kind, String on, String holder, String label, List<String> chain,
            String position) {
        this(context, kind, on, holder, label, chain, position, List.of());
    }

    public Wait {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(kind, "kind");
        chain = List.copyOf(chain);
        calledAt = CalledAt.of(chain, calledAt);
    }

    /** Whether this wait is an edge of the wait-for graph (it waits for another context). */
    public boolean hasHolder() {
        return holder != null;
    }

    /** A sentence: {@code kblockd#1 waits for admin_q_timeout_work, which runs on kblockd#1 (itself)}. */
    public String describe() {
        return kind.describe(context, on, holder);
    }
}
