package rpcheck.view;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.check.Variants;
import rpcheck.diag.Diagnostics;
import rpcheck.dsl.Ast;
import rpcheck.model.SpecLoader;
import rpcheck.render.Counterexample;
import rpcheck.model.Property;
import rpcheck.trace.TraceStep;

/**
 * The compare page of two specs (two versions of a patch, or a variant and its base): the properties whose
 * verdicts differ, the functions the two define differently side by side (the patch as the DSL sees it, with
 * the lines each side has that the other lacks marked), and, for a property violated in one and holding in the
 * other, that counterexample's steps beside the verdicts.
 */
final class ComparePage {
    private ComparePage() {
    }

    /** A declaration of a merged spec, by kind and name, and its source text. */
    private record Decl(String kind, String name, String file, int line, String text) {
    }

    static String render(Site site, Variants.Variant a, Variants.Variant b) throws IOException, ViewException {
        Variants vs = site.variants();
        Variants.Header ha = vs.header(a);
        Variants.Header hb = vs.header(b);
        VerdictFile va = site.verdicts(a.name());
        VerdictFile vb = site.verdicts(b.name());
        StringBuilder s = new StringBuilder();
        s.append("<header class=\"top\">\n<p class=\"crumbs\"><a href=\"../").append(Site.INDEX)
                .append("\">All counterexamples</a></p>\n");
        s.append("<h1>Compare <code>").append(Html.esc(a.name())).append("</code> and <code>")
                .append(Html.esc(b.name())).append("</code></h1>\n");
        s.append("<p class=\"sub\"><code>").append(Html.esc(a.name())).append("</code>: <q>")
                .append(Html.esc(ha.title())).append("</q> (<code>").append(Html.esc(vs.display(a.file())))
                .append("</code>)<br><code>").append(Html.esc(b.name())).append("</code>: <q>")
                .append(Html.esc(hb.title())).append("</q> (<code>").append(Html.esc(vs.display(b.file())))
                .append("</code>)</p>\n</header>\n<main>\n");

        // Verdicts.
        s.append("<section class=\"panel\" id=\"properties\" aria-label=\"Verdicts\">\n<h2>Verdicts</h2>\n");
        s.append("<div class=\"table-wrap\"><table class=\"verdicts\">\n<thead><tr><th scope=\"col\">property</th>"
                + "<th scope=\"col\">").append(Html.esc(a.name())).append("</th><th scope=\"col\">")
                .append(Html.esc(b.name())).append("</th><th scope=\"col\">differs</th></tr></thead>\n<tbody>\n");
        List<Property> differ = new ArrayList<>();
        List<Property> oneWay = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Property p : Property.values()) {
            VerdictFile.Cell ca = va == null ? null : va.cell(p);
            VerdictFile.Cell cb = vb == null ? null : vb.cell(p);
            String sa = status(ca, site.counterexample(a.name(), p) != null);
            String sb = status(cb, site.counterexample(b.name(), p) != null);
            boolean d = !sa.equals(sb) && !sa.equals("unknown") && !sb.equals("unknown");
            if (sa.equals("unknown") || sb.equals("unknown")) {
                unknown.add(p.displayName());
            }
            if (d) {
                differ.add(p);
                if (sa.equals("violated") && sb.equals("holds") || sa.equals("holds") && sb.equals("violated")) {
                    oneWay.add(p);
                }
            }
            s.append("<tr").append(d ? " class=\"differs\"" : "").append("><th scope=\"row\">")
                    .append(Html.esc(p.displayName())).append("</th>")
                    .append(relink(IndexPage.cell(a.name(), p, ca, site.counterexample(a.name(), p) != null)))
                    .append(relink(IndexPage.cell(b.name(), p, cb, site.counterexample(b.name(), p) != null)))
                    .append("<td>").append(d ? "<strong>differs</strong>" : "same").append("</td></tr>\n");
        }
        s.append("</tbody>\n</table></div>\n<p id=\"differ-summary\">");
        if (differ.isEmpty() && unknown.isEmpty()) {
            s.append("Every property has the same verdict in both.");
        } else if (differ.isEmpty()) {
            s.append("No property is known to differ.");
        } else {
            List<String> names = new ArrayList<>();
            differ.forEach(p -> names.add(p.displayName()));
            s.append("Properties that differ: <strong>").append(Html.esc(String.join(", ", names)))
                    .append("</strong>.");
        }
        if (!unknown.isEmpty()) {
            s.append(" Not checked yet on one side: ").append(Html.esc(String.join(", ", unknown)))
                    .append(" (<code>./rpcheck check --variant NAME</code> records them).");
        }
        s.append("</p>\n</section>\n");

