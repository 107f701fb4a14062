package rpcheck.model;

/** A --bound override names a bound the spec does not declare (a usage error, not a spec error). */
public final class UnknownBoundException extends UsageException {
    private static final long serialVersionUID = 1L;

    public UnknownBoundException(String message) {
        super(message);
    }
}
