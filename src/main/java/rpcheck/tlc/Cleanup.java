package rpcheck.tlc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What rpcheck leaves behind if it is stopped (Ctrl-C, SIGTERM): the child JVMs it runs (TLC, SANY), its
 * temporary folders ({@code rpcheck-cfg-*}, {@code rpcheck-tlc-*}, ...) and the temporary files that become
 * generated files by an atomic move. One shutdown hook stops the children first, then deletes the rest; if a
 * command was still running it reports the interruption and exits with the code given to
 * {@link #commandStarted}.
 */
public final class Cleanup {
    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> PATHS = ConcurrentHashMap.newKeySet();
    private static volatile boolean running;
    /** Set when the shutdown hook starts: from then on no child is started and a late one is stopped at once. */
    private static volatile boolean stopping;
    private static volatile PrintStream report = System.err;
    private static volatile int interruptedCode = 130;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::atExit, "rpcheck-cleanup"));
        } catch (IllegalStateException shuttingDown) {
            // nothing to clean up then
        }
    }

    private Cleanup() {
    }

    /**
     * A command starts: if the JVM is stopped before {@link #commandDone()}, that is an interruption, reported on
     * {@code err}, and the JVM exits with {@code exitCode}.
     */
    public static void commandStarted(PrintStream err, int exitCode) {
        report = err;
        interruptedCode = exitCode;
        running = true;
    }

    public static void commandDone() {
        running = false;
    }

    static void register(Process p) {
        PROCESSES.add(p);
        if (stopping) { // started while the hook ran (it may have stopped the others already)
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /**
     * Whether rpcheck is being stopped (Ctrl-C, SIGTERM): a run that ends now was killed by the shutdown hook,
     * so it has no result to report, and nothing should follow it.
     */
    public static boolean stopping() {
        return stopping;
    }

    /** For tests only (one test class at a time in a JVM): as if the shutdown hook had started, or not. */
    static void stoppingForTest(boolean value) {
        stopping = value;
    }

    static void unregister(Process p) {
        PROCESSES.remove(p);
    }

    /** A temporary file or folder to delete if rpcheck is stopped before it does so itself. */
    public static Path register(Path p) {
        PATHS.add(p);
        return p;
    }

    public static void unregister(Path p) {
        PATHS.remove(p);
    }

    private static void atExit() {
        stopping = true;
        boolean interrupted = running;
        int children = PROCESSES.size();
        for (Process p : PROCESSES) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Path p : PATHS) {
            deleteTree(p);
        }
        if (interrupted) {
            report.println("rpcheck: interrupted" + (children > 0 ? "; stopped " + children + " TLC/SANY run(s)" : "")
                    + " and removed its temporary files; no verdict");
            report.flush();
            Runtime.getRuntime().halt(interruptedCode);
        }
    }

    /** Deletes a file or a folder with everything in it; best effort. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a leftover in the temp dir is not worth failing for
        }
    }
}
