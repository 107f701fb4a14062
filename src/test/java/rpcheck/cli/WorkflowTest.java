package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import rpcheck.cache.VerdictCache;
import rpcheck.gate.Reports;

/**
 * The CI workflow {@code .github/workflows/gate.yml} cannot run here (it needs GitHub), so this test reads it and
 * holds it to what rpcheck does: every {@code ./rpcheck} command line in it and in {@code .ci/run} parses with the
 * CLI (an option renamed in the code fails here, not on the first nightly run), the reports it publishes are
 * where the gate writes them, the folder it keeps between runs is the verdict cache rpcheck opens, and its jobs
 * run on Debian (the browser tests need Debian's chromium, which {@code .ci/run} installs with apt-get).
 */
class WorkflowTest {
    private static final Path WORKFLOW = Path.of(".github/workflows/gate.yml");
    private static final Path CI_RUN = Path.of(".ci/run");
    private static final Pattern RPCHECK = Pattern.compile("(?m)^\\s*(?:\\S+=\\S+\\s+)*\\./rpcheck\\s+(.*)$");
    private static final Pattern EXPORT = Pattern.compile("(?m)^\\s*export\\s+XDG_CACHE_HOME=\"?([^\"\\s]+)\"?\\s*$");

    static JsonNode workflow;

    @BeforeAll
    static void read() throws IOException {
        workflow = new YAMLMapper().readTree(Files.readString(WORKFLOW));
    }

    private static JsonNode job(String name) {
        JsonNode job = workflow.path("jobs").path(name);
        assertFalse(job.isMissingNode(), "gate.yml has no job '" + name + "'");
        return job;
    }

    private static List<JsonNode> steps(String job) {
        List<JsonNode> steps = new ArrayList<>();
        job(job).path("steps").forEach(steps::add);
        assertFalse(steps.isEmpty(), "job " + job + " has no steps");
        return steps;
    }

    private static String scripts(String job) {
        StringBuilder all = new StringBuilder();
        for (JsonNode step : steps(job)) {
            all.append(step.path("run").asText("")).append('\n');
        }
        return all.toString();
    }

    private static JsonNode uses(String job, String action) {
        return steps(job).stream()
                .filter(s -> s.path("uses").asText("").startsWith(action + "@"))
                .findFirst()
                .orElseGet(() -> fail("job " + job + " does not use " + action));
    }

    /** The command lines {@code ./rpcheck ARGS} in {@code script}, as argument lists ({@code "$@"} dropped). */
    private static List<List<String>> rpcheckCommands(String script) {
        List<List<String>> commands = new ArrayList<>();
        Matcher m = RPCHECK.matcher(script);
        while (m.find()) {
            String args = m.group(1).replace("\"$@\"", "").trim();
            commands.add(args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+")));
        }
        return commands;
    }

    private static ParseResult parse(List<String> args) {
        StringWriter sink = new StringWriter();
        CommandLine cl = Cli.newCommandLine(new PrintWriter(sink), new PrintWriter(sink));
        try {
            return cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return fail("'./rpcheck " + String.join(" ", args) + "' does not parse: " + e.getMessage());
        }
    }

    private static String subcommand(ParseResult r) {
        return r.hasSubcommand() ? r.subcommand().commandSpec().name() : "";
    }

    @Test
    void pullRequestsTouchingWhatTheGateReadsOrComparesRunTheGate() {
        List<String> paths = new ArrayList<>();
        workflow.path("on").path("pull_request").path("paths").forEach(p -> paths.add(p.asText()));
        // the committed outputs the gate compares (traces/: a hand-edited page is what its stale check is for) and
        // the scripts that run it
        assertEquals(List.of("specs/**", "src/**", "pom.xml", "traces/**", "docs/**", "rpcheck", ".ci/**",
                ".github/workflows/**"), paths);
        for (String p : paths) {
            Path top = Path.of(p.replace("/**", ""));
            assertTrue(Files.exists(top), "gate.yml watches " + p + ", which is not in the repository");
        }
        assertTrue(job("gate").path("if").asText().contains("pull_request"));
        assertTrue(scripts("gate").contains(".ci/run"), "the pull-request job runs .ci/run");
    }

    @Test
    void aScheduleRunsTheDeepTier() {
        assertFalse(workflow.path("on").path("schedule").path(0).path("cron").asText().isBlank());
        assertTrue(job("deep").path("if").asText().contains("schedule"));
        List<List<String>> commands = rpcheckCommands(scripts("deep"));
        assertEquals(1, commands.size(), "the deep job runs rpcheck once: " + commands);
        ParseResult r = parse(commands.get(0));
        assertEquals("gate", subcommand(r));
        assertTrue(r.subcommand().hasMatchedOption("--deep"), "the scheduled job runs gate --deep");
    }

    @Test
    void everyRpcheckCommandLineParses() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        commands.addAll(rpcheckCommands(scripts("gate")));
        commands.addAll(rpcheckCommands(scripts("deep")));
        List<List<String>> ci = rpcheckCommands(Files.readString(CI_RUN));
        assertEquals(1, ci.size(), ".ci/run runs the gate once: " + ci);
        commands.addAll(ci);
        for (List<String> c : commands) {
            assertEquals("gate", subcommand(parse(c)), "./rpcheck " + String.join(" ", c));
        }
    }

