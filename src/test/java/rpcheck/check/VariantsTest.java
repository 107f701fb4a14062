package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantsTest {
    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void scansSpecsAndSkipsGen(@TempDir Path root) throws Exception {
        write(root.resolve("specs/a/base.stm"), "model base \"the base\"\n");
        write(root.resolve("specs/a/patched.stm"), "variant patched extends base \"a fix\"\n");
        write(root.resolve("specs/a/gen/junk.stm"), "model junk\n");
        write(root.resolve("specs/a/notes.txt"), "x");
        Variants v = Variants.scan(root);
        assertEquals(List.of("base", "patched"), v.all().stream().map(Variants.Variant::name).toList());
        assertEquals("specs/a/patched.stm", v.display(v.resolve("patched").file()));
        Variants.Header h = v.header(v.resolve("patched"));
        assertEquals("patched", h.name());
        assertEquals("base", h.base());
        assertEquals("a fix", h.title());
        assertNull(h.error());
        assertNull(v.header(v.resolve("base")).base());
    }

    @Test
    void unknownNameListsTheKnownOnes(@TempDir Path root) throws Exception {
        write(root.resolve("specs/a/upstream.stm"), "model upstream\n");
        write(root.resolve("specs/a/smart.stm"), "variant smart extends upstream\n");
        CheckException e = assertThrows(CheckException.class, () -> Variants.scan(root).resolve("smrt"));
        assertEquals(CheckException.Reason.USAGE, e.reason());
        assertTrue(e.getMessage().contains("did you mean 'smart'"), e.getMessage());
        assertTrue(e.getMessage().contains("smart, upstream"), e.getMessage());
    }

    @Test
    void sameNameInTwoFoldersIsAmbiguous(@TempDir Path root) throws Exception {
        write(root.resolve("specs/a/x.stm"), "model x\n");
        write(root.resolve("specs/b/x.stm"), "model x\n");
        CheckException e = assertThrows(CheckException.class, () -> Variants.scan(root).resolve("x"));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        assertTrue(e.getMessage().contains("specs/a/x.stm") && e.getMessage().contains("specs/b/x.stm"));
    }

    @Test
    void headerOfABrokenFileSaysWhy(@TempDir Path root) throws Exception {
        write(root.resolve("specs/a/bad.stm"), "modle bad\n");
        Variants v = Variants.scan(root);
        assertNotNull(v.header(v.resolve("bad")).error());
    }

    @Test
    void noSpecsFolderMeansNoVariants(@TempDir Path root) {
        assertTrue(Variants.scan(root).all().isEmpty());
        assertThrows(CheckException.class, () -> Variants.scan(root).resolve("x"));
    }
}
