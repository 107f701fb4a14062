package rpcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rpcheck.check.CheckOptions;
import rpcheck.check.Checker;
import rpcheck.check.TlcScheduler;
import rpcheck.check.PropertyResult;
import rpcheck.check.Verdicts;
import rpcheck.check.VariantResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;
import rpcheck.gate.Expectations;

/** {@code rpcheck check}: generate, run TLC, report verdicts and counterexamples. */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Compile spec(s) to TLA+, run TLC (the safety properties of a spec share runs, each liveness"
                + " property has its own; one run per core at once, the longest first), and report each verdict; a"
                + " violated property is explained step by step in the DSL's and the kernel's terms.",
            "Properties: Deadlock, WaitCycle, SleepInAtomic, IoAccounting, UseAfterFree, LockBalance, IrqUnsafeLock (safety);"
                + " LostError,"
                + " LiveWithoutAssoc, Progress (liveness, under weak fairness). With --all, a verdict table is printed and each"
                + " folder with a verdicts-notes.md gets its generated VERDICTS.md."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_VIOLATED, ExitCodes.LINE_USAGE, ExitCodes.LINE_DATAERR,
            ExitCodes.LINE_SOFTWARE, ExitCodes.LINE_INTERRUPTED})
final class CheckCommand implements Callable<Integer>, Verbosity {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--json", description = "Print one JSON document (see README) instead of text.")
    boolean json;

    @Option(names = "--bound", paramLabel = "NAME=VALUE",
            description = "Override a bound of the spec (repeatable); gen/ is then left alone.")
    Map<String, Long> bounds = new LinkedHashMap<>();

    @Mixin
    TlcRunOptions run;

    @Option(names = "--property", paramLabel = "NAME", converter = PropertyConverter.class,
            description = "Check only this property (repeatable; default: every property).")
    List<Property> properties = new ArrayList<>();

    @Option(names = "--keep-work-dir", description = "Keep TLC's work directories (paths printed to stderr).")
    boolean keepWorkDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each counterexample (trace.txt, trace.json,"
            + " the graphs) to DIR/VARIANT/PROPERTY/, for any spec, instead of <root>/traces/.")
    Path outDir;

    @Option(names = "--full", description = "Text: show every context in a counterexample, not only those involved.")
    boolean full;

