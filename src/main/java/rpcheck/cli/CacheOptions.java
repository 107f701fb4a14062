package rpcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import rpcheck.cache.VerdictCache;
import rpcheck.tlc.TlcRunner;

/** The verdict cache's options ({@code check}, {@code gate}): where it is, or that it is not used. */
public final class CacheOptions {
    @Option(names = "--cache", paramLabel = "DIR", description = "The verdict cache folder (default:"
            + " $XDG_CACHE_HOME/rpcheck, else ~/.cache/rpcheck): a TLC run whose inputs are unchanged is not run"
            + " again.")
    Path dir;

    @Option(names = "--no-cache", description = "Run TLC for every verdict; neither read nor write the cache.")
    boolean off;

    /** The cache, or null with --no-cache; warnings about it go to {@code err}. */
    VerdictCache open(PrintWriter err) {
        // the test suite sets rpcheck.noCache, so that TLC-backed tests run TLC unless they name a cache folder
        if (off || dir == null && Boolean.getBoolean("rpcheck.noCache")) {
            return null;
        }
        return new VerdictCache(dir != null ? dir : VerdictCache.defaultDir(), line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
    }

    /** A TLC runner that uses {@code cache} (null: none). */
    static TlcRunner runner(VerdictCache cache) {
        return new TlcRunner().withCache(cache);
    }
}
