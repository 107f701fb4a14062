package rpcheck.tlc;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs in each child JVM (TLC, SANY) in front of its main class: {@code ParentWatch MAINCLASS ARGS...}. The
 * parent keeps the child's stdin open and writes nothing; when the parent dies (even by SIGKILL or the OOM
 * killer) the pipe closes, this thread reads end-of-file, and the child stops instead of running on as an
 * orphan without a time limit.
 */
public final class ParentWatch {
    /** The exit status of a child stopped because its parent is gone. */
    static final int ORPHANED = 137;

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; wait for end-of-file
                }
            } catch (IOException e) {
                // a broken pipe means the same
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "rpcheck-parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
