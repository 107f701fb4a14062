package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where generated files go: gen/ beside a spec under the repository's specs/, a cache folder for any other. */
class WorkspaceTest {
    private static final Path REPO = Path.of("/r/repo");
    private static final Path CACHE = Path.of("/c/rpcheck/gen");

    @Test
    void aSpecUnderSpecsKeepsItsGenFolder() {
        Workspace w = new Workspace(REPO, List.of(), CACHE);
        assertEquals(Path.of("/r/repo/specs/nvme-fc/gen"), w.genDir(Path.of("/r/repo/specs/nvme-fc/smart.stm")));
        assertFalse(w.cached(Path.of("/r/repo/specs/nvme-fc/smart.stm")));
    }

    @Test
    void aSpecElsewhereGoesToTheCacheKeyedByItsAbsolutePath() {
        Workspace w = new Workspace(REPO, List.of(), CACHE);
        Path mine = w.genDir(Path.of("/home/dev/linux/rp/mine.stm"));
        assertEquals(CACHE, mine.getParent());
        assertTrue(mine.getFileName().toString().matches("mine-[0-9a-f]{16}"), mine.toString());
        assertEquals(mine, w.genDir(Path.of("/home/dev/linux/rp/../rp/mine.stm")), "same file, same folder");
        assertNotEquals(mine, w.genDir(Path.of("/home/dev/other/mine.stm")), "same name, other file");
        // the repository's own files outside specs/ (test specs, say) are not committed generated files either
        assertTrue(w.cached(Path.of("/r/repo/src/test/resources/x.stm")));
    }

    @Test
    void withoutARepositoryEverySpecHasItsGenFolder() {
        assertEquals(Path.of("/home/dev/gen"), Workspace.BESIDE.genDir(Path.of("/home/dev/mine.stm")));
    }

    @Test
    void theDefaultCacheFollowsXdgCacheHome() {
        assertEquals(Path.of("/x/cache/rpcheck/gen"),
                Workspace.defaultCache(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/dev"));
        assertEquals(Path.of("/home/dev/.cache/rpcheck/gen"), Workspace.defaultCache(Map.of(), "/home/dev"));
        // the XDG base directory specification: a relative path is invalid and is ignored
        assertEquals(Path.of("/home/dev/.cache/rpcheck/gen"),
                Workspace.defaultCache(Map.of("XDG_CACHE_HOME", "rel/cache"), "/home/dev"));
        assertEquals(Path.of("/home/dev/.cache/rpcheck/gen"),
                Workspace.defaultCache(Map.of("XDG_CACHE_HOME", ""), "/home/dev"));
    }
}
