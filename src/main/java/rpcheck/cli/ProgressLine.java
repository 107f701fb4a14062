package rpcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import rpcheck.check.TlcScheduler;
import rpcheck.tlc.TlcProbe;

/**
 * One line on stderr, rewritten every second while TLC runs: runs done, running and queued, the states the
 * running TLC JVMs have found, states a second and TLC's queue. Only when stderr is a terminal (so stdout,
 * {@code --json} and redirected stderr are never touched); {@link #print} clears it before other output.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintWriter err;
    private final TlcScheduler scheduler;
    private final TlcProbe probe = new TlcProbe();
    private final ScheduledExecutorService timer;
    private final long start = System.nanoTime();
    private long lastGenerated;
    private long lastNanos = start;
    private String shown = "";

    private ProgressLine(PrintWriter err, TlcScheduler scheduler) {
        this.err = err;
        this.scheduler = scheduler;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpcheck-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::update, 1, 1, TimeUnit.SECONDS);
    }

    /** A progress line on {@code err} (this process's stderr) if stderr is a terminal; else null. */
    static ProgressLine startIfTerminal(PrintWriter err, TlcScheduler scheduler) {
        return stderrIsTerminal() ? new ProgressLine(err, scheduler) : null;
    }

    /** Whether file descriptor 2 is a terminal (Linux: /proc/self/fd/2 names a tty); false where unknown. */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs {@code output} (which writes to stdout or stderr) with the line cleared, then shows it again. */
    synchronized void print(Runnable output) {
        clear();
        output.run();
        show(shown);
    }

    private synchronized void update() {
        try {
            TlcProbe.Sample s = probe.sample();
            TlcScheduler.Snapshot q = scheduler.snapshot();
            long now = System.nanoTime();
            double dt = (now - lastNanos) / 1e9;
            long rate = s.generated() >= lastGenerated && dt > 0 ? Math.round((s.generated() - lastGenerated) / dt)
                    : 0;
            lastGenerated = s.generated();
            lastNanos = now;
            String line = String.format(Locale.ROOT, "[%.0f s] TLC runs: %d done, %d running, %d queued",
                    (now - start) / 1e9, q.done(), q.running(), q.queued());
            if (s.jvms() > 0) {
                line += String.format(Locale.ROOT, " | %,d distinct states, %,d states/s, queue %,d",
                        s.distinct(), rate, s.queue());
            }
            clear();
            show(line);
        } catch (RuntimeException e) {
            // progress is a courtesy: never let it disturb the check
        }
    }

    private void show(String line) {
        shown = line;
        if (!line.isEmpty()) {
            err.print(line);
            err.flush();
        }
    }

    private void clear() {
        if (!shown.isEmpty()) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        clear();
        shown = "";
        probe.close();
    }
}
