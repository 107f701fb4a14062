package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rpcheck.render.Counterexample;
import rpcheck.render.Renderings;
import rpcheck.render.TraceJsonReader;

/** {@code rpcheck render}: renders a counterexample again from its trace.json, without running TLC. */
@Command(name = "render", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Render a counterexample again from a trace.json written by 'rpcheck check' (for example"
                + " traces/smart/WaitCycle/trace.json): as the text scenario (default), as DOT or SVG of the"
                + " wait-for graph or of the trace graph, or as JSON. Needs no TLC and no spec."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {RenderCommand.LINE_OK, RenderCommand.LINE_USAGE, RenderCommand.LINE_DATAERR,
            RenderCommand.LINE_SOFTWARE, ExitCodes.LINE_INTERRUPTED_NO_TLC})
final class RenderCommand implements Callable<Integer>, Verbosity {
    static final String LINE_OK = ExitCodes.OK + ":the rendering was printed (or written to -o FILE)";
    static final String LINE_USAGE = ExitCodes.USAGE + ":usage error (bad option, an option the format does not"
            + " take, missing or unreadable file, no such step, -o FILE in a folder that is missing or not"
            + " writable)";
    static final String LINE_DATAERR = ExitCodes.DATAERR + ":the file is not a trace.json rpcheck can read"
            + " (file:line:col or JSON pointer on stderr)";
    static final String LINE_SOFTWARE = ExitCodes.SOFTWARE + ":internal error, or -o FILE could not be written";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE.json", description = "A trace.json written by 'rpcheck check'.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, dot, svg or json (default: ${DEFAULT-VALUE}).")
    Renderings.Format format;

    @Option(names = "--graph", paramLabel = "GRAPH", defaultValue = "waitfor",
            description = "For dot and svg: waitfor (who waits for whom) or lanes (one lane per context,"
                    + " causality between them); default: ${DEFAULT-VALUE}.")
    Renderings.GraphKind graph;

    @Option(names = "--step", paramLabel = "N",
            description = "For the wait-for graph: the state after step N (default: the final state).")
    Integer step;

    @Option(names = "--full", description = "Text: show every context, not only those involved in the violation.")
    boolean full;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Option(names = "--verbose", description = "Stack traces of internal errors.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        checkOptionsApply();
        if (output != null) {
            Path parent = output.toAbsolutePath().normalize().getParent();
            if (Files.isDirectory(output)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-o " + output + ": is a folder; give a"
                        + " file name in it, e.g. -o " + output.resolve("out." + extension(format)));
            }
            if (parent != null && !Files.isDirectory(parent)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-o " + output + ": there is no folder "
                        + parent + "; create it first (mkdir -p " + parent + ") or write elsewhere");
            }
            if (sameFile(output, file)) {
                // the rendering would replace the counterexample it is made from (its only copy, for a trace of --out)
                throw new CommandLine.ParameterException(spec.commandLine(), "-o " + output + ": is the trace.json"
                        + " being rendered; give another file, e.g. -o " + output.normalize().resolveSibling(
                                "out." + extension(format)));
            }
        }
        String json;
        try {
            byte[] bytes = Files.readAllBytes(file);
            rpcheck.diag.Diagnostics notUtf8 = new rpcheck.diag.Diagnostics();
            json = rpcheck.diag.SourceFile.decode(file.toString(), bytes, notUtf8).text();
            if (notUtf8.hasErrors()) {
                rpcheck.diag.Diagnostic d = notUtf8.sorted().get(0);
                err.println(rpcheck.diag.DiagnosticRenderer.escape(d.span().position(), 300)
                        + ": error: malformed JSON: " + d.message() + " (a trace.json is UTF-8 text)");
                err.flush();
                return ExitCodes.DATAERR;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("error: cannot read " + file + ": " + reason(e));
            err.flush();
            return ExitCodes.USAGE;
        }
        Counterexample cx;
        try {
            cx = TraceJsonReader.read(json, file.toString());
        } catch (TraceJsonReader.Invalid e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.DATAERR;
        }
        if (step != null) {
            checkStep(cx);
        }
        String text = Renderings.render(cx, format, graph, step, full);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("error: cannot write " + output + ": " + reason(e));
            err.flush();
            // a folder the user may not write to is theirs to fix (another -o); anything else is no verdict of ours
            return e instanceof java.nio.file.AccessDeniedException ? ExitCodes.USAGE : ExitCodes.SOFTWARE;
        }
        return ExitCodes.OK;
    }

    /** Whether {@code a} and {@code b} name one existing file (through links and relative paths too). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The usual file name extension of a format: {@code txt} for text. */
    private static String extension(Renderings.Format f) {
        return f == Renderings.Format.TEXT ? "txt" : f.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * An option that does not shape the chosen output is a usage error, not ignored: --graph and --step go with
     * the graphs (dot, svg), --full with the text scenario.
     */
    private void checkOptionsApply() {
        String f = format.name().toLowerCase(java.util.Locale.ROOT);
        boolean graphs = format == Renderings.Format.DOT || format == Renderings.Format.SVG;
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (!graphs && parsed != null && parsed.hasMatchedOption("--graph")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--graph applies to the graphs only"
                    + " (--format dot or svg), not to --format " + f + ": add --format dot or svg, or drop --graph");
        }
        if (step != null && (!graphs || graph != Renderings.GraphKind.WAITFOR)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--step applies to the wait-for graph only"
                    + " (--format dot or svg, --graph waitfor), not to " + (graphs ? "--graph lanes" : "--format " + f)
                    + ": " + (graphs ? "drop --graph lanes" : "add --format dot or svg") + ", or drop --step");
        }
        if (full && format != Renderings.Format.TEXT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--full applies to the text scenario only"
                    + " (--format text, the default), not to --format " + f + ": drop --format " + f
                    + ", or drop --full");
        }
    }

    private void checkStep(Counterexample cx) {
        int n = cx.trace().steps().size();
        if (step < 1 || step > n) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--step " + step + ": the trace has steps 1.." + n);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
