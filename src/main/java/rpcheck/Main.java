package rpcheck;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import rpcheck.cli.Cli;

/** Entry point: {@code java -jar target/rpcheck.jar ARGS} (the ./rpcheck launcher does this). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.newCommandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
