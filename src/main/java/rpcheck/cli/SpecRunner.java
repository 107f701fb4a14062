package rpcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import rpcheck.check.CheckException;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;

/**
 * Runs one spec's work inside a command and turns the ways it can fail for the user (compile errors, bad
 * requests, foreign files under gen/) into messages on stderr and an exit code, so that the other specs of
 * the same command still run.
 */
final class SpecRunner {
    /** The work on one spec; returns its exit code. */
    interface Job {
        int run() throws InterruptedException;
    }

    /** Called with the compile errors of a spec that has them (e.g. to add it to the JSON report). */
    interface OnFailed {
        void failed(Path spec, Diagnostics.Failed f);
    }

    private final PrintWriter err;

    SpecRunner(PrintWriter err) {
        this.err = err;
    }

    int run(Path spec, Job job, OnFailed onFailed) throws InterruptedException {
        try {
            return job.run();
        } catch (Diagnostics.Failed f) {
            err.print(DiagnosticRenderer.renderAll(f.diagnostics()));
            err.flush();
            onFailed.failed(spec, f);
            return ExitCodes.DATAERR;
        } catch (CheckException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return exitCode(e);
        }
    }

    static int exitCode(CheckException e) {
        return switch (e.reason()) {
            case USAGE -> ExitCodes.USAGE;
            case CONFLICT -> ExitCodes.DATAERR;
            case IO -> ExitCodes.SOFTWARE;
        };
    }
}
