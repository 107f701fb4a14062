package rpcheck.cli;

import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import rpcheck.check.TlcScheduler;

/** How TLC runs are scheduled and limited: the options of {@code check} and {@code bench}. */
public final class TlcRunOptions {
    @Option(names = "--jobs", paramLabel = "N", description = "How many TLC runs at once (default: one per core).")
    Integer jobs;

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

    /** --timeout, checked. */
    Duration timeout(CommandLine cmd) {
        if (timeoutSeconds <= 0) {
            throw new CommandLine.ParameterException(cmd, "--timeout must be a positive number of seconds, not "
                    + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }
}
