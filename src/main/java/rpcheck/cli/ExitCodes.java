package rpcheck.cli;

/** The exit codes of rpcheck; no other code returns an exit-code literal. */
public final class ExitCodes {
    private ExitCodes() {
    }

    /** Every checked property holds (or: the command succeeded). */
    public static final int OK = 0;
    /** At least one property is violated (a counterexample was printed). */
    public static final int VIOLATED = 1;
    /** Bad command line: unknown option or variant, unknown bound, missing file. */
    public static final int USAGE = 2;
    /**
     * {@code gate}: committed outputs (gen/, traces/, VERDICTS.md) differ from a fresh generation; {@code view}: the
     * pages were written, but a trace's DSL positions no longer match its spec (edited since the trace was written).
     */
    public static final int STALE = 3;
    /** The spec has errors (diagnostics on stderr), or a file rpcheck would write over is not one it wrote. */
    public static final int DATAERR = 65;
    /** Internal error, TLC failure or TLC timeout: no verdict. */
    public static final int SOFTWARE = 70;
    /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT): TLC runs stopped, temporary files removed, no verdict. */
    public static final int INTERRUPTED = 130;

    static final String HEADING = "%nExit codes:%n";
    static final String LINE_OK = OK + ":all properties hold (or the command succeeded)";
    static final String LINE_VIOLATED = VIOLATED + ":a property is violated (counterexample printed)";
    static final String LINE_USAGE = USAGE + ":usage error (bad option, unknown variant or bound, missing file)";
    static final String LINE_DATAERR = DATAERR + ":the spec has errors (diagnostics on stderr), or a file rpcheck"
            + " would write over (in gen/, traces/ or check's --out DIR) is not one it wrote";
    /** What exit 3 means for the gate. */
    static final String STALE_GATE = "committed outputs (gen/, traces/ and its pages, VERDICTS.md, VERDICTS-deep.md)"
            + " are stale (diff printed; ./rpcheck gate --update rewrites them)";
    static final String LINE_STALE = STALE + ":gate: " + STALE_GATE + "; view: a trace is older than its spec"
            + " (warning printed)";
    static final String LINE_GATE_FAILED = VIOLATED + ":gate: a verdict differs from its expectation (named, with"
            + " its trace), or a spec has none";
    /** 65 of the commands that write generated files only (generate, bench). */
    static final String LINE_DATAERR_GEN = DATAERR + ":the spec has errors (diagnostics on stderr), or a file"
            + " rpcheck would write over in gen/ (or the cache folder) is not one it wrote";
    static final String LINE_SOFTWARE = SOFTWARE + ":internal error, TLC failure or TLC timeout (no verdict)";
    static final String LINE_INTERRUPTED = INTERRUPTED + ":interrupted (Ctrl-C or SIGTERM): TLC runs stopped,"
            + " temporary folders removed, no verdict";
    /** 130 of a command that runs no TLC (generate, list, render, view). */
    static final String LINE_INTERRUPTED_NO_TLC = INTERRUPTED + ":interrupted (Ctrl-C or SIGTERM)";

    /** The more serious of two outcomes: SOFTWARE > DATAERR > USAGE > VIOLATED > STALE > OK. */
    static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case OK -> 0;
            case STALE -> 1;
            case VIOLATED -> 2;
            case USAGE -> 3;
            case DATAERR -> 4;
            default -> 5;
        };
    }
}
