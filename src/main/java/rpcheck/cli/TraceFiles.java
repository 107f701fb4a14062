package rpcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import rpcheck.check.GeneratedFiles;
import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.render.Renderings;

/**
 * Writes each counterexample of a known variant under {@code traces/<variant>/<Property>/}: {@code trace.txt}
 * (the text scenario), {@code trace.json} (schema docs/trace-schema.json), {@code waitfor.dot} and
 * {@code waitfor.svg} (the final wait-for graph, its cycle in red), {@code lanes.dot} and {@code lanes.svg}
 * (one lane per context). The files are byte-deterministic and rewritten only when they change; the folder of
 * a property that now holds, or no longer applies, is removed. A property TLC could not check keeps its files.
 */
final class TraceFiles {
    static final List<String> FILES = java.util.stream.Stream.concat(Renderings.FILES.stream(),
            rpcheck.view.Site.TRACE_FILES.stream()).toList();

    private final Path traces;

    TraceFiles(Path traces) {
        this.traces = traces;
    }

    void write(VariantResult v, JsonReport json) throws IOException {
        for (PropertyResult r : v.results()) {
            Path dir = traces.resolve(v.variant()).resolve(r.property().toString());
            switch (r.status()) {
                case HOLDS, NOT_APPLICABLE -> remove(dir);
                case VIOLATED -> {
                    Files.createDirectories(dir);
                    for (Map.Entry<String, String> f : json.traceFiles(v.variant(), r).entrySet()) {
                        GeneratedFiles.replaceIfChanged(dir.resolve(f.getKey()), f.getValue());
                    }
                }
                case ERROR -> { }
            }
        }
        rpcheck.view.Site.afterCheck(traces, v); // verdicts.json and the viewer's pages (rpcheck.view)
    }

    /** Removes a property's trace folder, but only if it holds nothing but files this class writes. */
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
