package rpcheck.view;

/** An input the viewer cannot use (a bad trace.json or verdicts.json); the message says which file and why. */
public final class ViewException extends Exception {
    private static final long serialVersionUID = 1L;

    public ViewException(String message) {
        super(message);
    }
}
