package rpcheck.trace;

import java.util.ArrayList;
import java.util.List;

import rpcheck.model.Ir;
import rpcheck.model.prims.Prim;
import rpcheck.tla.Provenance;

/** Kernel call chains of steps, outermost function first. */
final class Chains {
    private Chains() {
    }

    /** The functions of a site (empty for none). */
    static List<String> of(Ir.Site site) {
        return site == null ? List.of() : site.functions();
    }

    /**
     * The call chain of a label: the functions of its site, then the primitive it calls. If the site already
     * ends in the kernel helper that wraps the primitive (e.g. {@code blk_sync_queue} for cancel_work_sync,
     * recognisable because that frame was called from the statement itself), the helper stands for the call
     * and nothing is appended. A might-sleep marker's chain is its site's functions.
     */
    static List<String> of(Provenance.LabelInfo li) {
        List<String> fns = new ArrayList<>(of(li.site()));
        Prim prim = li.prim();
        if (prim == Prim.MIGHT_SLEEP) {
            // a sleep point the spec called (msleep(), might_sleep()) ends the chain as a blocking call ends a
            // Deadlock's; a 'sleeps' function's marker (called null) already ends in the function that sleeps
            if (li.called() != null && (fns.isEmpty() || !fns.get(fns.size() - 1).equals(li.called()))) {
                fns.add(li.called());
            }
            return List.copyOf(fns);
        }
        if (prim == null || !isCall(prim) || endsInHelper(li.site())) {
            return List.copyOf(fns);
        }
        String name = li.called() != null ? li.called() : prim.kernelName();
        if (fns.isEmpty() || !fns.get(fns.size() - 1).equals(name)) {
            fns.add(name);
        }
        return List.copyOf(fns);
    }

    /** The site a step's chain comes from: its label's for a context's step, else its action's (null if none). */
    static Ir.Site stepSite(Provenance.ActionInfo info, Provenance.LabelInfo label) {
        boolean isStep = info != null && info.kind() == Provenance.ActionKind.STEP;
        return isStep && label != null ? label.site() : info == null ? null : info.site();
    }

    /** Whether the primitive is a kernel call (not a plain write of shared state). */
    private static boolean isCall(Prim p) {
        return p != Prim.ASSIGN && p != Prim.XCHG;
    }

    /** The call chain of a lowered node: its site's functions, then the primitive an operation calls. */
    static List<String> of(Ir.Node n) {
        return n instanceof Ir.Op op && op.prim() != Prim.MIGHT_SLEEP && isCall(op.prim()) && op.prim() != Prim.ASSERT
                ? of(n.site(), op.kernelName()) : of(n.site());
    }

    /** The functions of a site, then {@code called}, the kernel function the statement there calls. */
    static List<String> of(Ir.Site site, String called) {
        List<String> fns = new ArrayList<>(of(site));
        if (fns.isEmpty() || !fns.get(fns.size() - 1).equals(called)) {
            fns.add(called);
        }
        return List.copyOf(fns);
    }

    private static boolean endsInHelper(Ir.Site site) {
        if (site == null || site.chain().isEmpty()) {
            return false;
        }
        Ir.Frame last = site.chain().get(site.chain().size() - 1);
        return last.callSite() != null && last.callSite().equals(site.span());
    }
}
