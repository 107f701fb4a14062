package rpcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rpcheck.check.Variants;

/** Which specs a command works on: {@code --variant NAME}..., {@code --all}, or spec file paths. */
public final class SelectionOptions {
    @Option(names = "--variant", paramLabel = "NAME",
            description = "A variant: the base name of a .stm file under <root>/specs/ (repeatable).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--all", description = "Every variant under <root>/specs/.")
    boolean all;

    @Parameters(paramLabel = "PATH.stm", arity = "0..*", description = "Spec files (paths from the current"
            + " directory), also outside <root>.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--spec-path", paramLabel = "DIR", description = "A folder (searched with its sub-folders) where"
            + " 'extends NAME' finds NAME.stm when it is not beside the variant (repeatable, searched in order).")
    List<Path> specPath = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where the generated files of specs outside"
            + " <root>/specs/ go (default: $XDG_CACHE_HOME/rpcheck/gen, else ~/.cache/rpcheck/gen).")
    Path cacheDir;

    /**
     * A selected spec file (absolute) and the folder its names (and its bases') are shown relative to: the
     * repository root for a spec under {@code <root>/specs/} (as in the committed gen/ and traces/), else the
     * current directory; a file outside that folder is shown by its absolute path.
     */
    record Selected(Path file, Path displayRoot) {
        /** The file relative to its display root, or absolute if it is not under it. */
        String display() {
            return shown(displayRoot, file);
        }
    }

    /** {@code file} relative to {@code folder} if it is under it, else absolute. */
    static String shown(Path folder, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(folder) ? folder.relativize(abs) : abs).toString().replace('\\', '/');
    }

    /** The selection and its look-up options as command-line arguments (paths absolute), for another rpcheck. */
    List<String> asArgs() {
        List<String> args = new ArrayList<>();
        if (all) {
            args.add("--all");
        }
        variants.forEach(v -> args.addAll(List.of("--variant", v)));
        specPath.forEach(d -> args.addAll(List.of("--spec-path", d.toAbsolutePath().toString())));
        if (cacheDir != null) {
            args.addAll(List.of("--cache-dir", cacheDir.toAbsolutePath().toString()));
        }
        paths.forEach(f -> args.add(f.toAbsolutePath().toString()));
        return args;
    }

    /** Resolves the selection; a {@link CommandLine.ParameterException} (exit 2) if it is empty or mixed. */
    List<Selected> resolve(CommandLine cmd, Path root) {
        if (all && (!variants.isEmpty() || !paths.isEmpty())) {
            throw new CommandLine.ParameterException(cmd, "--all cannot be combined with --variant or a spec path");
        }
        if (!all && variants.isEmpty() && paths.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "say which specs: --variant NAME, --all, or PATH.stm");
        }
        if ((all || !variants.isEmpty()) && !Files.isDirectory(root.resolve("specs"))) {
            throw new CommandLine.ParameterException(cmd, CommonOptions.noSpecsFolder(root, false) + "; --variant and"
                    + " --all name the specs under <root>/specs/ (a spec elsewhere is given by its PATH.stm)");
        }
        Variants catalog = Variants.scan(root);
        Set<Path> files = new LinkedHashSet<>();
        if (all) {
            if (catalog.all().isEmpty()) {
                throw new CommandLine.ParameterException(cmd, "no .stm files under " + root.resolve("specs"));
            }
            catalog.all().forEach(v -> files.add(v.file()));
        }
        variants.forEach(n -> files.add(catalog.resolve(n).file()));
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                throw new CommandLine.ParameterException(cmd, p + " is a folder, not a spec file; pass the .stm"
                        + " files in it (e.g. " + p + "/*.stm), or --variant NAME");
            }
            requireStm(cmd, p, catalog);
            if (!Files.isRegularFile(abs)) {
                throw new CommandLine.ParameterException(cmd, "no such spec file: " + p + " (a path from the current"
                        + " directory " + Path.of("").toAbsolutePath() + "; --variant NAME finds a spec under "
                        + root.resolve("specs") + ")");
            }
            files.add(abs);
        }
        // the results, messages and output folders of a spec are named after its model: two of one name would mix
        java.util.Map<String, Path> byName = new java.util.HashMap<>();
        for (Path f : files) {
            Path other = byName.putIfAbsent(modelName(catalog, f), f);
            if (other != null) {
                throw new CommandLine.ParameterException(cmd, "two specs are named '" + modelName(catalog, f)
                        + "': " + other + " and " + f + "; their messages and output folders would mix: check them"
                        + " in separate commands (each with its own --out), or rename one's model");
            }
        }
        // a spec elsewhere is shown so that its path opens from the current directory
        Path cwd = Path.of("").toAbsolutePath().normalize();
        List<Selected> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new Selected(f, f.startsWith(root.resolve("specs")) ? root : cwd));
        }
        return out;
    }

    /**
     * A spec path argument that does not end in {@code .stm} is a usage error naming it (a README.md or a
     * trace.json is not parsed as a spec); {@code catalog} (may be null) suggests {@code --variant} for a name.
     */
    static void requireStm(CommandLine cmd, Path p, Variants catalog) {
        String name = p.getFileName() == null ? p.toString() : p.getFileName().toString();
        if (name.endsWith(".stm")) {
            return;
        }
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        boolean known = catalog != null && catalog.all().stream().anyMatch(v -> v.name().equals(base));
        throw new CommandLine.ParameterException(cmd, p + ": not a spec file: specs are files whose name ends in"
                + " .stm; give a PATH.stm" + (known ? ", or --variant " + base + " for the variant of that name"
                        : ", or --variant NAME for a spec under <root>/specs/"));
    }

    /** The model or variant name in a spec's header, else (a header that does not parse) the file's base name. */
    private static String modelName(Variants catalog, Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.stm$", "");
        try {
            String name = catalog.header(new Variants.Variant(base, file)).name();
            return name == null || name.isBlank() ? base : name;
        } catch (RuntimeException e) {
            return base;
        }
    }

    /**
     * Where bases are found and generated files go: specs under {@code <root>/specs/} keep theirs in {@code gen/}
     * beside them, others in the cache folder; a {@code --spec-path} that is not a folder is a usage error.
     */
    rpcheck.check.Workspace workspace(CommandLine cmd, Path root) {
        requireFolders(cmd, specPath);
        if (cacheDir != null && Files.exists(cacheDir) && !Files.isDirectory(cacheDir)) {
            throw new CommandLine.ParameterException(cmd, "--cache-dir " + cacheDir + ": not a folder; give a folder"
                    + " for the generated files (it is created if missing), or leave --cache-dir out for the default");
        }
        Path cache = cacheDir != null ? cacheDir
                : rpcheck.check.Workspace.defaultCache(System.getenv(), System.getProperty("user.home"));
        return new rpcheck.check.Workspace(root, specPath, cache);
    }

    /** A {@code --spec-path} that is not a folder is a usage error (check, generate, bench and view). */
    static void requireFolders(CommandLine cmd, List<Path> specPath) {
        for (Path d : specPath) {
            if (!Files.isDirectory(d)) {
                throw new CommandLine.ParameterException(cmd, "--spec-path " + d + ": no such folder");
            }
        }
    }

    /** Whether the output should be a list of variants (several specs, or --all). */
    boolean many(List<Selected> selected) {
        return all || selected.size() > 1;
    }
}
