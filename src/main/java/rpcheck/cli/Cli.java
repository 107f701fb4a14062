package rpcheck.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import rpcheck.check.CheckException;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;

/**
 * The one place the command line is assembled, for {@code rpcheck.Main} and for tests: all output goes to the
 * given writers, and every exception becomes an exit code from {@link ExitCodes} (stack traces only with
 * {@code --verbose}).
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RpcheckCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Cli::onException);
        cl.setParameterExceptionHandler(Cli::onBadUsage);
        return cl;
    }

    private static int onBadUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("try '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int onException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        try {
            if (ex instanceof CheckException ce) {
                err.println("error: " + ce.getMessage());
                return SpecRunner.exitCode(ce);
            }
            if (ex instanceof Diagnostics.Failed f) {
                err.print(DiagnosticRenderer.renderAll(f.diagnostics()));
                return ExitCodes.DATAERR;
            }
            if (ex instanceof InterruptedException) {
                err.println("interrupted");
                return ExitCodes.INTERRUPTED;
            }
            err.println("internal error: " + (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getName()));
            if (cmd.getCommand() instanceof Verbosity v && v.verbose()) {
                ex.printStackTrace(err);
            } else {
                err.println("(rerun with --verbose for a stack trace)");
            }
            return ExitCodes.SOFTWARE;
        } finally {
            err.flush();
        }
    }
}