        // Functions.
        Map<String, Decl> da = decls(site, a);
        Map<String, Decl> db = decls(site, b);
        s.append("<section class=\"panel\" id=\"functions\" aria-label=\"What the two define differently\">\n"
                + "<h2>What the two define differently</h2>\n");
        Set<String> keys = new LinkedHashSet<>(da.keySet());
        keys.addAll(db.keySet());
        int shown = 0;
        for (String k : keys) {
            Decl x = da.get(k);
            Decl y = db.get(k);
            if (x != null && y != null && normal(x.text()).equals(normal(y.text()))) {
                continue;
            }
            shown++;
            Decl any = x != null ? x : y;
            s.append("<div class=\"fn-diff\"><h3><code>").append(Html.esc(any.kind())).append(' ')
                    .append(Html.esc(any.name())).append("</code>");
            s.append(x == null ? " (only in " + Html.esc(b.name()) + ")" : y == null ? " (only in "
                    + Html.esc(a.name()) + ")" : "").append("</h3>\n<div class=\"side\">\n");
            List<String> la = x == null ? List.of() : lines(x.text());
            List<String> lb = y == null ? List.of() : lines(y.text());
            boolean[][] keep = lcs(la, lb);
            side(s, a.name(), x, la, keep[0], "dl-del");
            side(s, b.name(), y, lb, keep[1], "dl-add");
            s.append("</div></div>\n");
        }
        if (shown == 0) {
            s.append("<p>The two define every function, work item and event the same way.</p>\n");
        }
        s.append("</section>\n");

