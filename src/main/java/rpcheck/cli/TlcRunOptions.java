package rpcheck.cli;

import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import rpcheck.check.Search;
import rpcheck.check.TlcScheduler;

/** How TLC runs are scheduled and limited: the options of {@code check} and {@code bench}. */
public final class TlcRunOptions {
    @Option(names = "--jobs", paramLabel = "N", description = "How many TLC runs at once (default: one per core).")
    Integer jobs;

    @Option(names = "--workers", paramLabel = "N|auto",
            description = "TLC workers a run may use: N, or auto (the cores no other run holds or waits for);"
                    + " a run that finds a violation with several is searched again with one, for the shortest"
                    + " counterexample (default: auto for the runs the spec's expectations record as holding, one"
                    + " worker for the others).")
    String workers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Wall-clock limit of each TLC run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** --jobs, checked; default: one per core. */
    int jobs(CommandLine cmd) {
        if (jobs == null) {
            return TlcScheduler.defaultThreads();
        }
        if (jobs < 1) {
            throw new CommandLine.ParameterException(cmd, "--jobs must be at least 1, not " + jobs);
        }
        return jobs;
    }

    /** --workers, checked: N >= 1, or 0 for auto; null when not given. */
    Integer workers(CommandLine cmd) {
        if (workers == null) {
            return null;
        }
        if (workers.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(workers.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(cmd, "--workers must be a number of at least 1, or auto, not '"
                + workers + "'");
    }

    /** The breadth-first search --workers asks for; without it, {@link Search.Exhaustive#byExpectations()}. */
    Search.Exhaustive exhaustive(CommandLine cmd) {
        Integer n = workers(cmd);
        return n == null ? Search.Exhaustive.byExpectations() : new Search.Exhaustive(n);
    }

    /** --timeout, checked. */
    Duration timeout(CommandLine cmd) {
        if (timeoutSeconds <= 0) {
            throw new CommandLine.ParameterException(cmd, "--timeout must be a positive number of seconds, not "
                    + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }
}
