package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The README shows real output, copied from committed files; these hold the copies to the files, so that a change
 * to a trace or to a spec's expectations that leaves the README behind fails here. (Nothing is rewritten: replace
 * the README's block by the file's text.)
 */
class ReadmeSamplesTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theSampleOutputIsTheCommittedTrace() throws IOException {
        String trace = Files.readString(Path.of("traces/smart/WaitCycle/trace.txt"));
        String sample = block(Files.readString(README), trace.lines().findFirst().orElseThrow());
        assertEquals(trace, sample, "README.md's \"Sample output\" differs from traces/smart/WaitCycle/trace.txt:"
                + " copy the file's text into it");
    }

    @Test
    void theGateSampleLinesAreSmartsExpectations() throws IOException {
        String sample = block(Files.readString(README), "// ---- rpcheck gate: expected results");
        List<String> spec = Files.readString(Path.of("specs/nvme-fc/smart.stm")).lines().toList();
        List<String> missing = new ArrayList<>();
        sample.lines().filter(l -> !spec.contains(l)).forEach(missing::add);
        assertTrue(missing.isEmpty(), "README.md's gate sample has lines that specs/nvme-fc/smart.stm lacks"
                + " (copy them from its end): " + missing);
    }

    /** The text of the README's fenced block whose first line starts with {@code firstLine}, up to its fence. */
    private static String block(String readme, String firstLine) {
        int start = readme.indexOf("```\n" + firstLine);
        assertTrue(start >= 0, "README.md has no fenced block starting with " + firstLine);
        start += 4;
        int end = readme.indexOf("```\n", start);
        assertTrue(end > start, "README.md's block starting with " + firstLine + " has no closing fence");
        return readme.substring(start, end);
    }
}
