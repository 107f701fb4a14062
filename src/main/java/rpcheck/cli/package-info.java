/**
 * The command line (picocli): {@code check}, {@code generate}, {@code list}. {@link rpcheck.cli.Cli} builds it
 * for Main and tests; all output goes through the writers given there, and every outcome maps to a code in
 * {@link rpcheck.cli.ExitCodes}. Nothing outside this package depends on it.
 */
package rpcheck.cli;
