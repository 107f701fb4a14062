package rpcheck.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.check.GeneratedFiles;
import rpcheck.check.VariantResult;
import rpcheck.check.Variants;
import rpcheck.render.Counterexample;
import rpcheck.render.TraceJsonReader;
import rpcheck.model.Property;

/**
 * The pages under {@code traces/}, all made from committed files (no TLC): {@code index.html} (every committed
 * variant x property), {@code <variant>/<Property>/trace.html} and {@code trace.itf.json} beside each
 * trace.json, and {@code compare/<a>-vs-<b>.html} for each variant against its base and against the other
 * variants of the same base. Writing is byte-deterministic and rewrites a file only when it changes.
 */
public final class Site {
    /** The files this package writes beside a trace.json (the assets only beside one outside traces/). */
    public static final List<String> TRACE_FILES = List.of(TracePage.FILE, ItfWriter.FILE, Html.CSS, Html.JS);

    /**
     * Every file rpcheck writes in a counterexample's folder: the renderings, then {@link #TRACE_FILES}, then the
     * record of what was written that {@code check --out} keeps ({@link rpcheck.check.WrittenFiles}).
     */
    public static final List<String> COUNTEREXAMPLE_FILES = java.util.stream.Stream.of(
            rpcheck.render.Renderings.FILES.stream(), TRACE_FILES.stream(),
            java.util.stream.Stream.of(rpcheck.check.WrittenFiles.NAME)).flatMap(s -> s).toList();
    public static final String INDEX = "index.html";
    public static final String COMPARE = "compare";

    /** What was written (or already current). */
    public record Pages(Path index, Map<String, List<Path>> traces, List<Path> compare) {
    }

    private final Path root;
    private final Path traces;
    private final Variants variants;
    private final Sources sources;
    private final SourceCheck sourceCheck;
    /** Per trace.json written: why its DSL positions no longer match the spec (only those that do not). */
    private final Map<String, SourceCheck.Stale> stale = new LinkedHashMap<>();

    public Site(Path root) {
        this(root, List.of());
    }

    /**
     * @param specPath the folders {@code check --spec-path} searched for a base a variant {@code extends} by name
     *                 (the source check compiles each variant as check did)
     */
    public Site(Path root, List<Path> specPath) {
        this.root = root.toAbsolutePath().normalize();
        this.traces = this.root.resolve("traces");
        this.variants = Variants.scan(this.root);
        this.sources = new Sources(this.root);
        this.sourceCheck = new SourceCheck(this.root, sources, specPath);
    }

    /**
     * One warning for each trace written so far whose DSL positions no longer match its spec as it is now (the
     * spec was edited after {@code check} wrote the trace): the trace, the first position that does not match,
     * what trace.json expects there and what the file has, and the {@code check} that writes the trace again.
     * Its page says so in a banner and shows no DSL line. Empty when every page's source links are current.
     */
    public List<String> warnings() {
        return stale.values().stream().map(SourceCheck.Stale::warning).toList();
    }

    /** After {@code check} wrote a committed variant's trace files: its verdicts.json, then every page. */
    public static void afterCheck(Path traces, VariantResult r) throws IOException {
        afterCheck(traces, r, List.of());
    }

