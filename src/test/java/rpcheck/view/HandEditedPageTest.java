package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.check.CheckException;

/** A page that rpcheck did not write is never overwritten: a conflict, as for gen/ and traces/. */
class HandEditedPageTest {
    @Test
    void aPageWithoutTheMarkIsAConflictAndOneWithItIsRewritten(@TempDir Path dir) throws Exception {
        String page = Html.MARKER + "<p>new</p>\n";
        Path mine = Files.writeString(dir.resolve("index.html"), "<html><p>my own notes</p></html>\n");
        CheckException e = assertThrows(CheckException.class, () -> Site.writePage(mine, page));
        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertEquals("<html><p>my own notes</p></html>\n", Files.readString(mine));

        Path ours = Files.writeString(dir.resolve("trace.html"), Html.MARKER + "<p>old</p>\n");
        Site.writePage(ours, page);
        assertEquals(page, Files.readString(ours));
    }
}
