package rpcheck.model.prims;

/** How one lowered step kind becomes a TLA+ action: its guard, result, effects and text. */
@FunctionalInterface
public interface StepRule {
    void step(StepContext s);
}
