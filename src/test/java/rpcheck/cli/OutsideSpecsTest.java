package rpcheck.cli;

import rpcheck.model.Property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rpcheck.check.GeneratedFiles;
import rpcheck.trace.Recorded;

/**
 * A developer's own specs, outside the repository: a variant extends a base by its path or through --spec-path,
 * its generated files go to the cache folder (nothing is written beside the spec), and --out DIR receives the
 * counterexample files.
 */
class OutsideSpecsTest {
    private static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    /** tmp/repo (an empty repository root), tmp/lib/rqtimeout.stm (a base), and the cache folder. */
    private static Path layout(Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(tmp.resolve("lib"));
        Files.copy(Recorded.dir().resolve("rqtimeout.stm"), tmp.resolve("lib/rqtimeout.stm"));
        return tmp;
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    @Tag("tlc")
    void checkOfAVariantThatExtendsItsBaseByPath(@TempDir Path tmp) throws Exception {
        layout(tmp);
        Path mine = Files.createDirectories(tmp.resolve("mine")).resolve("mine.stm");
        Files.writeString(mine, "variant mine extends \"../lib/rqtimeout.stm\" \"my copy of rqtimeout\"\n");
        Path out = tmp.resolve("out");
        CliTest.Run r = run("check", "--root", tmp.resolve("repo").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--out", out.toString(), "--full", "--property", "WaitCycle",
                mine.toString());
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        assertTrue(r.out().startsWith("mine: WaitCycle violated (6 steps)\n"), r.out());
        assertTrue(r.out().contains(" Scenario (all 3 contexts):"), r.out()); // --full: every context
        // the blocked position is in the base, shown by its path
        assertTrue(r.out().contains(tmp.resolve("lib/rqtimeout.stm") + ":17:5"), r.out());

        // --out: the same files as traces/<variant>/<Property>/, trace.txt as committed traces have it
        // (the viewer's pages are written for the committed variants only; verdicts.json records the verdicts,
        // written.sha256 the files as written)
        assertEquals(java.util.stream.Stream.concat(java.util.stream.Stream.concat(rpcheck.render.Renderings.FILES
                .stream(), java.util.stream.Stream.of(rpcheck.check.WrittenFiles.NAME)).map(f -> "mine/WaitCycle/" + f),
                java.util.stream.Stream.of("mine/verdicts.json")).sorted().toList(), files(out));
        String txt = Files.readString(out.resolve("mine/WaitCycle/trace.txt"));
        assertTrue(txt.contains(" Scenario (2 of 3 contexts, those involved; --full shows all):"), txt);
        JsonNode json = new ObjectMapper().readTree(out.resolve("mine/WaitCycle/trace.json").toFile());
        assertEquals("mine", json.get("variant").asText());
        assertEquals(6, json.get("steps").asInt());

        // nothing beside the specs, nothing in the repository; the generated files are in the cache
        assertEquals(List.of("mine.stm"), files(tmp.resolve("mine")));
        assertEquals(List.of("rqtimeout.stm"), files(tmp.resolve("lib")));
        assertEquals(List.of(), files(tmp.resolve("repo")));
        List<String> cached = files(tmp.resolve("cache"));
        assertTrue(cached.get(0).matches("mine-[0-9a-f]{16}/mine.tla"), cached.toString());
        String key = cached.get(0).substring(0, cached.get(0).indexOf('/'));
        assertTrue(cached.contains(key + "/mine_WaitCycle.cfg"), cached.toString());
        assertTrue(cached.stream().allMatch(f -> f.startsWith(key + "/")), cached.toString());
        Path tla = tmp.resolve("cache").resolve(cached.get(0));
        assertTrue(GeneratedFiles.isGenerated(Files.readString(tla)));
    }

    /**
     * A committed variant (under the root's specs/) whose base is found only through --spec-path: check writes its
     * page checked against the variant compiled with that base, and view, given the same --spec-path, does too.
     */
    @Test
    void viewFindsABaseThroughTheSpecPath(@TempDir Path tmp) throws Exception {
        layout(tmp);
        Path repo = tmp.resolve("repo");
        Path mine = Files.createDirectories(repo.resolve("specs/p")).resolve("mine.stm");
        Files.writeString(mine, "variant mine extends rqtimeout \"my copy of rqtimeout\"\n");
        String lib = tmp.resolve("lib").toString();
        CliTest.Run checked = run("check", "--root", repo.toString(), "--no-cache", "--spec-path", lib,
                "--property", "WaitCycle", "--variant", "mine");
        assertEquals(ExitCodes.VIOLATED, checked.code(), checked.err());
        Path page = repo.resolve("traces/mine/WaitCycle/trace.html");
        assertFalse(Files.readString(page).contains("stale-sources"), "check's page has a stale-sources banner");

        CliTest.Run viewed = run("view", "--root", repo.toString(), "--spec-path", lib, "--variant", "mine");
        assertEquals(ExitCodes.OK, viewed.code(), viewed.err());
        assertEquals(page + "\n", viewed.out());
        assertEquals("", viewed.err());
        assertFalse(Files.readString(page).contains("stale-sources"), "view's page has a stale-sources banner");

        // without it the variant does not compile: its page cannot be checked (a warning and exit 3, as before)
        CliTest.Run without = run("view", "--root", repo.toString(), "--variant", "mine");
        assertEquals(ExitCodes.STALE, without.code(), without.err());
        assertTrue(without.err().contains("cannot find 'rqtimeout' that this variant extends"), without.err());
        assertTrue(without.err().contains("needs it here too: view --spec-path DIR"), without.err());
        assertTrue(Files.readString(page).contains("stale-sources"));

        // the base edited after the check: the fix the warning names passes the spec path on
        Path base = tmp.resolve("lib").resolve("rqtimeout.stm");
        Files.writeString(base, "// a line added above every step\n" + Files.readString(base));
        CliTest.Run stale = run("view", "--root", repo.toString(), "--spec-path", lib, "--variant", "mine");
        assertEquals(ExitCodes.STALE, stale.code(), stale.err());
        assertTrue(stale.err().contains("to write the trace again: ./rpcheck check --variant mine --spec-path " + lib),
                stale.err());

        CliTest.Run bad = run("view", "--root", repo.toString(), "--spec-path", tmp.resolve("nope").toString(),
                "--variant", "mine");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("--spec-path " + tmp.resolve("nope") + ": no such folder"), bad.err());
    }

