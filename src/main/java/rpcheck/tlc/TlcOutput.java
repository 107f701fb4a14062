package rpcheck.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The captured output of one TLC run, split into frames by {@link TlcOutputParser#split(String)}.
 *
 * @param stdout   TLC's standard output, verbatim
 * @param stderr   TLC's standard error, verbatim (usually empty)
 * @param exitCode the process exit code, or null if unknown (parsed from a file, or killed on timeout)
 * @param workDir  the work directory TLC ran in if it was kept, else null
 * @param parts    the top-level parts of stdout in order: message frames and the text lines outside frames
 *                 (SANY's output, {@code Print} output, ...)
 * @param startup  how long TLC took from the start of its JVM until it began computing the initial states (JVM
 *                 start-up, parsing, TLC's set-up), or null if unknown
 * @param cached   true if this output was not printed by a TLC run now but replayed from a {@link ResultCache}
 */
public record TlcOutput(String stdout, String stderr, Integer exitCode, Path workDir, List<Part> parts,
        Duration startup, boolean cached) {

    /** A top-level piece of the output: a {@link TlcMessage} frame or a line of {@link Text}. */
    public sealed interface Part permits TlcMessage, Text {
    }

    /** A line of text outside any frame. */
    public record Text(String line) implements Part {
        public Text {
            Objects.requireNonNull(line, "line");
        }
    }

    public static final TlcOutput EMPTY = new TlcOutput("", "", null, null, List.of(), null);

    public TlcOutput(String stdout, String stderr, Integer exitCode, Path workDir, List<Part> parts) {
        this(stdout, stderr, exitCode, workDir, parts, null);
    }

    public TlcOutput(String stdout, String stderr, Integer exitCode, Path workDir, List<Part> parts,
            Duration startup) {
        this(stdout, stderr, exitCode, workDir, parts, startup, false);
    }

    public TlcOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        parts = List.copyOf(parts);
    }

    /** The top-level message frames in order. */
    public List<TlcMessage> messages() {
        return parts.stream().filter(p -> p instanceof TlcMessage).map(p -> (TlcMessage) p).toList();
    }

    /** All message frames including nested ones, depth first, in output order. */
    public List<TlcMessage> allMessages() {
        List<TlcMessage> out = new ArrayList<>();
        for (TlcMessage m : messages()) {
            out.addAll(m.flatten());
        }
        return out;
    }

    /** The lines outside any frame, in order. */
    public List<String> textLines() {
        return parts.stream().filter(p -> p instanceof Text).map(p -> ((Text) p).line()).toList();
    }

    /** Messages (at any nesting level) whose code this package does not know. Never silently dropped. */
    public List<TlcMessage> unparsedMessages() {
        return allMessages().stream().filter(m -> !TlcOutputParser.isKnownCode(m.code())).toList();
    }

    /** The whole raw output: stdout, then stderr (if any) after a separator line. */
    public String text() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        return stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + "--- stderr ---\n" + stderr;
    }

    /** The last {@code n} lines of {@link #text()}. */
    public List<String> tail(int n) {
        List<String> lines = text().lines().toList();
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    public TlcOutput withProcessInfo(String stderr, Integer exitCode, Path workDir) {
        return new TlcOutput(stdout, stderr, exitCode, workDir, parts, startup, cached);
    }

    public TlcOutput withStartup(Duration d) {
        return new TlcOutput(stdout, stderr, exitCode, workDir, parts, d, cached);
    }

    /** This output, marked as replayed from a {@link ResultCache}. */
    public TlcOutput asCached() {
        return new TlcOutput(stdout, stderr, exitCode, workDir, parts, startup, true);
    }
}