    /** As {@link #afterCheck(Path, VariantResult)}, the bases of variants found on {@code specPath}. */
    public static void afterCheck(Path traces, VariantResult r, List<Path> specPath) throws IOException {
        Path file = traces.resolve(r.variant()).resolve(VerdictFile.NAME);
        // as for gen/ and the trace files: never over a file rpcheck did not write (it reads back to itself)
        VerdictFile old = null;
        boolean ours = true;
        if (Files.isRegularFile(file)) {
            try {
                old = VerdictFile.read(file);
                ours = old.toJson().equals(Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n"));
            } catch (ViewException | java.nio.charset.CharacterCodingException e) {
                ours = false;
            }
        }
        if (!ours) {
            throw new rpcheck.check.CheckException(rpcheck.check.CheckException.Reason.CONFLICT,
                    "refusing to overwrite " + file + ": it is not a verdicts.json rpcheck wrote (edited by hand?);"
                    + " move it out of the way and check again");
        }
        Files.createDirectories(file.getParent());
        GeneratedFiles.replaceIfChanged(file, VerdictFile.merge(old, r).toJson());
        try {
            new Site(traces.getParent(), specPath).writeVariant(r.variant());
        } catch (ViewException e) { // a page or asset rpcheck did not write: a conflict, as for the trace files
            throw new rpcheck.check.CheckException(rpcheck.check.CheckException.Reason.CONFLICT,
                    e.getMessage().replaceFirst(": error: ", ": "));
        }
    }

    /** The line every page rpcheck writes has before its content (the second line of the file). */
    static final String MARK = Html.MARKER.lines().toList().get(1);

    /**
     * Writes a page, but never over a file that does not carry the mark of one rpcheck wrote (a page written by
     * hand or another tool): that is a conflict, as for gen/ and traces/.
     */
    static void writePage(Path page, String html) throws IOException {
        if (Files.isRegularFile(page)) {
            String old = Files.readString(page, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!old.lines().limit(3).anyMatch(MARK::equals)) {
                throw new rpcheck.check.CheckException(rpcheck.check.CheckException.Reason.CONFLICT,
                        "refusing to overwrite " + page + ": it is not a page rpcheck wrote (no '" + MARK
                                + "' line); move it out of the way and run again");
            }
        }
        GeneratedFiles.replaceIfChanged(page, html);
    }

    /** The pages one variant's check changes: its counterexamples', the compare pages it is in, the index. */
    public void writeVariant(String name) throws IOException, ViewException {
        Variants.Variant v = variants.all().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (v == null) {
            return;
        }
        for (Property p : Property.values()) {
            Path json = traces.resolve(v.name()).resolve(p.displayName()).resolve("trace.json");
            if (Files.isRegularFile(json)) {
                writeTrace(json, v);
            }
        }
        for (String[] pair : comparePairs()) {
            if (pair[0].equals(name) || pair[1].equals(name)) {
                writeCompare(pair[0], pair[1]);
            }
        }
        Files.createDirectories(traces);
        writeAssets(traces);
        writePage(traces.resolve(INDEX), IndexPage.render(this));
    }

    /** Every page of the committed variants. */
    public Pages writeAll() throws IOException, ViewException {
        Map<String, List<Path>> pages = new LinkedHashMap<>();
        List<Variants.Variant> all = variants.all();
        for (Variants.Variant v : all) {
            List<Path> mine = new ArrayList<>();
            for (Property p : Property.values()) {
                Path json = traces.resolve(v.name()).resolve(p.displayName()).resolve("trace.json");
                if (Files.isRegularFile(json)) {
                    mine.add(writeTrace(json, v));
                }
            }
            pages.put(v.name(), mine);
        }
        List<Path> compare = new ArrayList<>();
        for (String[] pair : comparePairs()) {
            compare.add(writeCompare(pair[0], pair[1]));
        }
        Path index = traces.resolve(INDEX);
        Files.createDirectories(traces);
        writeAssets(traces);
        writePage(index, IndexPage.render(this));
        return new Pages(index, pages, compare);
    }

    /** The pages of one trace.json anywhere (written beside it); its page. */
    public Path writeTrace(Path json) throws IOException, ViewException {
        return writeTrace(json, null);
    }

    private Path writeTrace(Path json, Variants.Variant v) throws IOException, ViewException {
        Counterexample cx = read(json);
        Path dir = json.toAbsolutePath().normalize().getParent();
        boolean committed = v != null;
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : List.of("trace.txt", "trace.json", ItfWriter.FILE, "lanes.svg", "waitfor.svg")) {
            if (f.equals(ItfWriter.FILE) || Files.isRegularFile(dir.resolve(f))) {
                files.put(f, f);
            }
        }
        String specFile = null;
        String title = null;
        if (v == null) {
            v = variants.all().stream().filter(x -> x.name().equals(cx.variant())).findFirst().orElse(null);
        }
        if (v != null) {
            specFile = variants.display(v.file());
            Variants.Header h = variants.header(v);
            title = h.title();
        }
        SourceCheck.Stale st = sourceCheck.check(cx, v, json);
        if (st == null) {
            stale.remove(json.toAbsolutePath().normalize().toString());
        } else {
            stale.put(json.toAbsolutePath().normalize().toString(), st);
        }
        String index = committed ? "../../" + INDEX : null;
        String html = TracePage.render(cx, sources, new TracePage.Links(index, title, specFile, files,
                committed ? "../../" : ""), st);
        String itf = ItfWriter.write(cx, specFile == null ? json.toString() : specFile);
        Path page = dir.resolve(TracePage.FILE);
        Path itfFile = dir.resolve(ItfWriter.FILE);
        guard(page, Html.MARKER);
        guard(itfFile, ItfWriter.SIGNATURE);
        writeAssets(committed ? traces : dir);
        writePage(page, html);
        GeneratedFiles.replaceIfChanged(itfFile, itf);
        return page;
    }

