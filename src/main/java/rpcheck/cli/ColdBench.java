package rpcheck.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import rpcheck.tlc.Cleanup;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;

/**
 * {@code rpcheck bench --cold N}: what a user waits for. Each round first times a bare TLC start (TLC on a
 * one-state spec, its JVM started as for any TLC run: what a TLC run costs at least), then {@code rpcheck check
 * --no-cache} of the selection in a JVM of its own, started as the launcher starts rpcheck (this JVM's {@code -X}
 * options), from its start to its exit: parsing, generation, every TLC run, the explanations and the files it
 * writes (counterexamples to a scratch folder, not {@code traces/}). The medians and their ratio are the figures
 * the speed targets are stated in.
 */
final class ColdBench {
    /** The one-state spec whose TLC run is the floor. */
    static final String BARE_TLA = "---- MODULE Bare ----\nVARIABLE x\nInit == x = 0\nNext == UNCHANGED x\n====\n";
    static final String BARE_CFG = "INIT Init\nNEXT Next\n";
    /** rpcheck's entry point (named, not referenced: it sits above this package). */
    private static final String MAIN = "rpcheck.Main";

    /** One round: the bare TLC start, then the check ({@code exit}: its exit code; {@code cpu}: null if unknown). */
    record Round(Duration bare, Duration check, Duration cpu, int exit, String lastError) {
        /** Whether the check gave its verdicts (exit 0: all hold, 1: some violated). */
        boolean verdicts() {
            return exit == ExitCodes.OK || exit == ExitCodes.VIOLATED;
        }
    }

    private final List<String> checkArgs;
    private final Consumer<String> progress;

    /** @param checkArgs the arguments of the check after {@code check --no-cache} (selection, root, run options) */
    ColdBench(List<String> checkArgs, Consumer<String> progress) {
        this.checkArgs = List.copyOf(checkArgs);
        this.progress = progress;
    }

    /** Runs {@code n} rounds, in a scratch folder removed at the end. */
    List<Round> run(int n) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("rpcheck-bench-cold-");
        try {
            Path tla = Files.writeString(tmp.resolve("Bare.tla"), BARE_TLA, StandardCharsets.UTF_8);
            Path cfg = Files.writeString(tmp.resolve("Bare.cfg"), BARE_CFG, StandardCharsets.UTF_8);
            TlcRunner tlc = new TlcRunner();
            List<Round> rounds = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                long t0 = System.nanoTime();
                TlcResult bare = tlc.run(TlcInvocation.of(tla, cfg));
                Duration bareTook = Duration.ofNanos(System.nanoTime() - t0);
                if (!(bare instanceof TlcResult.NoViolation)) {
                    throw new IOException("the bare TLC run gave no verdict: " + bare.output().text().lines()
                            .filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no output)"));
                }
                Round r = check(tmp, i, bareTook);
                rounds.add(r);
                progress.accept(String.format(Locale.ROOT, "bench --cold: round %d of %d: bare TLC start %.2f s,"
                        + " check %.1f s (exit %d)", i, n, secs(bareTook), secs(r.check()), r.exit()));
            }
            return rounds;
        } finally {
            Cleanup.deleteTree(tmp);
        }
    }

    /** Round {@code round}'s check in a JVM of its own, after a bare TLC start that took {@code bare}. */
    private Round check(Path tmp, int round, Duration bare) throws IOException, InterruptedException {
        Path out = tmp.resolve("out-" + round);
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("check", "--no-cache", "--out", out.toString()));
        cmd.addAll(checkArgs);
        Path stdout = tmp.resolve("stdout-" + round + ".txt");
        Path stderr = tmp.resolve("stderr-" + round + ".txt");
        Duration cpu0 = BenchCommand.childCpu();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Duration cpu1 = BenchCommand.childCpu();
        String last = Files.readString(stderr, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .reduce((a, b) -> b).orElse("");
        return new Round(bare, took, cpu0 == null || cpu1 == null ? null : cpu1.minus(cpu0), exit, last);
    }

    /** This JVM's java, its -X options, class path and main class. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        return cmd;
    }

    /** This JVM's -X options: the launcher's, or RPCHECK_JAVA_OPTS. */
    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X"))
                .toList();
    }

    /** The report, as Markdown: the set-up, one row per round, the medians and their ratio. */
    static String report(String date, String machine, List<String> shown, List<Round> rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("## rpcheck bench --cold, ").append(date).append("\n\n").append(machine);
        sb.append("- each round: a bare TLC start (TLC on a one-state spec, `Init == x = 0`, `Next == UNCHANGED x`,")
                .append(" its JVM as for any TLC run), then `rpcheck check --no-cache ").append(String.join(" ", shown))
                .append("` in a JVM of its own (")
                .append(String.join(" ", jvmOptions()))
                .append("), timed from its start to its exit; CPU: user + system of that JVM and its TLC runs\n\n");
        sb.append("| round | bare TLC start s | check s | check CPU s | exit |\n");
        sb.append("|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(String.format(Locale.ROOT, "%.2f", secs(r.bare())))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", secs(r.check()))).append(" | ")
                    .append(r.cpu() == null ? "?" : String.format(Locale.ROOT, "%.1f", secs(r.cpu()))).append(" | ")
                    .append(r.exit())
                    .append(r.verdicts() ? "" : " (no verdicts: " + r.lastError().replace("|", "\\|") + ")")
                    .append(" |\n");
        }
        double bare = median(rounds.stream().map(r -> secs(r.bare())).toList());
        double check = median(rounds.stream().map(r -> secs(r.check())).toList());
        sb.append('\n').append(String.format(Locale.ROOT, "- median of %d: check %.1f s, bare TLC start %.2f s;"
                + " the check takes %.1fx a bare TLC start\n", rounds.size(), check, bare, check / bare));
        return sb.toString();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