    @Test
    void generateFindsABaseThroughTheSpecPathAndWritesToTheCache(@TempDir Path tmp) throws Exception {
        layout(tmp);
        Path mine = Files.createDirectories(tmp.resolve("mine")).resolve("mine.stm");
        Files.writeString(mine, "variant mine extends rqtimeout \"found on the spec path\"\n");
        String[] args = {"generate", "--root", tmp.resolve("repo").toString(), "--cache-dir",
            tmp.resolve("cache").toString(), mine.toString()};
        CliTest.Run missing = run(args);
        assertEquals(ExitCodes.DATAERR, missing.code());
        assertTrue(missing.err().contains("mine.stm:1:22: error[RP105]: cannot find 'rqtimeout' that this variant"
                + " extends"), missing.err());
        CliTest.assertNoStackTrace(missing);

        List<String> withPath = new java.util.ArrayList<>(List.of(args));
        withPath.addAll(1, List.of("--spec-path", tmp.toString()));
        CliTest.Run r = run(withPath.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String cache = tmp.resolve("cache").toString();
        assertTrue(r.out().matches("(?s)" + java.util.regex.Pattern.quote(cache) + "/mine-[0-9a-f]{16}/mine\\.tla"
                + "  \\(written\\)\n.*"), r.out());
        assertEquals(List.of("mine.stm"), files(tmp.resolve("mine")));

        CliTest.Run bad = run("generate", "--spec-path", tmp.resolve("nope").toString(), mine.toString());
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("--spec-path " + tmp.resolve("nope") + ": no such folder"), bad.err());
    }

