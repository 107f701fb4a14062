package rpcheck.check;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record of the files rpcheck wrote into a folder, {@value #NAME}: one line per file, the SHA-256 of its
 * text as written ("\n" line endings, UTF-8) and its name, as {@code sha256sum} prints them (so
 * {@code sha256sum -c written.sha256} lists the files changed since). It holds neither times nor paths, so it
 * is as byte-deterministic as the files. A later rpcheck, whose renderers may word the same counterexample
 * differently, accepts a file as its own when the record has its hash; a file edited since does not match.
 */
public final class WrittenFiles {
    public static final String NAME = "written.sha256";

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  ([A-Za-z0-9._-]+)");

    /** A {@value #NAME} that is not one rpcheck wrote. */
    public static final class NotWritten extends Exception {
        NotWritten(String message) {
            super(message);
        }
    }

    private WrittenFiles() {
    }

    /** The record of {@code files} (name to text, in the order written). */
    public static String record(Map<String, String> files) {
        StringBuilder out = new StringBuilder();
        files.forEach((name, text) -> out.append(hash(text)).append("  ").append(name).append('\n'));
        return out.toString();
    }

    /** The hash the record keeps for a file holding {@code text}. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /**
     * The record in {@code dir} (file name to hash), or null if it has none. Throws if the file is not exactly
     * what {@link #record} writes (a file of the same name that someone else wrote, or one edited by hand).
     */
    public static Map<String, String> read(Path dir) throws IOException, NotWritten {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (CharacterCodingException e) {
            throw new NotWritten("not UTF-8");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        StringBuilder again = new StringBuilder();
        for (String line : text.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || hashes.put(m.group(2), m.group(1)) != null) {
                throw new NotWritten("not a line rpcheck writes: " + line);
            }
            again.append(line).append('\n');
        }
        if (hashes.isEmpty() || !again.toString().equals(text)) {
            throw new NotWritten("not as rpcheck writes it");
        }
        return hashes;
    }
}
