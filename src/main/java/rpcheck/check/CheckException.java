package rpcheck.check;

/**
 * A check or generate request that cannot be carried out, for a reason the user can fix. The command line
 * maps {@link Reason} to an exit code.
 */
public final class CheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** A bad request: unknown or ambiguous variant, unknown bound, missing spec file. */
        USAGE,
        /** A file rpcheck would overwrite under {@code gen/} was not written by rpcheck. */
        CONFLICT,
        /** Reading or writing files failed. */
        IO
    }

    private final Reason reason;

    public CheckException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CheckException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
