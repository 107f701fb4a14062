package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * loads nothing but the two shared assets beside the index (its style sheet and its script, by a relative path
 * that exists): no inline style or script code, a Content-Security-Policy that allows style and script from the
 * page's own origin only and forbids every other load, and no other attribute that loads anything.
 */
class PageSafetyTest {
    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b[^>]*>");
    private static final Pattern STYLESHEET = Pattern.compile(
            "<link rel=\"stylesheet\" href=\"((?:\\.\\./)*)" + Pattern.quote(Html.CSS) + "\">");
    private static final Pattern ASSET_SCRIPT = Pattern.compile(
            "<script src=\"((?:\\.\\./)*)" + Pattern.quote(Html.JS) + "\"></script>");

    static void assertSafe(String html, String name) {
        assertSafe(html, name, null);
    }

    /** The same; with {@code page} (the file the html is in), its two assets must exist where it links them. */
    static void assertSafe(String html, String name, Path page) {
        assertTrue(html.startsWith(Html.MARKER), name + ": no generated marker");
        assertFalse(html.contains(SiteFixture.SCRIPT), name + ": raw <script> from a name");
        assertFalse(html.contains(SiteFixture.IMG), name + ": raw <img> from a name");
        Matcher css = STYLESHEET.matcher(html);
        assertTrue(css.find(), name + ": no link to the shared style sheet");
        Matcher js = ASSET_SCRIPT.matcher(html);
        assertTrue(js.find(), name + ": no shared script");
        assertEquals(css.group(1), js.group(1), name + ": both assets in one folder");
        if (page != null) {
            Path dir = page.toAbsolutePath().getParent();
            assertTrue(Files.isRegularFile(dir.resolve(css.group(1) + Html.CSS)), name + ": style sheet missing");
            assertTrue(Files.isRegularFile(dir.resolve(js.group(1) + Html.JS)), name + ": script missing");
        }
        String rest = STYLESHEET.matcher(ASSET_SCRIPT.matcher(html).replaceAll("")).replaceAll("");
        assertFalse(Pattern.compile("<img\\b|<iframe\\b|<link\\b|<object\\b|<embed\\b|<style\\b").matcher(rest).find(),
                name + ": an element that loads something, or inline style");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\ssrc=").matcher(rest).find(), name + ": a src attribute");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\son[a-z]+=").matcher(html).find(),
                name + ": an inline event handler");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\sstyle=").matcher(html).find(), name + ": a style attribute");
        String noSvgNs = html.replace("http://www.w3.org/2000/svg", ""); // a namespace name, not a load
        assertFalse(noSvgNs.contains("http://") || noSvgNs.contains("https://"), name + ": a remote URL");
        Matcher m = SCRIPT_TAG.matcher(rest);
        int code = 0;
        while (m.find()) {
            assertTrue(m.group().contains("type=\"application/json\""), name + ": inline script code " + m.group());
            code++;
        }
        assertTrue(code <= 1, name + ": more than one data block");
        String csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        assertTrue(csp.startsWith("default-src &#39;none&#39;"), csp);
        assertTrue(csp.contains("style-src &#39;self&#39;;"), name + ": style only from the page's origin");
        assertTrue(csp.contains("script-src &#39;self&#39;;"), name + ": scripts only from the page's origin");
        assertFalse(csp.contains("unsafe"), name + ": " + csp);
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
        assertSafe(html, page.toString(), page);
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
        assertSafe(Files.readString(tmp.resolve("traces/index.html")), "index.html", tmp.resolve("traces/index.html"));
    }

    @Test
    void assetsAreWrittenOnceAndNeverOverAFileRpcheckDidNotWrite(@TempDir Path tmp) throws Exception {
        Site.writeAssets(tmp);
        for (String a : java.util.List.of(Html.CSS, Html.JS)) {
            assertTrue(Files.readString(tmp.resolve(a)).startsWith(Html.ASSET_MARKER), a);
        }
        Files.writeString(tmp.resolve(Html.CSS), "body { color: red }\n");
        assertThrows(ViewException.class, () -> Site.writeAssets(tmp));
        assertEquals("body { color: red }\n", Files.readString(tmp.resolve(Html.CSS)), "a user's file is kept");
    }

    @Test
    void committedPagesAreSafe() throws Exception {
        try (var files = Files.walk(Path.of("traces"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                assertSafe(Files.readString(p, StandardCharsets.UTF_8), p.toString(), p);
            }
        }
    }
}
