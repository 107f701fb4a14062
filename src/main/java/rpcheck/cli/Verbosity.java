package rpcheck.cli;

/** A command that knows whether --verbose was given (the exception handler asks it). */
interface Verbosity {
    boolean verbose();
}
