package rpcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.check.GeneratedFiles;
import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.render.WaitForGraph;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;

/**
 * Writes each counterexample of a known variant under {@code traces/<variant>/<Property>/}: {@code trace.txt}
 * (the text report), {@code trace.json} (the property's JSON object) and {@code waitfor.dot} (the wait-for
 * graph of the final state, cycles in red). The files are byte-deterministic and rewritten only when they change;
 * the folder of a property that now holds is removed.
 */
final class TraceFiles {
    static final List<String> FILES = List.of("trace.txt", "trace.json", "waitfor.dot");

    private final Path traces;

    TraceFiles(Path traces) {
        this.traces = traces;
    }

    void write(VariantResult v, JsonReport json) throws IOException {
        for (PropertyResult r : v.results()) {
            Path dir = traces.resolve(v.variant()).resolve(r.property().toString());
            if (r.status() == PropertyResult.Status.HOLDS) {
                remove(dir);
            }
            if (r.status() != PropertyResult.Status.VIOLATED) {
                continue;
            }
            Files.createDirectories(dir);
            StringWriter text = new StringWriter();
            PrintWriter pw = new PrintWriter(text);
            new TextReport(pw).violation(v.variant(), r);
            pw.flush();
            update(dir.resolve("trace.txt"), text.toString());
            ObjectNode o = json.property(r);
            o.put("variant", v.variant());
            update(dir.resolve("trace.json"), json.write(o) + "\n");
            Trace t = r.trace();
            List<TraceStep> steps = t.steps();
            WaitForGraph g = new WaitForGraph(steps.isEmpty() ? List.of() : steps.get(steps.size() - 1).waiting());
            update(dir.resolve("waitfor.dot"), g.toDot(v.variant() + ": " + r.property() + ", final state"));
        }
    }

    private static void update(Path file, String content) {
        GeneratedFiles.replaceIfChanged(file, content);
    }

    /** Removes a property's trace folder, but only if it holds nothing but the files this class writes. */
    private static void remove(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (!entries.allMatch(p -> FILES.contains(p.getFileName().toString()))) {
                return;
            }
        }
        for (String f : FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }
}
