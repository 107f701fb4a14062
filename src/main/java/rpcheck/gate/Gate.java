package rpcheck.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import rpcheck.check.CheckException;
import rpcheck.check.CheckOptions;
import rpcheck.check.Checker;
import rpcheck.check.GeneratedFiles;
import rpcheck.check.PropertyResult;
import rpcheck.check.Search;
import rpcheck.check.TlcScheduler;
import rpcheck.check.VariantResult;
import rpcheck.check.Variants;
import rpcheck.check.Verdicts;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;
import rpcheck.gate.Expectations.Expected;
import rpcheck.gate.Expectations.Verdict;
import rpcheck.gate.GateResult.Case;
import rpcheck.gate.GateResult.Outcome;
import rpcheck.gate.GateResult.SpecOutcome;
import rpcheck.gate.GateResult.Stale;
import rpcheck.gate.GateResult.StaleKind;
import rpcheck.gate.GateResult.Where;
import rpcheck.render.Counterexample;
import rpcheck.render.Renderings;
import rpcheck.tlc.TlcRunner;
import rpcheck.model.Property;

/**
 * The CI gate: checks every spec and property in a scratch copy of {@code specs/} (so nothing committed is
 * touched), compares each verdict with the expectations kept at the end of the spec ({@link Expectations}), and
 * compares the outputs a fresh run generates (the TLA+ modules and cfgs under {@code gen/}, the counterexamples
 * under {@code traces/}, the {@code VERDICTS.md} of a folder with notes) with the committed ones. With
 * {@code update}, it writes the fresh outputs and the current results over the committed ones instead. The deep
 * tier checks every spec with the bounds its {@code // deep-bound:} lines declare against its
 * {@code // expect-deep:} lines, and with each named set of its {@code // deep-bound[NAME]:} lines against that set's
 * {@code // expect-deep[NAME]:} lines, and compares no outputs (they are made with the default bounds).
 */
public final class Gate {
    private static final String GEN = "gen";

