package rpcheck;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import rpcheck.cli.Cli;
import rpcheck.cli.ExitCodes;
import rpcheck.tlc.Cleanup;

/** Entry point: {@code java -jar target/rpcheck.jar ARGS} (the ./rpcheck launcher does this). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        Cleanup.commandStarted(System.err, ExitCodes.INTERRUPTED);
        try {
            code = Cli.newCommandLine(out, err).execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli passes on Errors; say what happened in one line, not with a stack trace
            err.println("internal error: " + (e instanceof StackOverflowError
                    ? "the input is nested too deeply for rpcheck (stack overflow); please report it with the input"
                    : "out of memory (raise the heap with JAVA_TOOL_OPTIONS=-Xmx4g)"));
            code = ExitCodes.SOFTWARE;
        }
        Cleanup.commandDone();
        out.flush();
        err.flush();
        System.exit(code);
    }
}
