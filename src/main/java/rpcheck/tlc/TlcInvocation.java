package rpcheck.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to model check and how.
 *
 * @param tlaFile       the root module ({@code Name.tla}); it is copied into the work directory
 * @param cfgFile       the TLC configuration; copied into the work directory and passed with {@code -config}
 * @param workers       TLC worker threads ({@code -workers}); use 1 for reproducible traces
 * @param timeout       wall-clock limit; when exceeded TLC is killed and the result is {@link TlcResult.Timeout}
 * @param extraArgs     further TLC arguments, placed before the spec file name
 * @param workDir       the directory in which a fresh work directory is created; null: the system temp dir
 * @param keepWorkDir   keep the work directory (with TLC's {@code states/} metadir) after the run; its path is
 *                      then {@link TlcOutput#workDir()}
 * @param checkDeadlock false passes TLC's {@code -deadlock} switch, which DISABLES deadlock checking and overrides
 *                      the cfg; true leaves it to the cfg ({@code CHECK_DEADLOCK}, which TLC 2.18 honours;
 *                      default: checked)
 * @param jvmArgs       options for the child JVM (default {@link #DEFAULT_JVM_ARGS})
 * @param extraFiles    further files (e.g. modules the root module EXTENDS) copied into the work directory
 * @param mainClass     TLC's entry point: {@value #TLC} (default), or {@value #DISTRIBUTED_SERVER} for TLC's
 *                      distributed server, which waits for TLC workers ({@code TLCWorker}) to do the search
 */
public record TlcInvocation(Path tlaFile, Path cfgFile, int workers, Duration timeout, List<String> extraArgs,
                            Path workDir, boolean keepWorkDir, boolean checkDeadlock, List<String> jvmArgs,
                            List<Path> extraFiles, String mainClass) {

    public static final String TLC = "tlc2.TLC";
    public static final String DISTRIBUTED_SERVER = "tlc2.tool.distributed.TLCServer";

    /** 4 GiB heap and the throughput collector TLC asks for. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx4g", "-XX:+UseParallelGC");

    /**
     * {@link #DEFAULT_JVM_ARGS} with HotSpot's first compiler only (C1, {@code -XX:TieredStopAtLevel=1}): for a run
     * of a few seconds, C2's compiler threads cost more CPU than the faster code they make saves.
     */
    public static final List<String> QUICK_JVM_ARGS = java.util.stream.Stream.concat(DEFAULT_JVM_ARGS.stream(),
            java.util.stream.Stream.of("-XX:TieredStopAtLevel=1")).toList();

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public TlcInvocation {
        Objects.requireNonNull(tlaFile, "tlaFile");
        Objects.requireNonNull(cfgFile, "cfgFile");
        Objects.requireNonNull(timeout, "timeout");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (!tlaFile.getFileName().toString().endsWith(".tla")) {
            throw new IllegalArgumentException("not a .tla file: " + tlaFile);
        }
        extraArgs = List.copyOf(extraArgs);
        jvmArgs = List.copyOf(jvmArgs);
        extraFiles = List.copyOf(extraFiles);
        Objects.requireNonNull(mainClass, "mainClass");
    }

    public TlcInvocation(Path tlaFile, Path cfgFile, int workers, Duration timeout, List<String> extraArgs,
                         Path workDir, boolean keepWorkDir, boolean checkDeadlock, List<String> jvmArgs,
                         List<Path> extraFiles) {
        this(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, keepWorkDir, checkDeadlock, jvmArgs, extraFiles,
                TLC);
    }

    /** The shape from the design notes: temp work dir deleted afterwards, deadlock per cfg, default JVM options. */
    public TlcInvocation(Path tlaFile, Path cfgFile, int workers, Duration timeout, List<String> extraArgs,
                         Path workDir) {
        this(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, false, true, DEFAULT_JVM_ARGS, List.of());
    }

    /** One worker, {@link #DEFAULT_TIMEOUT}, everything else default. */
    public static TlcInvocation of(Path tlaFile, Path cfgFile) {
        return new TlcInvocation(tlaFile, cfgFile, 1, DEFAULT_TIMEOUT, List.of(), null);
    }

    public TlcInvocation withWorkers(int n) {
        return new TlcInvocation(tlaFile, cfgFile, n, timeout, extraArgs, workDir, keepWorkDir, checkDeadlock,
                jvmArgs, extraFiles, mainClass);
    }

    public TlcInvocation withTimeout(Duration t) {
        return new TlcInvocation(tlaFile, cfgFile, workers, t, extraArgs, workDir, keepWorkDir, checkDeadlock,
                jvmArgs, extraFiles, mainClass);
    }

    public TlcInvocation withExtraArgs(List<String> args) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, args, workDir, keepWorkDir, checkDeadlock,
                jvmArgs, extraFiles, mainClass);
    }

    public TlcInvocation withWorkDir(Path dir, boolean keep) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, extraArgs, dir, keep, checkDeadlock, jvmArgs,
                extraFiles, mainClass);
    }

    public TlcInvocation withCheckDeadlock(boolean check) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, keepWorkDir, check,
                jvmArgs, extraFiles, mainClass);
    }

    public TlcInvocation withJvmArgs(List<String> args) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, keepWorkDir, checkDeadlock,
                args, extraFiles, mainClass);
    }

    public TlcInvocation withMainClass(String main) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, keepWorkDir, checkDeadlock,
                jvmArgs, extraFiles, main);
    }

    public TlcInvocation withExtraFiles(List<Path> files) {
        return new TlcInvocation(tlaFile, cfgFile, workers, timeout, extraArgs, workDir, keepWorkDir, checkDeadlock,
                jvmArgs, files, mainClass);
    }
}
