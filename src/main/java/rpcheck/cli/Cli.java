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
        String message = message(ex);
        err.println("error: " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("try '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        if (cmd.getCommand() instanceof CheckCommand && java.util.Arrays.asList(args).contains("--json")) {
            printJsonError(cmd.getOut(), message);
        }
        return ExitCodes.USAGE;
    }

    /** {@code check --json}: a command stopped before any spec is the JSON document of an error (README). */
    private static void printJsonError(PrintWriter out, String message) {
        JsonReport report = new JsonReport();
        out.println(report.write(report.error(null, null, message)));
        out.flush();
    }

    private static final java.util.regex.Pattern INVALID = java.util.regex.Pattern.compile(
            "Invalid value for option '([^']+)'(?: \\(([^)]*)\\))?: (?:cannot convert )?'(.*)' (?:is not an? (int|long)"
                    + "|to (Integer|Long)).*", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern NOT_KEY_VALUE = java.util.regex.Pattern.compile(
            "Value for option option '([^']+)' \\(([^)]*)\\) should be in KEY=VALUE format but was (.*)",
            java.util.regex.Pattern.DOTALL);

    /**
     * picocli's message in rpcheck's words: what is wrong and how to fix it (its own wording names Java types,
     * "'abc' is not a long", and doubles words, "Value for option option").
     */
    static String message(CommandLine.ParameterException ex) {
        String m = ex.getMessage() == null ? "" : ex.getMessage();
        java.util.regex.Matcher inv = INVALID.matcher(m);
        if (inv.matches()) {
            String option = inv.group(1) + (inv.group(2) == null ? "" : " " + inv.group(2));
            String value = inv.group(3);
            if (value.matches("[+-]?\\d+")) {
                return option + ": " + value + " is too large; give a smaller whole number";
            }
            return option + ": '" + value + "' is not a whole number; write it with digits only, e.g. "
                    + (inv.group(2) != null && inv.group(2).contains("=") ? inv.group(1) + " events=2" : "2");
        }
        java.util.regex.Matcher kv = NOT_KEY_VALUE.matcher(m);
        if (kv.matches()) {
            return kv.group(1) + " " + kv.group(2) + ": '" + kv.group(3) + "' has no '='; write the name, '=' and a"
                    + " number, e.g. " + kv.group(1) + " events=2";
        }
        return m;
    }

    private static int onException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        try {
            if (ex instanceof CheckException ce) {
                err.println("error: " + ce.getMessage());
                if (cmd.getCommand() instanceof CheckCommand c && c.json) {
                    printJsonError(cmd.getOut(), ce.getMessage());
                }
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
