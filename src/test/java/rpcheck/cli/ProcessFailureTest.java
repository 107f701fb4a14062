package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rpcheck as a separate JVM ({@code java rpcheck.Main}), stopped or run twice at once: Ctrl-C/SIGTERM during
 * {@code check} ends TLC, starts no run after it, leaves no temporary folder and exits 130; SIGKILL of rpcheck ends its TLC child too;
 * two checks at once on one repository, and runs in separate JVMs, write the same bytes with normal modes.
 */
class ProcessFailureTest {

    private static ProcessBuilder rpcheck(Path tmpdir, Path out, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmpdir, "-Drpcheck.noCache=true", "-cp", System.getProperty("java.class.path"),
                "rpcheck.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName()
                + ".err").toFile());
    }

    /** A repository with the nvme-fc specs, whose Progress run of upstream takes long enough to interrupt. */
    private static Path repo(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Path fc = Files.createDirectories(root.resolve("specs/nvme-fc"));
        for (String f : List.of("upstream.stm")) {
            Files.copy(Path.of("specs/nvme-fc").resolve(f), fc.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return root;
    }

    private static List<ProcessHandle> waitForChild(Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            List<ProcessHandle> kids = p.descendants().toList();
            if (!kids.isEmpty()) {
                Thread.sleep(1500); // let TLC get going
                return p.descendants().toList();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rpcheck started no TLC child");
    }

    private static List<Path> leftovers(Path... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> all = Files.walk(d)) {
                all.filter(p -> !p.equals(d)).filter(p -> p.getFileName().toString().startsWith("rpcheck-")
                        || p.getFileName().toString().endsWith(".tmp")).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void sigtermDuringCheckStopsTlcRemovesTemporaryFilesAndExits130(@TempDir Path dir) throws Exception {
        Path root = repo(dir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        // LiveWithoutAssoc and Progress share one run, which, had it failed, would be followed by one run each
        Process p = rpcheck(tmp, dir.resolve("out"), "check", "--root", root.toString(), "--verbose",
                "--property", "LiveWithoutAssoc", "--property", "Progress",
                root.resolve("specs/nvme-fc/upstream.stm").toString()).start();
        List<ProcessHandle> children = waitForChild(p);
        assertFalse(leftovers(tmp).isEmpty(), "TLC runs in a temporary folder");
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT ends in the same shutdown
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("out.err"));
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), err);
        assertTrue(err.contains("rpcheck: interrupted"), err);
        // the run the shutdown killed is no result: not reported as finished, and no run follows it
        assertFalse(err.contains("finished in") || err.contains("one by one"), err);
        for (ProcessHandle c : children) {
            c.onExit().get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), leftovers(tmp, root));
    }

    @Test
    void tlcStopsWhenRpcheckIsKilled(@TempDir Path dir) throws Exception {
        Path root = repo(dir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process p = rpcheck(tmp, dir.resolve("out"), "check", "--root", root.toString(), "--property", "Progress",
                root.resolve("specs/nvme-fc/upstream.stm").toString()).start();
        List<ProcessHandle> children = waitForChild(p);
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        p.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.onExit().get(30, TimeUnit.SECONDS); // ParentWatch in the child sees stdin close
        }
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void twoChecksAtOnceAndSeparateJvmsWriteTheSameBytes(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared/specs/prim"));
        Path alone = Files.createDirectories(dir.resolve("alone/specs/prim"));
        for (Path d : List.of(shared, alone)) {
            for (String f : List.of("lock_abba.stm", "cancel_work_sync_self.stm")) {
                Files.copy(Path.of("src/test/resources/primitives", f), d.resolve(f));
            }
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process a = rpcheck(tmp, dir.resolve("a"), "check", "--root", dir.resolve("shared").toString(), "--jobs", "1",
                shared.resolve("lock_abba.stm").toString(), shared.resolve("cancel_work_sync_self.stm").toString())
                .start();
        Process b = rpcheck(tmp, dir.resolve("b"), "check", "--root", dir.resolve("shared").toString(), "--jobs", "1",
                shared.resolve("cancel_work_sync_self.stm").toString(), shared.resolve("lock_abba.stm").toString())
                .start();
        Process c = rpcheck(tmp, dir.resolve("c"), "generate", "--root", dir.resolve("alone").toString(),
                alone.resolve("lock_abba.stm").toString(), alone.resolve("cancel_work_sync_self.stm").toString())
                .start();
        for (Process p : List.of(a, b, c)) {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        }
        assertEquals(ExitCodes.VIOLATED, a.exitValue(), Files.readString(dir.resolve("a.err")));
        assertEquals(ExitCodes.VIOLATED, b.exitValue(), Files.readString(dir.resolve("b.err")));
        assertEquals(ExitCodes.OK, c.exitValue(), Files.readString(dir.resolve("c.err")));
        Map<String, byte[]> x = files(shared.resolve("gen"));
        Map<String, byte[]> y = files(alone.resolve("gen"));
        assertEquals(y.keySet(), x.keySet());
        assertFalse(x.isEmpty());
        for (String k : x.keySet()) {
            assertArrayEquals(y.get(k), x.get(k), k + " differs between the runs");
        }
        assertEquals(List.of(), leftovers(tmp, dir.resolve("shared"), dir.resolve("alone")));
        // a generated file is readable by others when the umask allows it (not 0600 from a temporary file)
        Path tla = shared.resolve("gen/lock_abba.tla");
        if (Files.getFileStore(tla).supportsFileAttributeView("posix")) {
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(plain).contains(PosixFilePermission.OTHERS_READ),
                    Files.getPosixFilePermissions(tla).contains(PosixFilePermission.OTHERS_READ));
        }
    }

    /** Determinism across JVMs: two JVMs checking one spec print the same JSON and write the same trace files. */
    @Test
    void twoJvmsWriteTheSameReportAndTraceFiles(@TempDir Path dir) throws Exception {
        Path specs = Files.createDirectories(dir.resolve("root/specs/prim"));
        Files.copy(Path.of("src/test/resources/primitives/mutex_abba.stm"), specs.resolve("mutex_abba.stm"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        for (String run : List.of("x", "y")) {
            Process p = rpcheck(tmp, dir.resolve(run + ".json"), "check", "--json", "--root",
                    dir.resolve("root").toString(), "--out", dir.resolve("out-" + run).toString(),
                    specs.resolve("mutex_abba.stm").toString()).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(ExitCodes.VIOLATED, p.exitValue(), Files.readString(dir.resolve(run + ".json.err")));
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("x.json")), Files.readAllBytes(dir.resolve("y.json")));
        Map<String, byte[]> x = tree(dir.resolve("out-x"));
        Map<String, byte[]> y = tree(dir.resolve("out-y"));
        assertEquals(x.keySet(), y.keySet());
        assertFalse(x.isEmpty());
        for (String k : x.keySet()) {
            assertArrayEquals(x.get(k), y.get(k), k + " differs between the JVMs");
        }
    }

    private static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path f : all.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }
}
