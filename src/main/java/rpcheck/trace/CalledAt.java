package rpcheck.trace;

import java.util.ArrayList;
import java.util.List;

import rpcheck.model.Ir;

/**
 * Where the spec calls the functions of a call chain: beside a chain of n functions, n positions (file:line:col),
 * each the call of that function in the function before it, or "" where the spec does not call it (the entry, a
 * kernel function the model calls for it, such as blk_mq_rq_timed_out() -> ->timeout, and the chain's last call,
 * which is the statement the chain's own position names). With them a trace shows the line of a variant that
 * calls into the spec it extends, not only the innermost statement.
 */
final class CalledAt {
    private CalledAt() {
    }

    /** Positions beside {@code chain}; empty if {@code sites} is empty or does not fit the chain. */
    static List<String> of(List<String> chain, List<String> sites) {
        if (sites == null || sites.size() != chain.size() || sites.stream().allMatch(String::isEmpty)) {
            return List.of();
        }
        return List.copyOf(sites);
    }

    /**
     * The call sites of a site's frames, for a chain of its functions that may end in one more (the primitive the
     * statement calls): a frame's call site where it is not the statement itself, else "".
     */
    static List<String> of(Ir.Site site, int chainSize) {
        if (site == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        rpcheck.diag.Span previous = null;
        for (Ir.Frame f : site.chain()) {
            // the statement itself, or the call of the frame before (a kernel function it calls in turn, as
            // blk_execute_rq() -> blk_mq_run_hw_queue() -> ->queue_rq)
            boolean own = f.callSite() == null || f.callSite().equals(site.span()) || f.callSite().equals(previous);
            out.add(own ? "" : f.callSite().position());
            previous = f.callSite();
        }
        while (out.size() < chainSize) {
            out.add("");
        }
        return out.size() == chainSize ? out : List.of();
    }
}
