package rpcheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import rpcheck.diag.Diagnostic;
import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;
import rpcheck.model.UsageException;
import rpcheck.check.Compiler;
import rpcheck.tlc.Sany;
import rpcheck.tlc.SanyResult;

/**
 * Property-based fuzzing of the front end, in-process: random mutations of every committed spec (and random
 * bytes) go through the lexer, parser, resolver, lowering and generator. Each input must give diagnostics with
 * valid positions, or TLA+ (a sample of which SANY must accept); nothing may throw or take longer than
 * {@link #LIMIT_S} seconds. The seeds are fixed, so a CI run is repeatable; a failure names the input, which
 * becomes a regression case under src/test/resources/diagnostics/.
 */
class FrontEndFuzzTest {
    static final int LIMIT_S = 20;
    /** At most this many generated modules go through SANY (a child JVM each, about a second). */
    static final int SANY_SAMPLES = 4;

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger COMPILED = new AtomicInteger();
    private static final AtomicInteger SANY_CHECKED = new AtomicInteger();
    private static long started;
    private static Path work;
    private static List<Seed> seeds;
    private static ExecutorService exec;

    /** A spec to mutate, and the folder (with its family's other specs) where the mutant is written. */
    record Seed(String name, String text, Path dir) {
    }

    @BeforeContainer
    static void setUp() throws IOException {
        started = System.nanoTime();
        work = Files.createTempDirectory("rpcheck-fuzz-");
        seeds = new ArrayList<>();
        for (Path family : List.of(Path.of("specs/nvme-fc"), Path.of("specs/history"),
                Path.of("src/test/resources/primitives"), Path.of("src/test/resources/check"),
                Path.of("src/test/resources/diagnostics"))) {
            Path copy = work.resolve(family.toString().replace('/', '_'));
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(family)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".stm")).sorted().toList()) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    Files.writeString(copy.resolve(f.getFileName()), text, StandardCharsets.ISO_8859_1);
                    if (!family.endsWith("diagnostics") || text.length() < 20_000) {
                        // the large regression cases (1,500 functions, 50,000-character names) are slow seeds
                        seeds.add(new Seed(f.toString(), text, copy));
                    }
                }
            }
        }
        // the default thread stack, as the CLI's main thread has
        exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void tearDown() throws IOException {
        exec.shutdownNow();
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        System.out.printf("FrontEndFuzzTest: %d cases (%d compiled to TLA+, %d of them checked by SANY) in %.1f s%n",
                CASES.get(), COMPILED.get(), SANY_CHECKED.get(), (System.nanoTime() - started) / 1e9);
    }

    /** Mutations of the committed specs: 1 to 4 edits each. */
    @Property(tries = 8800, seed = "20261204")
    void mutatedSpecsGiveDiagnosticsOrTla(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        Seed s = seeds.get(r.nextInt(seeds.size()));
        byte[] mutant = Mutator.mutate(s.text(), r);
        check(s.dir(), "fuzzcase.stm", mutant, s.name() + " mutated with seed " + seed);
    }

    /** Random bytes and random printable text. */
    @Property(tries = 1000, seed = "20261204")
    void randomInputGivesDiagnostics(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] b = new byte[r.nextInt(4000)];
        if (r.nextBoolean()) {
            r.nextBytes(b);
        } else {
            String alphabet = "abcfnxyz_ {}()=+-!&|;:,.\"/*\n\t0123456789";
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
        }
        check(work, "random.stm", b, "random input with seed " + seed);
    }

    /** A variant that extends itself, two that extend each other, and a variant of a mutated base. */
    @Property(tries = 200, seed = "20261204")
    void variantChains(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        Path dir = Files.createDirectories(work.resolve("chains"));
        String tail = "\nflag F\nfn main() from \"x\" { F = true }\n";
        switch (r.nextInt(3)) {
            case 0 -> check(dir, "self.stm", ("variant self extends self \"x\"" + tail).getBytes(StandardCharsets.UTF_8),
                    "self-extending variant");
            case 1 -> {
                Files.writeString(dir.resolve("b.stm"), "variant b extends a \"x\"" + tail);
                check(dir, "a.stm", ("variant a extends b \"x\"" + tail).getBytes(StandardCharsets.UTF_8),
                        "mutual extends");
            }
            default -> {
                Path fam = Files.createDirectories(work.resolve("chains-fc"));
                Files.write(fam.resolve("upstream.stm"),
                        Mutator.mutate(Files.readString(Path.of("specs/nvme-fc/upstream.stm")), r));
                check(fam, "smart.stm", Files.readAllBytes(Path.of("specs/nvme-fc/smart.stm")),
                        "smart over a mutated upstream (seed " + seed + ")");
            }
        }
    }

    private static void check(Path dir, String name, byte[] input, String what) throws Exception {
        CASES.incrementAndGet();
        Path file = dir.resolve(name);
        Files.write(file, input);
        Future<Compiler.Compiled> f = exec.submit(() -> Compiler.compile(file, work, Map.of()));
        Compiler.Compiled c;
        try {
            c = f.get(LIMIT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            fail("no result within " + LIMIT_S + " s for " + what);
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Diagnostics.Failed failed) {
                checkDiagnostics(failed.diagnostics(), what);
                return;
            }
            if (cause instanceof UsageException) {
                return; // e.g. the file vanished: a usage error, reported without a stack trace
            }
            throw new AssertionError("the front end threw " + cause + " for " + what, cause);
        }
        COMPILED.incrementAndGet();
        String tla = c.output().tla();
        assertTrue(tla.startsWith("---- MODULE "), what);
        // SANY needs the file named as the module: a mutant's model name may be longer than a file name can be
        // (rpcheck itself then says it cannot write the file)
        if (SANY_CHECKED.get() < SANY_SAMPLES && c.output().module().length() < 200
                && new Random(tla.hashCode()).nextInt(20) == 0) {
            SANY_CHECKED.incrementAndGet();
            Path out = Files.createDirectories(work.resolve("sany")).resolve(c.output().module() + ".tla");
            Files.writeString(out, tla);
            SanyResult sr = new Sany().check(out);
            assertTrue(sr.ok(), "SANY rejects the module generated for " + what + ":\n" + sr.errors());
        }
    }

    private static void checkDiagnostics(List<Diagnostic> ds, String what) {
        assertTrue(!ds.isEmpty(), "no diagnostics for a failed compile of " + what);
        for (Diagnostic d : ds) {
            int len = d.span().file().text().length();
            assertTrue(d.span().start() >= 0 && d.span().start() <= len && d.span().end() <= len + 1,
                    "span out of the file for " + what + ": " + d);
            assertTrue(d.span().line() >= 1 && d.span().line() <= d.span().file().lineCount(), what);
            assertTrue(d.code() != DiagnosticCode.INTERNAL, "internal error for " + what + ": " + d.message());
        }
        String text = DiagnosticRenderer.renderAll(ds);
        assertTrue(text.length() < 200_000, "diagnostics of " + text.length() + " chars for " + what);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            assertTrue(ch >= 0x20 || ch == '\n' || ch == '\t', "raw control character in the messages for " + what);
        }
    }
}
