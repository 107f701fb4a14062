package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rpcheck.check.Variants;
import rpcheck.view.Site;
import rpcheck.view.ViewException;

/**
 * {@code rpcheck view}: writes or refreshes the trace viewer's pages (offline HTML, no TLC) and prints the path
 * of the page to open.
 */
@Command(name = "view", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Write or refresh the pages of the trace viewer under traces/ (self-contained HTML: open"
                + " them from disk or a CI artifact) and print the path of the page to open: with no argument"
                + " traces/index.html; with --variant NAME or the variant's PATH.stm each counterexample page of that"
                + " variant; with TRACE.json the page of that trace.json (written beside it); with --compare A B the"
                + " compare page of two variants. Pages are made from the trace.json and verdicts.json files that"
                + " 'rpcheck check' writes, and the specs; no TLC runs."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ViewCommand.LINE_OK, ViewCommand.LINE_USAGE, ViewCommand.LINE_STALE,
            ViewCommand.LINE_DATAERR, ViewCommand.LINE_SOFTWARE, ExitCodes.LINE_INTERRUPTED_NO_TLC})
final class ViewCommand implements Callable<Integer>, Verbosity {
    static final String LINE_OK = ExitCodes.OK + ":the pages were written (or were current) and the path of the"
            + " page to open is printed";
    static final String LINE_USAGE = ExitCodes.USAGE + ":usage error (unknown variant, missing file, a file neither"
            + " PATH.stm nor TRACE.json, a spec outside specs/, a --root without specs/)";
    static final String LINE_STALE = ExitCodes.STALE + ":the pages were written, but a trace's DSL positions no longer"
            + " match its spec, edited since (a warning on stderr names each; its page says so and shows no DSL line;"
            + " ./rpcheck check --variant NAME writes the trace again)";
    static final String LINE_DATAERR = ExitCodes.DATAERR + ":a trace.json, verdicts.json or spec it reads is bad, or"
            + " a page would overwrite a file rpcheck did not write";
    static final String LINE_SOFTWARE = ExitCodes.SOFTWARE + ":internal error, or a page could not be written";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--variant", paramLabel = "NAME", description = "A committed variant (a spec under specs/).")
    String variant;

    @Option(names = "--compare", arity = "2", paramLabel = "VARIANT",
            description = "Write the compare page of two variants (for example --compare v3 smart).")
    List<String> compare;

    @Option(names = "--spec-path", paramLabel = "DIR", description = "A folder (searched with its sub-folders) where"
            + " 'extends NAME' finds NAME.stm when it is not beside the variant (repeatable, searched in order), as"
            + " given to 'rpcheck check': a page's DSL positions are checked against its variant compiled with"
            + " that base.")
    List<Path> specPath = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "PATH.stm|TRACE.json",
            description = "A spec file under specs/, or a trace.json written by 'rpcheck check'.")
    Path file;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int given = (variant != null ? 1 : 0) + (file != null ? 1 : 0) + (compare != null ? 1 : 0);
        if (given > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give one of --variant NAME, PATH.stm, TRACE.json or --compare A B");
        }
        SelectionOptions.requireFolders(spec.commandLine(), specPath);
        boolean traceJson = file != null && file.getFileName().toString().endsWith(".json");
        // a page of a trace.json needs no spec; every other page is of the variants under <root>/specs/
        Path root = traceJson ? common.root() : common.specsRoot();
        try {
            Site site = new Site(root, specPath);
            if (traceJson) {
                return traceJson(site, root, out, err);
            }
            if (file != null) {
                variant = variantOf(root, file);
            }
            if (compare != null) {
                Variants vs = Variants.scan(root);
                vs.resolve(compare.get(0));
                vs.resolve(compare.get(1));
                site.writeAll();
                print(out, site.writeCompare(compare.get(0), compare.get(1)));
                return done(site, err);
            }
            if (variant != null) {
                Variants.scan(root).resolve(variant);
            }
            Site.Pages pages = site.writeAll();
            if (variant == null) {
                print(out, pages.index());
                return done(site, err);
            }
            List<Path> mine = pages.traces().getOrDefault(variant, List.of());
            if (mine.isEmpty()) {
                err.println(variant + " has no counterexample under traces/ (every property holds or does not apply,"
                        + " or it was never checked: ./rpcheck check --variant " + variant + "); the index:");
                err.flush();
                print(out, pages.index());
                return done(site, err);
            }
            mine.forEach(p -> print(out, p));
            return done(site, err);
        } catch (ViewException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.DATAERR;
        }
    }

    private int traceJson(Site site, Path root, PrintWriter out, PrintWriter err) throws IOException, ViewException {
        Path json = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(json)) {
            err.println("error: " + file + ": no such file (give a trace.json written by 'rpcheck check', for example"
                    + " traces/smart/WaitCycle/trace.json)");
            err.flush();
            return ExitCodes.USAGE;
        }
        Path traces = root.resolve("traces");
        if (json.startsWith(traces) && traces.relativize(json).getNameCount() == 3) {
            site.writeAll();
            Path page = json.resolveSibling("trace.html");
            if (Files.isRegularFile(page)) {
                print(out, page);
                return done(site, err);
            }
        }
        print(out, site.writeTrace(json));
        return done(site, err);
    }

    /**
     * The pages are written: OK, or STALE after a warning for each trace whose DSL positions no longer match its
     * spec (its page is written with a banner that says so; {@code check} writes the trace again).
     */
    private static int done(Site site, PrintWriter err) {
        List<String> warnings = site.warnings();
        warnings.forEach(err::println);
        err.flush();
        return warnings.isEmpty() ? ExitCodes.OK : ExitCodes.STALE;
    }

    private String variantOf(Path root, Path stm) {
        Path abs = stm.toAbsolutePath().normalize();
        if (!stm.toString().endsWith(".stm")) { // not parsed as a spec: a README.md, a trace.txt
            throw new CommandLine.ParameterException(spec.commandLine(), stm + ": neither a spec nor a trace.json:"
                    + " specs are files whose name ends in .stm, and a page of a trace is made from its trace.json;"
                    + " give a PATH.stm or a TRACE.json (e.g. traces/smart/WaitCycle/trace.json)");
        }
        if (!Files.isRegularFile(abs)) {
            throw new CommandLine.ParameterException(spec.commandLine(), stm + ": no such file");
        }
        if (!abs.startsWith(root.resolve("specs"))) {
            String file = stm.getFileName().toString().replaceFirst("\\.stm$", "");
            String name = file;
            try { // --out names the folder after the model, which need not be the file's name (--variant's)
                String model = Variants.scan(root).header(new Variants.Variant(file, abs)).name();
                name = model == null || model.isBlank() ? file : model;
            } catch (RuntimeException e) {
                // keep the file's name
            }
            throw new CommandLine.ParameterException(spec.commandLine(), stm + " is not under " + root.resolve("specs")
                    + ": pages are made from the traces 'rpcheck check' writes for the specs under specs/. For this"
                    + " spec, write its counterexamples with ./rpcheck check " + stm + " --out DIR and open each with"
                    + " ./rpcheck view DIR/" + name + "/PROPERTY/trace.json (or put the file under specs/ and run"
                    + " ./rpcheck check --variant " + file + ")");
        }
        Variants vs = Variants.scan(root);
        return vs.all().stream().filter(v -> v.file().equals(abs)).map(Variants.Variant::name).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        stm + " is not a spec file rpcheck lists (under a gen/ folder?)"));
    }

    private static void print(PrintWriter out, Path p) {
        out.println(p.toAbsolutePath().normalize());
        out.flush();
    }
}
