package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed trace.json keeps the DSL positions of the spec it was checked on: after the spec is edited (a
 * line added above a step), its page says its source links are stale and highlights no line, and the view warns
 * naming the trace, the first position that no longer matches, what trace.json expects there, what the file has
 * now and the check that writes the trace again. smart extends upstream, so an edit of upstream.stm makes smart's
 * traces stale too. On the specs as committed, nothing is stale.
 */
class StaleSourcesTest {
    private static final String UPSTREAM = "specs/nvme-fc/upstream.stm";

    @Test
    void committedTracesMatchTheirSpecs(@TempDir Path tmp) throws Exception {
        copy(tmp);
        Site site = new Site(tmp);
        site.writeAll();
        assertEquals(List.of(), site.warnings());
        assertFalse(read(tmp, "traces/smart/WaitCycle/trace.html").contains("stale-sources"));
    }

    @Test
    void aLineAddedAboveAStepMakesThePagesOfEveryTraceThroughItStale(@TempDir Path tmp) throws Exception {
        copy(tmp);
        // a comment above blk_sync_queue(admin_q), in __nvme_fc_abort_outstanding_ios(): smart's WaitCycle blocks
        // there (its offender's position), and the labels after it in that function are named one line further on
        Path spec = tmp.resolve(UPSTREAM);
        List<String> lines = new ArrayList<>(Files.readAllLines(spec, StandardCharsets.UTF_8));
        int at = lines.indexOf("    blk_sync_queue(admin_q)") + 1;
        assertTrue(at > 1);
        String pos = UPSTREAM + ":" + at + ":5";
        String json = read(tmp, "traces/smart/WaitCycle/trace.json");
        assertTrue(json.contains("\"position\" : \"" + pos + "\""), "the trace's offender is at " + pos);
        lines.add(at - 1, "    // a note");
        Files.write(spec, lines, StandardCharsets.UTF_8);

        Site site = new Site(tmp);
        site.writeAll();
        String warning = site.warnings().stream().filter(w -> w.startsWith("traces/smart/WaitCycle/trace.json: "))
                .findFirst().orElseThrow(() -> new AssertionError("no warning for smart's WaitCycle: "
                        + site.warnings()));
        assertTrue(warning.contains("its DSL positions are stale"), warning);
        assertTrue(warning.contains("at " + pos + " trace.json expects step "), warning);
        assertTrue(warning.contains("timer_delete_sync(admin_q->timeout)"), "what trace.json expects: " + warning);
        assertTrue(warning.contains("but that line now reads '// a note'"), warning);
        assertTrue(warning.contains("(the step is at " + UPSTREAM + ":" + (at + 1) + ":5: 'blk_sync_queue(admin_q)'"
                + " now)"), warning);
        assertTrue(warning.endsWith("./rpcheck check --variant smart"), warning);
        for (String t : List.of("upstream/WaitCycle", "smart/Deadlock", "v3/LostError")) {
            assertTrue(site.warnings().stream().anyMatch(w -> w.startsWith("traces/" + t + "/trace.json: ")), t);
        }
        // a history spec does not read upstream.stm: its trace is current
        assertTrue(site.warnings().stream().noneMatch(w -> w.startsWith("traces/fc_")), site.warnings().toString());

        String html = read(tmp, "traces/smart/WaitCycle/trace.html");
        assertTrue(html.contains("<div id=\"stale-sources\" class=\"banner\" role=\"alert\">"), "no banner");
        assertTrue(html.contains("at <code>" + pos + "</code> trace.json expects step "), "banner names " + pos);
        assertTrue(html.contains("<code>./rpcheck check --variant smart</code>"), "the banner's fix");
        // no line linked, shown around a step or highlighted: the page's data names no line to highlight
        assertFalse(html.contains("class=\"srclink\""), "a source link");
        assertFalse(html.contains("class=\"snippet\""), "a source snippet");
        assertFalse(html.contains("id=\"sources\""), "the source panel");
        assertTrue(html.contains("\"lines\":{}"), "lines to highlight");
        // the position itself is still shown, as trace.json has it
        assertTrue(html.contains("<code>" + pos + "</code>"));
        assertFalse(read(tmp, "traces/fc_19fce0470f05_before/SleepInAtomic/trace.html").contains("stale-sources"));
    }

    private static void copy(Path tmp) throws Exception {
        SiteFixture.copyTree(Path.of("specs"), tmp.resolve("specs"));
        SiteFixture.copyTree(Path.of("traces"), tmp.resolve("traces"));
    }

    private static String read(Path root, String file) throws Exception {
        return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    }
}
