package rpcheck.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Temporary copies of the repository's specs and traces, and a spec and trace.json whose names hold markup. */
final class SiteFixture {
    /** Markup that must show as text wherever a name, title or step text appears. */
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(2)>";

    private SiteFixture() {
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    /**
     * A repository under {@code root} with one spec whose title, {@code from} file and {@code patch} hunk hold
     * markup, and smart's WaitCycle trace.json with markup in a context name, a step text and the positions
     * pointing into that spec. Returns the page written for the trace.
     */
    static Path markupPage(Path root) throws IOException, ViewException {
        Path spec = root.resolve("specs/x/markup.stm");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, "model markup \"" + SCRIPT + " title\"\n"
                + "context user kind process runs main\n"
                + "fn main() from \"" + IMG + ".c\" patch \"" + SCRIPT + "\" {\n"
                + "    dev_warn(\"" + IMG + "\")\n"
                + "}\n", StandardCharsets.UTF_8);
        String json = Files.readString(Path.of("traces/smart/WaitCycle/trace.json"), StandardCharsets.UTF_8)
                .replace("kblockd#1", "kblockd" + SCRIPT)
                .replace("timer_delete_sync", IMG)
                .replace("\"variant\": \"smart\"", "\"variant\": \"markup\"")
                .replaceAll("specs/nvme-fc/(upstream|smart)\\.stm:\\d+:\\d+", "specs/x/markup.stm:4:5");
        Path trace = root.resolve("traces/markup/WaitCycle/trace.json");
        Files.createDirectories(trace.getParent());
        Files.writeString(trace, json, StandardCharsets.UTF_8);
        return new Site(root).writeTrace(trace);
    }
}
