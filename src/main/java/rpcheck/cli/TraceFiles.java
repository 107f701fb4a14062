package rpcheck.cli;

import rpcheck.model.Property;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import rpcheck.check.CheckException;
import rpcheck.check.GeneratedFiles;
import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.check.WrittenFiles;
import rpcheck.render.Renderings;
import rpcheck.render.TraceJsonReader;

/**
 * Writes each counterexample of a known variant under {@code traces/<variant>/<Property>/}: {@code trace.txt}
 * (the text scenario), {@code trace.json} (schema docs/trace-schema.json), {@code waitfor.dot} and
 * {@code waitfor.svg} (the final wait-for graph, its cycle in red), {@code lanes.dot} and {@code lanes.svg}
 * (one lane per context). The files are byte-deterministic and rewritten only when they change; the folder of
 * a property that now holds, or no longer applies, is removed. A property TLC could not check keeps its files.
 * Under {@code check --out DIR} each folder also gets {@value WrittenFiles#NAME}, the record of what was written
 * ({@link WrittenFiles}), so that a later rpcheck, which may render the same counterexample in other words,
 * still knows these files for its own; the committed {@code traces/} have none (git and the gate keep them).
 */
final class TraceFiles {
    static final List<String> FILES = rpcheck.view.Site.COUNTEREXAMPLE_FILES;

    private final Path traces;
    /** Whether each folder written gets its {@value WrittenFiles#NAME} (one that has it keeps it current). */
    private final boolean record;

    /** Where check found the bases of variants ({@code --spec-path}): the pages' source check looks there too. */
    private final List<Path> specPath;

    TraceFiles(Path traces, boolean record, List<Path> specPath) {
        this.traces = traces;
        this.record = record;
        this.specPath = List.copyOf(specPath);
    }

    void write(VariantResult v, JsonReport json) throws IOException {
        // a file where a folder goes is a conflict found before anything is written
        requireFolder(traces.resolve(v.variant()), v.variant() + "'s counterexamples and verdicts");
        for (PropertyResult r : v.results()) {
            if (r.status() == PropertyResult.Status.VIOLATED) {
                requireFolder(traces.resolve(v.variant()).resolve(r.property().toString()),
                        "the counterexample of " + v.variant() + "'s " + r.property());
            }
        }
        for (PropertyResult r : v.results()) {
            Path dir = traces.resolve(v.variant()).resolve(r.property().toString());
            switch (r.status()) {
                case HOLDS, NOT_APPLICABLE -> remove(dir);
                case VIOLATED -> {
                    Files.createDirectories(dir);
                    Map<String, String> files = json.traceFiles(v.variant(), r);
                    Map<String, String> written = written(dir);
                    boolean changes = false;
                    for (Map.Entry<String, String> f : files.entrySet()) {
                        Path p = dir.resolve(f.getKey());
                        changes |= Files.exists(p) && !Files.readString(p, StandardCharsets.UTF_8).equals(f.getValue());
                    }
                    if (changes) {
                        requirePristine(dir, written);
                    }
                    for (Map.Entry<String, String> f : files.entrySet()) {
                        GeneratedFiles.replaceIfChanged(dir.resolve(f.getKey()), f.getValue());
                    }
                    if (record || written != null) {
                        GeneratedFiles.replaceIfChanged(dir.resolve(WrittenFiles.NAME), WrittenFiles.record(files));
                    }
                }
                case ERROR, NO_VIOLATION_FOUND -> { }
            }
        }
        rpcheck.view.Site.afterCheck(traces, v, specPath); // verdicts.json and the viewer's pages (rpcheck.view)
    }

    /**
     * A conflict if {@code dir}, where the folder of {@code what} goes, is a file (or a link to one): a file
     * rpcheck did not write, left as it is.
     */
    private static void requireFolder(Path dir, String what) {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new CheckException(CheckException.Reason.CONFLICT, "refusing to overwrite " + dir + ": it is a"
                    + " file rpcheck did not write, where the folder of " + what + " goes; move it out of the way"
                    + " (or give another --out) and check again");
        }
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
        requirePristine(dir, written(dir));
        for (String f : FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    /**
     * The record of what rpcheck wrote in {@code dir} (file name to hash), or null if it has none (it was written
     * before rpcheck kept one, or is under the committed traces/); a conflict if that file is not one rpcheck wrote.
     */
    private static Map<String, String> written(Path dir) throws IOException {
        try {
            return WrittenFiles.read(dir);
        } catch (WrittenFiles.NotWritten e) {
            throw new CheckException(CheckException.Reason.CONFLICT, "refusing to overwrite "
                    + dir.resolve(WrittenFiles.NAME) + ": it is not the record of the files rpcheck wrote ("
                    + e.getMessage() + "; edited by hand?); move it out of the way and check again");
        }
    }

    /**
     * Throws a conflict unless the files in {@code dir} are as rpcheck wrote them: each has the hash the folder's
     * record of what was written gives it ({@code written}, null if none), whichever rpcheck wrote it, or is what
     * rendering the folder's trace.json gives now (and trace.json renders to itself). So an edited trace is never
     * overwritten or removed silently. The viewer's files of the folder are not compared (they depend on the
     * spec's source too, and carry rpcheck's mark instead).
     */
    private static void requirePristine(Path dir, Map<String, String> written) throws IOException {
        Path json = dir.resolve("trace.json");
        Map<String, String> expected = Map.of();
        if (Files.isRegularFile(json)) {
            try {
                expected = Renderings.files(TraceJsonReader.read(Files.readString(json, StandardCharsets.UTF_8),
                        json.toString()));
            } catch (TraceJsonReader.Invalid | java.nio.charset.MalformedInputException e) {
                expected = Map.of();
            }
        }
        // the viewer's files (trace.html, trace.itf.json) also read the spec's source: rpcheck.view writes them
        for (String f : Renderings.FILES) {
            Path p = dir.resolve(f);
            if (!Files.exists(p)) {
                continue;
            }
            String text = read(p);
            boolean recorded = written != null && text != null && WrittenFiles.hash(text).equals(written.get(f));
            if (!recorded && (text == null || !text.equals(expected.get(f)))) {
                throw new CheckException(CheckException.Reason.CONFLICT, "refusing to overwrite " + p
                        + ": it is not what rpcheck wrote (edited by hand?); move it out of the way and check again");
            }
        }
    }

    private static String read(Path p) throws IOException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (java.nio.charset.MalformedInputException e) {
            return null; // not UTF-8: rpcheck did not write it
        }
    }
}