    @Test
    void ciRunsTheReadmesTestCommandThenTheGate() throws IOException {
        String ci = Files.readString(CI_RUN);
        assertTrue(Files.readString(Path.of("README.md")).contains("mvn -B verify "),
                "the README's test command is mvn -B verify");
        Matcher mvn = Pattern.compile("(?m)^mvn (.*)$").matcher(ci);
        assertTrue(mvn.find(), ".ci/run runs Maven");
        List<String> args = new ArrayList<>(Arrays.asList(mvn.group(1).trim().split("\\s+")));
        args.removeIf(a -> a.startsWith("-D")); // output settings only
        assertEquals(List.of("-B", "verify"), args);
        assertTrue(ci.indexOf("./rpcheck gate") > mvn.end(), "the gate runs after the tests");
    }

    @Test
    void theReportsPublishedAreWhereTheGateWritesThem() {
        String dir = GateCommand.DEFAULT_REPORT_DIR.toString().replace('\\', '/');
        for (String job : List.of("gate", "deep")) {
            assertEquals(dir + "/" + Reports.JUNIT,
                    uses(job, "mikepenz/action-junit-report").path("with").path("report_paths").asText(), job);
            assertTrue(scripts(job).contains("cat " + dir + "/" + Reports.MARKDOWN + " >> \"$GITHUB_STEP_SUMMARY\""),
                    job + " writes the Markdown summary to the job summary");
            String uploaded = uses(job, "actions/upload-artifact").path("with").path("path").asText();
            assertTrue(uploaded.lines().anyMatch(l -> l.strip().equals(dir + "/")), job + " uploads the reports");
        }
        assertTrue(uses("gate", "actions/upload-artifact").path("with").path("path").asText().lines()
                .anyMatch(l -> l.strip().equals("traces/")), "the pull-request job uploads traces/");
    }

    @Test
    void theFolderKeptBetweenRunsIsTheVerdictCacheRpcheckOpens() {
        Path workspace = Path.of("/__w/rpcheck/rpcheck");
        for (String job : List.of("gate", "deep")) {
            Matcher export = EXPORT.matcher(scripts(job));
            assertTrue(export.find(), job + " sets XDG_CACHE_HOME in the step that runs rpcheck");
            String xdg = export.group(1).replace("$GITHUB_WORKSPACE", workspace.toString());
            Path opened = VerdictCache.defaultDir(Map.of("XDG_CACHE_HOME", xdg), "/root");
            JsonNode cache = steps(job).stream()
                    .filter(s -> s.path("uses").asText("").startsWith("actions/cache@")
                            && !s.path("with").path("path").asText().contains(".m2"))
                    .findFirst().orElseGet(() -> fail(job + " keeps no verdict cache"));
            Path kept = workspace.resolve(cache.path("with").path("path").asText());
            assertEquals(opened, kept, job + ": actions/cache keeps the folder rpcheck uses");
        }
    }

    @Test
    void theJobsRunOnDebianWithItsJdkAndMaven() {
        for (String job : List.of("gate", "deep")) {
            assertTrue(job(job).path("container").asText().startsWith("debian:"), job + " runs in a Debian container");
            String install = scripts(job);
            assertTrue(install.contains("openjdk-17-jdk-headless") && install.contains("maven"), job);
            int checkout = -1;
            int install0 = -1;
            List<JsonNode> steps = steps(job);
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).path("uses").asText("").startsWith("actions/checkout@")) {
                    checkout = i;
                }
                if (steps.get(i).path("run").asText("").contains("apt-get install") && install0 < 0) {
                    install0 = i;
                }
            }
            assertTrue(install0 >= 0 && install0 < checkout, job + ": git is installed before the checkout");
        }
    }
}
