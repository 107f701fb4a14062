package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed pages under traces/ are what the view writes from the committed trace.json, verdicts.json and
 * specs, byte for byte (on a temporary copy; nothing committed is rewritten), and writing twice changes nothing.
 */
class CommittedPagesTest {
    @Test
    void committedPagesAreCurrent(@TempDir Path tmp) throws Exception {
        SiteFixture.copyTree(Path.of("specs"), tmp.resolve("specs"));
        SiteFixture.copyTree(Path.of("traces"), tmp.resolve("traces"));
        Site.Pages pages = new Site(tmp).writeAll();
        List<Path> written;
        try (Stream<Path> s = Files.walk(tmp.resolve("traces"))) {
            written = s.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(ItfWriter.FILE)).sorted()
                    .toList();
        }
        assertTrue(written.size() > 20, "pages: " + written);
        assertTrue(written.contains(pages.index()));
        for (Path p : written) {
            Path committed = Path.of("traces").resolve(tmp.resolve("traces").relativize(p).toString());
            assertTrue(Files.isRegularFile(committed), committed + " is missing: run ./rpcheck view and commit it");
            assertEquals(Files.readString(p, StandardCharsets.UTF_8), Files.readString(committed,
                    StandardCharsets.UTF_8), committed + " is not what ./rpcheck view writes: run it and commit");
        }
        // a blocked context links the statement it waits in (kblockd#1's blk_sync_queue(admin_q) in upstream.stm)
        String waitCycle = Files.readString(tmp.resolve("traces/smart/WaitCycle/trace.html"), StandardCharsets.UTF_8);
        assertTrue(waitCycle.matches("(?s).*<li class=\"cycle\">kblockd#1 waits for [^<]*, in .*?</code> at <a class=\"srclink\""
                + " href=\"#L-f[0-9]+-555\".*"), "no linked wait position in the blocked list");
        for (String v : List.of("smart", "v3")) {
            assertTrue(Files.isRegularFile(Path.of("traces", v, VerdictFile.NAME)), v + " has no verdicts.json");
        }
        String again = Files.readString(pages.index());
        new Site(tmp).writeAll();
        assertEquals(again, Files.readString(pages.index()));
    }
}
