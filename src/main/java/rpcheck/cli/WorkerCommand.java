package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rpcheck.tlc.DistributedTlc;

/**
 * {@code rpcheck worker --server HOST:PORT}: a TLC worker for {@code check --distributed --listen HOST:PORT}. It
 * runs TLC's {@code TLCWorker} (one thread per core) against each of the server's TLC runs in turn: a worker
 * leaves when a run's search ends, and this command starts the next one, until it is stopped (Ctrl-C) or has
 * served {@code --runs} runs.
 */
@Command(name = "worker", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Work for 'rpcheck check --distributed --listen HOST:PORT' (TLC's distributed mode, safety"
                + " properties): compute successor states with every core of this machine, for one TLC run after"
                + " the other, until stopped. It needs only Java and rpcheck's jar: the spec comes from the server."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK + ":served the runs asked (--runs)", ExitCodes.USAGE + ":usage error (bad"
                + " option, --server missing or not HOST:PORT, --runs below 1, a --root that is not a folder)",
            ExitCodes.SOFTWARE + ":the TLC worker could not be started, or an internal error",
            ExitCodes.INTERRUPTED + ":interrupted (Ctrl-C or SIGTERM: how a worker without --runs ends)"})
final class WorkerCommand implements Callable<Integer>, Verbosity {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "HOST:PORT", required = true,
            description = "The address given to 'check --distributed --listen'.")
    String server;

    @Option(names = "--runs", paramLabel = "N", description = "Stop after serving N TLC runs (default: never).")
    Integer runs;

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() throws InterruptedException {
        HostPort hp = HostPort.parse(spec.commandLine(), "--server", server);
        if (runs != null && runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, not " + runs);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("rpcheck worker: serving the TLC server at " + hp.host() + ":" + hp.port() + " (Ctrl-C stops)");
        err.flush();
        int served = 0;
        boolean waiting = false;
        while (runs == null || served < runs) {
            int code;
            long start = System.nanoTime();
            try {
                code = DistributedTlc.runWorker(hp.host(), hp.port());
            } catch (IOException e) {
                err.println("error: cannot start a TLC worker: " + e.getMessage());
                err.flush();
                return ExitCodes.SOFTWARE;
            }
            // TLC's worker ends with 0 when a run's search is over; it fails at once when no server listens
            if (code == 0 && System.nanoTime() - start > 1_000_000_000L) {
                served++;
                waiting = false;
            } else {
                if (!waiting) {
                    err.println("rpcheck worker: no TLC run at " + hp.host() + ":" + hp.port() + " yet; retrying");
                    err.flush();
                    waiting = true;
                }
                Thread.sleep(1000);
            }
        }
        return ExitCodes.OK;
    }
}
