package rpcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.diag.Diagnostics;

/** A spec that cannot be read says why, not only its path. */
class SpecLoaderReadTest {
    @Test
    void aFileWithoutReadPermissionSaysPermissionDenied() {
        assertTrue(SpecLoader.reason(new AccessDeniedException("/p/x.stm")).startsWith("permission denied"));
        assertEquals("no such file", SpecLoader.reason(new java.nio.file.NoSuchFileException("/p/x.stm")));
    }

    @Test
    void anUnreadableSpecIsAUsageErrorWithTheReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("x.stm");
        Files.writeString(spec, "model x \"t\"\n");
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(spec), "running as root: every file is readable");
        UsageException e = assertThrows(UsageException.class,
                () -> new SpecLoader(dir, List.of()).load(spec, new Diagnostics()));
        assertEquals("cannot read " + spec + ": permission denied (make it readable: chmod u+r)", e.getMessage());
    }

    @Test
    void aFolderIsNotASpecFile(@TempDir Path dir) {
        UsageException e = assertThrows(UsageException.class,
                () -> new SpecLoader(dir, List.of()).load(dir, new Diagnostics()));
        assertTrue(e.getMessage().contains("is a folder, not a spec file"), e.getMessage());
    }
}
