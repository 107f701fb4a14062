package rpcheck.view;

import java.io.IOException;
import java.util.Locale;

import rpcheck.check.Variants;
import rpcheck.model.Property;

/**
 * {@code traces/index.html}: every committed variant x property with its verdict (from the variant's
 * verdicts.json, written by {@code check}), a link to each counterexample's page, each spec's title and file,
 * and the compare pages.
 */
final class IndexPage {
    private IndexPage() {
    }

    static String render(Site site) throws IOException, ViewException {
        Variants variants = site.variants();
        StringBuilder b = new StringBuilder();
        b.append("<header class=\"top\">\n<h1>rpcheck: counterexamples</h1>\n");
        b.append("<p class=\"sub\">Every committed variant (a spec under <code>specs/</code>, checked with its "
                + "default bounds by <code>./rpcheck check</code>) and property. A violation links to its "
                + "counterexample, step by step.</p>\n</header>\n");
        b.append("<main>\n<section class=\"panel\" aria-label=\"Verdicts\">\n<h2>Verdicts</h2>\n");
        b.append("<div class=\"table-wrap\"><table class=\"verdicts\" id=\"verdicts\">\n<thead><tr>"
                + "<th scope=\"col\">variant</th>");
        for (Property p : Property.values()) {
            b.append("<th scope=\"col\">").append(Html.esc(p.displayName())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Variants.Variant v : variants.all()) {
            VerdictFile vf = site.verdicts(v.name());
            b.append("<tr><th scope=\"row\"><code>").append(Html.esc(v.name())).append("</code></th>");
            for (Property p : Property.values()) {
                VerdictFile.Cell c = vf == null ? null : vf.cell(p);
                boolean hasTrace = site.counterexample(v.name(), p) != null;
                b.append(cell(v.name(), p, c, hasTrace));
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table></div>\n");
        b.append("<p class=\"note\">holds: TLC explored every reachable state within the bounds (the number of "
                + "distinct states); n/a: the spec gives the property nothing to check; not checked: no "
                + "<code>verdicts.json</code> yet (run <code>./rpcheck check --variant NAME</code>).</p>\n");
        b.append("</section>\n");
        b.append("<section class=\"panel\" aria-label=\"Specs\">\n<h2>Specs</h2>\n<ul>\n");
        for (Variants.Variant v : variants.all()) {
            Variants.Header h = variants.header(v);
            b.append("<li><code>").append(Html.esc(v.name())).append("</code>: <q>").append(Html.esc(h.title()))
                    .append("</q>, <code>").append(Html.esc(variants.display(v.file()))).append("</code>");
            if (h.base() != null) {
                b.append(" (extends <code>").append(Html.esc(h.base())).append("</code>)");
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n</section>\n");
        b.append("<section class=\"panel\" aria-label=\"Compare\">\n<h2>Compare two versions</h2>\n<ul>\n");
        for (String[] pair : site.comparePairs()) {
            b.append("<li><a href=\"").append(Site.COMPARE).append('/').append(Html.esc(pair[0])).append("-vs-")
                    .append(Html.esc(pair[1])).append(".html\"><code>").append(Html.esc(pair[0]))
                    .append("</code> against <code>").append(Html.esc(pair[1])).append("</code></a></li>\n");
        }
        b.append("</ul>\n<p class=\"note\">Another pair: <code>./rpcheck view --compare A B</code>.</p>\n</section>\n");
        b.append("</main>\n");
        return Html.page("rpcheck: counterexamples", "index-page", b.toString(), null, "");
    }

    static String cell(String variant, Property p, VerdictFile.Cell c, boolean hasTrace) {
        String href = variant + "/" + p.displayName() + "/" + TracePage.FILE;
        if (c == null) {
            return hasTrace ? "<td class=\"cell-violated\"><a href=\"" + Html.esc(href) + "\">violated</a></td>"
                    : "<td class=\"cell-na\">not checked</td>";
        }
        return switch (c.status()) {
            case "violated" -> "<td class=\"cell-violated\">" + (hasTrace ? "<a href=\"" + Html.esc(href) + "\">"
                    + "violated</a>" : "violated") + (c.steps() == null ? "" : " (" + c.steps() + " steps)") + "</td>";
            case "holds" -> "<td class=\"cell-holds\">holds" + (c.distinctStates() == null ? ""
                    : " (" + String.format(Locale.ROOT, "%,d", c.distinctStates()) + " states)") + "</td>";
            default -> "<td class=\"cell-na\">n/a</td>";
        };
    }
}
