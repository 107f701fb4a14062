package rpcheck.model;

/**
 * A request the front end cannot serve that is the caller's mistake, not the spec's: a spec file that is missing
 * or unreadable, an unknown --bound name. The CLI reports it as a usage error.
 */
public class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