        // Counterexamples of properties that hold on one side.
        s.append("<section class=\"panel\" id=\"traces\" aria-label=\"Violated in one, holds in the other\">\n"
                + "<h2>Violated in one, holds in the other</h2>\n");
        if (oneWay.isEmpty()) {
            s.append("<p class=\"none\">No property is violated in one and holds in the other.</p>\n");
        }
        for (Property p : oneWay) {
            boolean inA = site.counterexample(a.name(), p) != null;
            Variants.Variant bad = inA ? a : b;
            Variants.Variant good = inA ? b : a;
            VerdictFile.Cell gc = (inA ? vb : va) == null ? null : (inA ? vb : va).cell(p);
            Counterexample cx = site.counterexample(bad.name(), p);
            s.append("<article class=\"oneway\"><h3>").append(Html.esc(p.displayName())).append(": violated in <code>")
                    .append(Html.esc(bad.name())).append("</code>, holds in <code>").append(Html.esc(good.name()))
                    .append("</code>").append(gc != null && gc.distinctStates() != null ? " (" + gc.distinctStates()
                            + " states)" : "").append("</h3>\n");
            if (cx != null) {
                String href = "../" + bad.name() + "/" + p.displayName() + "/" + TracePage.FILE;
                s.append("<p>").append(cx.trace().steps().size()).append(" steps; <a href=\"").append(Html.esc(href))
                        .append("\">step through it</a>.</p>\n<ol class=\"steps-list\">\n");
                for (TraceStep st : cx.trace().steps()) {
                    s.append("<li><code>").append(Html.esc(st.context())).append("</code>: ")
                            .append(Html.esc(st.text())).append("</li>\n");
                }
                s.append("</ol>\n");
            }
            s.append("</article>\n");
        }
        s.append("</section>\n</main>\n");
        return Html.page("rpcheck: " + a.name() + " vs " + b.name(), "compare-page", s.toString(), null, "../");
    }

    /** The status a cell shows: violated, holds, n/a or unknown. */
    private static String status(VerdictFile.Cell c, boolean hasTrace) {
        if (c == null) {
            return hasTrace ? "violated" : "unknown";
        }
        return switch (c.status()) {
            case "violated", "holds" -> c.status();
            default -> "n/a";
        };
    }

    /** Index cells link relative to traces/; this page is one folder down. */
    private static String relink(String cell) {
        return cell.replace("<a href=\"", "<a href=\"../");
    }

    private static Map<String, Decl> decls(Site site, Variants.Variant v) throws ViewException {
        Diagnostics diags = new Diagnostics();
        SpecLoader.Loaded loaded;
        try {
            loaded = new SpecLoader(site.root()).load(v.file(), diags);
        } catch (RuntimeException e) {
            throw new ViewException(site.variants().display(v.file()) + ": error: cannot read the spec: "
                    + e.getMessage());
        }
        if (diags.hasErrors()) {
            var d = diags.sorted().get(0);
            throw new ViewException(d.span().position() + ": error: " + d.message()
                    + " (fix the spec; ./rpcheck generate shows every error)");
        }
        Map<String, Decl> out = new LinkedHashMap<>();
        for (Ast.Decl d : loaded.decls()) {
            String kind = d instanceof Ast.Fn ? "fn" : d instanceof Ast.Work ? "work" : d instanceof Ast.Event
                    ? "event" : null;
            if (kind == null || d.name() == null || d.name().span() == null) {
                continue;
            }
            var file = d.name().span().file();
            int start = file.text().lastIndexOf('\n', d.name().span().start()) + 1;
            int end;
            if (d instanceof Ast.Fn fn && fn.body() != null && fn.body().span() != null) {
                end = fn.body().span().end();
            } else {
                int nl = file.text().indexOf('\n', d.name().span().end());
                end = nl < 0 ? file.text().length() : nl;
            }
            out.put(kind + " " + d.name().text(), new Decl(kind, d.name().text(), file.name(),
                    file.line(start), file.text().substring(start, end)));
        }
        return out;
    }

    private static String normal(String text) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines(text)) {
            sb.append(l.strip().replaceAll("\\s+", " ")).append('\n');
        }
        return sb.toString();
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /** For each line of {@code a} and of {@code b}, whether it is in their longest common subsequence. */
    private static boolean[][] lcs(List<String> a, List<String> b) {
        int[][] m = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                m[i][j] = a.get(i).strip().equals(b.get(j).strip()) ? m[i + 1][j + 1] + 1
                        : Math.max(m[i + 1][j], m[i][j + 1]);
            }
        }
        boolean[] ka = new boolean[a.size()];
        boolean[] kb = new boolean[b.size()];
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).strip().equals(b.get(j).strip())) {
                ka[i++] = true;
                kb[j++] = true;
            } else if (m[i + 1][j] >= m[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return new boolean[][] {ka, kb};
    }

    private static void side(StringBuilder s, String variant, Decl d, List<String> lines, boolean[] keep,
            String mark) {
        s.append("<div><p class=\"note\"><code>").append(Html.esc(variant)).append("</code>");
        if (d == null) {
            s.append(": not declared</p><pre class=\"none\"></pre></div>\n");
            return;
        }
        s.append(", <code>").append(Html.esc(d.file())).append(':').append(d.line()).append("</code></p><pre>");
        for (int i = 0; i < lines.size(); i++) {
            s.append("<span class=\"sl").append(keep[i] ? "" : " " + mark).append("\"><span class=\"no\">")
                    .append(d.line() + i).append("</span>").append(Html.esc(lines.get(i))).append("</span>");
        }
        s.append("</pre></div>\n");
    }
}
