package rpcheck.model.prims;

import java.util.List;
import java.util.Objects;

/**
 * One built-in kernel primitive as the DSL calls it: its names, what its arguments must be, whether it may
 * sleep, how it lowers, what a blocked caller waits on, how a trace names it, and where the kernel defines it.
 *
 * @param names     the kernel names that call it (aliases with the same semantics: spin_lock, spin_lock_irqsave)
 * @param family    the catalogue family (workqueue, locks, ...)
 * @param params    the argument kinds, in order
 * @param required  how many of {@code params} must be given (the rest are optional)
 * @param sleeps    whether calling it may sleep (SleepInAtomic in atomic or LLDD/irq context)
 * @param steps     the lowered step kinds it may produce (their TLA+ rules are in the family)
 * @param source    the kernel file that defines it
 * @param semantics what it does in the model, for specs/README.md's table
 * @param lowering  how a call lowers
 */
public record Primitive(List<String> names, String family, List<ArgKind> params, int required, boolean sleeps,
        List<Prim> steps, String source, String semantics, Lowering lowering) {

    /** How a call lowers to steps. */
    @FunctionalInterface
    public interface Lowering {
        LowerContext.Result lower(LowerContext cx);
    }

    public Primitive {
        names = List.copyOf(names);
        params = List.copyOf(params);
        steps = List.copyOf(steps);
        Objects.requireNonNull(lowering, "lowering");
        if (required > params.size()) {
            throw new IllegalArgumentException("required > params for " + names);
        }
    }

    /** The first name: how the README and traces name the primitive. */
    public String name() {
        return names.get(0);
    }

    public int maxArgs() {
        return params.size();
    }

    /** "2", "1 to 2": the counts it takes. */
    public String arity() {
        return required == params.size() ? String.valueOf(required) : required + " to " + params.size();
    }

    /** Whether the call only reads shared state (it compiles to an expression, not a step). */
    public boolean pureRead() {
        return steps.isEmpty();
    }
}
