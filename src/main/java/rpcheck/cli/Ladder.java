package rpcheck.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import rpcheck.check.CheckOptions;
import rpcheck.check.Checker;
import rpcheck.check.PropertyResult;
import rpcheck.check.Search;
import rpcheck.check.TlcScheduler;
import rpcheck.check.VariantResult;
import rpcheck.tlc.TlcProbe;
import rpcheck.model.Property;

/**
 * The bench ladder: each spec checked at growing bounds (events 1..3, reconnects 1..2, admin_cmds 0..2, io_queues
 * 0..1, one bound raised at a time from the spec's defaults, for the bounds the spec declares), with one TLC
 * worker a run and with as many as the cores allow, as far as each rung finishes within its time limit. Each rung
 * is one {@code check} of the properties asked with those bounds.
 */
final class Ladder {
    /** The bounds the ladder raises and the values it tries, in order. */
    static final Map<String, List<Long>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("events", List.of(1L, 2L, 3L));
        STEPS.put("reconnects", List.of(1L, 2L));
        STEPS.put("admin_cmds", List.of(0L, 1L, 2L));
        STEPS.put("io_queues", List.of(0L, 1L));
    }

    /**
     * One rung.
     *
     * @param rung          the bound raised ("defaults" for the first rung) and its value
     * @param workers       "1" or "auto"
     * @param finished      every property got a verdict within the time limit
     * @param states        the most distinct states of one TLC run of the rung
     * @param statesTotal   the distinct states of all its TLC runs together
     * @param runs          TLC runs
     * @param wall          from the start of the rung until its last verdict
     * @param peakRss       the largest peak resident memory of one of its TLC JVMs, bytes (0: unknown)
     * @param firstViolated time until the first violation was decided, or null
     * @param firstTrace    that violation's property and steps, or null
     */
    record Row(String variant, String rung, String workers, boolean finished, long states, long statesTotal,
            int runs, Duration wall, long peakRss, Duration firstViolated, String firstTrace) {
        double statesPerSecond() {
            double s = wall.toMillis() / 1000.0;
            return s > 0 ? statesTotal / s : 0;
        }
    }

    private final Checker checker;
    private final int cores;
    private final Duration rungTimeout;
    private final List<Property> properties;
    private final Consumer<String> progress;

    Ladder(Checker checker, int cores, Duration rungTimeout, List<Property> properties, Consumer<String> progress) {
        this.checker = checker;
        this.cores = cores;
        this.rungTimeout = rungTimeout;
        this.properties = properties;
        this.progress = progress;
    }

    /** The ladder of one spec, for each worker setting. */
    List<Row> climb(Path spec, Path root, List<String> workerSettings) throws InterruptedException {
        Map<String, Long> declared = checker.generate(spec, root).compiled().model().bounds();
        String variant = checker.generate(spec, root).compiled().model().name();
        List<Row> rows = new ArrayList<>();
        for (String w : workerSettings) {
            rows.add(rung(spec, root, variant, "defaults", Map.of(), w));
            if (!rows.get(rows.size() - 1).finished()) {
                continue;
            }
            for (Map.Entry<String, List<Long>> step : STEPS.entrySet()) {
                String bound = step.getKey();
                if (!declared.containsKey(bound)) {
                    continue;
                }
                for (long value : step.getValue()) {
                    if (value <= declared.get(bound)) {
                        continue; // the defaults rung has it
                    }
                    Row r = rung(spec, root, variant, bound + "=" + value, Map.of(bound, value), w);
                    rows.add(r);
                    if (!r.finished()) {
                        break; // higher values of this bound would not finish either
                    }
                }
            }
        }
        return rows;
    }

    private Row rung(Path spec, Path root, String variant, String name, Map<String, Long> bounds, String w)
            throws InterruptedException {
        int workers = w.equals("auto") ? 0 : Integer.parseInt(w);
        CheckOptions opts = new CheckOptions(bounds, properties, rungTimeout, false, new Search.Exhaustive(workers));
        AtomicLong peak = new AtomicLong();
        AtomicReference<Duration> first = new AtomicReference<>();
        AtomicReference<String> firstTrace = new AtomicReference<>();
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(TlcProbe.peakResidentBytes(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rpcheck-ladder-memory");
        sampler.setDaemon(true);
        sampler.start();
        VariantResult v;
        List<Checker.Run> runs;
        try (TlcScheduler scheduler = new TlcScheduler(cores, cores)) {
            Checker.Pending p = checker.submit(spec, root, opts, scheduler);
            for (Property prop : p.properties()) {
                p.decided(prop).thenAccept(r -> {
                    if (r.status() == PropertyResult.Status.VIOLATED) {
                        synchronized (first) {
                            if (first.get() == null) {
                                first.set(Duration.ofNanos(System.nanoTime() - start));
                                firstTrace.set(prop.displayName() + ", " + r.trace().steps().size() + " steps");
                            }
                        }
                    }
                });
            }
            scheduler.start();
            v = p.await();
            runs = p.runs();
        } finally {
            sampler.interrupt();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        boolean finished = !v.anyError();
        long states = runs.stream().mapToLong(r -> Math.max(0, r.stats().distinct())).max().orElse(0);
        long total = runs.stream().mapToLong(r -> Math.max(0, r.stats().distinct())).sum();
        Row row = new Row(variant, name, w, finished, states, total, runs.size(), wall, peak.get(), first.get(),
                firstTrace.get());
        progress.accept(String.format(Locale.ROOT, "ladder: %s %s workers=%s: %s, %,d states, %.1f s", variant, name,
                w, finished ? "done" : "not finished", states, wall.toMillis() / 1000.0));
        return row;
    }

    /** The Markdown table of the rows. */
    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| spec | rung | workers | finished | states (largest run) | states/s | wall s | peak memory MiB"
                + " | first violation s | its trace | TLC runs |\n");
        sb.append("|---|---|---|---|---:|---:|---:|---:|---:|---|---:|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.variant()).append(" | ").append(r.rung()).append(" | ").append(r.workers())
                    .append(" | ").append(r.finished() ? "yes" : "no (limit)").append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", r.states())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", r.statesPerSecond())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.wall().toMillis() / 1000.0)).append(" | ")
                    .append(r.peakRss() == 0 ? "?" : String.format(Locale.ROOT, "%,d", r.peakRss() >> 20))
                    .append(" | ")
                    .append(r.firstViolated() == null ? "" : String.format(Locale.ROOT, "%.1f",
                            r.firstViolated().toMillis() / 1000.0))
                    .append(" | ").append(r.firstTrace() == null ? "" : r.firstTrace()).append(" | ")
                    .append(r.runs()).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * An SVG chart: for each spec and worker setting, the wall time of each rung (bars, left scale) and its
     * largest run's distinct states (dots, right scale, logarithmic).
     */
    static String svg(List<Row> rows, String title) {
        int barW = 18;
        int gap = 4;
        int left = 60;
        int top = 40;
        int h = 260;
        int width = Math.max(400, left + rows.size() * (barW + gap) + 80);
        double maxWall = rows.stream().mapToDouble(r -> r.wall().toMillis() / 1000.0).max().orElse(1);
        double maxLog = Math.max(1, Math.log10(Math.max(10, rows.stream().mapToLong(Row::states).max().orElse(10))));
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(top + h + 150).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"").append(left).append("\" y=\"20\" font-size=\"13\">").append(esc(title))
                .append("</text>\n");
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top + h).append("\" x2=\"")
                .append(width - 60).append("\" y2=\"").append(top + h).append("\" stroke=\"black\"/>\n");
        sb.append("<text x=\"5\" y=\"").append(top + 10).append("\">wall s</text>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.0f</text>%n", top + 25, maxWall));
        sb.append("<text x=\"").append(width - 55).append("\" y=\"").append(top + 10)
                .append("\" fill=\"#c0392b\">states</text>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#c0392b\">1e%.0f</text>%n", width - 55,
                top + 25, Math.ceil(maxLog)));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int x = left + i * (barW + gap);
            double wall = r.wall().toMillis() / 1000.0;
            int bh = (int) Math.round(h * wall / maxWall);
            String fill = r.workers().equals("1") ? "#4a78b5" : "#7fb069";
            sb.append("<rect x=\"").append(x).append("\" y=\"").append(top + h - bh).append("\" width=\"")
                    .append(barW).append("\" height=\"").append(bh).append("\" fill=\"").append(fill)
                    .append(r.finished() ? "" : "\" fill-opacity=\"0.35").append("\"><title>")
                    .append(esc(r.variant() + " " + r.rung() + " workers=" + r.workers() + ": "
                            + String.format(Locale.ROOT, "%.1f s, %,d states", wall, r.states())))
                    .append("</title></rect>\n");
            if (r.states() > 0) {
                int y = top + h - (int) Math.round(h * Math.log10(r.states()) / Math.ceil(maxLog));
                sb.append("<circle cx=\"").append(x + barW / 2).append("\" cy=\"").append(y)
                        .append("\" r=\"3\" fill=\"#c0392b\"/>\n");
            }
            sb.append("<text transform=\"translate(").append(x + barW / 2 + 4).append(',').append(top + h + 6)
                    .append(") rotate(90)\">").append(esc(r.variant() + " " + r.rung() + " w" + r.workers()))
                    .append("</text>\n");
        }
        sb.append("<text x=\"").append(left).append("\" y=\"").append(top + h + 140)
                .append("\">bars: wall time (blue: 1 worker, green: auto; pale: did not finish); red dots: distinct"
                        + " states of the largest run (log scale)</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
