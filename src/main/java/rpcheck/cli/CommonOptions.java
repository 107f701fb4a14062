package rpcheck.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every subcommand has. */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print progress to stderr, and stack traces of internal errors.")
    boolean verbose;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Repository root holding specs/ (default: the rpcheck.home system property set by the"
                    + " launcher, else the current directory).")
    Path root;

    /** The repository root: --root, else -Drpcheck.home, else the current directory; absolute. */
    Path root() {
        if (root != null) {
            if (java.nio.file.Files.exists(root) && !java.nio.file.Files.isDirectory(root)) {
                throw new rpcheck.check.CheckException(rpcheck.check.CheckException.Reason.USAGE, "--root " + root
                        + ": not a folder; give the repository folder that holds specs/ (or leave --root out)");
            }
            return root.toAbsolutePath().normalize();
        }
        String home = System.getProperty("rpcheck.home");
        return Path.of(home != null && !home.isBlank() ? home : "").toAbsolutePath().normalize();
    }
}
