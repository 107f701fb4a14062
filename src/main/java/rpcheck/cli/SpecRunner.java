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

    /** Called with the error a spec's work stopped at (a bad request, a conflict; e.g. for the JSON report). */
    interface OnError {
        void error(Path spec, CheckException e);
    }

    /** The start of the work on one spec ({@link #queue}); {@link #run(Path, Queued, Then, OnFailed)} finishes it. */
    interface Start<T> {
        T start();
    }

    /** What is done with a started spec's value; returns the exit code. */
    interface Then<T> {
        int run(T value) throws InterruptedException;
    }

    /** The value of a started spec, or the compile error or bad request it failed with. */
    static final class Queued<T> {
        private final T value;
        private final RuntimeException failure;

        private Queued(T value, RuntimeException failure) {
            this.value = value;
            this.failure = failure;
        }
    }

    private final PrintWriter err;

    SpecRunner(PrintWriter err) {
        this.err = err;
    }

    /**
     * Starts the work on a spec; a compile error or a bad request is kept, to be reported by
     * {@link #run(Path, Queued, Then, OnFailed)} in its turn (so that messages keep the order of the specs).
     */
    <T> Queued<T> queue(Path spec, Start<T> start) {
        try {
            return new Queued<>(start.start(), null);
        } catch (Diagnostics.Failed | CheckException e) {
            return new Queued<>(null, e);
        }
    }

    /** Finishes the work on a spec started by {@link #queue}, or reports why it could not start. */
    <T> int run(Path spec, Queued<T> queued, Then<T> then, OnFailed onFailed) throws InterruptedException {
        return run(spec, queued, then, onFailed, (file, e) -> { });
    }

    /** As {@link #run(Path, Queued, Then, OnFailed)}, and {@code onError} is told of a bad request or conflict. */
    <T> int run(Path spec, Queued<T> queued, Then<T> then, OnFailed onFailed, OnError onError)
            throws InterruptedException {
        return run(spec, () -> {
            if (queued.failure != null) {
                throw queued.failure;
            }
            return then.run(queued.value);
        }, onFailed, onError);
    }

    int run(Path spec, Job job, OnFailed onFailed) throws InterruptedException {
        return run(spec, job, onFailed, (file, e) -> { });
    }

    int run(Path spec, Job job, OnFailed onFailed, OnError onError) throws InterruptedException {
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
            onError.error(spec, e);
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
