package rpcheck.tlc;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@} frame of TLC's {@code -tool}
 * output.
 *
 * @param code     the message code (see {@code tlc2.output.EC})
 * @param severity {@link #NONE}, {@link #ERROR}, {@link #TLCBUG}, {@link #WARNING} or {@link #STATE}
 *                 ({@code tlc2.output.MP})
 * @param lines    the frame's own text lines (trailing blank lines removed); text that preceded a nested
 *                 frame on the same line is kept as a line of its own
 * @param nested   frames nested inside this one (TLC nests e.g. a 2154 or a config error 5xxx inside a
 *                 1000 "unexpected exception" frame)
 */
public record TlcMessage(int code, int severity, List<String> lines, List<TlcMessage> nested)
        implements TlcOutput.Part {

    public static final int NONE = 0;
    public static final int ERROR = 1;
    public static final int TLCBUG = 2;
    public static final int WARNING = 3;
    public static final int STATE = 4;

    public TlcMessage {
        lines = List.copyOf(lines);
        nested = List.copyOf(nested);
    }

    public TlcMessage(int code, int severity, List<String> lines) {
        this(code, severity, lines, List.of());
    }

    public boolean isError() {
        return severity == ERROR || severity == TLCBUG;
    }

    /** This frame's lines followed by the text of its nested frames, joined with newlines. */
    public String text() {
        List<String> all = new ArrayList<>(lines);
        for (TlcMessage m : nested) {
            all.add(m.text());
        }
        return String.join("\n", all).strip();
    }

    /** This message and all nested messages, depth first, in output order. */
    public List<TlcMessage> flatten() {
        List<TlcMessage> out = new ArrayList<>();
        out.add(this);
        for (TlcMessage m : nested) {
            out.addAll(m.flatten());
        }
        return out;
    }
}
