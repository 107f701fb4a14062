package rpcheck.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import rpcheck.check.Compiler;
import rpcheck.tla.CodedModule;
import rpcheck.tla.Provenance;
import rpcheck.tla.TlaGenerator;
import rpcheck.tlc.Cleanup;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcMessage;
import rpcheck.tlc.TlcOutput;
import rpcheck.tlc.TlcOutputParser;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.tlc.TlcStats;
import rpcheck.model.Property;
import rpcheck.trace.TraceBuilder;

/**
 * Compiles a spec, writes the generated TLA+ module and cfgs, runs TLC (one TLC worker per run, so traces are
 * the shortest and reproducible) and turns each outcome into a {@link PropertyResult}. Every verdict comes from
 * a TLC run.
 *
 * <p>The safety properties of a spec (Deadlock, WaitCycle, SleepInAtomic, IoAccounting, UseAfterFree,
 * LockBalance, IrqUnsafeLock) with the same bounds share TLC runs: one run checks all of them ({@link TlaGenerator#cfg(String, Map, List, boolean)}),
 * with {@code -continue} and a copy of each invariant that is violated only once
 * ({@link TlaGenerator#onceModule}), so TLC reports the first violation of each invariant and searches on. TLC
 * stops at a deadlock even with {@code -continue}; a new run then checks the properties not yet decided, unless
 * the expectations record Deadlock as violated: the once module then checks it as an invariant and stops TLC once
 * every invariant is reported, so that one run decides them all (a run so stopped decides only what it reported:
 * {@link #cutShort}). TLC's
 * breadth-first search with one worker visits the states in the same order whatever it checks in them, so the
 * first violation of each property, and its trace, are those of a run that checks the property alone (its
 * {@code gen/<module>_<Property>.cfg}). A run that fails (no verdict) is repeated once per property, so a
 * failure is reported for the property that causes it. LiveWithoutAssoc and Progress share a run that can only
 * say that both hold (a lasso is searched again property by property), unless the spec's expectations record one
 * as violated ({@link CheckOptions#expected}); LostError gets a run of its own. A run whose properties the
 * expectations all record as holding searches the module for such runs ({@link TlaGenerator#holdRunModule}: Next
 * tests a guard its environment actions share once, an action of one context has self bound) with its string
 * literals as integers and short field names ({@link CodedModule}):
 * the same states, found and hashed faster; there LiveWithoutAssoc and Progress are decided without fairness, by
 * invariants on the states where fair behaviours end and a check that the graph has no cycle but stuttering
 * ({@link TlaGenerator#endCfg}). Any outcome but "holds" or a timeout is searched again in the module
 * as generated, which gives the counterexample, the values and the lines that are reported.
 *
 * <p>Compile errors propagate as {@code rpcheck.diag.Diagnostics.Failed}; requests that cannot be carried out
 * as {@link CheckException}.
 */
public final class Checker {
    /**
     * The most distinct states (by the spec's expectations) of a run that runs in a JVM without C2
     * ({@link TlcInvocation#QUICK_JVM_ARGS}): a safety run while every core has a run
     * ({@link TlcScheduler#saturated()}: C2's compiler threads then take CPU from another run), a temporal one
     * then, and a safety run even alone (it is then faster too). Measured on the fc modules, TLC alone, wall and
     * user CPU with C2 against C1 only (bench/RESULTS.md, eleventh session): safety 3,314 states 2.02 s, 2.95 s
     * against 1.38 s, 1.28 s; 17,234 states 3.23, 5.23 against 2.54, 2.44; 53,383 states 5.32, 6.98 against 5.96,
     * 5.80; 66,339 states 6.20, 8.50 against 7.22, 7.07; 159,833 states 12.0, 13.8 against 15.2, 14.9; temporal
     * 15,366 states 6.22, 8.89 against 6.99, 6.75; 23,370 states 9.07, 11.8 against 10.4, 9.9; 75,860 states 28.4,
     * 31.0 against 40.5, 38.9.
     */
    static final long QUICK_SAFETY_STATES = 70_000;
    static final long QUICK_LIVENESS_STATES = 25_000;
    static final long QUICK_SAFETY_STATES_ALONE = 20_000;

    /** Runs on TLC's distributed server take turns: they share its port. */
    private static final Object DISTRIBUTED = new Object();

    private final TlcRunner runner;
    private final Consumer<String> log;
    private final Workspace workspace;

    /** @param log receives progress lines (for --verbose); never results */
    public Checker(TlcRunner runner, Consumer<String> log) {
        this(runner, log, Workspace.BESIDE);
    }

