package rpcheck.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.render.Counterexample;
import rpcheck.render.JsonRenderer;
import rpcheck.render.LaneGraph;
import rpcheck.render.Projection;
import rpcheck.render.SvgRenderer;
import rpcheck.render.TextRenderer;
import rpcheck.render.WaitForGraph;
import rpcheck.trace.Change;
import rpcheck.trace.Explanation;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The page of one counterexample: one lane per context and one cell per step (the step in kernel terms and its
 * call chain), the causality between contexts drawn as arrows (the causal edges of {@link LaneGraph}), and for
 * the current step: its action, call chain, DSL line with its function's {@code from} and {@code patch}, who is
 * blocked and on what, the wait-for graph (cycle in red), and the state as a tree with what changed marked. The
 * text for a mailing list is at the end. Everything but the stepping is HTML written here; the script only shows
 * the current step, draws the arrows and keeps {@code #step=N&trace=HASH} in the address.
 */
final class TracePage {
    /** The page's file name beside trace.json. */
    static final String FILE = "trace.html";

    /** Links around the page; any may be null. */
    record Links(String index, String specTitle, String specFile, Map<String, String> files, String assets) {
    }

    private final Counterexample cx;
    private final Trace t;
    private final LaneGraph g;
    private final List<String> involved;
    private final Sources sources;
    private final Links links;
    /** Why the trace's DSL positions no longer match the spec, or null: then the page shows no DSL line. */
    private final SourceCheck.Stale stale;
    private final String hash;
    private final StateTimeline states;
    private final Map<String, String> fileIds = new LinkedHashMap<>();

    private TracePage(Counterexample cx, Sources sources, Links links, SourceCheck.Stale stale) {
        this.cx = cx;
        this.t = cx.trace();
        this.g = LaneGraph.of(t);
        this.involved = Projection.involved(g);
        this.sources = sources;
        this.links = links;
        this.stale = stale;
        this.hash = traceHash(cx);
        this.states = StateTimeline.of(t);
    }

    /** The first 12 hex digits of the SHA-256 of the counterexample's trace.json: links carry it. */
    static String traceHash(Counterexample cx) {
        return Html.sha256Hex(JsonRenderer.render(cx)).substring(0, 12);
    }

    /**
     * The page; with {@code stale} (its positions no longer match the spec) a banner says so, and no DSL line is
     * shown, linked or highlighted (the positions are shown as trace.json has them).
     */
    static String render(Counterexample cx, Sources sources, Links links, SourceCheck.Stale stale) {
        return new TracePage(cx, sources, links, stale).render();
    }

    private String render() {
        for (TraceStep s : stale != null ? List.<TraceStep>of() : t.steps()) {
            Sources.Pos p = Sources.Pos.parse(s.position());
            if (p != null && sources.file(p.file()) != null) {
                fileIds.computeIfAbsent(p.file(), f -> "f" + fileIds.size());
            }
        }
        StringBuilder b = new StringBuilder();
        header(b);
        controls(b);
        b.append("<main class=\"trace-main\">\n");
        lanes(b);
        b.append("<section id=\"detail\" class=\"panel\" aria-label=\"The current step\">\n");
        for (int i = 0; i <= t.steps().size(); i++) {
            step(b, i);
        }
        statePanel(b);
        b.append("</section>\n</main>\n");
        sourcesPanel(b);
        mail(b);
        return Html.page(cx.title() + " - rpcheck", "trace-page", b.toString(), Json.forScript(data()),
                links.assets());
    }

    private void header(StringBuilder b) {
        Explanation e = t.explanation();
        b.append("<header class=\"top\">\n");
        if (links.index() != null) {
            b.append("<p class=\"crumbs\"><a href=\"").append(Html.esc(links.index()))
                    .append("\">All counterexamples</a></p>\n");
        }
        b.append("<h1>").append(Html.esc(cx.variant())).append(": ").append(Html.esc(t.property().displayName()))
                .append(" <span class=\"verdict violated\">violated</span></h1>\n");
        b.append("<p class=\"sub\">");
        if (links.specTitle() != null && !links.specTitle().isEmpty()) {
            b.append("<q>").append(Html.esc(links.specTitle())).append("</q> ");
        }
        if (links.specFile() != null) {
            b.append("(<code>").append(Html.esc(links.specFile())).append("</code>) ");
        }
        int n = t.steps().size();
        b.append("&middot; ").append(n).append(n == 1 ? " step" : " steps");
        if (t.isLasso()) {
            b.append(" &middot; <span class=\"loop-note\">lasso: ").append(Html.esc(t.loopText())).append("</span>");
        }
        b.append(" &middot; trace <code id=\"trace-hash\">").append(hash).append("</code></p>\n");
        if (stale != null) {
            staleBanner(b);
        }
        b.append("<div class=\"why\">\n");
        Set<String> said = new LinkedHashSet<>();
        for (Wait w : e.waits()) {
            said.add(w.describe());
        }
        for (Wait w : e.cycle()) {
            said.add(w.describe());
        }
        for (String s : said) {
            b.append("<p>").append(Html.esc(s)).append("</p>\n");
        }
        for (String note : e.notes()) {
            b.append("<p>").append(Html.esc(note)).append("</p>\n");
        }
        if (e.offender() != null) {
            b.append("<p>Offender <strong>").append(Html.esc(e.offender())).append("</strong>");
            if (e.position() != null) {
                b.append(" at ").append(sourceLink(e.position()));
            }
            if (!e.chain().isEmpty()) {
                b.append(": ").append(chainInline(e.chain(), e.calledAt()));
            }
            b.append("</p>\n");
        }
        b.append("</div>\n");
        if (links.files() != null && !links.files().isEmpty()) {
            b.append("<p class=\"files\">Files: ");
            boolean first = true;
            for (Map.Entry<String, String> f : links.files().entrySet()) {
                b.append(first ? "" : " &middot; ").append("<a href=\"").append(Html.esc(f.getValue())).append("\">")
                        .append(Html.esc(f.getKey())).append("</a>");
                first = false;
            }
            b.append("</p>\n");
        }
        b.append("<div id=\"stale\" class=\"banner\" role=\"alert\" hidden></div>\n");
        b.append("</header>\n");
    }

    /** The banner of a page whose trace's positions no longer match the spec: which, and the fix. */
    private void staleBanner(StringBuilder b) {
        b.append("<div id=\"stale-sources\" class=\"banner\" role=\"alert\"><p><strong>The DSL source links of"
                + " this page are stale.</strong> ");
        if (stale.position() == null) {
            b.append("Its positions cannot be checked: the spec does not compile now (")
                    .append(Html.esc(stale.found())).append(").");
        } else {
            b.append("The spec changed since this trace was written: at <code>").append(Html.esc(stale.position()))
                    .append("</code> trace.json expects ").append(Html.esc(stale.expected()))
                    .append(", but that line now reads ").append(Html.esc(stale.found()));
            if (stale.now() != null) {
                b.append(" (the step is at ").append(Html.esc(stale.now())).append(" now)");
            }
            b.append('.');
        }
        b.append(" No DSL line is shown or highlighted; run <code>").append(Html.esc(stale.fix()))
                .append("</code> to write the trace again.</p></div>\n");
    }

    private void controls(StringBuilder b) {
        int n = t.steps().size();
        b.append("<nav class=\"controls\" aria-label=\"Stepping\">\n");
        b.append("<button type=\"button\" id=\"first\" title=\"First step (Home)\">&laquo; First</button>\n");
        b.append("<button type=\"button\" id=\"prev\" title=\"Previous step (Left arrow)\">&#x25C0; Prev</button>\n");
        b.append("<span id=\"pos\" aria-live=\"polite\">Step 0 of ").append(n).append("</span>\n");
        b.append("<button type=\"button\" id=\"next\" title=\"Next step (Right arrow)\">Next &#x25B6;</button>\n");
        b.append("<button type=\"button\" id=\"last\" title=\"Last step (End)\">Last &raquo;</button>\n");
        b.append("<label><input type=\"checkbox\" id=\"only-involved\"> only the contexts involved (")
                .append(involved.size()).append(" of ").append(g.lanes().size()).append(")</label>\n");
        b.append("<label><input type=\"checkbox\" id=\"hide-unchanged\"> hide unchanged state</label>\n");
        b.append("<a id=\"permalink\" href=\"#step=0&amp;trace=").append(hash).append("\">link to this step</a>\n");
        b.append("<span class=\"keys\">Keys: &larr; &rarr; step, Home/End, j/k</span>\n");
        b.append("</nav>\n");
    }

    private void lanes(StringBuilder b) {
        List<String> lanes = g.lanes();
        b.append("<section id=\"lanes-panel\" class=\"panel\" aria-label=\"Steps, one lane per context\">\n");
        b.append("<h2>Steps by context</h2>\n");
        b.append("<p class=\"legend\">Arrows: <span class=\"k-queue\">queue_work &rarr; work starts</span>, "
                + "<span class=\"k-timer\">timer armed &rarr; expiry</span>, <span class=\"k-lldd\">I/O to the LLDD "
                + "&rarr; completion</span>, <span class=\"k-abort\">abort &rarr; completion</span>, <span "
                + "class=\"k-lock\">unlock &rarr; lock</span>, <span class=\"k-wait\">wait &rarr; what ends it</span>,"
                + " <span class=\"k-wake\">&rarr; wake</span>, <span class=\"k-loop\">lasso loop</span></p>\n");
        b.append("<div id=\"lanes-wrap\">\n<table id=\"lanes\">\n<thead><tr><th scope=\"col\" class=\"no\">#</th>");
        for (int i = 0; i < lanes.size(); i++) {
            String lane = lanes.get(i);
            b.append("<th scope=\"col\" class=\"lane").append(involved.contains(lane) ? " involved" : " uninvolved")
                    .append("\">").append(Html.esc(lane)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        b.append("<tr id=\"row-0\" class=\"row\" data-step=\"0\"><th scope=\"row\" class=\"no\">0</th><td colspan=\"")
                .append(Math.max(1, lanes.size())).append("\"><button type=\"button\" class=\"cell init\" id=\"cell-0\""
                + " data-step=\"0\">initial state</button></td></tr>\n");
        Integer loopStart = t.loopStart();
        for (TraceStep s : t.steps()) {
            if (loopStart != null && s.number() == loopStart) {
                b.append("<tr class=\"loop-mark\"><td colspan=\"").append(lanes.size() + 1)
                        .append("\">&#x27F2; lasso: ").append(Html.esc(t.loopText())).append("</td></tr>\n");
            }
            boolean inLoop = loopStart != null && s.number() >= loopStart;
            boolean inv = s.isStutter() || involved.contains(s.context());
            b.append("<tr id=\"row-").append(s.number()).append("\" class=\"row").append(inv ? "" : " uninvolved")
                    .append(inLoop ? " loop" : "").append("\" data-step=\"").append(s.number()).append("\">");
            boolean key = t.explanation().keySteps().contains(s.number());
            b.append("<th scope=\"row\" class=\"no\">").append(s.number()).append(key
                    ? "<span class=\"key\" title=\"the violation depends on this step\">*</span>" : "").append("</th>");
            if (s.isStutter()) {
                b.append("<td colspan=\"").append(Math.max(1, lanes.size())).append("\">");
                cell(b, s);
                b.append("</td>");
            } else {
                for (String lane : lanes) {
                    b.append("<td class=\"").append(involved.contains(lane) ? "involved" : "uninvolved").append("\">");
                    if (lane.equals(s.context())) {
                        cell(b, s);
                    }
                    b.append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private void cell(StringBuilder b, TraceStep s) {
        b.append("<button type=\"button\" class=\"cell").append(s.waiting().stream()
                .anyMatch(w -> w.context().equals(s.context())) ? " blocks" : "").append("\" id=\"cell-")
                .append(s.number()).append("\" data-step=\"").append(s.number()).append("\">");
        b.append("<span class=\"act\">").append(Html.esc(s.text())).append("</span>");
        for (rpcheck.trace.Statement st : s.inner()) {
            b.append("<span class=\"inner\">+ ").append(Html.esc(st.text())).append("</span>");
        }
        if (!s.chain().isEmpty()) {
            b.append("<span class=\"chain\">").append(Html.esc(String.join(" \u203A ", s.chain()))).append("</span>");
        }
        b.append("</button>");
    }

    private void step(StringBuilder b, int i) {
        int n = t.steps().size();
        b.append("<article class=\"step\" id=\"step-").append(i).append("\" data-step=\"").append(i).append("\"")
                .append(i == 0 ? "" : " hidden").append(">\n");
        if (i == 0) {
            b.append("<h2>Step 0: the initial state</h2>\n");
            b.append("<p class=\"what\">Nothing has happened yet. Step through with &rarr; or the buttons.</p>\n");
        } else {
            TraceStep s = t.steps().get(i - 1);
            b.append("<h2>Step ").append(i).append(" of ").append(n).append(": <span class=\"ctx\">")
                    .append(Html.esc(s.context())).append("</span></h2>\n");
            b.append("<p class=\"what\">").append(Html.esc(s.text())).append("</p>\n");
            if (t.explanation().keySteps().contains(i)) {
                b.append("<p class=\"key-note\">* The violation depends on this step.</p>\n");
            }
            if (!s.inner().isEmpty()) {
                b.append("<p class=\"inner-head\">Then, in the same step:</p>\n<ol class=\"inner-list\">");
                for (rpcheck.trace.Statement st : s.inner()) {
                    b.append("<li><code>").append(Html.esc(st.text())).append("</code>");
                    if (st.position() != null) {
                        b.append(" <span class=\"pos\">").append(Html.esc(st.position())).append("</span>");
                    }
                    b.append("</li>");
                }
                b.append("</ol>\n");
            }
            if (t.isLasso() && i >= t.loopStart()) {
                b.append("<p class=\"loop-note\">&#x27F2; In the loop: ").append(Html.esc(t.loopText()))
                        .append(".</p>\n");
            }
            b.append("<dl class=\"facts\">\n");
            b.append("<dt>Action</dt><dd><code>").append(Html.esc(s.action())).append("</code> (")
                    .append(Html.esc(s.kind().replace('_', ' '))).append(")</dd>\n");
            b.append("<dt>Call chain</dt><dd>");
            if (s.chain().isEmpty()) {
                b.append("&mdash;");
            } else {
                b.append("<ol class=\"chain-list\">");
                for (String f : s.chain()) {
                    b.append("<li><code>").append(Html.esc(f)).append("()</code></li>");
                }
                b.append("</ol>");
            }
            b.append("</dd>\n");
            b.append("<dt>DSL source</dt><dd>").append(s.position() == null ? "&mdash;" : sourceLink(s.position()))
                    .append("</dd>\n");
            fnFacts(b, s.position());
            causality(b, i);
            b.append("</dl>\n");
            snippet(b, s.position());
            blocked(b, i, s);
        }
        waitFor(b, i);
        if (i == n && n > 0) {
            Explanation e = t.explanation();
            b.append("<section class=\"verdict-box\"><h3>Why this violates ").append(Html.esc(
                    t.property().displayName())).append("</h3>\n");
            if (!e.cycle().isEmpty()) {
                b.append("<p class=\"cycle-text\"><strong>Wait cycle:</strong> ");
                for (Wait w : e.cycle()) {
                    b.append(Html.esc(w.context())).append(" &rarr; waits in <code>")
                            .append(Html.esc(w.chain().isEmpty() ? "?" : w.chain().get(w.chain().size() - 1)))
                            .append("()</code> for ").append(Html.esc(w.kind().word())).append(" <code>")
                            .append(Html.esc(w.on())).append("</code> &rarr; ");
                }
                b.append(Html.esc(e.cycle().get(0).context())).append("</p>\n");
            }
            for (Wait w : e.waits()) {
                b.append("<p>").append(Html.esc(w.describe())).append("</p>\n");
            }
            for (String note : e.notes()) {
                b.append("<p>").append(Html.esc(note)).append("</p>\n");
            }
            b.append("</section>\n");
        }
        b.append("</article>\n");
    }

    private void fnFacts(StringBuilder b, String position) {
        if (stale != null) {
            return; // the function around a stale position is another one
        }
        Sources.Pos p = Sources.Pos.parse(position);
        Sources.File f = p == null ? null : sources.file(p.file());
        Sources.Fn fn = f == null ? null : f.fnAt(p.line());
        if (fn == null) {
            return;
        }
        b.append("<dt>In</dt><dd><code>fn ").append(Html.esc(fn.name())).append("()</code>");
        if (fn.from() != null) {
            b.append(" from <code class=\"from\">").append(Html.esc(fn.from())).append("</code>");
        }
        b.append("</dd>\n");
        if (fn.patch() != null) {
            b.append("<dt>Patch</dt><dd><code class=\"patch\">").append(Html.esc(fn.patch())).append("</code></dd>\n");
        }
    }

    private void causality(StringBuilder b, int i) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (LaneGraph.Edge e : g.edges()) {
            if (e.kind() == LaneGraph.EdgeKind.PROGRAM) {
                continue;
            }
            String label = e.label() == null || e.label().isEmpty() ? e.kind().description() : e.label();
            if (e.to() == i && e.from() != i) {
                in.add(gotoLink(e.from()) + " <span class=\"k-" + e.kind().id() + "\">" + Html.esc(label) + "</span>");
            }
            if (e.from() == i && e.to() != i) {
                out.add(gotoLink(e.to()) + " <span class=\"k-" + e.kind().id() + "\">" + Html.esc(label) + "</span>");
            }
        }
        if (!in.isEmpty()) {
            b.append("<dt>Caused by</dt><dd>").append(String.join("<br>", in)).append("</dd>\n");
        }
        if (!out.isEmpty()) {
            b.append("<dt>Leads to</dt><dd>").append(String.join("<br>", out)).append("</dd>\n");
        }
    }

    private String gotoLink(int step) {
        TraceStep s = step >= 1 && step <= t.steps().size() ? t.steps().get(step - 1) : null;
        return "<a class=\"goto\" data-step=\"" + step + "\" href=\"#step=" + step + "&amp;trace=" + hash
                + "\">step " + step + (s == null ? "" : " (" + Html.esc(s.context()) + ")") + "</a>";
    }

    private String sourceLink(String position) {
        Sources.Pos p = Sources.Pos.parse(position);
        String id = p == null ? null : fileIds.get(p.file());
        if (id == null) {
            return "<code>" + Html.esc(position) + "</code>";
        }
        return "<a class=\"srclink\" href=\"#L-" + id + "-" + p.line() + "\" data-line=\"L-" + id + "-" + p.line()
                + "\"><code>" + Html.esc(position) + "</code></a>";
    }

    private void snippet(StringBuilder b, String position) {
        if (stale != null) {
            return;
        }
        Sources.Pos p = Sources.Pos.parse(position);
        Sources.File f = p == null ? null : sources.file(p.file());
        if (f == null || p.line() < 1 || p.line() > f.source().lineCount()) {
            return;
        }
        int from = Math.max(1, p.line() - 3);
        int to = Math.min(f.source().lineCount(), p.line() + 3);
        b.append("<pre class=\"snippet\" aria-label=\"DSL source around line ").append(p.line()).append("\">");
        for (int l = from; l <= to; l++) {
            b.append("<span class=\"sl").append(l == p.line() ? " here" : "").append("\"><span class=\"no\">")
                    .append(l).append("</span>").append(Html.esc(f.source().lineText(l))).append("</span>");
        }
        b.append("</pre>\n");
    }

    private void blocked(StringBuilder b, int i, TraceStep s) {
        boolean last = i == t.steps().size();
        Set<String> cycleCtx = new LinkedHashSet<>();
        if (last) {
            t.explanation().cycle().forEach(w -> cycleCtx.add(w.context()));
        }
        b.append("<h3>Blocked after this step</h3>\n");
        if (s.waiting().isEmpty()) {
            b.append("<p class=\"none\">Nobody waits.</p>\n");
            return;
        }
        b.append("<ul class=\"blocked\">\n");
        for (Wait w : s.waiting()) {
            b.append("<li").append(cycleCtx.contains(w.context()) ? " class=\"cycle\"" : "").append(">")
                    .append(Html.esc(w.describe()));
            if (!w.chain().isEmpty()) {
                b.append(", in ").append(chainInline(w.chain(), w.calledAt()));
            }
            if (w.position() != null) { // the statement that waits (a trace.json before it was recorded has none)
                b.append(" at ").append(sourceLink(w.position()));
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private void waitFor(StringBuilder b, int i) {
        if (i == 0) {
            return;
        }
        WaitForGraph wf = WaitForGraph.atStep(t, i);
        b.append("<h3>Wait-for graph after step ").append(i).append("</h3>\n");
        if (wf.isEmpty()) {
            b.append("<p class=\"none\">No context waits for another.</p>\n");
            return;
        }
        if (!wf.cycleNodes().isEmpty()) {
            b.append("<p class=\"cycle-mark\" data-cycle=\"true\">&#x26A0; Wait cycle (red): ");
            List<String> names = new ArrayList<>();
            wf.nodes().stream().filter(wf::onCycle).forEach(node -> names.add(node.label())); // in graph order
            b.append(Html.esc(String.join(" \u2192 ", names))).append("</p>\n");
        }
        String svg = SvgRenderer.waitFor(wf, cx.title(), "after step " + i);
        int start = svg.indexOf("<svg");
        svg = svg.substring(Math.max(0, start));
        String prefix = "s" + i + "-";
        svg = svg.replace(" id=\"", " id=\"" + prefix).replace("url(#", "url(#" + prefix);
        b.append("<div class=\"waitfor\">").append(svg).append("</div>\n");
    }

    /**
     * The state panel: one for the page, filled by the script from {@code data.state} for the current step (a
     * tree per step would repeat every value once per step). The script builds it with text nodes only.
     */
    private void statePanel(StringBuilder b) {
        b.append("<section id=\"state\" aria-label=\"The state after the current step\">\n");
        b.append("<h3 id=\"state-title\">State after step 0</h3>\n");
        if (states.paths().isEmpty()) {
            b.append("<p class=\"none\">The trace changes no shared state.</p>\n</section>\n");
            return;
        }
        b.append("<p class=\"note\">The components this trace changes (<code>var.field</code>, "
                + "<code>var[entry]</code>); <mark>marked</mark>: what the current step changed, with the value "
                + "before.</p>\n<ul class=\"tree\" id=\"state-tree\"></ul>\n</section>\n");
    }

    /** {@code paths}: each component's segments, its value after every step (a list of [step, value] changes). */
    private ObjectNode stateData() {
        ObjectNode st = Json.MAPPER.createObjectNode();
        ArrayNode paths = st.putArray("paths");
        int n = t.steps().size();
        for (String p : states.paths()) {
            ObjectNode o = paths.addObject();
            ArrayNode segs = o.putArray("segs");
            StateTimeline.segments(p).forEach(seg -> segs.add(seg.text()));
            ArrayNode values = o.putArray("values");
            String prev = null;
            for (int i = 0; i <= n; i++) {
                String v = states.value(i, p);
                if (i == 0 || !java.util.Objects.equals(v, prev)) {
                    ArrayNode pair = values.addArray();
                    pair.add(i);
                    if (v == null) {
                        pair.addNull();
                    } else {
                        pair.add(v);
                    }
                }
                prev = v;
            }
        }
        ArrayNode changed = st.putArray("changed");
        for (TraceStep s : t.steps()) {
            ArrayNode c = changed.addArray();
            for (Change ch : s.changes()) {
                c.add(states.paths().indexOf(ch.path()));
            }
        }
        return st;
    }

    /** {@code a() → b() (called at file:line:col) → c()}: where the spec calls each function, where known. */
    private String chainInline(List<String> chain, List<String> calledAt) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            String site = calledAt.isEmpty() ? "" : calledAt.get(i);
            parts.add("<code>" + Html.esc(chain.get(i)) + "()</code>"
                    + (site.isEmpty() ? "" : " (called at " + sourceLink(site) + ")"));
        }
        return String.join(" &rarr; ", parts);
    }

    private void sourcesPanel(StringBuilder b) {
        if (fileIds.isEmpty()) {
            return;
        }
        b.append("<section id=\"sources\" class=\"panel\" aria-label=\"DSL source\">\n<h2>DSL source</h2>\n");
        b.append("<p class=\"note\">The line of the current step is highlighted.</p>\n");
        for (Map.Entry<String, String> e : fileIds.entrySet()) {
            Sources.File f = sources.file(e.getKey());
            b.append("<details class=\"src\" id=\"src-").append(e.getValue()).append("\" open><summary><code>")
                    .append(Html.esc(e.getKey())).append("</code></summary>\n<pre class=\"source\" tabindex=\"0\">");
            int lines = f.modelLines(); // it reads the whole file: once a file, not once a line
            for (int l = 1; l <= lines; l++) {
                b.append("<span class=\"sl\" id=\"L-").append(e.getValue()).append("-").append(l)
                        .append("\"><span class=\"no\">").append(l).append("</span>")
                        .append(Html.esc(f.source().lineText(l))).append("</span>");
            }
            b.append("</pre>\n</details>\n");
        }
        b.append("</section>\n");
    }

    private void mail(StringBuilder b) {
        b.append("<section id=\"mail\" class=\"panel\" aria-label=\"Text for a mailing list\">\n");
        b.append("<h2>Text for the mailing list</h2>\n");
        b.append("<p><button type=\"button\" id=\"copy\">Copy the text</button> <span id=\"copy-status\" "
                + "aria-live=\"polite\"></span></p>\n");
        b.append("<pre id=\"mail-text\" tabindex=\"0\">").append(Html.esc(TextRenderer.render(cx, false)))
                .append("</pre>\n</section>\n");
    }

    private ObjectNode data() {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("kind", "trace");
        d.put("hash", hash);
        d.put("steps", t.steps().size());
        if (t.isLasso()) {
            d.put("loopStart", t.loopStart());
        } else {
            d.putNull("loopStart");
        }
        ArrayNode edges = d.putArray("edges");
        for (LaneGraph.Edge e : g.edges()) {
            if (e.kind() == LaneGraph.EdgeKind.PROGRAM) {
                continue;
            }
            ObjectNode o = edges.addObject();
            o.put("kind", e.kind().id());
            o.put("from", e.from());
            o.put("to", e.to());
            o.put("label", e.label() == null ? "" : e.label());
        }
        d.set("state", stateData());
        ObjectNode lines = d.putObject("lines");
        for (TraceStep s : t.steps()) {
            Sources.Pos p = Sources.Pos.parse(s.position());
            String id = p == null ? null : fileIds.get(p.file());
            if (id != null) {
                lines.put(Integer.toString(s.number()), "L-" + id + "-" + p.line());
            }
        }
        return d;
    }
}
