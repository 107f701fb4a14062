package rpcheck.model.prims;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in kernel primitives, one family class each (workqueue, locks, waits, completion, rcu, rwsem, blk-mq, nvme
 * core, atomics, refcounts, lldd, annotations). Lowering looks calls up here; the generator asks here for the
 * TLA+ rule of each step kind; specs/README.md's primitive table is printed from here.
 */
public final class Catalogue {
    private static final List<Family> FAMILIES = List.of(new Workqueues(), new Locks(), new Waits(),
            new Completions(), new Rcu(), new RwSem(), new Timers(), new BlkMq(), new NvmeCore(), new Atomics(), new Refcounts(), new Lldd(),
            new Annotations());

    private static final Map<String, Primitive> BY_NAME;
    private static final Map<Prim, StepRule> RULES;
    private static final List<Primitive> ALL;

    static {
        Map<String, Primitive> byName = new LinkedHashMap<>();
        List<Primitive> all = new ArrayList<>();
        Map<Prim, StepRule> rules = new EnumMap<>(Prim.class);
        for (Family f : FAMILIES) {
            for (Primitive p : f.primitives()) {
                all.add(p);
                for (String n : p.names()) {
                    if (byName.put(n, p) != null) {
                        throw new IllegalStateException("primitive named twice: " + n);
                    }
                }
            }
            f.rules(rules);
        }
        for (Prim p : Prim.values()) {
            if (!rules.containsKey(p)) {
                throw new IllegalStateException("no step rule for " + p);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        RULES = Collections.unmodifiableMap(rules);
        ALL = List.copyOf(all);
    }

    private Catalogue() {
    }

    /** The primitive the spec calls {@code name}, or null. */
    public static Primitive lookup(String name) {
        return BY_NAME.get(name);
    }

    /** Every name a spec can call. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** Every primitive, family by family. */
    public static List<Primitive> all() {
        return ALL;
    }

    /** The TLA+ rule of a lowered step kind. */
    public static StepRule rule(Prim p) {
        return RULES.get(p);
    }

    /** The families' names, in catalogue order. */
    public static List<String> families() {
        return FAMILIES.stream().map(Family::name).toList();
    }
}