    /**
     * @param log       receives progress lines (for --verbose); never results
     * @param workspace where bases are looked up and generated files go
     */
    public Checker(TlcRunner runner, Consumer<String> log, Workspace workspace) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.log = Objects.requireNonNull(log, "log");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
    }

    /** A compiled spec and where its generated files are. */
    public record Generated(Compiler.Compiled compiled, GeneratedFiles.Written files) {
    }

    /**
     * One TLC run: the properties it checked, what it decided, and how long it took.
     *
     * @param properties the properties in its cfg, in report order
     * @param decided    the properties this run gave their verdict (or error)
     * @param stats      TLC's statistics ({@link TlcStats#UNKNOWN} fields where it printed none)
     * @param startup    from starting the child JVM until TLC computed the initial states, or null if unknown
     * @param elapsed    wall-clock time of the run
     * @param workers    TLC workers it ran with (0: TLC's distributed server, with remote workers)
     */
    public record Run(List<Property> properties, List<Property> decided, TlcStats stats, Duration startup,
            Duration elapsed, int workers) {
        public Run {
            properties = List.copyOf(properties);
            decided = List.copyOf(decided);
        }

        public Run(List<Property> properties, List<Property> decided, TlcStats stats, Duration startup,
                Duration elapsed) {
            this(properties, decided, stats, startup, elapsed, 1);
        }
    }

    /** A spec whose TLC runs are queued on a {@link TlcScheduler}. */
    public static final class Pending {
        private final CompletableFuture<VariantResult> result;
        private final List<Run> runs;
        private final String variant;
        private final Map<Property, CompletableFuture<PropertyResult>> properties;

        private Pending(CompletableFuture<VariantResult> result, List<Run> runs, String variant,
                Map<Property, CompletableFuture<PropertyResult>> properties) {
            this.result = result;
            this.runs = runs;
            this.variant = variant;
            this.properties = properties;
        }

        /** The spec's model name. */
        public String variant() {
            return variant;
        }

        /** The properties asked, in report order. */
        public List<Property> properties() {
            return List.copyOf(properties.keySet());
        }

        /** Completes with the verdict of one property asked, as soon as it is decided. */
        public java.util.concurrent.CompletionStage<PropertyResult> decided(Property p) {
            CompletableFuture<PropertyResult> f = properties.get(p);
            if (f == null) {
                throw new IllegalArgumentException("not asked: " + p);
            }
            return f.minimalCompletionStage();
        }

        /** Waits for the verdict of one property asked (it may come before the spec's other runs end). */
        public PropertyResult await(Property p) throws InterruptedException {
            CompletableFuture<PropertyResult> f = properties.get(p);
            if (f == null) {
                throw new IllegalArgumentException("not asked: " + p);
            }
            return get(f);
        }

        /** Waits for every run of the spec. */
        public VariantResult await() throws InterruptedException {
            return get(result);
        }

        /** Completes when every run of the spec is done (exceptionally if one of them hit a bug). */
        public java.util.concurrent.CompletionStage<VariantResult> done() {
            return result.minimalCompletionStage();
        }

        /** The TLC runs done so far, in the order they finished. */
        public List<Run> runs() {
            synchronized (runs) {
                return List.copyOf(runs);
            }
        }
    }

    /**
     * Compiles {@code spec} with its default bounds and writes {@code <module>.tla} and the cfgs into its
     * {@code gen/} folder, or into the cache folder of a spec outside the repository ({@link Workspace#genDir}).
     *
     * @param root file names in diagnostics and generated comments are shown relative to this folder
     */
    public Generated generate(Path spec, Path root) {
        Compiler.Compiled c = compile(spec, root, Map.of());
        Path dir = workspace.genDir(spec);
        GeneratedFiles.Written w = GeneratedFiles.write(dir, c.output());
        w.changed().forEach(p -> log.accept("wrote " + p));
        return new Generated(c, w);
    }

    /**
     * Generates (or, with bound overrides, generates into a temporary folder) and checks every property asked,
     * with as many TLC runs at once as there are cores.
     */
    public VariantResult check(Path spec, Path root, CheckOptions opts) throws InterruptedException {
        try (TlcScheduler scheduler = new TlcScheduler(TlcScheduler.defaultThreads())) {
            Pending p = submit(spec, root, opts, scheduler);
            scheduler.start();
            return p.await();
        }
    }

    /**
     * Compiles and generates now (so compile errors and bad requests are thrown here), and queues the TLC runs
     * of every property asked on {@code scheduler}.
     */
    public Pending submit(Path spec, Path root, CheckOptions opts, TlcScheduler scheduler) {
        boolean overridden = !opts.bounds().isEmpty();
        Generated gen;
        Path tmp = null;
        if (overridden) {
            Compiler.Compiled c = compile(spec, root, opts.bounds());
            tmp = tempDir("rpcheck-bounds-");
            gen = new Generated(c, GeneratedFiles.write(tmp, c.output()));
            log.accept("bounds overridden: running from " + tmp);
        } else {
            gen = generate(spec, root);
        }
        Path cfgDir = tmp;
        try {
            if (cfgDir == null) {
                cfgDir = tempDir("rpcheck-cfg-");
            }
        } catch (RuntimeException e) {
            if (tmp != null) {
                deleteTree(tmp);
            }
            throw e;
        }
        SpecRuns ctx = new SpecRuns(gen, opts, scheduler, cfgDir);
        var model = gen.compiled().model();
        Path genDir = overridden && !opts.keepWorkDir() ? null : gen.files().tla().getParent();
        Path deleteAfter = tmp != null && opts.keepWorkDir() ? null : cfgDir;
        CompletableFuture<VariantResult> all = CompletableFuture
                .allOf(ctx.results.values().toArray(CompletableFuture[]::new))
                .thenApply(x -> new VariantResult(model.name(), display(spec, root), model.title(), model.bounds(),
                        model.propertyBounds(),
                        genDir, opts.properties().stream().map(p -> ctx.results.get(p).join()).toList()));
        all.whenComplete((r, t) -> {
            if (deleteAfter != null) {
                deleteTree(deleteAfter);
            }
        });
        ctx.start();
        return new Pending(all, ctx.runs, model.name(), ctx.results);
    }

    /** The TLC runs of one spec. */
    private final class SpecRuns {
        final Generated gen;
        final CheckOptions opts;
        final TlcScheduler scheduler;
        final Path cfgDir;
        final Map<Property, CompletableFuture<PropertyResult>> results = new LinkedHashMap<>();
        final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        /** The coded module ({@link #codedModule}): null until first asked for. */
        private Optional<Path> coded;

        SpecRuns(Generated gen, CheckOptions opts, TlcScheduler scheduler, Path cfgDir) {
            this.gen = gen;
            this.opts = opts;
            this.scheduler = scheduler;
            this.cfgDir = cfgDir;
            opts.properties().forEach(p -> results.put(p, new CompletableFuture<>()));
        }

        void start() {
            List<Property> safety = new ArrayList<>();
            List<Property> liveness = new ArrayList<>();
            for (Property p : opts.properties()) {
                if (!gen.files().cfgs().containsKey(p)) {
                    String why = gen.compiled().output().notApplicable().getOrDefault(p.displayName(),
                            "this version of rpcheck does not generate it");
                    results.get(p).complete(new PropertyResult(p, PropertyResult.Status.NOT_APPLICABLE,
                            TlcStats.UNKNOWN, null, why, List.of(), null, Duration.ZERO));
                } else if (p.liveness() && opts.search() instanceof Search.Simulation) {
                    results.get(p).complete(error(p, "a simulation checks safety properties only (TLC checks a"
                            + " liveness property on a complete state graph)", List.of(), null, Duration.ZERO));
                } else if (p.liveness()) {
                    liveness.add(p);
                } else {
                    safety.add(p);
                }
            }
            queueLiveness(liveness);
            // safety properties share a run when their bounds are the same (a bound may have another value for a
            // property: 'bound admin_cmds = 0 (IoAccounting: 1)')
            safety.sort(null); // declaration order, whatever order they were asked in
            Map<Map<String, Long>, List<Property>> byBounds = byBounds(safety);
            if (opts.search() instanceof Search.Distributed d) {
                byBounds.values().forEach(group -> queueDistributed(group, d));
                return;
            }
            // a simulation stops at its first violation (TLC's -continue is for a complete search)
            Mode mode = opts.search() instanceof Search.Simulation ? Mode.FIRST : Mode.SHARED;
            byBounds.values().forEach(group -> queue(group, mode, mode == Mode.SHARED, expectedToHold(group)));
        }

        /**
         * Queues the runs of temporal properties: those with a form without a tableau and the same bounds share
         * one run (TLC's fairness bookkeeping, most of the cost, is then done once), which decides that they all
         * hold; if it finds a lasso, each is checked alone (TLC does not say which property a lasso violates), so
         * every verdict and counterexample is that of the property's own run. The others run alone, and so does a
         * property the spec's expectations record as violated (its shared run would only be repeated).
         */
        private void queueLiveness(List<Property> liveness) {
            List<Property> sharing = new ArrayList<>();
            for (Property p : liveness) {
                if (opts.search() instanceof Search.Exhaustive && TlaGenerator.sharesLivenessRun(p.displayName())
                        && !opts.expectedViolated(p)) {
                    sharing.add(p);
                } else {
                    queue(List.of(p), Mode.SHARED, true, expectedToHold(List.of(p)));
                }
            }
            byBounds(sharing).values().forEach(group -> queue(group, Mode.SHARED, true, expectedToHold(group)));
        }

        /**
         * Whether the expectations say that a run of {@code props} is small enough for a JVM without C2
         * ({@link TlcInvocation#QUICK_JVM_ARGS}): every property has a recorded state count, none above the
         * threshold for a safety or a temporal run while every core has a run, or for a safety run when a core is
         * free ({@link #QUICK_SAFETY_STATES} and the next two).
         */
        private boolean quick(List<Property> props) {
            long most = 0;
            for (Property p : props) {
                CheckOptions.Hint h = opts.expected().get(p);
                if (h == null || h.states() == null) {
                    return false;
                }
                most = Math.max(most, h.states());
            }
            boolean saturated = scheduler.saturated();
            if (props.get(0).liveness()) {
                return saturated && most <= QUICK_LIVENESS_STATES;
            }
            return most <= (saturated ? QUICK_SAFETY_STATES : QUICK_SAFETY_STATES_ALONE);
        }

        /** {@code props} in groups of the same bounds (a bound may have another value for a property), in order. */
        private Map<Map<String, Long>, List<Property>> byBounds(List<Property> props) {
            Map<Map<String, Long>, List<Property>> groups = new LinkedHashMap<>();
            for (Property p : props) {
                groups.computeIfAbsent(gen.compiled().model().boundsFor(p.displayName()), k -> new ArrayList<>())
                        .add(p);
            }
            return groups;
        }

        /** TLC workers a run may ask for ({@link Search.Exhaustive#maxWorkers}); one for any other search. */
        int maxWorkers(boolean expectedToHold) {
            return opts.search() instanceof Search.Exhaustive e ? e.maxWorkers(expectedToHold, scheduler.cores()) : 1;
        }

        /**
         * Whether the first run of {@code props} may search the module for runs expected to hold, its literals as
         * integers ({@link #codedModule}): an exhaustive search, every property of which the spec's expectations
         * record as holding. Such a run can only say that they hold; any other outcome is searched again with the
         * module as generated (a wrong hint costs time, not a different result).
         */
        private boolean expectedToHold(List<Property> props) {
            if (!(opts.search() instanceof Search.Exhaustive)) {
                return false;
            }
            for (Property p : props) {
                CheckOptions.Hint h = opts.expected().get(p);
                if (h == null || h.violated()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Queues one TLC run of {@code props}. {@code scout}: it may run with several workers (then a violation it
         * finds is searched again with one); otherwise it runs with one. {@code expectedToHold}: the spec's
         * expectations record every property of it as holding ({@link #expectedToHold}), so it searches the module
         * for runs expected to hold where the module allows it ({@link #codedModule}), and with {@code check}'s
         * default search it may use several workers.
         */
        void queue(List<Property> props, Mode mode, boolean scout, boolean expectedToHold) {
            int max = scout ? maxWorkers(expectedToHold) : 1;
            CompletableFuture<Void> f = scheduler.submit(cost(gen, props), max, workers -> {
                run(props, mode, scout, workers, expectedToHold);
                return null;
            });
            f.whenComplete((x, t) -> failIfNotRun(props, t));
        }

        /**
         * Queues a run of {@code props} on TLC's distributed server (one at a time: they share the port), without
         * the once-module (TLC's distributed mode has no TLCGet/TLCSet). A complete search without an error
         * decides that they hold; anything else is searched again here.
         */
        void queueDistributed(List<Property> props, Search.Distributed d) {
            CompletableFuture<Void> f = scheduler.submit(cost(gen, props), 1, workers -> {
                synchronized (DISTRIBUTED) {
                    runDistributed(props, d);
                }
                return null;
            });
            f.whenComplete((x, t) -> failIfNotRun(props, t));
        }

        /** What one TLC run gave, and how long it took. */
        private record Ran(TlcResult result, Duration took) {
        }

        /**
         * Runs TLC as {@code inv} says; null where no verdict follows: TLC could not be started (each of
         * {@code props} then has an error), or rpcheck is being stopped (Ctrl-C: the shutdown hook killed this TLC,
         * what it printed is no result, and no run follows).
         */
        private Ran runTlc(List<Property> props, TlcInvocation inv) {
            long start = System.nanoTime();
            TlcResult r;
            try {
                r = runner.run(inv);
            } catch (IOException e) {
                if (!Cleanup.stopping()) {
                    failAll(props, "cannot run TLC: " + e.getMessage());
                }
                return null;
            }
            return Cleanup.stopping() ? null : new Ran(r, Duration.ofNanos(System.nanoTime() - start));
        }

        /** A queued run that did not run ({@code t}: cancelled as the scheduler closed, or a bug): no verdict. */
        private void failIfNotRun(List<Property> props, Throwable t) {
            if (t != null) {
                failAll(props, t instanceof java.util.concurrent.CancellationException ? "cancelled"
                        : "internal error: " + t);
            }
        }

        /** Each of {@code props} ends in an error, {@code message}, without a TLC run to show. */
        private void failAll(List<Property> props, String message) {
            props.forEach(p -> results.get(p).complete(error(p, message, List.of(), null, Duration.ZERO)));
        }

        private void runDistributed(List<Property> props, Search.Distributed d) {
            String module = gen.compiled().output().module();
            String names = names(props);
            TlcInvocation inv;
            try {
                // the server ignores the cfg's CHECK_DEADLOCK: TLC's -deadlock switch turns the check off
                inv = invocation(props, false, 1, gen.files().tla(), false)
                        .withMainClass(TlcInvocation.DISTRIBUTED_SERVER)
                        .withJvmArgs(rpcheck.tlc.DistributedTlc.serverJvmArgs(d.host(), d.port()))
                        .withCheckDeadlock(props.contains(Property.DEADLOCK));
            } catch (IOException e) {
                failAll(props, "cannot write a TLC config: " + e.getMessage());
                return;
            }
            log.accept("TLC server on " + d.host() + ":" + d.port() + ": checking " + names + " of " + module
                    + " (waiting for workers: rpcheck worker --server " + d.host() + ":" + d.port() + ")");
            Ran ran = runTlc(props, inv);
            if (ran == null) {
                return;
            }
            TlcResult r = ran.result();
            Duration took = ran.took();
            log.accept("TLC server: " + names + " of " + module + " finished in " + took.toMillis() / 1000.0 + " s");
            if (r instanceof TlcResult.Failure f && TlcOutputParser.completedSearch(f.output())) {
                // the search was complete when TLC's server failed (as it shut down): the verdict stands
                log.accept("TLC server: " + names + " of " + module + ": complete search without a violation; TLC"
                        + " reported an error after it (" + whyNoVerdict(r) + ")");
                r = new TlcResult.NoViolation(stats(r), r.output());
            }
            if (r instanceof TlcResult.NoViolation || r instanceof TlcResult.Timeout) {
                complete(decide(props, r), props, r, stats(r), took, 0);
                return;
            }
            // TLC 2.18's distributed server reports an error with a trace (often not the behaviour that leads
            // to it) but without saying what was violated: search these properties again here, with one worker,
            // which decides them and gives the shortest counterexample
            runs.add(new Run(props, List.of(), stats(r), r.output().startup(), took, 0));
            log.accept("TLC server: " + names + " of " + module + " ended without a verdict (" + whyNoVerdict(r)
                    + "); searching again here with one worker");
            if (r instanceof TlcResult.Failure f) {
                f.outputTail().forEach(line -> log.accept("  TLC server: " + line));
            }
            queue(props, Mode.SHARED, false, false);
        }

        /** What a run that is not a complete search (a distributed or shared one) reported, in a few words. */
        private static String whyNoVerdict(TlcResult r) {
            if (r instanceof TlcResult.Violation) {
                return "TLC reported an error, without saying what was violated";
            }
            String why = r instanceof TlcResult.Failure f ? f.message() : r.getClass().getSimpleName();
            return why.lines().findFirst().orElse("").strip();
        }

        /**
         * The module for runs expected to hold ({@link TlaGenerator#holdRunModule}) with its literals as integers
         * and short field names ({@link CodedModule}), written on first use; empty where it cannot be coded.
         */
        private Optional<Path> codedModule() throws IOException {
            synchronized (this) {
                if (coded == null) {
                    Optional<String> text = CodedModule.of(TlaGenerator.holdRunModule(gen.compiled().program(),
                            gen.compiled().output().module()));
                    if (text.isPresent()) {
                        Path dir = Files.createDirectories(cfgDir.resolve("coded"));
                        Path tla = dir.resolve(gen.files().tla().getFileName());
                        Files.writeString(tla, text.get(), StandardCharsets.UTF_8);
                        coded = Optional.of(tla);
                    } else {
                        coded = Optional.empty();
                    }
                }
                return coded;
            }
        }

        private void run(List<Property> props, Mode mode, boolean scout, int workers, boolean codedRun) {
            if (Cleanup.stopping()) {
                return; // queued before Ctrl-C: rpcheck is being stopped, start nothing
            }
            String module = gen.compiled().output().module();
            String names = props.stream().map(Property::displayName).collect(Collectors.joining(", "));
            // several safety properties: one run reports the first violation of each (see onceModule)
            boolean once = mode == Mode.SHARED && props.size() > 1 && !props.get(0).liveness();
            TlcInvocation inv;
            Path tla;
            boolean atEnd;
            try {
                tla = codedRun ? codedModule().orElse(gen.files().tla()) : gen.files().tla();
                atEnd = atEnd(props, tla);
                inv = invocation(props, once, workers, tla, atEnd);
            } catch (IOException e) {
                failAll(props, "cannot write a TLC config: " + e.getMessage());
                return;
            }
            String how = workers == 1 ? "" : " with " + workers + " workers";
            boolean coded = !tla.equals(gen.files().tla());
            log.accept("TLC: checking " + names + " of " + module + how
                    + (inv.jvmArgs().equals(TlcInvocation.QUICK_JVM_ARGS) ? " (a small run: C1 only)" : "")
                    + (coded ? " (expected to hold: shared guards once, self bound, literals as integers, short fields"
                            + (atEnd ? "; where fair behaviours end" : "") + ")" : ""));
            Ran ran = runTlc(props, inv);
            if (ran == null) {
                return;
            }
            TlcResult r = ran.result();
            Duration took = ran.took();
            log.accept("TLC: " + names + " of " + module + how + " finished in " + took.toMillis() / 1000.0 + " s");
            TlcStats stats = stats(r);
            if (coded && !(r instanceof TlcResult.NoViolation || r instanceof TlcResult.Timeout)) {
                // the coded module is only for saying "holds": a trace or an error is searched for again in the
                // module as generated, whose values and lines it reports
                runs.add(new Run(props, List.of(), stats, r.output().startup(), took, workers));
                // a lasso of a shared liveness run is one of the module as generated too: its properties are
                // checked one by one there at once (the shared run could only find the lasso again)
                boolean oneByOne = props.size() > 1 && props.get(0).liveness() && r instanceof TlcResult.Violation;
                log.accept("TLC: " + names + " of " + module + " in the module for runs expected to hold: "
                        + (r instanceof TlcResult.Violation ? "a violation" : "no verdict (" + whyNoVerdict(r) + ")")
                        + ", which the expectations do not record; searching again in the module as generated"
                        + (oneByOne ? ", one by one" : ""));
                if (oneByOne) {
                    props.forEach(p -> queue(List.of(p), Mode.SHARED, true, false));
                } else {
                    queue(props, mode, scout, false);
                }
                return;
            }
            if (opts.search() instanceof Search.Simulation sim && simulationEnded(r)) {
                String found = "no violation found in " + sim.traces() + " behaviours of depth <= " + sim.depth()
                        + " (TLC simulation, seed " + sim.seed() + "; not a proof that it holds)";
                runs.add(new Run(props, props, stats, r.output().startup(), took));
                props.forEach(p -> results.get(p).complete(new PropertyResult(p,
                        PropertyResult.Status.NO_VIOLATION_FOUND, stats, null, found, List.of(),
                        r.output().workDir(), took)));
                return;
            }
            if (props.size() > 1 && props.get(0).liveness()
                    && !(r instanceof TlcResult.NoViolation || r instanceof TlcResult.Timeout)) {
                runs.add(new Run(props, List.of(), stats, r.output().startup(), took, workers));
                log.accept("TLC: " + names + " of " + module + (r instanceof TlcResult.Violation
                        ? ": a lasso violates one of them (TLC does not say which)"
                        : " failed (" + whyNoVerdict(r) + ")") + "; checking them one by one");
                props.forEach(p -> queue(List.of(p), Mode.SHARED, true, false));
                return;
            }
            if (workers > 1) {
                scouted(props, once, r, stats, took, workers);
                return;
            }
            Outcome o = once ? decideContinued(props, r) : decide(props, r);
            if (o == null) {
                // no verdict, maybe because of one property (an invariant TLC cannot evaluate): ask each alone,
                // so that the failure is reported for the property that causes it
                runs.add(new Run(props, List.of(), stats, r.output().startup(), took));
                log.accept("TLC: " + names + " of " + module + " failed; checking them one by one");
                props.forEach(p -> queue(List.of(p), Mode.SHARED, false, false));
                return;
            }
            complete(o, props, r, stats, took, 1);
            if (!o.rest().isEmpty()) {
                // the rest of a shared run (after a deadlock) may again use several workers; the rest of a
                // FIRST run were found violated and need one
                queue(o.rest(), mode, mode == Mode.SHARED, false);
            }
        }

        /**
         * What a run with several workers decides: the properties it found no violation of in a complete search
         * hold; the ones it found violated are searched again with one worker (stopping at the first violation),
         * for the shortest counterexample; after a deadlock stopped it, the others are searched again as before.
         */
        private void scouted(List<Property> props, boolean once, TlcResult r, TlcStats stats, Duration took,
                int workers) {
            Scouted s = decideScouted(props, once, r);
            Outcome o = new Outcome(s.holdsOrError(), List.of());
            runs.add(new Run(props, o.decided(), stats, r.output().startup(), took, workers));
            o.results().forEach((p, result) -> results.get(p).complete(
                    interpret(p, result, gen.compiled().output().provenance(), gen.compiled().program(), took)));
            if (!s.violated().isEmpty()) {
                log.accept("TLC: " + names(s.violated()) + " violated; searching again with one worker for the"
                        + " shortest counterexample");
                queue(s.violated(), Mode.FIRST, false, false);
            }
            if (!s.again().isEmpty()) {
                queue(s.again(), Mode.SHARED, true, false);
            }
            if (!s.alone().isEmpty()) {
                s.alone().forEach(p -> queue(List.of(p), Mode.SHARED, false, false));
            }
        }

        private void complete(Outcome o, List<Property> props, TlcResult r, TlcStats stats, Duration took,
                int workers) {
            Provenance prov = gen.compiled().output().provenance();
            runs.add(new Run(props, o.decided(), stats, r.output().startup(), took, workers));
            o.results().forEach((p, result) -> results.get(p).complete(
                    interpret(p, result, prov, gen.compiled().program(), took)));
        }

        /**
         * Whether the run of {@code props} on {@code tla} is a search of the states where fair behaviours end
         * ({@link TlaGenerator#endCfg}): temporal properties that each have such a form, in the module for runs
         * expected to hold (which has the End_ invariants and Settles). Like every run of that module it can only
         * say that they hold; anything else is searched again in the module as generated, under fairness.
         */
        private boolean atEnd(List<Property> props, Path tla) {
            return !tla.equals(gen.files().tla())
                    && props.stream().allMatch(p -> TlaGenerator.decidedAtEnd(p.displayName()));
        }

        /**
         * Writes {@code text} as {@code <module>_<names><suffix>.cfg} in a folder of the run's own (runs of one spec
         * may be under way at once) and returns its path.
         */
        private Path writeCfg(List<String> names, String suffix, String text) throws IOException {
            String joined = String.join("+", names);
            Path dir = Files.createDirectories(cfgDir.resolve(joined + suffix.replace('_', '+')));
            Path cfg = dir.resolve(gen.compiled().output().module() + "_" + joined + suffix + ".cfg");
            Files.writeString(cfg, text, StandardCharsets.UTF_8);
            return cfg;
        }

        /**
         * The TLC run of {@code props} on {@code tla} (the module as generated, or its coded form); {@code atEnd}:
         * a search of the states where fair behaviours end ({@link #atEnd}).
         */
        private TlcInvocation invocation(List<Property> props, boolean once, int workers, Path tla, boolean atEnd)
                throws IOException {
            TlcInvocation inv;
            String module = gen.compiled().output().module();
            List<String> names = props.stream().map(Property::displayName).toList();
            Map<String, Long> bounds = gen.compiled().model().boundsFor(names.get(0));
            if (atEnd) {
                inv = TlcInvocation.of(tla, writeCfg(names, "_end", TlaGenerator.endCfg(module, bounds, names)));
            } else if (props.size() == 1) {
                inv = TlcInvocation.of(tla, gen.files().cfgs().get(props.get(0)));
            } else {
                // what the expectations record as violated: a deadlock is then checked as an invariant, so that
                // it does not end the run before the others are found (a wrong hint costs time, not a verdict)
                java.util.Set<String> violated = props.stream().filter(opts::expectedViolated)
                        .map(Property::displayName).collect(Collectors.toSet());
                Path cfg = writeCfg(names, "", TlaGenerator.cfg(module, bounds, names, once, violated));
                if (once) {
                    Path wrapper = cfg.resolveSibling(TlaGenerator.onceModuleName(module) + ".tla");
                    Files.writeString(wrapper, TlaGenerator.onceModule(module, names, violated),
                            StandardCharsets.UTF_8);
                    inv = TlcInvocation.of(wrapper, cfg).withExtraFiles(List.of(tla))
                            .withExtraArgs(List.of("-continue"));
                } else {
                    inv = TlcInvocation.of(tla, cfg);
                }
            }
            inv = inv.withWorkers(workers).withTimeout(opts.timeout()).withWorkDir(null, opts.keepWorkDir());
            if (opts.search() instanceof Search.Simulation sim) {
                inv = inv.withExtraArgs(List.of("-simulate", "num=" + sim.traces(), "-depth",
                        Integer.toString(sim.depth()), "-seed", Long.toString(sim.seed())));
            }
            if (opts.search() instanceof Search.Exhaustive && quick(props)) {
                inv = inv.withJvmArgs(TlcInvocation.QUICK_JVM_ARGS);
            }
            if (props.get(0).liveness()) {
                // TLC otherwise checks liveness periodically during the search, at moments that depend on the
                // machine's load, and so reports a different lasso from run to run; once at the end is
                // reproducible
                inv = inv.withExtraArgs(List.of("-lncheck", "final"));
            }
            return inv;
        }
    }

    /**
     * How a run of several properties goes on after a violation. SHARED: with {@code -continue} (several safety
     * properties; one property alone stops at its violation), the rest after a deadlock in another run. FIRST:
     * TLC stops at the first violation, which decides one property; the rest get another run (for properties
     * already known to be violated, whose first violations are found sooner than a whole search).
     */
    enum Mode { SHARED, FIRST }

    /**
     * What a run with several workers decided.
     *
     * @param holdsOrError the properties it gives a verdict: hold (complete search, no violation) or an error
     *                     (timeout, a failure of one property alone)
     * @param violated     found violated: to be searched again with one worker, for the shortest counterexample
     * @param again        not reached before a deadlock stopped the search: to be searched again
     * @param alone        a failure of a run of several: each to be checked alone, with one worker
     */
    record Scouted(Map<Property, TlcResult> holdsOrError, List<Property> violated, List<Property> again,
            List<Property> alone) {
    }

    static Scouted decideScouted(List<Property> props, boolean once, TlcResult r) {
        if (r instanceof TlcResult.NoViolation || r instanceof TlcResult.Timeout) {
            return new Scouted(decide(props, r).results(), List.of(), List.of(), List.of());
        }
        if (r instanceof TlcResult.Failure) {
            return props.size() == 1 ? new Scouted(decide(props, r).results(), List.of(), List.of(), List.of())
                    : new Scouted(Map.of(), List.of(), List.of(), props);
        }
        if (!once) { // one property (or one run of several that stopped at a violation): search it again
            return new Scouted(Map.of(), props, List.of(), List.of());
        }
        // several workers report an invariant's violation once each (TLC's registers are the worker's)
        TlcOutputParser.Reported rep = TlcOutputParser.interpretContinued(r.output());
        List<Property> violated = new ArrayList<>();
        for (TlcResult.Violation named : named(rep)) {
            Property p = props.stream().filter(q -> matches(q, named)).findFirst().orElse(null);
            if (p == null) { // a violation of none of them: each again with one worker
                return new Scouted(Map.of(), List.of(), List.of(), props);
            }
            if (!violated.contains(p)) {
                violated.add(p);
            }
        }
        violated.sort(null);
        List<Property> rest = props.stream().filter(p -> !violated.contains(p)).toList();
        if (rep.completed() && cutShort(r) && !rest.isEmpty()) { // stopped by the once module: not a whole search
            return new Scouted(Map.of(), violated, List.of(), rest);
        }
        if (rep.completed()) {
            Map<Property, TlcResult> holds = new LinkedHashMap<>();
            TlcResult none = new TlcResult.NoViolation(stats(r), r.output());
            rest.forEach(p -> holds.put(p, none));
            return new Scouted(holds, violated, List.of(), List.of());
        }
        List<TlcResult.Violation> vs = rep.violations();
        if (!vs.isEmpty() && vs.get(vs.size() - 1).kind() == TlcResult.Violation.Kind.DEADLOCK) {
            return new Scouted(Map.of(), violated, rest, List.of());
        }
        return new Scouted(Map.of(), List.of(), List.of(), props);
    }

    private static String names(List<Property> ps) {
        return ps.stream().map(Property::displayName).collect(Collectors.joining(", "));
    }

    /**
     * What one TLC run of {@code props} decides: for each property it gives a verdict (or an error), the result
     * to read it from; and the properties left for another run.
     */
    record Outcome(Map<Property, TlcResult> results, List<Property> rest) {
        Outcome {
            results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
            rest = List.copyOf(rest);
        }

        /** The properties this run decides, in the order of {@link #results()}. */
        List<Property> decided() {
            return List.copyOf(results.keySet());
        }
    }

    /**
     * A violation decides the property it violates; the others are checked again without it (a breadth-first
     * search reaches their first violation, if any, after this one). Everything else decides all of them: no
     * violation means each holds; a timeout, a failure or a violation of none of them leaves each without a
     * verdict. Null for a failure of a run of several properties (to be retried one by one).
     */
    static Outcome decide(List<Property> props, TlcResult r) {
        if (props.size() > 1 && r instanceof TlcResult.Failure) {
            return null;
        }
        if (r instanceof TlcResult.Violation v) {
            for (Property p : props) {
                if (matches(p, v)) {
                    List<Property> rest = new ArrayList<>(props);
                    rest.remove(p);
                    return new Outcome(Map.of(p, r), rest);
                }
            }
        }
        Map<Property, TlcResult> all = new LinkedHashMap<>();
        props.forEach(p -> all.put(p, r));
        return new Outcome(all, List.of());
    }

    /**
     * What a run of several safety properties with {@code -continue} and the {@link TlaGenerator#onceModule}
     * copies decides. Each violation TLC reports is the first violation of its invariant in breadth-first order,
     * so its trace is that of a run that checks the invariant alone. If TLC then searched the whole state space,
     * the properties it reported no violation of hold. TLC stops at a deadlock even with {@code -continue}: the
     * properties not violated before it are checked again. A timeout decides all of them (no verdict). Null
     * (retry one by one) for a failure, or for a violation that names none of them.
     */
    static Outcome decideContinued(List<Property> props, TlcResult r) {
        if (r instanceof TlcResult.Timeout) {
            return decide(props, r);
        }
        if (r instanceof TlcResult.Failure) {
            return null;
        }
        TlcOutputParser.Reported rep = TlcOutputParser.interpretContinued(r.output());
        Map<Property, TlcResult> decided = new LinkedHashMap<>();
        for (TlcResult.Violation named : named(rep)) {
            Property p = props.stream().filter(q -> matches(q, named)).findFirst().orElse(null);
            if (p == null || decided.containsKey(p)) {
                return null;
            }
            decided.put(p, named);
        }
        List<Property> rest = props.stream().filter(p -> !decided.containsKey(p)).toList();
        if (rep.completed() && cutShort(r) && !rest.isEmpty()) { // stopped by the once module: not a whole search
            return null;
        }
        if (rep.completed()) {
            TlcResult none = new TlcResult.NoViolation(stats(r), r.output());
            rest.forEach(p -> decided.put(p, none));
            return new Outcome(decided, List.of());
        }
        List<TlcResult.Violation> vs = rep.violations();
        if (!vs.isEmpty() && vs.get(vs.size() - 1).kind() == TlcResult.Violation.Kind.DEADLOCK) {
            return new Outcome(decided, rest);
        }
        return null;
    }

    /**
     * Whether a TLC simulation ran all its behaviours without a violation: TLC then prints no verdict, only that
     * it finished (message 2186), and exits with 0.
     */
    static boolean simulationEnded(TlcResult r) {
        if (!(r instanceof TlcResult.Failure f)) {
            return false;
        }
        TlcOutput out = f.output();
        return out.exitCode() != null && out.exitCode() == 0
                && out.allMessages().stream().anyMatch(m -> m.code() == TlcOutputParser.FINISHED)
                && out.allMessages().stream().noneMatch(m -> m.severity() == TlcMessage.ERROR
                        || m.severity() == TlcMessage.TLCBUG);
    }

    /** TLC's statistics of a run, {@link TlcStats#UNKNOWN} for a failure or timeout. */
    private static TlcStats stats(TlcResult r) {
        return r instanceof TlcResult.NoViolation nv ? nv.stats()
                : r instanceof TlcResult.Violation v ? v.stats() : TlcStats.UNKNOWN;
    }

    /**
     * The estimated cost of a run, to start the longest first (larger first; any unit). A liveness run costs
     * several times a safety search of the same bounds, and a bound that a property raises above the spec's value
     * multiplies the states (or divides them, lowered): measured on smart (bench/RESULTS.md, 2026-12-04), its
     * IoAccounting run, two bounds raised, took 5 times its UseAfterFree run and twice its Progress run, which
     * lowers one; tcp's liveness runs, one fault, search 2,754 states against its safety run's 156,046. Started
     * after the liveness runs, smart's IoAccounting ran alone on one core at the end.
     */
    static double cost(Generated gen, List<Property> props) {
        double size = gen.compiled().output().tla().length();
        double kind = props.contains(Property.PROGRESS) || props.contains(Property.LIVE_WITHOUT_ASSOC) ? 3
                : props.contains(Property.LOST_ERROR) ? 2.5 : 1;
        rpcheck.model.Model m = gen.compiled().model();
        Map<String, Long> spec = m.bounds();
        double scale = 1;
        for (Map.Entry<String, Long> b : m.boundsFor(props.get(0).displayName()).entrySet()) {
            long d = b.getValue() - spec.getOrDefault(b.getKey(), b.getValue());
            scale *= Math.pow(4, d);
        }
        return size * kind * scale;
    }

    private Compiler.Compiled compile(Path spec, Path root, Map<String, Long> bounds) {
        try {
            return Compiler.compile(spec, workspace.loader(root), bounds);
        } catch (rpcheck.model.UsageException e) {
            // the front end's word for a bad request: an unknown --bound name, a missing or unreadable file
            throw new CheckException(CheckException.Reason.USAGE, e.getMessage(), e);
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    static PropertyResult interpret(Property p, TlcResult r, Provenance prov, Duration took) {
        return interpret(p, r, prov, null, took);
    }

    /** With the lowered program, the trace names the statements inside each step and the steps that matter. */
    static PropertyResult interpret(Property p, TlcResult r, Provenance prov, rpcheck.model.Ir.Program program,
            Duration took) {
        Path work = r.output().workDir();
        if (r instanceof TlcResult.NoViolation nv) {
            return new PropertyResult(p, PropertyResult.Status.HOLDS, nv.stats(), null, null, List.of(), work, took,
                    r.output().cached());
        }
        if (r instanceof TlcResult.Violation v) {
            if (!matches(p, v)) {
                return error(p, "TLC reported " + v.kind() + (v.propertyName() == null ? "" : " " + v.propertyName())
                        + " while checking " + p, r.output().tail(20), work, took);
            }
            TraceBuilder tb = program == null ? new TraceBuilder(prov) : new TraceBuilder(prov, program);
            return new PropertyResult(p, PropertyResult.Status.VIOLATED, v.stats(), tb.build(p, v),
                    null, List.of(), work, took, r.output().cached());
        }
        if (r instanceof TlcResult.Timeout t) {
            TlcStats far = TlcOutputParser.statsSoFar(t.output());
            String got = far.distinct() < 0 ? "" : String.format(Locale.ROOT, " with %,d distinct states found and"
                    + " %,d left on its queue", far.distinct(), far.left());
            return error(p, "TLC timed out after " + t.after().toSeconds() + " s" + got + " (raise --timeout, or lower"
                    + " the bounds with --bound)", t.output().tail(5), work, took);
        }
        TlcResult.Failure f = (TlcResult.Failure) r;
        return error(p, "TLC failed: " + f.message(),
                f.outputTail(), work, took);
    }

    /**
     * Every violation a once module's run reports, in the terms of the properties ({@link #unOnce}): each report,
     * and after it, with the same trace, each invariant that its last state breaks too (TLC reports one a state;
     * the once module names the others, {@link TlaGenerator#onceModule}).
     */
    private static List<TlcResult.Violation> named(TlcOutputParser.Reported rep) {
        List<TlcResult.Violation> out = new ArrayList<>();
        for (int k = 0; k < rep.violations().size(); k++) {
            TlcResult.Violation v = rep.violations().get(k);
            out.add(unOnce(v));
            for (String also : rep.also().get(k)) {
                out.add(unOnce(v.withPropertyName(also)));
            }
        }
        return out;
    }

    /**
     * A violation as a once module's run reports it, in the terms of the property: the {@value
     * TlaGenerator#ONCE_PREFIX} copy's name without the prefix, and the deadlock invariant as TLC's deadlock.
     */
    private static TlcResult.Violation unOnce(TlcResult.Violation v) {
        if (v.propertyName() == null || !v.propertyName().startsWith(TlaGenerator.ONCE_PREFIX)) {
            return v;
        }
        String name = v.propertyName().substring(TlaGenerator.ONCE_PREFIX.length());
        if (v.kind() == TlcResult.Violation.Kind.INVARIANT && name.equals(TlaGenerator.DEADLOCK_INVARIANT)) {
            return new TlcResult.Violation(TlcResult.Violation.Kind.DEADLOCK, null, v.trace(), v.loopBackTo(),
                    v.stats(), v.output());
        }
        return v.withPropertyName(name);
    }

    /**
     * Whether TLC ended with states left on its queue although it reported success: a once module stopped it
     * once every invariant was reported ({@code TLCSet("exit", TRUE)}), so what it did not report is undecided.
     */
    private static boolean cutShort(TlcResult r) {
        TlcStats s = stats(r);
        return s.isKnown() && s.left() > 0;
    }

    private static boolean matches(Property p, TlcResult.Violation v) {
        return switch (p) {
            case DEADLOCK -> v.kind() == TlcResult.Violation.Kind.DEADLOCK;
            case LOST_ERROR, LIVE_WITHOUT_ASSOC, PROGRESS -> v.kind() == TlcResult.Violation.Kind.TEMPORAL;
            default -> v.kind() == TlcResult.Violation.Kind.INVARIANT
                    && Objects.equals(TlaGenerator.invariant(p.displayName()), v.propertyName());
        };
    }

    private static PropertyResult error(Property p, String message, List<String> tail, Path work, Duration took) {
        return new PropertyResult(p, PropertyResult.Status.ERROR, TlcStats.UNKNOWN, null, message, tail, work, took);
    }

    private static String display(Path spec, Path root) {
        Path abs = spec.toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return (abs.startsWith(r) ? r.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private static Path tempDir(String prefix) {
        try {
            return Cleanup.register(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, "cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        Cleanup.unregister(dir);
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover in the temp dir is not worth failing a check for
        }
    }
}
