package rpcheck.trace;

import java.util.List;
import java.util.Objects;

/**
 * A DSL statement a step executed after the one it is named after: the calls inside a critical section that runs
 * as one step, the reference put folded into the step before it, the handler returning.
 *
 * @param text     what it did, in the DSL's terms (locals by their DSL names)
 * @param position its DSL position ({@code file:line:col}), or null (a handler returning)
 * @param chain    its kernel call chain, outermost first, ending in the primitive for a call
 */
public record Statement(String text, String position, List<String> chain) {
    public Statement {
        Objects.requireNonNull(text, "text");
        chain = List.copyOf(chain);
    }
}
