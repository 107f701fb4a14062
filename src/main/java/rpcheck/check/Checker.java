package rpcheck.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import rpcheck.tla.Compiler;
import rpcheck.tla.Provenance;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;
import rpcheck.tlc.TlcStats;
import rpcheck.trace.Property;
import rpcheck.trace.TraceBuilder;

/**
 * Compiles a spec, writes the generated TLA+ module and cfgs, runs TLC once per property (concurrently, one
 * TLC worker each, so traces are the shortest and reproducible) and turns each outcome into a
 * {@link PropertyResult}. Every verdict comes from a TLC run.
 *
 * <p>Compile errors propagate as {@code rpcheck.diag.Diagnostics.Failed}; requests that cannot be carried out
 * as {@link CheckException}.
 */
public final class Checker {
    private static final String GEN = "gen";

    private final TlcRunner runner;
    private final Consumer<String> log;

    /** @param log receives progress lines (for --verbose); never results */
    public Checker(TlcRunner runner, Consumer<String> log) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A compiled spec and where its generated files are. */
    public record Generated(Compiler.Compiled compiled, GeneratedFiles.Written files) {
    }

    /**
     * Compiles {@code spec} with its default bounds and writes {@code <spec dir>/gen/<module>.tla} and the cfgs.
     *
     * @param root file names in diagnostics and generated comments are shown relative to this folder
     */
    public Generated generate(Path spec, Path root) {
        Compiler.Compiled c = compile(spec, root, Map.of());
        Path dir = spec.toAbsolutePath().normalize().resolveSibling(GEN);
        GeneratedFiles.Written w = GeneratedFiles.write(dir, c.output());
        w.changed().forEach(p -> log.accept("wrote " + p));
        return new Generated(c, w);
    }

    /** Generates (or, with bound overrides, generates into a temporary folder) and checks every property asked. */
    public VariantResult check(Path spec, Path root, CheckOptions opts) throws InterruptedException {
        boolean overridden = !opts.bounds().isEmpty();
        Generated gen;
        Path tmp = null;
        if (overridden) {
            Compiler.Compiled c = compile(spec, root, opts.bounds());
            tmp = tempDir();
            gen = new Generated(c, GeneratedFiles.write(tmp, c.output()));
            log.accept("bounds overridden: running from " + tmp);
        } else {
            gen = generate(spec, root);
        }
        try {
            List<PropertyResult> results = runAll(gen, opts);
            var model = gen.compiled().model();
            Path genDir = overridden && !opts.keepWorkDir() ? null : gen.files().tla().getParent();
            return new VariantResult(model.name(), display(spec, root), model.title(), model.bounds(), genDir,
                    results);
        } finally {
            if (tmp != null && !opts.keepWorkDir()) {
                deleteTree(tmp);
            }
        }
    }

    private static Compiler.Compiled compile(Path spec, Path root, Map<String, Long> bounds) {
        try {
            return Compiler.compile(spec, root, bounds);
        } catch (rpcheck.model.UsageException e) {
            // the front end's word for a bad request: an unknown --bound name, a missing or unreadable file
            throw new CheckException(CheckException.Reason.USAGE, e.getMessage(), e);
        }
    }

    private List<PropertyResult> runAll(Generated gen, CheckOptions opts) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(opts.properties().size(), r -> {
            Thread t = new Thread(r, "rpcheck-tlc");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PropertyResult>> futures = new ArrayList<>();
            for (Property p : opts.properties()) {
                futures.add(pool.submit(() -> runOne(gen, p, opts)));
            }
            List<PropertyResult> out = new ArrayList<>();
            for (Future<PropertyResult> f : futures) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static PropertyResult get(Future<PropertyResult> f) throws InterruptedException {
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

    private PropertyResult runOne(Generated gen, Property p, CheckOptions opts) {
        GeneratedFiles.Written files = gen.files();
        if (!files.cfgs().containsKey(p)) {
            String why = gen.compiled().output().notApplicable().getOrDefault(p.displayName(),
                    "this version of rpcheck does not generate it");
            return new PropertyResult(p, PropertyResult.Status.NOT_APPLICABLE, TlcStats.UNKNOWN, null, why, List.of(),
                    null, Duration.ZERO);
        }
        TlcInvocation inv = TlcInvocation.of(files.tla(), files.cfgs().get(p)).withWorkers(1)
                .withTimeout(opts.timeout()).withWorkDir(null, opts.keepWorkDir());
        if (p.liveness()) {
            // TLC otherwise checks liveness periodically during the search, at moments that depend on the
            // machine's load, and so reports a different lasso from run to run; once at the end is
            // reproducible
            inv = inv.withExtraArgs(List.of("-lncheck", "final"));
        }
        String module = gen.compiled().output().module();
        log.accept("TLC: checking " + p + " of " + module);
        long start = System.nanoTime();
        TlcResult r;
        try {
            r = runner.run(inv);
        } catch (IOException e) {
            return error(p, "cannot run TLC: " + e.getMessage(), List.of(), null, Duration.ZERO);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.accept("TLC: " + p + " of " + module + " finished in " + took.toMillis() / 1000.0 + " s");
        return interpret(p, r, gen.compiled().output().provenance(), took);
    }

    static PropertyResult interpret(Property p, TlcResult r, Provenance prov, Duration took) {
        Path work = r.output().workDir();
        if (r instanceof TlcResult.NoViolation nv) {
            return new PropertyResult(p, PropertyResult.Status.HOLDS, nv.stats(), null, null, List.of(), work, took);
        }
        if (r instanceof TlcResult.Violation v) {
            if (!matches(p, v)) {
                return error(p, "TLC reported " + v.kind() + (v.propertyName() == null ? "" : " " + v.propertyName())
                        + " while checking " + p, r.output().tail(20), work, took);
            }
            return new PropertyResult(p, PropertyResult.Status.VIOLATED, v.stats(), new TraceBuilder(prov).build(p, v),
                    null, List.of(), work, took);
        }
        if (r instanceof TlcResult.Timeout t) {
            return error(p, "TLC timed out after " + t.after().toSeconds() + " s (raise --timeout, or lower the"
                    + " bounds with --bound)", t.output().tail(5), work, took);
        }
        TlcResult.Failure f = (TlcResult.Failure) r;
        return error(p, "TLC failed: " + f.message(),
                f.outputTail(), work, took);
    }

    private static boolean matches(Property p, TlcResult.Violation v) {
        return switch (p) {
            case DEADLOCK -> v.kind() == TlcResult.Violation.Kind.DEADLOCK;
            case WAIT_CYCLE -> v.kind() == TlcResult.Violation.Kind.INVARIANT && "NoWaitCycle".equals(v.propertyName());
            case SLEEP_IN_ATOMIC -> v.kind() == TlcResult.Violation.Kind.INVARIANT
                    && "NoSleepInAtomic".equals(v.propertyName());
            case IO_ACCOUNTING -> v.kind() == TlcResult.Violation.Kind.INVARIANT
                    && "IoAccounting".equals(v.propertyName());
            case USE_AFTER_FREE -> v.kind() == TlcResult.Violation.Kind.INVARIANT
                    && "NoUseAfterFree".equals(v.propertyName());
            case LOST_ERROR, PROGRESS -> v.kind() == TlcResult.Violation.Kind.TEMPORAL;
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

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rpcheck-bounds-");
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, "cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover in the temp dir is not worth failing a check for
        }
    }
}
