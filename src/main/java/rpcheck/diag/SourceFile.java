package rpcheck.diag;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one DSL file and the name it is shown under in diagnostics (a relative path). Line ends are
 * normalised: CRLF and a lone CR both end a line; a UTF-8 byte-order mark at the start is dropped.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String name, String text) {
        this.name = name;
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.text = t.indexOf('\r') < 0 ? t : t.replace("\r\n", "\n").replace('\r', '\n');
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < this.text.length(); i++) {
            if (this.text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A file read from disk: the bytes must be UTF-8. If they are not, the file holds the text decoded with
     * replacement characters and {@code diags} gets an {@link DiagnosticCode#INVALID_ENCODING} error at the
     * first bad byte; the caller should not parse such a file.
     */
    public static SourceFile decode(String name, byte[] bytes, Diagnostics diags) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            dec.flush(out);
            out.flip();
            return new SourceFile(name, out.toString());
        }
        int badByte = in.position();
        out.flip();
        String prefix = out.toString();
        String whole = new String(bytes, StandardCharsets.UTF_8); // malformed bytes become U+FFFD
        // keep the offsets of the prefix (a BOM is dropped by the constructor: account for it)
        SourceFile f = new SourceFile(name, whole);
        int at = prefix.length() - (prefix.startsWith("\uFEFF") ? 1 : 0);
        at = Math.min(at, f.text.length());
        diags.error(DiagnosticCode.INVALID_ENCODING, new Span(f, at, Math.min(at + 1, f.text.length())),
                String.format("byte 0x%02X (at byte offset %d) is not valid UTF-8", bytes[badByte] & 0xff, badByte),
                "spec files are UTF-8: convert the file (e.g. 'iconv -f latin1 -t utf-8') or remove the byte;"
                        + " identifiers are ASCII letters, digits and '_'");
        return f;
    }

    /** Whether {@code bytes} decode as UTF-8 without error. */
    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** 1-based line of a 0-based offset. */
    public int line(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** 1-based column of a 0-based offset. */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** Text of a 1-based line, without its newline. */
    public String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        return text.substring(start, Math.max(start, end));
    }

    public int lineCount() {
        return lineStarts.length;
    }

    @Override
    public String toString() {
        return name;
    }
}
