package rpcheck.trace;

import java.util.Objects;

/**
 * One shared-state component that a step changed, e.g. {@code rq[admin_rq].op}. Values are TLA+ text as TLC
 * prints them; {@code before} or {@code after} is null when the component did not exist on that side.
 */
public record Change(String path, String before, String after) {
    public Change {
        Objects.requireNonNull(path, "path");
    }

    /** {@code path: before -> after}. */
    @Override
    public String toString() {
        return path + ": " + (before == null ? "(absent)" : before) + " -> " + (after == null ? "(absent)" : after);
    }
}
