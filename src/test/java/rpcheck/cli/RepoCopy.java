package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A copy of the repository's {@code specs/} and {@code traces/} in a temporary root, for tests that run
 * {@code check} on the committed specs: the run writes into the copy, never into the working tree, and
 * {@link #assertUnchanged} then fails if what it wrote differs from what is committed (a stale trace or
 * generated file), instead of quietly bringing the working tree up to date.
 */
final class RepoCopy {
    /** The folders a check of the committed specs reads or writes. */
    static final List<String> FOLDERS = List.of("specs", "traces");

    private final Path root;

    private RepoCopy(Path root) {
        this.root = root;
    }

    /** Copies {@link #FOLDERS} of the working tree (the current directory) into {@code tmp}. */
    static RepoCopy of(Path tmp) throws IOException {
        for (String f : FOLDERS) {
            Path from = Path.of(f);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.sorted().toList()) {
                    Path to = tmp.resolve(p.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
        return new RepoCopy(tmp);
    }

    Path root() {
        return root;
    }

    /** Every file of {@link #FOLDERS} in the copy is the committed one, and there are no more and no fewer. */
    void assertUnchanged() throws IOException {
        for (String f : FOLDERS) {
            Map<String, String> committed = files(Path.of(f));
            Map<String, String> written = files(root.resolve(f));
            assertEquals(new ArrayList<>(committed.keySet()), new ArrayList<>(written.keySet()),
                    "check added or removed files under " + f + "/: commit what ./rpcheck check writes");
            for (Map.Entry<String, String> e : committed.entrySet()) {
                assertEquals(e.getValue(), written.get(e.getKey()), f + "/" + e.getKey() + " is stale: ./rpcheck"
                        + " check writes another content (traces and generated files are deterministic; run it and"
                        + " commit the result)");
            }
        }
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return out;
    }
}
