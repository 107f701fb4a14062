package rpcheck.tlc;

import java.util.Objects;

/**
 * The verdict of SANY (the TLA+ parser and semantic analyser) on a module.
 *
 * @param ok       true if SANY reported no parse, semantic or level error
 * @param errors   SANY's error text (empty when ok)
 * @param output   SANY's full output (stdout, then stderr)
 * @param exitCode SANY's exit code (255 for parse errors, but 0 for semantic errors, so {@link #ok()} also
 *                 checks the text)
 */
public record SanyResult(boolean ok, String errors, String output, int exitCode) {
    public SanyResult {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(output, "output");
    }
}
