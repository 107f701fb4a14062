package rpcheck.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import rpcheck.trace.Explanation;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The contexts involved in a violation: the explanation's offender and the contexts of its waits and cycle
 * (waiters and holders), or, when the explanation names none, the contexts acting in a lasso's loop or the
 * last step's; then every context with a causal edge of the trace graph into one of those; then the context of
 * every key step (a step that changed what the violation reads, see {@link Explanation#keySteps()}). In lane
 * order.
 */
public final class Projection {
    private Projection() {
    }

    public static List<String> involved(LaneGraph g) {
        Trace t = g.trace();
        Set<String> base = new LinkedHashSet<>();
        Explanation e = t.explanation();
        add(base, e.offender());
        for (List<Wait> ws : List.of(e.cycle(), e.waits())) {
            for (Wait w : ws) {
                add(base, w.context());
                add(base, w.holder());
            }
        }
        base.retainAll(g.lanes());
        if (base.isEmpty()) {
            fallback(t, base);
        }
        Set<String> out = new LinkedHashSet<>(base);
        for (LaneGraph.Edge edge : g.edges()) {
            if (edge.kind().causal() && base.contains(g.node(edge.to()).lane())) {
                out.add(g.node(edge.from()).lane());
            }
        }
        for (int k : e.keySteps()) {
            if (k >= 1 && k <= t.steps().size() && !t.steps().get(k - 1).isStutter()) {
                out.add(t.steps().get(k - 1).context());
            }
        }
        return g.lanes().stream().filter(out::contains).toList();
    }

    private static void fallback(Trace t, Set<String> base) {
        List<TraceStep> steps = t.steps();
        int from = t.isLasso() ? t.loopStart() : steps.size();
        for (TraceStep s : steps) {
            if (s.number() >= from && !s.isStutter()) {
                base.add(s.context());
            }
        }
        for (int i = steps.size() - 1; base.isEmpty() && i >= 0; i--) {
            if (!steps.get(i).isStutter()) {
                base.add(steps.get(i).context());
            }
        }
    }

    private static void add(Set<String> set, String ctx) {
        if (ctx != null) {
            set.add(ctx);
        }
    }
}