    @Test
    @Tag("tlc")
    void aFileOfTheUserWhereOutPutsAFolderIsAConflictLeftAsItIs(@TempDir Path tmp) throws Exception {
        Path spec = Files.createDirectories(tmp.resolve("s")).resolve("mutex_abba.stm");
        Files.copy(Path.of("src/test/resources/primitives/mutex_abba.stm"), spec);
        Path out = Files.createDirectories(tmp.resolve("o"));
        Path variant = Files.writeString(out.resolve("mutex_abba"), "my notes\n");
        CliTest.Run r = run("check", "--jobs", "1", "--property", "Deadlock", "--out", out.toString(), spec.toString());
        assertEquals(ExitCodes.DATAERR, r.code(), r.err());
        assertTrue(r.err().contains("refusing to overwrite " + variant + ": it is a file rpcheck did not write"),
                r.err());
        CliTest.assertNoStackTrace(r);
        assertEquals("my notes\n", Files.readString(variant));
        // a file where a property's folder goes: nothing of the variant is written
        Files.delete(variant);
        Path deadlock = Files.writeString(Files.createDirectories(variant).resolve("Deadlock"), "mine\n");
        CliTest.Run p = run("check", "--jobs", "1", "--property", "Deadlock", "--out", out.toString(), spec.toString());
        assertEquals(ExitCodes.DATAERR, p.code(), p.err());
        assertTrue(p.err().contains("refusing to overwrite " + deadlock), p.err());
        assertEquals("mine\n", Files.readString(deadlock));
        assertEquals(List.of("Deadlock"), files(variant));
    }

    @Test
    void pathsShownOpenFromTheCurrentDirectory(@TempDir Path tmp) throws Exception {
        layout(tmp);
        // a spec outside the current directory (the repository, in tests) and its base through --spec-path:
        // both absolute, not relative to the spec's own folder
        Path fix = Files.createDirectories(tmp.resolve("v")).resolve("fix.stm");
        Files.writeString(fix, "variant fix extends rqtimeout \"x\"\nbogus\n");
        String[] gen = {"generate", "--root", tmp.resolve("repo").toString(), "--cache-dir",
            tmp.resolve("cache").toString(), "--spec-path", tmp.resolve("lib").toString(), fix.toString()};
        CliTest.Run bad = run(gen);
        assertEquals(ExitCodes.DATAERR, bad.code(), bad.err());
        assertTrue(bad.err().startsWith(fix + ":2:1: error["), bad.err());
        CliTest.Run json = run("check", "--json", "--root", tmp.resolve("repo").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--spec-path", tmp.resolve("lib").toString(), fix.toString());
        assertEquals(fix.toString(), new ObjectMapper().readTree(json.out()).get("spec").asText(), json.out());
        Files.writeString(tmp.resolve("lib/rqtimeout.stm"), "bogus\n", java.nio.file.StandardOpenOption.APPEND);
        CliTest.Run base = run(gen);
        assertTrue(base.err().contains(tmp.resolve("lib/rqtimeout.stm") + ":"), base.err());
        // a spec under the current directory (but not under <root>/specs/): relative to it
        CliTest.Run here = run("generate", "--root", tmp.resolve("repo").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "src/test/resources/diagnostics/events.stm");
        assertEquals(ExitCodes.DATAERR, here.code(), here.err());
        assertTrue(here.err().startsWith("src/test/resources/diagnostics/events.stm:2:18: error["), here.err());
        // generate prints paths that open from here: the cache's absolute when it is elsewhere
        Files.writeString(fix, "variant fix extends \"../lib/rqtimeout.stm\" \"x\"\n");
        Files.copy(Recorded.dir().resolve("rqtimeout.stm"), tmp.resolve("lib/rqtimeout.stm"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliTest.Run ok = run("generate", "--root", tmp.resolve("repo").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), fix.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        ok.out().lines().forEach(l -> assertTrue(Files.isRegularFile(Path.of(l.replaceFirst("  \\(.*\\)$", ""))),
                l));
    }

    @Test
    void outMustBeAFolder(@TempDir Path tmp) throws Exception {
        layout(tmp);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliTest.Run r = run("check", "--out", file.toString(), tmp.resolve("lib/rqtimeout.stm").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("not a folder"), r.err());
        assertFalse(Files.exists(tmp.resolve("lib/gen")));
    }
}
