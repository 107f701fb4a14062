package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rpcheck.check.CheckOptions;
import rpcheck.check.Checker;
import rpcheck.check.PropertyResult;
import rpcheck.check.TlcScheduler;
import rpcheck.check.VariantResult;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;
import rpcheck.gate.Expectations;

/**
 * {@code rpcheck bench}: runs the same TLC runs as {@code rpcheck check} (every property, default bounds) and
 * reports how long each took, as Markdown: the machine, one row per TLC run, one row per spec and property, and
 * the totals. It writes no traces and no VERDICTS.md.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Run the checks of 'rpcheck check' (every property, default bounds) and report, as Markdown,"
                + " the wall time, start-up time and distinct states of every TLC run, the verdict of every"
                + " spec and property, the totals, and the machine (cores, memory, JVM). Writes no traces.",
            "Times depend on the machine and its load: compare runs made on one machine in one session."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every TLC run gave a verdict (holds or violated)", ExitCodes.LINE_USAGE,
            ExitCodes.LINE_DATAERR_GEN, "70:a TLC run gave no verdict (failure or timeout), or an internal error",
            ExitCodes.LINE_INTERRUPTED})
final class BenchCommand implements Callable<Integer>, Verbosity {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    TlcRunOptions run;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of"
            + " stdout.")
    Path output;

    @Option(names = "--ladder", description = "Check each spec at growing bounds (events 1..3, reconnects 1..2,"
            + " admin_cmds 0..2, io_queues 0..1, those the spec declares, one raised at a time), with 1 and with"
            + " auto TLC workers, as far as each rung finishes within --rung-timeout; writes a Markdown table (-o)"
            + " and an SVG chart (--svg).")
    boolean ladder;

    @Option(names = "--cold", paramLabel = "N", description = "Instead: time 'rpcheck check --no-cache' of the"
            + " selection N times, each in a JVM of its own and after a bare TLC start (TLC on a one-state spec), and"
            + " report each round, the medians and their ratio (Markdown, -o).")
    Integer cold;

    @Option(names = "--rung-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "With --ladder: the time limit of each TLC run of a rung (default: ${DEFAULT-VALUE}).")
    long rungTimeout;

    @Option(names = "--svg", paramLabel = "FILE", description = "With --ladder: write the chart to FILE.")
    Path svg;

    @Option(names = "--property", paramLabel = "NAME", converter = PropertyConverter.class,
            description = "With --ladder: check only this property (repeatable; default: every property).")
    List<Property> ladderProperties = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    /** One spec's results and its TLC runs. */
    private record Benched(VariantResult result, List<Checker.Run> runs) {
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!ladder) { // these shape the ladder only: given without it they would be ignored
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            for (String o : List.of("--property", "--svg", "--rung-timeout")) {
                if (parsed.hasMatchedOption(o)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), o + " applies only with --ladder"
                            + " (the other benchmarks run every property, with no chart or rungs): add --ladder, or"
                            + " drop " + o);
                }
            }
        }
        if (cold != null) {
            return cold();
        }
        if (ladder) {
            return ladder();
        }
        Duration timeout = run.timeout(spec.commandLine());
        int threads = run.jobs(spec.commandLine());
        List<SelectionOptions.Selected> selected = selection.resolve(spec.commandLine(), common.root());
        PrintWriter err = spec.commandLine().getErr();
        CheckOptions opts = new CheckOptions(java.util.Map.of(), List.of(Property.values()),
                timeout, false, run.exhaustive(spec.commandLine()));
        Checker checker = new Checker(new TlcRunner(), line -> {
            if (common.verbose) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        }, selection.workspace(spec.commandLine(), common.root()));
        SpecRunner runner = new SpecRunner(err);
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = machine(true, workers(opts.search()));
        int code = ExitCodes.OK;
        List<Benched> done = new ArrayList<>();
        Duration cpuBefore = childCpu();
        long start = System.nanoTime();
        try (TlcScheduler scheduler = new TlcScheduler(threads)) {
            List<SpecRunner.Queued<Checker.Pending>> queued = new ArrayList<>();
            for (SelectionOptions.Selected s : selected) {
                queued.add(runner.queue(s.file(), () -> {
                    Checker.Pending p = checker.submit(s.file(), s.displayRoot(),
                            opts.withExpected(Expectations.hintsFor(s.file(), opts.bounds())), scheduler);
                    p.done().thenAccept(r -> progress(err, "bench: " + r.variant() + " done after "
                            + secs(elapsed(start)) + " s (" + p.runs().size() + " TLC runs)"));
                    return p;
                }));
            }
            scheduler.start();
            for (int i = 0; i < selected.size(); i++) {
                int c = runner.run(selected.get(i).file(), queued.get(i), pending -> {
                    VariantResult r = pending.await();
                    done.add(new Benched(r, pending.runs()));
                    for (PropertyResult p : r.results()) {
                        if (p.status() == PropertyResult.Status.ERROR) {
                            progress(err, r.variant() + ": " + p.property() + ": " + p.message());
                        }
                    }
                    return r.anyError() ? ExitCodes.SOFTWARE : ExitCodes.OK;
                }, (file, f) -> { });
                code = ExitCodes.worst(code, c);
            }
        }
        Duration total = elapsed(start);
        Duration cpu = childCpu();
        if (cpu != null && cpuBefore != null) {
            cpu = cpu.minus(cpuBefore);
        }
        String report = report(date, machine, threads, selected.size(), done, total, cpuBefore == null ? null : cpu);
        return ExitCodes.worst(code, write(report, err));
    }

    /** Writes a report to {@code -o FILE}, else to stdout; a file it cannot write is a usage error. */
    private int write(String report, PrintWriter err) {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(output, report, StandardCharsets.UTF_8);
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("error: cannot write " + output + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /** {@code --cold N}: the selection's {@code check --no-cache}, N rounds, against a bare TLC start. */
    private int cold() throws InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (cold < 1) {
            throw new CommandLine.ParameterException(cmd, "--cold must be at least 1, not " + cold);
        }
        if (ladder) {
            throw new CommandLine.ParameterException(cmd, "--cold and --ladder are two benchmarks: choose one");
        }
        selection.resolve(cmd, common.root()); // a bad selection is a usage error here, not in every round
        List<String> shown = new ArrayList<>(selection.asArgs());
        if (run.jobs != null) {
            shown.addAll(List.of("--jobs", Integer.toString(run.jobs(cmd))));
        }
        Integer workers = run.workers(cmd);
        if (workers != null) {
            shown.addAll(List.of("--workers", workers == 0 ? "auto" : Integer.toString(workers)));
        }
        shown.addAll(List.of("--timeout", Long.toString(run.timeout(cmd).toSeconds())));
        List<String> args = new ArrayList<>(List.of("--root", common.root().toAbsolutePath().toString()));
        args.addAll(shown);
        PrintWriter err = cmd.getErr();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = machine(true, workers(run.exhaustive(cmd)));
        List<ColdBench.Round> rounds;
        try {
            rounds = new ColdBench(args, line -> progress(err, line)).run(cold);
        } catch (IOException e) {
            err.println("error: bench --cold: " + e.getMessage());
            err.flush();
            return ExitCodes.SOFTWARE;
        }
        String report = ColdBench.report(date, machine, shown, rounds);
        int code = rounds.stream().allMatch(ColdBench.Round::verdicts) ? ExitCodes.OK : ExitCodes.SOFTWARE;
        return ExitCodes.worst(code, write(report, err));
    }

    private int ladder() throws InterruptedException {
        if (rungTimeout <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rung-timeout must be positive");
        }
        List<SelectionOptions.Selected> selected = selection.resolve(spec.commandLine(), common.root());
        PrintWriter err = spec.commandLine().getErr();
        int cores = run.jobs(spec.commandLine());
        List<Property> props = ladderProperties.isEmpty() ? List.of(Property.values())
                : ladderProperties.stream().distinct().toList();
        Checker checker = new Checker(new TlcRunner(), line -> {
            if (common.verbose) {
                progress(err, line);
            }
        });
        Ladder l = new Ladder(checker, cores, Duration.ofSeconds(rungTimeout), props, line -> progress(err, line));
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = machine(false, "as in the workers column");
        List<Ladder.Row> rows = new ArrayList<>();
        SpecRunner runner = new SpecRunner(err);
        int code = ExitCodes.OK;
        for (SelectionOptions.Selected s : selected) {
            code = ExitCodes.worst(code, runner.run(s.file(), () -> {
                rows.addAll(l.climb(s.file(), s.displayRoot(), List.of("1", "auto")));
                return ExitCodes.OK;
            }, (file, f) -> { }));
        }
        StringBuilder md = new StringBuilder();
        md.append("## rpcheck bench --ladder, ").append(date).append("\n\n").append(machine);
        md.append("- properties: ").append(names(props)).append("; each rung is one check of them with the bounds")
                .append(" shown (one raised from the spec's defaults); ").append(cores).append(" cores shared by the")
                .append(" runs of a rung; workers: 1 TLC worker a run, or auto (the idle cores); limit ")
                .append(rungTimeout).append(" s a TLC run\n")
                .append("- states: distinct states of the rung's largest TLC run; states/s: the distinct states of")
                .append(" all its runs over its wall time; peak memory: the largest peak RSS of one TLC JVM; first")
                .append(" violation: seconds from the rung's start until a violation was decided\n\n");
        md.append(Ladder.markdown(rows));
        if (svg != null) {
            md.append("\n![chart](").append(svg.getFileName()).append(")\n");
        }
        try {
            if (svg != null) {
                Files.writeString(svg, Ladder.svg(rows, "rpcheck bench --ladder, " + date + ", " + cores + " cores"),
                        StandardCharsets.UTF_8);
            }
            if (output != null) {
                Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(md);
                out.flush();
            }
        } catch (IOException e) {
            err.println("error: cannot write the ladder: " + e.getMessage());
            err.flush();
            return ExitCodes.worst(code, ExitCodes.USAGE);
        }
        return code;
    }

    private static void progress(PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    static String report(String date, String machine, int threads, int specs, List<Benched> done, Duration total,
            Duration cpu) {
        StringBuilder sb = new StringBuilder();
        sb.append("## rpcheck bench, ").append(date).append("\n\n");
        sb.append(machine);
        sb.append("- ").append(specs).append(specs == 1 ? " spec" : " specs").append(", every property, default")
                .append(" bounds; ").append(threads).append(" TLC run").append(threads == 1 ? "" : "s")
                .append(" at once\n\n");

        sb.append("### TLC runs\n\n");
        sb.append("Each row is one TLC run: the properties it checked, what it decided, the distinct states it")
                .append(" found, the time until TLC began the search (JVM start-up, parsing, set-up) and its wall")
                .append(" time.\n\n");
        sb.append("| spec | checked | outcome | states | start-up s | wall s |\n");
        sb.append("|---|---|---|---:|---:|---:|\n");
        int runs = 0;
        double wall = 0;
        double startup = 0;
        for (Benched b : done) {
            List<Checker.Run> sorted = new ArrayList<>(b.runs());
            sorted.sort(Comparator.comparing((Checker.Run r) -> r.properties().get(0).liveness())
                    .thenComparing(r -> r.properties().get(0).ordinal())
                    .thenComparing(r -> -r.properties().size()));
            for (Checker.Run r : sorted) {
                runs++;
                wall += secsD(r.elapsed());
                startup += r.startup() == null ? 0 : secsD(r.startup());
                sb.append("| ").append(b.result().variant()).append(" | ").append(names(r.properties())).append(" | ")
                        .append(outcome(b.result(), r)).append(" | ").append(states(r.stats().distinct()))
                        .append(" | ").append(r.startup() == null ? "?" : secs(r.startup())).append(" | ")
                        .append(secs(r.elapsed())).append(" |\n");
            }
        }
        sb.append('\n');

        sb.append("### Verdicts\n\n");
        sb.append("The wall time is that of the TLC run that decided the property (shared by the properties one")
                .append(" run decided).\n\n");
        sb.append("| spec | property | verdict | states | wall s |\n");
        sb.append("|---|---|---|---:|---:|\n");
        for (Benched b : done) {
            for (PropertyResult p : b.result().results()) {
                sb.append("| ").append(b.result().variant()).append(" | ").append(p.property().displayName())
                        .append(" | ").append(verdict(p)).append(" | ")
                        .append(p.distinctStates() == null ? "" : states(p.distinctStates())).append(" | ")
                        .append(p.status() == PropertyResult.Status.NOT_APPLICABLE ? "" : secs(p.elapsed()))
                        .append(" |\n");
            }
        }
        sb.append('\n');

        sb.append("### Totals\n\n");
        sb.append("- TLC runs: ").append(runs).append("; sum of their wall times ")
                .append(String.format(Locale.ROOT, "%.1f", wall)).append(" s, of which start-up ")
                .append(String.format(Locale.ROOT, "%.1f", startup)).append(" s\n");
        sb.append("- elapsed: ").append(secs(total)).append(" s (compile, all TLC runs, verdicts)\n");
        if (cpu != null) {
            sb.append("- CPU time of the TLC JVMs (user + system, all cores): ").append(secs(cpu))
                    .append(" s (less sensitive than wall time to what else the machine runs)\n");
        }
        return sb.toString();
    }

    private static String outcome(VariantResult v, Checker.Run r) {
        if (r.decided().isEmpty()) {
            return "failed, checked again one by one";
        }
        if (r.properties().size() == 1) {
            return verdict(result(v, r.decided().get(0)));
        }
        if (r.decided().size() > 1 && r.decided().stream().allMatch(p -> result(v, p).status()
                == PropertyResult.Status.HOLDS)) {
            return "all hold";
        }
        return String.join(", ", r.decided().stream().map(p -> p.displayName() + " " + verdict(result(v, p)))
                .toList());
    }

    private static PropertyResult result(VariantResult v, Property p) {
        return v.results().stream().filter(x -> x.property() == p).findFirst().orElseThrow();
    }

    private static String verdict(PropertyResult p) {
        return switch (p.status()) {
            case HOLDS -> "holds";
            case VIOLATED -> "violated (" + p.trace().steps().size() + " steps)";
            case NOT_APPLICABLE -> "n/a";
            case ERROR -> "error";
            case NO_VIOLATION_FOUND -> "no violation found";
        };
    }

    private static String names(List<Property> ps) {
        return String.join(", ", ps.stream().map(Property::displayName).toList());
    }

    private static String states(long n) {
        return n < 0 ? "?" : String.format(Locale.ROOT, "%,d", n);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static double secsD(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f", secsD(d));
    }

    /**
     * User + system CPU time of the child processes this JVM has waited for (Linux: {@code /proc/self/stat},
     * fields cutime and cstime, in USER_HZ = 100 ticks a second), or null where that is not available.
     */
    static Duration childCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may contain spaces: count from after it
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17
            return Duration.ofMillis(ticks * 10);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The TLC workers of a run under {@code search}, in words. */
    private static String workers(rpcheck.check.Search search) {
        if (!(search instanceof rpcheck.check.Search.Exhaustive e)) {
            return "1";
        }
        String many = e.auto() ? "the idle cores" : Integer.toString(e.workers());
        return e.onlyExpectedToHold() ? many + " for a run the spec's expectations record as holding, else 1" : many;
    }

    /**
     * The machine facts, as Markdown list items.
     *
     * @param hinted  whether runs get the spec's expectations as hints (then a small run's JVM has C1 only)
     * @param workers the TLC workers of a run, in words
     */
    private static String machine(boolean hinted, String workers) {
        Runtime rt = Runtime.getRuntime();
        var os = ManagementFactory.getOperatingSystemMXBean();
        String memory = "";
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            memory = String.format(Locale.ROOT, ", %.1f GiB memory", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        double load = os.getSystemLoadAverage();
        String jar = Path.of(new TlcRunner().classpath()).getFileName().toString();
        return "- machine: " + rt.availableProcessors() + " cores" + memory + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + (load >= 0 ? String.format(Locale.ROOT, "; load average %.2f at the start", load) : "") + "\n"
                + "- JVM (rpcheck and TLC): " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + "\n"
                + "- TLC: " + jar + ", -workers " + workers + ", -fp 0 (several safety properties: -continue;"
                + " liveness: -lncheck final); child JVM options: "
                + String.join(" ", TlcInvocation.DEFAULT_JVM_ARGS) + ", -Xmn" + TlcRunner.YOUNG_MIB_PER_WORKER
                + "m per TLC worker"
                + (hinted ? " (a run the spec's expectations record as small: " + String.join(" ",
                        TlcInvocation.QUICK_JVM_ARGS) + ")" : "") + "\n";
    }
}