    @Option(names = "--distributed", description = "Search the safety properties with TLC's distributed server"
            + " (needs --listen); TLC workers started with 'rpcheck worker --server HOST:PORT' do the work. The"
            + " liveness properties are checked here as usual.")
    boolean distributed;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "With --distributed: the address workers"
            + " reach the server at (HOST is told to them; the port is TLC's RMI registry).")
    String listen;

    @Option(names = "--simulate", description = "Check the safety properties on random behaviours (TLC's"
            + " simulation) instead of every state: for bounds too large to search; finding no violation proves"
            + " nothing (reported as 'no violation found'); traces/ is not written.")
    boolean simulate;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "100",
            description = "With --simulate: steps of each behaviour at most (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--traces", paramLabel = "N", defaultValue = "10000",
            description = "With --simulate: how many behaviours (default: ${DEFAULT-VALUE}).")
    long traces;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "With --simulate: TLC's random seed; the same seed gives the same behaviours"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CacheOptions cache;

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() throws InterruptedException {
        CheckOptions opts = options();
        List<SelectionOptions.Selected> selected = selection.resolve(spec.commandLine(), common.root());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        rpcheck.cache.VerdictCache verdictCache = keepWorkDir ? null : cache.open(err);
        Checker checker = new Checker(CacheOptions.runner(verdictCache), line -> log(err, line),
                selection.workspace(spec.commandLine(), common.root()));
        JsonReport report = new JsonReport();
        ArrayNode variants = report.object().arrayNode();
        SpecRunner runner = new SpecRunner(err);
        int code = ExitCodes.OK;
        Map<Path, List<VariantResult>> byFolder = new LinkedHashMap<>();
        List<VariantResult> all = new ArrayList<>();
        try (TlcScheduler scheduler = new TlcScheduler(run.jobs(spec.commandLine()));
                ProgressLine progress = ProgressLine.startIfTerminal(err, scheduler)) {
            // every spec is compiled and its TLC runs queued first, so that the runs of all specs share the
            // cores, the longest first; the results are then reported in the order of the selection
            List<SpecRunner.Queued<Checker.Pending>> queued = new ArrayList<>();
            for (SelectionOptions.Selected s : selected) {
                queued.add(runner.queue(s.file(), () -> checker.submit(s.file(), s.displayRoot(),
                        opts.withExpected(Expectations.hintsFor(s.file(), opts.bounds())), scheduler)));
            }
            scheduler.start();
            for (int i = 0; i < selected.size(); i++) {
                SelectionOptions.Selected s = selected.get(i);
                int c = runner.run(s.file(), queued.get(i), pending -> {
                    if (!json) { // each verdict as soon as it and the ones before it are decided
                        for (Property p : pending.properties()) {
                            PropertyResult pr = pending.await(p);
                            show(progress, () -> new TextReport(out, full).print(pending.variant(), pr));
                        }
                    }
                    VariantResult r = pending.await();
                    all.add(r);
                    byFolder.computeIfAbsent(s.file().toAbsolutePath().normalize().getParent(),
                            k -> new ArrayList<>()).add(r);
                    writeTraces(s, r, report);
                    if (json) {
                        variants.add(report.variant(r));
                    }
                    show(progress, () -> reportErrors(err, r));
                    return r.anyError() ? ExitCodes.SOFTWARE : r.anyViolated() ? ExitCodes.VIOLATED : ExitCodes.OK;
                }, (file, f) -> variants.add(report.failed(baseName(file), s.display(), f.diagnostics())),
                        (file, e) -> variants.add(report.error(baseName(file), s.display(), e.getMessage())));
                code = ExitCodes.worst(code, c);
            }
        }
        if (json) {
            printJson(out, report, variants, selection.many(selected));
        } else if (all.size() > 1) {
            out.println("verdicts:");
            Verdicts.text(all).lines().forEach(l -> out.println("  " + l));
            out.flush();
        }
        writeVerdicts(byFolder, opts, err);
        if (verdictCache != null) {
            log(err, "verdict cache " + verdictCache.dir() + ": " + verdictCache.hits() + " hits, "
                    + verdictCache.stores() + " runs stored");
        }
        return code;
    }

    /**
     * A folder with a {@code verdicts-notes.md} gets its generated {@code VERDICTS.md} when every spec in it was
     * checked for every property with default bounds (as {@code check --all} does).
     */
    private void writeVerdicts(Map<Path, List<VariantResult>> byFolder, CheckOptions opts, PrintWriter err) {
        if (!bounds.isEmpty() || simulate || opts.properties().size() != Property.values().length) {
            return;
        }
        for (Map.Entry<Path, List<VariantResult>> e : byFolder.entrySet()) {
            Path folder = e.getKey();
            try {
                Map<String, Verdicts.Note> notes = Verdicts.readNotes(folder);
                if (notes == null) {
                    continue;
                }
                long specs;
                try (var files = java.nio.file.Files.list(folder)) {
                    specs = files.filter(f -> f.getFileName().toString().endsWith(".stm")).count();
                }
                if (specs != e.getValue().size() || e.getValue().stream().anyMatch(VariantResult::anyError)) {
                    continue;
                }
                List<VariantResult> sorted = e.getValue().stream()
                        .sorted(java.util.Comparator.comparing(VariantResult::variant)).toList();
                List<String> warn = new ArrayList<>();
                Path root = common.root().toAbsolutePath().normalize();
                String name = root.relativize(folder).toString().replace('\\', '/');
                String md = Verdicts.markdown(name, sorted, notes, warn);
                if (rpcheck.check.GeneratedFiles.replaceIfChanged(folder.resolve(Verdicts.FILE), md)) {
                    log(err, "wrote " + folder.resolve(Verdicts.FILE));
                }
                warn.forEach(w -> err.println(name + "/" + Verdicts.FILE + ": " + w));
                err.flush();
            } catch (java.io.IOException ex) {
                err.println("cannot write " + folder.resolve(Verdicts.FILE) + ": " + ex.getMessage());
            }
        }
    }

    /**
     * Counterexamples of the committed variants (specs under ROOT/specs, default bounds) are also written to
     * ROOT/traces/VARIANT/PROPERTY/; runs with --bound or --simulate, or of files elsewhere, write nothing there.
     * With --out DIR, those of every spec (but a simulation's) go to DIR/VARIANT/PROPERTY/ instead, each folder
     * with the record of what was written (a later rpcheck rewrites those files although it words them otherwise).
     */
    private void writeTraces(SelectionOptions.Selected s, VariantResult r, JsonReport report) {
        Path root = common.root().toAbsolutePath().normalize();
        Path dest = outDir != null ? outDir.toAbsolutePath().normalize() : root.resolve("traces");
        if (simulate || outDir == null
                && (!bounds.isEmpty() || !s.file().toAbsolutePath().normalize().startsWith(root.resolve("specs")))) {
            return;
        }
        try {
            new TraceFiles(dest, outDir != null, selection.specPath).write(r, report);
        } catch (java.io.IOException e) {
            throw new rpcheck.check.CheckException(rpcheck.check.CheckException.Reason.IO, "cannot write the traces"
                    + " of " + r.variant() + " to " + dest + ": " + e.getMessage(), e);
        }
    }

    /** Prints with the progress line (if any) out of the way. */
    private static void show(ProgressLine progress, Runnable output) {
        if (progress == null) {
            output.run();
        } else {
            progress.print(output);
        }
    }

    private CheckOptions options() {
        for (Map.Entry<String, Long> b : bounds.entrySet()) {
            if (b.getValue() < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--bound " + b.getKey() + "=" + b.getValue() + ": a bound cannot be negative");
            }
            if (b.getValue() > Integer.MAX_VALUE) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bound " + b.getKey() + "="
                        + b.getValue() + ": too large; TLC's integers are 32-bit, so a bound is at most "
                        + Integer.MAX_VALUE + " (bounds are small numbers: each one multiplies the states searched)");
            }
        }
        if (outDir != null && java.nio.file.Files.exists(outDir) && !java.nio.file.Files.isDirectory(outDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outDir + ": not a folder");
        }
        Duration timeout = run.timeout(spec.commandLine());
        List<Property> props = properties.isEmpty() ? List.of(Property.values())
                : properties.stream().distinct().toList();
        if (!simulate) { // these shape a simulation only: given without it they would be ignored
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            for (String o : List.of("--depth", "--traces", "--seed")) {
                if (parsed != null && parsed.hasMatchedOption(o)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), o + " applies only with --simulate"
                            + " (a search of every state has no depth, behaviour count or seed): add --simulate, or"
                            + " drop " + o);
                }
            }
        }
        if (distributed || listen != null) {
            if (!distributed) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen applies only with"
                        + " --distributed: add --distributed to search with TLC's distributed server, or drop"
                        + " --listen");
            }
            if (listen == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--distributed needs --listen HOST:PORT,"
                        + " the address the workers reach this machine at (e.g. --listen 10.0.0.5:10997)");
            }
            if (simulate) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--distributed and --simulate cannot be"
                        + " combined (TLC's distributed server searches every state): choose one");
            }
            HostPort hp = HostPort.parse(spec.commandLine(), "--listen", listen);
            return new CheckOptions(bounds, props, timeout, keepWorkDir,
                    new rpcheck.check.Search.Distributed(hp.host(), hp.port()));
        }
        if (simulate) {
            if (depth < 1 || traces < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--depth and --traces must be at least 1");
            }
            List<Property> live = props.stream().filter(Property::liveness).toList();
            if (!properties.isEmpty() && !live.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--simulate checks safety properties"
                        + " only, not " + live.get(0).displayName());
            }
            if (!live.isEmpty()) { // stdout and --json keep to what is checked; say what is not
                spec.commandLine().getErr().println("rpcheck: --simulate checks the safety properties only; not"
                        + " checked: " + live.stream().map(Property::displayName).collect(
                                java.util.stream.Collectors.joining(", "))
                        + " (TLC checks a liveness property on the complete state graph: run check without"
                        + " --simulate)");
                spec.commandLine().getErr().flush();
            }
            props = props.stream().filter(p -> !p.liveness()).toList();
            return new CheckOptions(bounds, props, timeout, keepWorkDir,
                    new rpcheck.check.Search.Simulation(depth, traces, seed));
        }
        return new CheckOptions(bounds, props, timeout, keepWorkDir,
                run.exhaustive(spec.commandLine()));
    }

    private void reportErrors(PrintWriter err, VariantResult r) {
        for (PropertyResult p : r.results()) {
            if (p.workDir() != null) {
                err.println(r.variant() + ": " + p.property() + ": TLC work directory kept at " + p.workDir());
            }
            if (p.status() == PropertyResult.Status.ERROR) {
                err.println(r.variant() + ": " + p.property() + ": " + p.message());
                if (common.verbose) {
                    p.outputTail().forEach(l -> err.println("    | " + l));
                }
            }
        }
        if (keepWorkDir && r.genDir() != null && !r.bounds().isEmpty()) {
            err.println(r.variant() + ": generated files in " + r.genDir());
        }
        err.flush();
    }

    private static void printJson(PrintWriter out, JsonReport report, ArrayNode variants, boolean many) {
        if (many) {
            ObjectNode all = report.object();
            all.set("variants", variants);
            out.println(report.write(all));
        } else if (!variants.isEmpty()) {
            out.println(report.write(variants.get(0)));
        }
        out.flush();
    }

    private void log(PrintWriter err, String line) {
        if (common.verbose) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
    }

    static String baseName(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".stm") ? f.substring(0, f.length() - 4) : f;
    }
}
