package rpcheck.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The viewer's pages in a real browser: Debian's chromium driven through Debian's chromedriver (Selenium with
 * both paths given, so Selenium Manager never downloads anything). The pages are written into a temporary copy of
 * specs/ and traces/. Screenshots go to target/view-screenshots/. Without a browser the tests are skipped, unless
 * CI=true, where they fail.
 */
@Tag("browser")
class BrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("rpcheck.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("rpcheck.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "view-screenshots");

    @TempDir
    static Path tmp;
    static WebDriver driver;
    static Path traces;

    @BeforeAll
    static void start() throws IOException, ViewException {
        boolean have = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!have) {
            String msg = "no browser: install Debian's chromium and chromium-driver (apt-get install -y chromium "
                    + "chromium-driver); looked for " + CHROMIUM + " and " + DRIVER;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg + " (CI=true: the browser tests must run)");
            }
            Assumptions.abort(msg);
        }
        Path root = tmp.resolve("repo");
        SiteFixture.copyTree(Path.of("specs"), root.resolve("specs"));
        SiteFixture.copyTree(Path.of("traces"), root.resolve("traces"));
        new Site(root).writeAll();
        traces = root.resolve("traces");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--hide-scrollbars", "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static void open(Path page, String fragment) {
        driver.get(page.toUri() + (fragment == null ? "" : fragment));
    }

    private static void shot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void size(int w, int h) {
        driver.manage().window().setSize(new Dimension(w, h));
    }

    /** No console error: in particular no Content-Security-Policy violation (the page's script and style ran). */
    private static void noConsoleErrors() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    @Test
    void smartTimeoutDeadlockSteppedWithTheKeyboard() throws IOException {
        size(1280, 800);
        Path page = traces.resolve("smart/WaitCycle/trace.html");
        open(page, null);
        WebElement pos = driver.findElement(By.id("pos"));
        assertEquals("Step 0 of 14", pos.getText());
        WebElement next = driver.findElement(By.id("next"));
        next.click();
        assertEquals("Step 1 of 14", pos.getText());
        WebElement body = driver.findElement(By.tagName("body"));
        for (int i = 1; i < 14; i++) {
            driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        }
        assertEquals("Step 14 of 14", pos.getText());
        assertTrue(driver.getCurrentUrl().contains("#step=14&trace="), driver.getCurrentUrl());
        WebElement step = driver.findElement(By.id("step-14"));
        assertTrue(step.isDisplayed());
        assertFalse(driver.findElement(By.id("step-13")).isDisplayed());
        // The cycle is marked: in words, and in red in the wait-for graph.
        WebElement mark = step.findElement(By.cssSelector(".cycle-mark"));
        assertTrue(mark.isDisplayed() && mark.getText().contains("kblockd#1"), mark.getText());
        assertFalse(step.findElements(By.cssSelector(".waitfor svg g.cycle")).isEmpty(), "no cycle node in the graph");
        assertTrue(step.findElement(By.cssSelector(".blocked li.cycle")).getText()
                .contains("admin_q_timeout_work"));
        // The call chain and the DSL line.
        String chain = step.findElement(By.cssSelector(".chain-list")).getText();
        assertTrue(chain.contains("blk_mq_timeout_work()") && chain.contains("blk_sync_queue()"), chain);
        WebElement here = step.findElement(By.cssSelector(".snippet .sl.here"));
        String line = Integer.toString(lineOf("blk_sync_queue(admin_q)")); // blk_sync_queue() in upstream.stm
        assertTrue(here.getText().startsWith(line), here.getText());
        assertTrue(step.getText().contains("specs/nvme-fc/upstream.stm:" + line + ":5"));
        assertTrue(step.getText().contains("drivers/"), "no 'from' kernel file: " + step.getText());
        List<WebElement> lit = driver.findElements(By.cssSelector("#sources .sl.here"));
        assertEquals(1, lit.size());
        assertTrue(lit.get(0).getText().startsWith(line), lit.get(0).getText());
        // The current cell and the arrows.
        assertTrue(driver.findElement(By.id("row-14")).getAttribute("class").contains("current"));
        assertFalse(driver.findElements(By.cssSelector("#arrows path.arrow")).isEmpty(), "no causality arrows");
        // The state: what step 14 changed, down to the entry and field (wk[admin_q_timeout_work].dis).
        List<WebElement> changed = driver.findElements(By.cssSelector("#state-tree li.changed"));
        assertEquals(2, changed.size(), "changed leaves: " + changed.stream().map(WebElement::getText).toList());
        assertTrue(changed.stream().anyMatch(e -> e.getText().startsWith("dis = {\"kblockd#1\"} was {}")),
                changed.stream().map(WebElement::getText).toList().toString());
        body.sendKeys(Keys.HOME);
        assertEquals("Step 0 of 14", pos.getText());
        body.sendKeys(Keys.END);
        assertEquals("Step 14 of 14", pos.getText());
        noConsoleErrors();
        shot("trace-smart-WaitCycle-1280x800");
        // Only the contexts involved; hide unchanged.
        driver.findElement(By.id("only-involved")).click();
        assertFalse(driver.findElement(By.id("row-2")).isDisplayed(), "user's steps should be hidden");
        assertTrue(driver.findElement(By.id("row-10")).isDisplayed());
        int shown = driver.findElements(By.cssSelector("#state-tree li.unchanged")).size();
        assertTrue(driver.findElement(By.cssSelector("#state-tree li.unchanged")).isDisplayed());
        driver.findElement(By.id("hide-unchanged")).click();
        assertTrue(shown > 0 && !driver.findElement(By.cssSelector("#state-tree li.unchanged")).isDisplayed());
        shot("trace-smart-WaitCycle-involved");
        size(480, 800);
        shot("trace-smart-WaitCycle-narrow");
        assertEquals("Step 14 of 14", pos.getText());
    }

    @Test
    void deepLinkToAStepAndToAChangedTrace() throws Exception {
        size(1280, 800);
        Path page = traces.resolve("smart/WaitCycle/trace.html");
        String hash = TracePage.traceHash(Site.read(traces.resolve("smart/WaitCycle/trace.json")));
        open(page, "#step=7&trace=" + hash);
        assertEquals("Step 7 of 14", driver.findElement(By.id("pos")).getText());
        assertFalse(driver.findElement(By.id("stale")).isDisplayed());
        open(traces.resolve("smart/Deadlock/trace.html"), "#step=7&trace=000000000000");
        WebElement stale = driver.findElement(By.id("stale"));
        assertTrue(stale.isDisplayed() && stale.getText().contains("another version"), stale.getText());
        assertEquals("Step 0 of 27", driver.findElement(By.id("pos")).getText());
        shot("trace-stale-link");
    }

    @Test
    void lassoLoopIsMarked() throws IOException {
        size(1280, 800);
        open(traces.resolve("smart/LostError/trace.html"), null);
        WebElement loop = driver.findElement(By.cssSelector("tr.loop-mark"));
        assertTrue(loop.getText().contains("repeat forever") || loop.getText().contains("nothing changes"),
                loop.getText());
        assertFalse(driver.findElements(By.cssSelector("tr.row.loop")).isEmpty());
        driver.findElement(By.id("last")).click();
        shot("trace-smart-LostError-lasso");
        noConsoleErrors();
    }

    @Test
    void indexLinksToEachCounterexample() throws IOException {
        size(1280, 800);
        open(traces.resolve("index.html"), null);
        WebElement table = driver.findElement(By.id("verdicts"));
        assertTrue(table.getText().contains("smart"));
        shot("index");
        driver.findElement(By.cssSelector("a[href='smart/WaitCycle/trace.html']")).click();
        assertTrue(driver.getCurrentUrl().contains("smart/WaitCycle/trace.html"), driver.getCurrentUrl());
        assertTrue(driver.findElement(By.tagName("h1")).getText().startsWith("smart: WaitCycle"));
        noConsoleErrors();
    }

    @Test
    void comparePageOfV3AndSmart() throws IOException {
        size(1280, 800);
        open(traces.resolve("compare/smart-vs-v3.html"), null);
        String summary = driver.findElement(By.id("differ-summary")).getText();
        assertTrue(summary.contains("WaitCycle") && summary.contains("Deadlock"), summary);
        List<WebElement> fns = driver.findElements(By.cssSelector("#functions .fn-diff h3"));
        assertFalse(fns.isEmpty());
        assertTrue(fns.stream().anyMatch(h -> h.getText().contains("nvme_fc_start_ioerr_recovery")),
                "functions shown: " + fns.stream().map(WebElement::getText).toList());
        assertFalse(driver.findElements(By.cssSelector("#traces article.oneway")).isEmpty());
        noConsoleErrors();
        shot("compare-smart-vs-v3");
        size(480, 800);
        shot("compare-smart-vs-v3-narrow");
    }

    @Test
    void markupInNamesIsShownAsText() throws Exception {
        size(1280, 800);
        Path page = SiteFixture.markupPage(tmp.resolve("markup"));
        open(page, null);
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        String text = driver.findElement(By.tagName("body")).getText();
        assertTrue(text.contains("<script>alert(1)</script>"), "markup not shown as text");
        assertTrue(driver.findElements(By.cssSelector("img")).isEmpty(), "an <img> from a name was created");
        driver.findElement(By.id("last")).click();
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        shot("trace-markup");
    }

    /** The line of specs/nvme-fc/upstream.stm that is {@code statement} (the first), so edits above it move it. */
    private static int lineOf(String statement) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("specs/nvme-fc/upstream.stm"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(statement)) {
                return i + 1;
            }
        }
        throw new AssertionError(statement + " not in upstream.stm");
    }
}
