package rpcheck.gate;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.gate.GateResult.Case;
import rpcheck.gate.GateResult.SpecOutcome;
import rpcheck.gate.GateResult.Stale;

/**
 * The gate's reports: {@code junit.xml} (a test suite per spec, a test case per property; a failure carries the
 * summary and the trace path; one more suite, {@code outputs}, with a case per stale output), {@code summary.json},
 * {@code summary.md} (for a CI job summary) and {@code stale.diff} (every stale output's unified diff).
 */
public final class Reports {
    public static final String JUNIT = "junit.xml";
    public static final String JSON = "summary.json";
    public static final String MARKDOWN = "summary.md";
    public static final String DIFF = "stale.diff";

    private Reports() {
    }

    /** Writes the four reports into {@code dir}. */
    public static void write(GateResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JUNIT), junit(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JSON), json(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN), markdown(r), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        r.stale().forEach(s -> sb.append(s.diff()));
        Files.writeString(dir.resolve(DIFF), sb.toString(), StandardCharsets.UTF_8);
    }

    static String suiteName(GateResult r) {
        return r.deep() ? "rpcheck gate --deep" : "rpcheck gate";
    }

    /** JUnit XML (the Ant/Surefire dialect CI tools read). */
    public static String junit(GateResult r) {
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(sw);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", suiteName(r));
            int tests = 0;
            int failures = 0;
            int errors = 0;
            for (SpecOutcome s : r.specs()) {
                tests += Math.max(1, s.cases().size());
                failures += (int) s.cases().stream().filter(c -> c.outcome().failed()
                        && c.outcome() != GateResult.Outcome.ERROR).count();
                errors += (int) s.cases().stream().filter(c -> c.outcome() == GateResult.Outcome.ERROR).count()
                        + (s.problem() != null ? 1 : 0);
            }
            tests += r.stale().size();
            failures += r.stale().size();
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", Integer.toString(errors));
            x.writeCharacters("\n");
            for (SpecOutcome s : r.specs()) {
                suite(x, s);
            }
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "outputs");
            x.writeAttribute("tests", Integer.toString(r.stale().size()));
            x.writeAttribute("failures", Integer.toString(r.stale().size()));
            x.writeAttribute("errors", "0");
            x.writeCharacters("\n");
            for (Stale st : r.stale()) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "outputs");
                x.writeAttribute("name", st.path());
                x.writeStartElement("failure");
                x.writeAttribute("message", "stale output (" + st.kind().name().toLowerCase(Locale.ROOT)
                        + "): run ./rpcheck gate --update and commit");
                x.writeCharacters(st.diff());
                x.writeEndElement();
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
            return sw.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter x, SpecOutcome s) throws XMLStreamException {
        x.writeStartElement("testsuite");
        x.writeAttribute("name", s.variant());
        x.writeAttribute("file", s.spec());
        long failures = s.cases().stream().filter(c -> c.outcome().failed()
                && c.outcome() != GateResult.Outcome.ERROR).count();
        long errors = s.cases().stream().filter(c -> c.outcome() == GateResult.Outcome.ERROR).count();
        x.writeAttribute("tests", Integer.toString(Math.max(1, s.cases().size())));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", Long.toString(errors + (s.problem() != null ? 1 : 0)));
        x.writeAttribute("time", secs(s.cases().stream().mapToLong(c -> c.actual().elapsed().toMillis()).sum()));
        x.writeCharacters("\n");
        if (s.problem() != null) {
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "specs." + s.variant());
            x.writeAttribute("name", "spec");
            x.writeStartElement("error");
            x.writeAttribute("message", "the spec or its expectations have errors");
            x.writeCharacters(s.problem());
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        for (Case c : s.cases()) {
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "specs." + s.variant());
            x.writeAttribute("name", c.property().displayName());
            // where a CI annotation of the case lands (action-junit-report reads file and line)
            x.writeAttribute("file", c.where().file());
            x.writeAttribute("line", Integer.toString(c.where().line()));
            x.writeAttribute("time", secs(c.actual().elapsed().toMillis()));
            if (c.outcome().failed()) {
                x.writeStartElement(c.outcome() == GateResult.Outcome.ERROR ? "error" : "failure");
                x.writeAttribute("type", c.outcome().name());
                x.writeAttribute("message", c.message());
                StringBuilder body = new StringBuilder(c.message()).append('\n');
                if (c.tracePath() != null) {
                    body.append("trace: ").append(c.tracePath()).append('\n');
                }
                c.actual().outputTail().forEach(l -> body.append("| ").append(l).append('\n'));
                x.writeCharacters(body.toString());
                x.writeEndElement();
            }
            StringBuilder out = new StringBuilder(c.message());
            c.notes().forEach(n -> out.append("\nnote: ").append(n));
            if (c.actual().cached()) {
                out.append("\n(cached verdict)");
            }
            x.writeStartElement("system-out");
            x.writeCharacters(out.append('\n').toString());
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static String secs(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** The JSON summary. */
    public static String json(GateResult r) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("tier", r.deep() ? "deep" : "default");
        o.put("passed", passed(r));
        ObjectNode counts = o.putObject("counts");
        counts.put("cases", r.cases().size());
        counts.put("failed", r.cases().stream().filter(c -> c.outcome().failed()).count());
        counts.put("cached", r.cases().stream().filter(c -> c.actual().cached()).count());
        counts.put("stale", r.stale().size());
        ArrayNode specs = o.putArray("specs");
        for (SpecOutcome s : r.specs()) {
            ObjectNode so = specs.addObject();
            so.put("variant", s.variant());
            so.put("spec", s.spec());
            if (s.problem() != null) {
                so.put("problem", s.problem());
            }
            ArrayNode cases = so.putArray("properties");
            for (Case c : s.cases()) {
                ObjectNode co = cases.addObject();
                co.put("name", c.property().displayName());
                co.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
                co.put("expected", c.expected() == null ? null : c.expected().verdict().word());
                Expectations.Verdict now = Gate.verdict(c.actual());
                co.put("actual", now == null ? "error" : now.word());
                if (c.actual().distinctStates() != null) {
                    co.put("distinctStates", c.actual().distinctStates());
                }
                if (c.actual().trace() != null) {
                    co.put("steps", c.actual().trace().steps().size());
                }
                co.put("cached", c.actual().cached());
                co.put("seconds", c.actual().elapsed().toMillis() / 1000.0);
                co.put("message", c.message());
                co.put("file", c.where().file());
                co.put("line", c.where().line());
                ArrayNode notes = co.putArray("notes");
                c.notes().forEach(notes::add);
                if (c.tracePath() != null) {
                    co.put("trace", c.tracePath());
                }
            }
        }
        ArrayNode stale = o.putArray("stale");
        for (Stale s : r.stale()) {
            ObjectNode so = stale.addObject();
            so.put("path", s.path());
            so.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode updated = o.putArray("updated");
        r.updated().forEach(updated::add);
        try {
            return m.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean passed(GateResult r) {
        return !r.anyProblem() && !r.anyError() && !r.anyFailed() && r.stale().isEmpty();
    }

    /** The Markdown summary (a CI job summary): the verdict table, then what failed or changed. */
    public static String markdown(GateResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(suiteName(r)).append(": ").append(passed(r) ? "passed" : "FAILED").append("\n\n");
        List<Case> cases = r.cases();
        sb.append(cases.size()).append(" checks (spec x property), ")
                .append(cases.stream().filter(c -> c.outcome().failed()).count()).append(" failed, ")
                .append(cases.stream().filter(c -> c.actual().cached()).count()).append(" from the verdict cache; ")
                .append(r.stale().size()).append(" stale outputs.\n\n");
        sb.append("| spec | property | expected | now | |\n|---|---|---|---|---|\n");
        for (SpecOutcome s : r.specs()) {
            if (s.problem() != null) {
                sb.append("| ").append(s.variant()).append(" | - | - | - | **error**: `")
                        .append(s.problem().strip().lines().findFirst().orElse("").replace("|", "\\|"))
                        .append("` |\n");
            }
            for (Case c : s.cases()) {
                Expectations.Verdict now = Gate.verdict(c.actual());
                sb.append("| ").append(s.variant()).append(" | ").append(c.property().displayName()).append(" | ")
                        .append(c.expected() == null ? "-" : c.expected().verdict().word()).append(" | ")
                        .append(now == null ? "error" : now.word())
                        .append(c.actual().trace() == null ? "" : " (" + c.actual().trace().steps().size() + " steps)")
                        .append(" | ").append(c.outcome().failed() ? "**" + c.message().replace("|", "\\|") + "** (`"
                                + c.where() + "`, " + c.where().what() + ")"
                                : c.notes().isEmpty() ? "ok" : String.join("; ", c.notes()))
                        .append(" |\n");
            }
        }
        if (!r.stale().isEmpty()) {
            sb.append("\n### Stale outputs (run `./rpcheck gate --update` and commit)\n\n");
            r.stale().forEach(s -> sb.append("- `").append(s.path()).append("` (")
                    .append(s.kind().name().toLowerCase(Locale.ROOT)).append(")\n"));
        }
        if (!r.updated().isEmpty()) {
            sb.append("\n### Updated\n\n");
            r.updated().forEach(u -> sb.append("- ").append(u).append('\n'));
        }
        return sb.toString();
    }
}
