package rpcheck.render;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.trace.Explanation;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * Who is blocked when the counterexample ends, and who is on the explanation's wait cycle: the final step's
 * waits, then the explanation's (the cycle's first), one per context.
 */
record FinalState(Map<String, Wait> blocked, Set<String> cycle) {

    static FinalState of(Trace t) {
        Explanation e = t.explanation();
        Map<String, Wait> blocked = new LinkedHashMap<>();
        e.cycle().forEach(w -> blocked.putIfAbsent(w.context(), w));
        List<TraceStep> steps = t.steps();
        if (!steps.isEmpty()) {
            // trace.json keeps calledAt in the explanation's waits only: a step's wait at the same statement takes it
            // from there, so that a trace read back renders as the check that wrote it did
            steps.get(steps.size() - 1).waiting().forEach(w -> blocked.putIfAbsent(w.context(),
                    e.waits().stream().filter(x -> x.context().equals(w.context()) && x.label() != null
                            && x.label().equals(w.label()) && w.calledAt().isEmpty()).findFirst()
                            .map(x -> new Wait(w.context(), w.kind(), w.on(), w.holder(), w.label(), w.chain(),
                                    w.position(), x.calledAt())).orElse(w)));
        }
        e.waits().forEach(w -> blocked.putIfAbsent(w.context(), w));
        Set<String> cycle = new LinkedHashSet<>();
        e.cycle().forEach(w -> cycle.add(w.context()));
        return new FinalState(java.util.Collections.unmodifiableMap(blocked), java.util.Collections.unmodifiableSet(cycle));
    }
}
