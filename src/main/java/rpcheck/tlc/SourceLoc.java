package rpcheck.tlc;

import java.util.Objects;

/** A source range as TLC reports it: 1-based lines and columns, end inclusive, in the named module. */
public record SourceLoc(String module, int line, int col, int endLine, int endCol) {
    public SourceLoc {
        Objects.requireNonNull(module, "module");
    }

    /** {@code line L, col C to line L2, col C2 of module M}, TLC's own wording. */
    @Override
    public String toString() {
        return "line " + line + ", col " + col + " to line " + endLine + ", col " + endCol + " of module " + module;
    }
}