    /**
     * The shared style sheet and script in {@code dir}, never over a file rpcheck did not write: every page links
     * them by a relative path instead of carrying a copy.
     */
    static void writeAssets(Path dir) throws IOException, ViewException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> a : Html.assets().entrySet()) {
            Path f = dir.resolve(a.getKey());
            if (Files.isRegularFile(f)
                    && !Files.readString(f, StandardCharsets.ISO_8859_1).startsWith(Html.ASSET_MARKER)) {
                throw new ViewException(f + ": error: exists and was not written by rpcheck view; not overwriting it"
                        + " (move it away, or write the pages elsewhere)");
            }
            GeneratedFiles.replaceIfChanged(f, a.getValue());
        }
    }

    /** The compare page of two committed variants, {@code compare/<a>-vs-<b>.html}. */
    public Path writeCompare(String a, String b) throws IOException, ViewException {
        Path dir = traces.resolve(COMPARE);
        Files.createDirectories(dir);
        writeAssets(traces);
        Path page = dir.resolve(a + "-vs-" + b + ".html");
        guard(page, Html.MARKER);
        writePage(page, ComparePage.render(this, variant(a), variant(b)));
        return page;
    }

    /** Each variant with its base, then each pair of variants of the same base, in name order. */
    List<String[]> comparePairs() {
        List<String[]> out = new ArrayList<>();
        Map<String, List<String>> byBase = new LinkedHashMap<>();
        for (Variants.Variant v : variants.all()) {
            Variants.Header h = variants.header(v);
            if (h.base() != null && variants.all().stream().anyMatch(x -> x.name().equals(h.base()))) {
                out.add(new String[] {h.base(), v.name()});
                byBase.computeIfAbsent(h.base(), k -> new ArrayList<>()).add(v.name());
            }
        }
        for (List<String> sibs : byBase.values()) {
            List<String> s = new ArrayList<>(sibs);
            s.sort(null);
            for (int i = 0; i < s.size(); i++) {
                for (int j = i + 1; j < s.size(); j++) {
                    out.add(new String[] {s.get(i), s.get(j)});
                }
            }
        }
        return out;
    }

    Variants variants() {
        return variants;
    }

    Path traces() {
        return traces;
    }

    Path root() {
        return root;
    }

    Sources sources() {
        return sources;
    }

    Variants.Variant variant(String name) throws ViewException {
        try {
            return variants.resolve(name);
        } catch (rpcheck.check.CheckException e) {
            throw new ViewException(e.getMessage());
        }
    }

    /** The recorded verdicts of a variant, or null if it has none yet. */
    VerdictFile verdicts(String variant) throws IOException, ViewException {
        return VerdictFile.read(traces.resolve(variant).resolve(VerdictFile.NAME));
    }

    /** The committed counterexample of a variant's property, or null. */
    Counterexample counterexample(String variant, Property p) throws IOException, ViewException {
        Path json = traces.resolve(variant).resolve(p.displayName()).resolve("trace.json");
        return Files.isRegularFile(json) ? read(json) : null;
    }

    static Counterexample read(Path json) throws IOException, ViewException {
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ViewException(json + ": error: no such file");
        }
        try {
            return TraceJsonReader.read(text, json.toString());
        } catch (TraceJsonReader.Invalid e) {
            throw new ViewException(e.getMessage());
        }
    }

    /** Refuses to overwrite a file that rpcheck did not write (it lacks {@code signature}). */
    private static void guard(Path file, String signature) throws IOException, ViewException {
        if (Files.isRegularFile(file) && !Files.readString(file, StandardCharsets.UTF_8).contains(signature)) {
            throw new ViewException(file + ": error: exists and was not written by rpcheck view; not overwriting it"
                    + " (move it away, or write the pages elsewhere)");
        }
    }
}
