package rpcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every subcommand has. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--verbose", description = "Print progress to stderr, and stack traces of internal errors.")
    boolean verbose;

    Path root;

    /**
     * {@code --root DIR}: a folder that does not exist, or a file, is a usage error of every command (checked as
     * the option is read, so also for a command that finds no spec through it).
     */
    @Option(names = "--root", paramLabel = "DIR",
            description = "Repository root holding specs/ (default: the rpcheck.home system property set by the"
                    + " launcher, else the current directory).")
    void root(Path dir) {
        if (!Files.exists(dir)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--root " + dir + ": no such folder; give"
                    + " the repository folder that holds specs/ (or leave --root out)");
        }
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--root " + dir + ": not a folder; give the"
                    + " repository folder that holds specs/ (or leave --root out)");
        }
        root = dir;
    }

    /** The repository root: --root, else -Drpcheck.home, else the current directory; absolute. */
    Path root() {
        if (root != null) {
            return root.toAbsolutePath().normalize();
        }
        String home = System.getProperty("rpcheck.home");
        return Path.of(home != null && !home.isBlank() ? home : "").toAbsolutePath().normalize();
    }

    /**
     * The repository root of a command that works on the specs under {@code <root>/specs/} (list, view, gate):
     * a root without a specs/ folder is a usage error, not an empty list.
     */
    Path specsRoot() {
        Path r = root();
        if (!Files.isDirectory(r.resolve("specs"))) {
            throw new CommandLine.ParameterException(mixee.commandLine(), noSpecsFolder(r, root != null));
        }
        return r;
    }

    /** Why {@code root} cannot be the repository root; {@code given}: it came from --root. */
    static String noSpecsFolder(Path root, boolean given) {
        return (given ? "--root " + root : "the repository root " + root) + " has no specs/ folder; give "
                + (given ? "" : "--root ") + "the repository folder that holds specs/ (where the variants are)";
    }
}
