package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every string from a spec or a trace is escaped (a spec and a trace.json whose names hold markup), and each page
 * is self-contained: one inline style and one inline script, both allowed by their hashes in a
 * Content-Security-Policy that forbids every load, and no attribute that loads anything.
 */
class PageSafetyTest {
    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b[^>]*>");

    static void assertSafe(String html, String name) {
        assertTrue(html.startsWith(Html.MARKER), name + ": no generated marker");
        assertFalse(html.contains(SiteFixture.SCRIPT), name + ": raw <script> from a name");
        assertFalse(html.contains(SiteFixture.IMG), name + ": raw <img> from a name");
        assertFalse(Pattern.compile("<img\\b|<iframe\\b|<link\\b|<object\\b|<embed\\b").matcher(html).find(),
                name + ": an element that loads something");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\ssrc=").matcher(html).find(), name + ": a src attribute");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\son[a-z]+=").matcher(html).find(),
                name + ": an inline event handler");
        String noSvgNs = html.replace("http://www.w3.org/2000/svg", ""); // a namespace name, not a load
        assertFalse(noSvgNs.contains("http://") || noSvgNs.contains("https://"), name + ": a remote URL");
        Matcher m = SCRIPT_TAG.matcher(html);
        int code = 0;
        int data = 0;
        while (m.find()) {
            if (m.group().contains("type=\"application/json\"")) {
                data++;
            } else {
                code++;
            }
        }
        assertEquals(1, code, name + ": exactly one script");
        assertTrue(data <= 1, name);
        String csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        assertTrue(csp.startsWith("default-src &#39;none&#39;"), csp);
        String css = between(html, "<style>", "</style>");
        String js = between(html, "<script>", "</script>");
        assertTrue(csp.contains("style-src &#39;sha256-" + Html.sha256Base64(css) + "&#39;"), name + ": style hash");
        assertTrue(csp.contains("script-src &#39;sha256-" + Html.sha256Base64(js) + "&#39;"), name + ": script hash");
        assertEquals(1, html.split("<style>", -1).length - 1, name + ": exactly one style element");
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a);
        assertTrue(i >= 0, "missing " + a);
        return s.substring(i + a.length(), s.indexOf(b, i + a.length()));
    }

    @Test
    void markupInASpecAndATraceIsText(@TempDir Path tmp) throws Exception {
        Path page = SiteFixture.markupPage(tmp);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertSafe(html, page.toString());
        assertTrue(html.contains(Html.esc(SiteFixture.SCRIPT)), "the markup is shown, escaped");
        assertTrue(html.contains("kblockd&lt;script&gt;"), "the context name is shown, escaped");
        // The spec's from file and patch hunk appear (escaped) beside the step that runs in it.
        assertTrue(html.contains("<code class=\"from\">" + Html.esc(SiteFixture.IMG) + ".c</code>"), "from");
        assertTrue(html.contains("<code class=\"patch\">" + Html.esc(SiteFixture.SCRIPT) + "</code>"), "patch");
        // The data for the script cannot end its element.
        String data = html.substring(html.indexOf("id=\"page-data\">"), html.indexOf("</script>"));
        assertFalse(data.contains("<"), "raw '<' in the script data");
        // The index of a repository whose spec title holds markup.
        new Site(tmp).writeAll();
        assertSafe(Files.readString(tmp.resolve("traces/index.html")), "index.html");
    }

    @Test
    void committedPagesAreSafe() throws Exception {
        try (var files = Files.walk(Path.of("traces"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                assertSafe(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            }
        }
    }
}
