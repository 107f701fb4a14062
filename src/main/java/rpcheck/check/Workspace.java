package rpcheck.check;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import rpcheck.cache.VerdictCache;
import rpcheck.model.SpecLoader;

/**
 * Where the bases of a variant are looked up and where the generated files of a spec go.
 *
 * <p>A spec under {@code <repository>/specs/} has its generated files in the {@code gen/} folder beside it
 * (they are committed). A spec anywhere else (a developer's own tree) has them in a cache folder, one
 * sub-folder per spec keyed by its absolute path, so that rpcheck writes nothing into the developer's tree.
 *
 * @param repository the repository root whose {@code specs/} holds the committed specs, or null: every spec
 *                   then has its {@code gen/} beside it
 * @param specPath   folders searched for a base named in {@code extends NAME} (see {@link SpecLoader})
 * @param cache      the folder of the generated files of specs outside {@code <repository>/specs/}
 */
public record Workspace(Path repository, List<Path> specPath, Path cache) {
    /** Every spec's generated files beside it, bases only beside their variants (the API's default). */
    public static final Workspace BESIDE = new Workspace(null, List.of(), null);

    private static final String GEN = "gen";

    public Workspace {
        repository = repository == null ? null : repository.toAbsolutePath().normalize();
        specPath = specPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        cache = cache == null ? null : cache.toAbsolutePath().normalize();
        if (repository != null && cache == null) {
            throw new IllegalArgumentException("a workspace with a repository needs a cache folder");
        }
    }

    /** The folder of the generated files of {@code spec}. */
    public Path genDir(Path spec) {
        Path abs = spec.toAbsolutePath().normalize();
        if (repository == null || abs.startsWith(repository.resolve("specs"))) {
            return abs.resolveSibling(GEN);
        }
        return cache.resolve(cacheKey(abs));
    }

    /** Whether {@code spec}'s generated files go to the cache rather than beside it. */
    public boolean cached(Path spec) {
        return !genDir(spec).equals(spec.toAbsolutePath().normalize().resolveSibling(GEN));
    }

    /** A loader that finds bases on this workspace's spec path; names in diagnostics relative to {@code root}. */
    public SpecLoader loader(Path root) {
        return new SpecLoader(root, specPath);
    }

    /**
     * The default cache folder: {@code $XDG_CACHE_HOME/rpcheck/gen} if that variable holds an absolute path (the
     * XDG base directory specification ignores a relative one), else {@code <home>/.cache/rpcheck/gen}.
     */
    public static Path defaultCache(Map<String, String> env, String home) {
        return VerdictCache.defaultDir(env, home).resolve(GEN);
    }

    /** {@code <file name without .stm>-<first 16 hex digits of the SHA-256 of the absolute path>}. */
    static String cacheKey(Path abs) {
        String name = abs.getFileName().toString();
        if (name.endsWith(".stm")) {
            name = name.substring(0, name.length() - ".stm".length());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(abs.toString().getBytes(StandardCharsets.UTF_8));
            return name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
