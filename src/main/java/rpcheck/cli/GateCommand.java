package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rpcheck.cache.VerdictCache;
import rpcheck.gate.Expectations;
import rpcheck.gate.Gate;
import rpcheck.gate.GateResult;
import rpcheck.gate.Reports;
import rpcheck.model.Property;

/** {@code rpcheck gate}: the CI gate on spec, primitive and generator changes. */
@Command(name = "gate", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Check every spec and property and compare each verdict with the expectations at the end of"
                + " the spec ('// expect: PROPERTY holds|violated|n/a steps=N states=N'); a changed verdict fails,"
                + " named in both directions (a new violation with its trace; a violation gone), and so does a spec"
                + " without expectations. A change of steps or distinct states is reported, not failed.",
            "Also regenerates gen/, traces/ and VERDICTS.md in a scratch copy and fails with a diff when the"
                + " committed ones are stale. Reports: junit.xml, summary.json, summary.md, stale.diff and the"
                + " counterexamples (traces/) under --report-dir.",
            "--update accepts the current results: rewrites the expectations, gen/, traces/ and VERDICTS.md, and"
                + " prints what it changed. --deep checks the bounds of each spec's '// deep-bound: NAME=N' lines"
                + " against its '// expect-deep:' lines, and each named set ('// deep-bound[SET]: NAME=N') against"
                + " its '// expect-deep[SET]:' lines."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK + ":every verdict as expected, every output current",
            ExitCodes.LINE_GATE_FAILED, ExitCodes.LINE_USAGE, ExitCodes.STALE + ":" + ExitCodes.STALE_GATE, ExitCodes.DATAERR + ":the spec has errors (diagnostics on stderr), a file rpcheck"
                + " would write over (in gen/ or traces/) is not one it wrote, or an expectation line is malformed",
            ExitCodes.LINE_SOFTWARE,
            ExitCodes.LINE_INTERRUPTED})
final class GateCommand implements Callable<Integer>, Verbosity {
    /** Lines of one stale file's diff printed to stdout (all of it is in stale.diff). */
    private static final int DIFF_LINES = 40;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--update", description = "Accept the current results: rewrite expectations, gen/, traces/"
            + " and VERDICTS.md, and print what changed (for the author to commit).")
    boolean update;

    @Option(names = "--deep", description = "The deep tier: each spec's deep bounds and '// expect-deep:' lines"
            + " (a nightly job).")
    boolean deep;

    @Option(names = "--deep-set", paramLabel = "SET", description = "With --deep: only this set of deep bounds"
            + " (repeatable; 'default' is the unnamed one; default: every set).")
    List<String> deepSets = new ArrayList<>();

    @Option(names = "--variant", paramLabel = "NAME", description = "Only this variant (repeatable; default:"
            + " every spec; outputs of other specs are then not compared).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--property", paramLabel = "NAME", converter = PropertyConverter.class,
            description = "Only this property (repeatable; default: every property); with --update the expectations of"
                    + " the others stay as they are; outputs are then not compared.")
    List<Property> properties = new ArrayList<>();

    /** Where the reports go without {@code --report-dir}, from the repository root (the CI workflow reads them there). */
    public static final Path DEFAULT_REPORT_DIR = Path.of("target", "rpcheck-gate");

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where the reports go (default:"
            + " <root>/target/rpcheck-gate).")
    Path reportDir;

    @Mixin
    TlcRunOptions run;

    @Mixin
    CacheOptions cache;

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = common.specsRoot();
        Path reports = (reportDir != null ? reportDir : root.resolve(DEFAULT_REPORT_DIR))
                .toAbsolutePath().normalize();
        VerdictCache verdictCache = cache.open(err);
        Gate gate = new Gate(root, CacheOptions.runner(verdictCache), line -> {
            if (common.verbose) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        });
        if (!deep && !deepSets.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--deep-set needs --deep");
        }
        long start = System.nanoTime();
        GateResult r = gate.run(new Gate.Options(deep, update, run.timeout(spec.commandLine()),
                run.jobs(spec.commandLine()), reports, variants,
                deepSets.stream().map(n -> n.equals(Expectations.DEFAULT_SET) ? "" : n).toList(), properties));
        double secs = (System.nanoTime() - start) / 1e9;
        Reports.write(r, reports);
        print(out, err, r);
        long cached = r.cases().stream().filter(c -> c.actual().cached()).count();
        out.printf(Locale.ROOT, "%s: %d checks, %d from the verdict cache%s, %.1f s; reports in %s%n",
                deep ? "gate --deep" : "gate", r.cases().size(), cached,
                verdictCache == null ? " (--no-cache)" : " (" + verdictCache.dir() + ")", secs, reports);
        int code = ExitCodes.OK;
        if (r.anyError()) {
            code = ExitCodes.SOFTWARE;
        } else if (r.anyProblem()) {
            code = ExitCodes.DATAERR;
        } else if (!update && r.anyFailed()) {
            code = ExitCodes.VIOLATED;
        } else if (!update && !r.stale().isEmpty()) {
            code = ExitCodes.STALE;
        }
        out.println(code == ExitCodes.OK ? (update ? "gate: updated; review and commit the changes" : "gate: passed")
                : "gate: FAILED (exit " + code + ")");
        out.flush();
        return code;
    }

    private void print(PrintWriter out, PrintWriter err, GateResult r) {
        for (GateResult.SpecOutcome s : r.specs()) {
            if (s.problem() != null) {
                err.print(s.problem());
                out.println(s.variant() + ": not checked (" + s.spec() + " has errors, see stderr)");
                continue;
            }
            long ok = s.cases().stream().filter(c -> !c.outcome().failed()).count();
            long cached = s.cases().stream().filter(c -> c.actual().cached()).count();
            out.println(s.variant() + ": " + ok + " of " + s.cases().size() + " as expected"
                    + (cached > 0 ? " (" + cached + " cached)" : ""));
            for (GateResult.Case c : s.cases()) {
                if (c.outcome().failed()) {
                    out.println("  " + c.property() + ": " + c.message());
                    out.println("    at " + c.where() + " (" + c.where().what() + ")");
                    if (c.outcome() == GateResult.Outcome.ERROR && common.verbose) {
                        c.actual().outputTail().forEach(l -> err.println("    | " + l));
                    }
                }
                c.notes().forEach(n -> out.println("  " + c.property() + ": " + n + " (reported, not failed)"));
            }
        }
        if (!r.stale().isEmpty()) {
            out.println((update ? "outputs that were stale" : "stale outputs") + " (" + r.stale().size() + "):");
            for (GateResult.Stale s : r.stale()) {
                out.println("  " + s.path() + " (" + s.kind().name().toLowerCase(Locale.ROOT) + ")");
                if (!update && s.kind() == GateResult.StaleKind.CHANGED) {
                    List<String> lines = s.diff().lines().toList();
                    lines.stream().limit(DIFF_LINES).forEach(l -> out.println("    " + l));
                    if (lines.size() > DIFF_LINES) {
                        out.println("    ... " + (lines.size() - DIFF_LINES) + " more lines in " + Reports.DIFF);
                    }
                }
            }
        }
        if (!r.updated().isEmpty()) {
            out.println("updated:");
            r.updated().forEach(u -> out.println("  " + u));
        }
        err.flush();
        out.flush();
    }
}
