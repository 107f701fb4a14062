package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rpcheck view}: the paths it prints, and its errors (on a temporary copy of specs/ and traces/). */
class ViewCommandTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void copy() throws Exception {
        for (String d : new String[] {"specs", "traces"}) {
            Path from = Path.of(d);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path dest = tmp.resolve(from.relativize(p).toString().isEmpty() ? d : d + "/" + from.relativize(p));
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
        }
    }

    private CliTest.Run view(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "view";
        all[1] = "--root";
        all[2] = tmp.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliTest.run(all);
    }

    @Test
    void variantPrintsItsPages() {
        CliTest.Run r = view("--variant", "smart");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains(tmp.resolve("traces/smart/WaitCycle/trace.html").toString()), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("traces/smart/WaitCycle/trace.itf.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("traces/index.html")));
        CliTest.Run bySpec = view(tmp.resolve("specs/nvme-fc/smart.stm").toString());
        assertEquals(r.out(), bySpec.out(), bySpec.err());
    }

    @Test
    void indexCompareAndTraceJson() throws Exception {
        CliTest.Run r = view();
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(tmp.resolve("traces/index.html") + "\n", r.out());
        CliTest.Run c = view("--compare", "v3", "smart");
        assertEquals(ExitCodes.OK, c.code(), c.err());
        assertEquals(tmp.resolve("traces/compare/v3-vs-smart.html") + "\n", c.out());
        Path elsewhere = tmp.resolve("elsewhere/trace.json");
        Files.createDirectories(elsewhere.getParent());
        Files.copy(tmp.resolve("traces/smart/WaitCycle/trace.json"), elsewhere);
        CliTest.Run t = view(elsewhere.toString());
        assertEquals(ExitCodes.OK, t.code(), t.err());
        assertEquals(elsewhere.resolveSibling("trace.html") + "\n", t.out());
    }

    @Test
    void aSpecEditedAfterItsTracesWarnsAndExitsStale() throws Exception {
        Path spec = tmp.resolve("specs/nvme-fc/upstream.stm");
        Files.writeString(spec, "// note\n" + Files.readString(spec));
        CliTest.Run r = view("--variant", "smart");
        assertEquals(ExitCodes.STALE, r.code(), r.err());
        assertTrue(r.out().contains(tmp.resolve("traces/smart/WaitCycle/trace.html").toString()), r.out());
        assertTrue(r.err().contains("traces/smart/WaitCycle/trace.json: warning: its DSL positions are stale"),
                r.err());
        assertTrue(r.err().contains("at specs/nvme-fc/upstream.stm:265:1 trace.json expects step 1"), r.err());
        assertTrue(r.err().contains("./rpcheck check --variant smart"), r.err());
        assertTrue(Files.readString(tmp.resolve("traces/smart/WaitCycle/trace.html")).contains("stale-sources"));
    }

    @Test
    void errors() throws Exception {
        CliTest.Run unknown = view("--variant", "smrt");
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().contains("did you mean 'smart'"), unknown.err());
        assertEquals(ExitCodes.USAGE, view(tmp.resolve("nope.json").toString()).code());
        Path outside = tmp.resolve("mine.stm");
        Files.writeString(outside, "model mymodel \"t\"\n");
        CliTest.Run out = view(outside.toString());
        assertEquals(ExitCodes.USAGE, out.code());
        assertTrue(out.err().contains("is not under"), out.err());
        // the way to pages for it: check --out, then view of a trace.json (a path from specs/ would not find it)
        assertTrue(out.err().contains("./rpcheck check " + outside + " --out DIR"), out.err());
        assertTrue(out.err().contains("./rpcheck view DIR/mymodel/PROPERTY/trace.json"), out.err());
        assertTrue(out.err().contains("./rpcheck check --variant mine"), out.err());
        Path bad = tmp.resolve("bad/trace.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"schemaVersion\": 1,");
        CliTest.Run b = view(bad.toString());
        assertEquals(ExitCodes.DATAERR, b.code());
        assertTrue(b.err().contains(bad + ":1:"), b.err());
        // A trace.html the user wrote is not overwritten.
        Path mine = tmp.resolve("mine/trace.json");
        Files.createDirectories(mine.getParent());
        Files.copy(tmp.resolve("traces/smart/WaitCycle/trace.json"), mine);
        Files.writeString(mine.resolveSibling("trace.html"), "<p>my notes</p>");
        CliTest.Run keep = view(mine.toString());
        assertEquals(ExitCodes.DATAERR, keep.code());
        assertTrue(keep.err().contains("not written by rpcheck"), keep.err());
        assertEquals("<p>my notes</p>", Files.readString(mine.resolveSibling("trace.html")));
        assertEquals(ExitCodes.USAGE, view("--variant", "smart", "--compare", "v3", "v4").code());
    }
}