    /**
     * @param deep      the deep tier
     * @param update    accept the current results: rewrite expectations and outputs
     * @param timeout   wall-clock limit of each TLC run
     * @param jobs      TLC runs at once
     * @param reportDir where the reports and the fresh counterexamples go
     * @param variants  only these variants (empty: every spec; outputs of other specs are then not compared)
     * @param deepSets  with {@code deep}: only these sets of deep bounds ("" the unnamed one; empty: every set)
     * @param properties only these properties (empty: all); the expectations of the others are kept as they are,
     *                  and, as with {@code variants}, no outputs are compared
     */
    public record Options(boolean deep, boolean update, Duration timeout, int jobs, Path reportDir,
            List<String> variants, List<String> deepSets, List<Property> properties) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(reportDir, "reportDir");
            variants = List.copyOf(variants);
            deepSets = List.copyOf(deepSets);
            properties = List.copyOf(properties);
        }

        /** The properties checked: those named, else all of them. */
        List<Property> checked() {
            return properties.isEmpty() ? List.of(Property.values()) : properties;
        }
    }

    private final Path root;
    private final TlcRunner runner;
    private final Consumer<String> log;

    public Gate(Path root, TlcRunner runner, Consumer<String> log) {
        this.root = root.toAbsolutePath().normalize();
        this.runner = Objects.requireNonNull(runner, "runner");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Runs the gate; a bad request (unknown variant, no specs) is a {@link CheckException}. */
    public GateResult run(Options o) throws InterruptedException {
        Variants catalog = Variants.scan(root);
        List<Variants.Variant> selected = new ArrayList<>();
        if (o.variants().isEmpty()) {
            selected.addAll(catalog.all());
        } else {
            o.variants().forEach(n -> selected.add(catalog.resolve(n)));
        }
        if (selected.isEmpty()) {
            throw new CheckException(CheckException.Reason.USAGE, "no .stm files under " + root.resolve("specs"));
        }
        boolean everySpec = o.variants().isEmpty() && o.properties().isEmpty();
        Path scratch = tempDir();
        try {
            copySpecs(root.resolve("specs"), scratch.resolve("specs"));
            return run(o, selected, everySpec, scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    /** One TLC check of the gate: a spec with its default bounds ({@code set} null) or with a set of deep bounds. */
    private record Job(Variants.Variant variant, Expectations.DeepSet set) {
        String label() {
            return set == null ? variant.name() : set.label(variant.name());
        }
    }

    private GateResult run(Options o, List<Variants.Variant> selected, boolean everySpec, Path scratch)
            throws InterruptedException {
        Checker checker = new Checker(runner, log);
        List<SpecOutcome> specs = new ArrayList<>();
        List<Stale> stale = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        Map<Path, Expectations> expectations = new LinkedHashMap<>();
        selected.forEach(v -> expectations.put(v.file(), Expectations.parse(read(v.file()))));
        checkDeepSetsExist(o, expectations.values());
        Map<Job, VariantResult> results = new LinkedHashMap<>();
        try (TlcScheduler scheduler = new TlcScheduler(o.jobs())) {
            Map<Job, Object> queued = new LinkedHashMap<>(); // Checker.Pending or a problem (String)
            for (Variants.Variant v : selected) {
                Path spec = v.file();
                Path copy = scratch.resolve(root.relativize(spec));
                Expectations ex = expectations.get(spec);
                if (!ex.problems().isEmpty()) {
                    StringBuilder sb = new StringBuilder();
                    ex.problems().forEach(p -> sb.append(display(spec)).append(':').append(p.line()).append(':')
                            .append(p.column()).append(": error: ").append(p.message()).append('\n'));
                    queued.put(new Job(v, null), sb.toString());
                    continue;
                }
                List<Job> jobs = new ArrayList<>();
                if (!o.deep()) {
                    jobs.add(new Job(v, null));
                } else {
                    for (Expectations.DeepSet set : ex.deepSets()) {
                        if (o.deepSets().isEmpty() || o.deepSets().contains(set.name())) {
                            jobs.add(new Job(v, set));
                        }
                    }
                }
                for (Job job : jobs) {
                    Map<String, Long> bounds = job.set() == null ? Map.of() : job.set().bounds();
                    // check's default search: the idle cores for a run expected to hold, one worker otherwise
                    CheckOptions opts = new CheckOptions(bounds, o.checked(), o.timeout(), false,
                            Search.Exhaustive.byExpectations()).withExpected(ex.hintsFor(bounds));
                    try {
                        queued.put(job, checker.submit(copy, scratch, opts, scheduler));
                    } catch (Diagnostics.Failed f) {
                        queued.put(job, DiagnosticRenderer.renderAll(f.diagnostics()));
                    } catch (CheckException e) {
                        queued.put(job, display(spec) + ": error: " + e.getMessage() + "\n");
                    }
                }
            }
            scheduler.start();
            for (Map.Entry<Job, Object> q : queued.entrySet()) {
                Job job = q.getKey();
                if (q.getValue() instanceof String problem) {
                    specs.add(new SpecOutcome(job.label(), display(job.variant().file()), problem, List.of()));
                    continue;
                }
                VariantResult r = ((Checker.Pending) q.getValue()).await();
                results.put(job, r);
                Map<Property, Expected> expected = job.set() == null
                        ? expectations.get(job.variant().file()).expected() : job.set().expected();
                List<Expectations.Inline> above = job.set() == null
                        ? expectations.get(job.variant().file()).inline() : List.of();
                specs.add(new SpecOutcome(job.label(), display(job.variant().file()), null,
                        cases(job, r, expected, above, expectations.get(job.variant().file()), o)));
            }
        }
        // a spec that could not be checked (an error in it or in its expectations) leaves the outputs that every
        // spec's results make (files no spec generates any more, trace folders of no variant, the pages) unjudged
        boolean allChecked = everySpec && specs.stream().allMatch(s -> s.problem() == null);
        if (everySpec && !allChecked) {
            log.accept("gate: not every spec could be checked; gen/, traces/ and the pages are compared for the"
                    + " specs checked only, and nothing a spec not checked generated is judged or removed");
        }
        try {
            writeFreshTraces(results, o.reportDir());
            Map<Path, VariantResult> bySpec = new LinkedHashMap<>();
            results.forEach((job, r) -> bySpec.put(job.variant().file(), r));
            if (!o.deep() && o.properties().isEmpty()) { // the outputs are made from every property's result
                compareGenerated(selected, allChecked, scratch, bySpec, stale, o.update() ? updated : null);
                compareTraces(bySpec.values(), allChecked, stale, o.update() ? updated : null);
                compareVerdicts(bySpec, stale, o.update() ? updated : null);
            }
            if (o.update()) {
                for (Map.Entry<Job, VariantResult> e : results.entrySet()) {
                    updateExpectations(e.getKey().variant().file(), e.getKey().set(), e.getValue(), o, updated);
                }
            }
            if (allChecked && (!o.deep() || o.update())) {
                compareDeepTables(selected, stale, o.update() ? updated : null);
            }
            if (allChecked && !o.deep()) {
                if (o.update()) { // the pages show the specs as they are now, expectation blocks included
                    deleteTree(scratch.resolve("specs"));
                    copySpecs(root.resolve("specs"), scratch.resolve("specs"));
                }
                comparePages(scratch, bySpec, stale, o.update() ? updated : null);
            }
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, e.getMessage(), e);
        }
        return new GateResult(o.deep(), specs, stale, updated);
    }

    /** A set named by {@code --deep-set} that no selected spec declares is a usage error. */
    private static void checkDeepSetsExist(Options o, Iterable<Expectations> specs) {
        Set<String> seen = new TreeSet<>();
        for (Expectations ex : specs) {
            ex.deepSets().forEach(s -> seen.add(s.selector()));
        }
        for (String want : o.deepSets()) {
            String name = want.isEmpty() ? Expectations.DEFAULT_SET : want;
            if (!seen.contains(name)) {
                throw new CheckException(CheckException.Reason.USAGE, "no spec checked has the deep set '"
                        + name + "' (its sets: " + String.join(", ", seen) + ")");
            }
        }
    }

    /** The gate command that records this one property's result (the other lines stay as they are). */
    private static String updateCommand(Job job, Property p, Options o) {
        StringBuilder sb = new StringBuilder("./rpcheck gate ");
        if (o.deep()) {
            sb.append("--deep --deep-set ").append(job.set() == null ? Expectations.DEFAULT_SET
                    : job.set().selector()).append(' ');
        }
        return sb.append("--variant ").append(job.variant().name()).append(" --property ").append(p.displayName())
                .append(" --update").toString();
    }

    /**
     * The cases of one spec: each property's result against its expectation, and against the lines above the block
     * ({@code above}) that name it.
     */
    private List<Case> cases(Job job, VariantResult r, Map<Property, Expected> expected,
            List<Expectations.Inline> above, Expectations ex, Options o) {
        String label = job.label();
        List<Case> out = new ArrayList<>();
        for (PropertyResult a : r.results()) {
            Property p = a.property();
            Expected e = expected.get(p);
            Verdict now = verdict(a);
            String trace = a.status() == PropertyResult.Status.VIOLATED ? tracePath(label, p, o) : null;
            List<String> notes = new ArrayList<>();
            int expectationLine = ex.line(job.set(), p);
            Outcome outcome;
            String msg;
            if (now == null) {
                outcome = Outcome.ERROR;
                msg = "no verdict: " + a.message();
            } else if (e == null) {
                outcome = Outcome.NO_EXPECTATION;
                msg = "no expectation: add '// " + (job.set() == null ? "expect" : job.set().keyword()) + ": " + p + " "
                        + now.word() + "' at the end of the spec (" + updateCommand(job, p, o) + " writes it)";
            } else if (e.verdict() == now) {
                outcome = Outcome.PASS;
                msg = now.word();
            } else if (now == Verdict.VIOLATED) {
                outcome = Outcome.NEW_VIOLATION;
                msg = "new violation: expected " + e.verdict().word() + ", now violated ("
                        + a.trace().steps().size() + " steps): " + trace;
            } else if (e.verdict() == Verdict.VIOLATED) {
                outcome = Outcome.VIOLATION_GONE;
                msg = "violation gone: expected violated, now " + now.word();
            } else {
                outcome = Outcome.CHANGED;
                msg = "verdict changed: expected " + e.verdict().word() + ", now " + now.word();
            }
            if (outcome == Outcome.PASS) {
                for (Expectations.Inline in : above) {
                    if (in.property() == p && in.verdict() != now) {
                        outcome = now == Verdict.VIOLATED ? Outcome.NEW_VIOLATION
                                : in.verdict() == Verdict.VIOLATED ? Outcome.VIOLATION_GONE : Outcome.CHANGED;
                        msg = "line " + (in.index() + 1) + " of " + display(job.variant().file()) + " expects "
                                + in.verdict().word() + ", now " + now.word() + " (as the block's line says)"
                                + (trace == null ? "" : ": " + trace);
                        expectationLine = in.index() + 1;
                        break;
                    }
                }
            }
            if (e != null && now != null) {
                Integer steps = now == Verdict.VIOLATED ? a.trace().steps().size() : null;
                if (e.steps() != null && steps != null && !e.steps().equals(steps)) {
                    notes.add("steps " + e.steps() + " -> " + steps);
                }
                Long states = statesComparable(a, o) ? a.distinctStates() : null;
                if (e.states() != null && states != null && !e.states().equals(states)) {
                    notes.add("distinct states " + e.states() + " -> " + states);
                }
            }
            out.add(new Case(label, p, e, a, outcome, msg, notes, trace, where(job, p, a, outcome, expectationLine)));
        }
        return out;
    }

    /**
     * Where a case points a reviewer: a new violation at its offending call (the explanation's position, which may
     * be in the spec's base), anything else at the spec's line for the property.
     */
    private Where where(Job job, Property p, PropertyResult a, Outcome outcome, int expectationLine) {
        if (outcome == Outcome.NEW_VIOLATION && a.trace() != null && a.trace().explanation().position() != null) {
            Matcher m = POSITION.matcher(a.trace().explanation().position());
            if (m.matches()) {
                return new Where(m.group(1), Integer.parseInt(m.group(2)), "the offending call");
            }
        }
        return new Where(display(job.variant().file()), expectationLine, "the expectation of " + p.displayName());
    }

    /** A DSL position as the explanation writes it: {@code path:line:col}. */
    private static final Pattern POSITION = Pattern.compile("(.+):(\\d+):\\d+");

    private String tracePath(String variant, Property p, Options o) {
        return display(o.reportDir().toAbsolutePath().normalize().resolve("traces").resolve(variant)
                .resolve(p.displayName()).resolve("trace.txt"));
    }

    /** The verdict word of a result, or null for an error. */
    static Verdict verdict(PropertyResult a) {
        return switch (a.status()) {
            case HOLDS -> Verdict.HOLDS;
            case VIOLATED -> Verdict.VIOLATED;
            case NOT_APPLICABLE -> Verdict.NOT_APPLICABLE;
            case ERROR, NO_VIOLATION_FOUND -> null;
        };
    }

    /** The expectation a result gives (null for an error). */
    static Expected expected(PropertyResult a) {
        Verdict v = verdict(a);
        if (v == null) {
            return null;
        }
        return new Expected(a.property(), v, v == Verdict.VIOLATED ? a.trace().steps().size() : null,
                v == Verdict.NOT_APPLICABLE ? null : a.distinctStates());
    }

    /** Every counterexample's files under {@code reportDir/traces/} (the CI artifact; failures point there). */
    private static void writeFreshTraces(Map<Job, VariantResult> results, Path reportDir) throws IOException {
        Path traces = reportDir.toAbsolutePath().normalize().resolve("traces");
        deleteTree(traces);
        for (Map.Entry<Job, VariantResult> e : results.entrySet()) {
            VariantResult r = e.getValue();
            for (PropertyResult a : r.results()) {
                if (a.status() == PropertyResult.Status.VIOLATED) {
                    Path dir = Files.createDirectories(traces.resolve(e.getKey().label())
                            .resolve(a.property().displayName()));
                    for (Map.Entry<String, String> f : files(r.variant(), a).entrySet()) {
                        Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
    }

    private static Map<String, String> files(String variant, PropertyResult a) {
        return Renderings.files(new Counterexample(variant, a.trace()));
    }

    /** gen/: every file the fresh run wrote against the committed one (and committed ones no spec writes). */
    private void compareGenerated(List<Variants.Variant> selected, boolean everySpec, Path scratch,
            Map<Path, VariantResult> results, List<Stale> stale, List<String> updated) throws IOException {
        Set<Path> genDirs = new LinkedHashSet<>();
        selected.forEach(v -> genDirs.add(v.file().getParent().resolve(GEN)));
        for (Path committedDir : genDirs) {
            Path freshDir = scratch.resolve(root.relativize(committedDir));
            Map<String, String> fresh = listing(freshDir);
            Map<String, String> committed = listing(committedDir);
            for (Map.Entry<String, String> f : fresh.entrySet()) {
                compare(committedDir.resolve(f.getKey()), committed.get(f.getKey()), f.getValue(), stale, updated,
                        true);
            }
            if (!everySpec) {
                continue; // the modules of the specs not checked are not in the fresh folder
            }
            for (Map.Entry<String, String> f : committed.entrySet()) {
                if (!fresh.containsKey(f.getKey()) && GeneratedFiles.isGenerated(f.getValue())) {
                    Path file = committedDir.resolve(f.getKey());
                    stale.add(new Stale(display(file), StaleKind.EXTRA, "no spec generates " + display(file)
                            + " any more\n"));
                    if (updated != null) {
                        Files.delete(file);
                        updated.add("removed " + display(file));
                    }
                }
            }
        }
    }

    /** traces/: each violation's files, and no folder for a property that holds. */
    private void compareTraces(Iterable<VariantResult> results, boolean everySpec, List<Stale> stale,
            List<String> updated) throws IOException {
        Path traces = root.resolve("traces");
        Set<String> variants = new TreeSet<>();
        for (VariantResult r : results) {
            variants.add(r.variant());
            for (PropertyResult a : r.results()) {
                Path dir = traces.resolve(r.variant()).resolve(a.property().displayName());
                switch (a.status()) {
                    case VIOLATED -> {
                        Map<String, String> want = files(r.variant(), a);
                        for (Map.Entry<String, String> f : want.entrySet()) {
                            Path file = dir.resolve(f.getKey());
                            String old = Files.isRegularFile(file) ? read(file) : null;
                            compare(file, old, f.getValue(), stale, updated, false);
                        }
                    }
                    case HOLDS, NOT_APPLICABLE -> staleTraceDir(dir, stale, updated);
                    case ERROR -> { }
                }
            }
        }
        if (everySpec && Files.isDirectory(traces)) {
            try (Stream<Path> s = Files.list(traces)) {
                for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                    if (!variants.contains(d.getFileName().toString())) {
                        try (Stream<Path> props = Files.list(d)) {
                            for (Path p : props.filter(Files::isDirectory).sorted().toList()) {
                                staleTraceDir(p, stale, updated);
                            }
                        }
                        if (updated != null && isEmptyDir(d)) {
                            Files.delete(d);
                        }
                    }
                }
            }
        }
    }

    /** A trace folder that should not exist: stale if it holds only the files rpcheck writes there. */
    private void staleTraceDir(Path dir, List<Stale> stale, List<String> updated) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (!s.allMatch(p -> rpcheck.view.Site.COUNTEREXAMPLE_FILES.contains(p.getFileName().toString()))) {
                return; // someone keeps other files there: not ours to judge
            }
        }
        stale.add(new Stale(display(dir), StaleKind.EXTRA, display(dir) + ": the property is no longer violated\n"));
        if (updated != null) {
            for (String f : rpcheck.view.Site.COUNTEREXAMPLE_FILES) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.delete(dir);
            Path parent = dir.getParent();
            if (isEmptyDir(parent)) {
                Files.delete(parent);
            }
            updated.add("removed " + display(dir));
        }
    }

    /** VERDICTS.md of every folder with notes whose specs were all checked and gave verdicts. */
    private void compareVerdicts(Map<Path, VariantResult> results, List<Stale> stale, List<String> updated)
            throws IOException {
        Map<Path, List<VariantResult>> byFolder = new TreeMap<>();
        results.forEach((spec, r) -> byFolder.computeIfAbsent(spec.getParent(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Path, List<VariantResult>> e : byFolder.entrySet()) {
            Path folder = e.getKey();
            Map<String, Verdicts.Note> notes = Verdicts.readNotes(folder);
            if (notes == null || e.getValue().stream().anyMatch(VariantResult::anyError)) {
                continue;
            }
            long specs;
            try (Stream<Path> s = Files.list(folder)) {
                specs = s.filter(f -> f.getFileName().toString().endsWith(".stm")).count();
            }
            if (specs != e.getValue().size()) {
                continue;
            }
            List<VariantResult> sorted = e.getValue().stream().sorted(Comparator.comparing(VariantResult::variant))
                    .toList();
            String md = Verdicts.markdown(display(folder), sorted, notes, new ArrayList<>());
            Path file = folder.resolve(Verdicts.FILE);
            compare(file, Files.isRegularFile(file) ? read(file) : null, md, stale, updated, false);
        }
    }

    /**
     * The viewer's pages under traces/ (each counterexample's page and ITF file, each variant's verdicts.json, the
     * compare pages and the index), written in the scratch copy from the committed traces/ with this run's trace
     * files in place, as {@code check --all} would write them, against the committed ones. With {@code updated},
     * the fresh pages are written over the committed ones.
     */
    private void comparePages(Path scratch, Map<Path, VariantResult> results, List<Stale> stale,
            List<String> updated) throws IOException {
        Path committed = root.resolve("traces");
        Path fresh = scratch.resolve("traces");
        deleteTree(fresh);
        if (Files.isDirectory(committed)) {
            copyTree(committed, fresh, rel -> false);
        }
        for (VariantResult r : results.values()) {
            for (PropertyResult a : r.results()) {
                Path dir = fresh.resolve(r.variant()).resolve(a.property().displayName());
                switch (a.status()) {
                    case VIOLATED -> {
                        Files.createDirectories(dir);
                        for (Map.Entry<String, String> f : files(r.variant(), a).entrySet()) {
                            GeneratedFiles.replaceIfChanged(dir.resolve(f.getKey()), f.getValue());
                        }
                    }
                    case HOLDS, NOT_APPLICABLE -> deleteTree(dir);
                    case ERROR -> { }
                }
            }
        }
        try {
            for (VariantResult r : results.values()) {
                rpcheck.view.Site.afterCheck(fresh, r);
            }
            new rpcheck.view.Site(scratch).writeAll();
        } catch (rpcheck.view.ViewException e) {
            throw new CheckException(CheckException.Reason.IO, e.getMessage(), e);
        }
        Set<String> names = new TreeSet<>();
        for (Path base : List.of(fresh, committed)) {
            if (Files.isDirectory(base)) {
                try (Stream<Path> w = Files.walk(base)) {
                    w.filter(Files::isRegularFile).filter(f -> isPage(f.getFileName().toString()))
                            .forEach(f -> names.add(base.relativize(f).toString().replace('\\', '/')));
                }
            }
        }
        for (String n : names) {
            Path c = committed.resolve(n);
            Path f = fresh.resolve(n);
            String old = Files.isRegularFile(c) ? read(c) : null;
            if (Files.isRegularFile(f)) {
                compare(c, old, read(f), stale, updated, false);
            } else if (old != null) {
                stale.add(new Stale(display(c), StaleKind.EXTRA, diff(display(c), old, "")));
                if (updated != null) {
                    Files.delete(c);
                    updated.add("removed " + display(c));
                }
            }
        }
    }

    /** The files under traces/ that the viewer writes (the rest are compared by {@link #compareTraces}). */
    private static boolean isPage(String name) {
        return name.endsWith(".html") || name.endsWith(".css") || name.endsWith(".js")
                || name.equals(rpcheck.view.VerdictFile.NAME)
                || rpcheck.view.Site.TRACE_FILES.contains(name);
    }


    /**
     * The deep tier's table of each folder with a verdicts-notes.md ({@link DeepTable}), printed from the specs'
     * {@code // expect-deep:} lines as they are now (after an update rewrote them).
     */
    private void compareDeepTables(List<Variants.Variant> selected, List<Stale> stale, List<String> updated)
            throws IOException {
        Map<Path, List<Variants.Variant>> byFolder = new TreeMap<>();
        selected.forEach(v -> byFolder.computeIfAbsent(v.file().getParent(), k -> new ArrayList<>()).add(v));
        for (Map.Entry<Path, List<Variants.Variant>> e : byFolder.entrySet()) {
            Path folder = e.getKey();
            if (Verdicts.readNotes(folder) == null) {
                continue;
            }
            List<DeepTable.Row> rows = new ArrayList<>();
            for (Variants.Variant v : e.getValue().stream().sorted(Comparator.comparing(Variants.Variant::name))
                    .toList()) {
                Expectations ex = Expectations.parse(read(v.file()));
                for (Expectations.DeepSet set : ex.deepSets()) {
                    rows.add(new DeepTable.Row(v.name(), display(v.file()), set));
                }
            }
            Path file = folder.resolve(DeepTable.FILE);
            compare(file, Files.isRegularFile(file) ? read(file) : null, DeepTable.markdown(display(folder), rows),
                    stale, updated, false);
        }
    }

    /** Compares a committed file with its fresh content; with {@code updated}, writes the fresh content. */
    private void compare(Path file, String committed, String fresh, List<Stale> stale, List<String> updated,
            boolean generatedHeader) {
        String want = fresh.replace("\r\n", "\n");
        if (committed != null && committed.replace("\r\n", "\n").equals(want)) {
            return;
        }
        String name = display(file);
        stale.add(new Stale(name, committed == null ? StaleKind.MISSING : StaleKind.CHANGED,
                diff(name, committed == null ? "" : committed, want)));
        if (updated != null) {
            if (generatedHeader && committed != null && !GeneratedFiles.isGenerated(committed)) {
                throw new CheckException(CheckException.Reason.CONFLICT, "refusing to overwrite " + name
                        + ": it was not generated by rpcheck (no generated header); move it out of the way");
            }
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GeneratedFiles.replaceIfChanged(file, want);
            updated.add("wrote " + name);
        }
    }

    /** A unified diff (3 lines of context) from the committed to the fresh text. */
    static String diff(String name, String committed, String fresh) {
        List<String> a = committed.isEmpty() ? List.of() : List.of(committed.split("\n", -1));
        List<String> b = List.of(fresh.split("\n", -1));
        List<String> d = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, a,
                DiffUtils.diff(a, b), 3);
        return String.join("\n", d) + "\n";
    }

    /** Rewrites the expectation block of a spec with its current results (errors keep their old lines). */
    private void updateExpectations(Path spec, Expectations.DeepSet set, VariantResult r, Options o,
            List<String> updated)
            throws IOException {
        // read again: an earlier set of the same spec may have rewritten it
        Expectations ex = Expectations.parse(read(spec));
        String setName = set == null ? null : set.name();
        Map<Property, Expected> old = set == null ? ex.normal() : ex.deepSets().stream()
                .filter(s -> s.name().equals(setName)).findFirst().orElseThrow().expected();
        Map<Property, Expected> now = new EnumMap<>(Property.class);
        now.putAll(old); // a property not checked (--property) keeps its line; one checked is set below
        List<String> changes = new ArrayList<>();
        for (PropertyResult a : r.results()) {
            Expected e = expected(a);
            Expected before = old.get(a.property());
            if (e == null) {
                continue; // no verdict (an error, a timeout): the line stays as it was
            }
            if (!statesComparable(a, o)) { // the count of another run: the recorded one stays
                e = new Expected(e.property(), e.verdict(), e.steps(), before == null ? null : before.states());
            }
            now.put(a.property(), e);
            if (before == null) {
                changes.add(a.property() + " " + describe(e) + " (new)");
            } else if (!before.equals(e)) {
                changes.add(a.property() + ": " + describe(before) + " -> " + describe(e));
            }
        }
        if (set == null) {
            for (Expectations.Inline in : ex.inline()) {
                Expected e = now.get(in.property());
                if (e != null && e.verdict() != Verdict.NOT_APPLICABLE && e.verdict() != in.verdict()) {
                    changes.add("line " + (in.index() + 1) + ": " + in.property() + " " + in.verdict().word()
                            + " -> " + e.verdict().word());
                }
            }
        }
        String text = read(spec);
        String rewritten = ex.rewrite(setName, now);
        if (!rewritten.equals(text)) {
            GeneratedFiles.replaceIfChanged(spec, rewritten);
            updated.add("expectations of " + display(spec) + (setName == null || setName.isEmpty() ? ""
                    : " (deep set " + setName + ")") + (changes.isEmpty() ? " (rewritten)"
                    : ": " + String.join("; ", changes)));
        }
    }

    /**
     * Whether a result's distinct states are those its expectation records. A safety property found violated shares
     * a run with the spec's other safety properties, which goes on to the end of the state space ({@code -continue}),
     * and its count is that run's; with {@code --property} the run has fewer properties and stops sooner (smart's
     * WaitCycle: 412 states alone, 17,235 in the shared run), so such a count is neither compared nor recorded.
     */
    private static boolean statesComparable(PropertyResult a, Options o) {
        return o.properties().isEmpty() || a.status() != PropertyResult.Status.VIOLATED || a.property().liveness();
    }

    private static String describe(Expected e) {
        return e.verdict().word() + (e.steps() == null ? "" : " steps=" + e.steps())
                + (e.states() == null ? "" : " states=" + e.states());
    }

    /** File name to content of a folder's regular files (empty if it does not exist). */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tla") || name.endsWith(".cfg")) {
                    out.put(name, read(f));
                }
            }
        }
        return out;
    }

    /** Copies {@code specs/} without its gen/ folders (the gate regenerates them there). */
    /** specs/ without its gen/ folders (the gate generates those afresh). */
    private static void copySpecs(Path from, Path to) {
        copyTree(from, to, rel -> rel.matches("(.*/)?gen(/.*)?"));
    }

    /** Copies the tree {@code from} to {@code to}, leaving out the paths (relative, '/'-separated) {@code skip} names. */
    private static void copyTree(Path from, Path to, java.util.function.Predicate<String> skip) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path rel = from.relativize(p);
                if (skip.test(rel.toString().replace('\\', '/'))) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, "cannot copy " + from + ": " + e.getMessage(), e);
        }
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDir(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return false;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rpcheck-gate-");
        } catch (IOException e) {
            throw new CheckException(CheckException.Reason.IO, "cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
