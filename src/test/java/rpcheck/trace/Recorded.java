package rpcheck.trace;

import rpcheck.model.Property;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import rpcheck.check.Compiler;
import rpcheck.tla.Provenance;
import rpcheck.tlc.TlcOutputParser;
import rpcheck.tlc.TlcResult;

/**
 * The specs under src/test/resources/trace/ and the TLC outputs recorded from them by record.sh there. The
 * spec is compiled now, so a generator change that renames labels shows up as a failing test: re-record then.
 */
public final class Recorded {
    private Recorded() {
    }

    public static Path dir() {
        try {
            return Path.of(Recorded.class.getResource("/trace/selfcancel.stm").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Provenance provenance(String spec) {
        return compiled(spec).output().provenance();
    }

    public static Compiler.Compiled compiled(String spec) {
        Path file = dir().resolve(spec + ".stm");
        return Compiler.compile(file, dir(), Map.of());
    }

    /** A builder that reads the lowered program too (as {@code check} does). */
    public static TraceBuilder builder(String spec) {
        Compiler.Compiled c = compiled(spec);
        return new TraceBuilder(c.output().provenance(), c.program());
    }

    public static TlcResult result(String spec, Property p) {
        try {
            String out = Files.readString(dir().resolve(spec + "_" + p.displayName() + ".out"), StandardCharsets.UTF_8);
            return TlcOutputParser.interpret(TlcOutputParser.parse(out));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Trace trace(String spec, Property p) {
        TlcResult r = result(spec, p);
        if (!(r instanceof TlcResult.Violation v)) {
            throw new IllegalStateException(spec + " " + p + ": recorded output is not a violation: " + r);
        }
        return builder(spec).build(p, v);
    }
}
