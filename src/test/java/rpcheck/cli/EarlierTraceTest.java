package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --out DIR} into a folder an earlier rpcheck wrote: files exactly as that rpcheck wrote them
 * (recorded in the folder's written.sha256) are rewritten or removed although the current renderer words them
 * differently; a file edited by hand is still a conflict (exit 65) and stays as it is.
 */
class EarlierTraceTest {
    private static final String MANIFEST = "written.sha256";
    private static final List<String> RENDERINGS = List.of("trace.txt", "trace.json", "waitfor.dot",
            "waitfor.svg", "lanes.dot", "lanes.svg");

    /** lock_abba checked with --out: the check's arguments (for {@code properties}). */
    private static String[] check(Path tmp, String... properties) throws Exception {
        Path spec = tmp.resolve("s/lock_abba.stm");
        if (!Files.exists(spec)) {
            Files.createDirectories(spec.getParent());
            Files.copy(Path.of("src/test/resources/primitives/lock_abba.stm"), spec);
        }
        List<String> args = new java.util.ArrayList<>(List.of("check", "--root", tmp.toString(), "--jobs", "1",
                "--out", tmp.resolve("o").toString()));
        for (String p : properties) {
            args.addAll(List.of("--property", p));
        }
        args.add(spec.toString());
        return args.toArray(String[]::new);
    }

    private static Map<String, String> read(Path dir) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : RENDERINGS) {
            out.put(f, Files.readString(dir.resolve(f)));
        }
        return out;
    }

    /**
     * Makes {@code dir} what an earlier rpcheck would have written: its trace.txt in that release's words (the
     * legend before b86d25c), its trace.json in that release's schema (no "inner" lists: before cb677dd), and
     * the record of both as it wrote it (when {@code recorded}).
     */
    private static void writtenByAnEarlierRpcheck(Path dir, boolean recorded) throws Exception {
        Path txt = dir.resolve("trace.txt");
        String legend = " marks the steps the violation depends on";
        assertTrue(Files.readString(txt).contains(legend));
        Files.writeString(txt, Files.readString(txt).replace(legend, " marks the steps that changed what the"
                + " violation reads"));
        Path json = dir.resolve("trace.json");
        String schema = Files.readString(json).replace(",\n      \"inner\" : [ ]", "");
        assertNotEquals(Files.readString(json), schema);
        Files.writeString(json, schema);
        if (recorded) {
            StringBuilder m = new StringBuilder();
            for (String f : RENDERINGS) {
                byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(f)));
                m.append(HexFormat.of().formatHex(sha)).append("  ").append(f).append('\n');
            }
            Files.writeString(dir.resolve(MANIFEST), m.toString());
        }
    }

    @Test
    void filesAsAnEarlierRpcheckWroteThemAreRewritten(@TempDir Path tmp) throws Exception {
        String[] check = check(tmp, "Deadlock");
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        Path dir = tmp.resolve("o/lock_abba/Deadlock");
        Map<String, String> current = read(dir);
        String manifest = Files.readString(dir.resolve(MANIFEST));
        assertTrue(manifest.matches("([0-9a-f]{64}  [a-z.]+\n){6}"), manifest);

        // written before the record existed: today's rule (the earlier words are refused, nothing changes)
        writtenByAnEarlierRpcheck(dir, false);
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Map<String, String> earlier = read(dir);
        CliTest.Run unrecorded = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, unrecorded.code(), unrecorded.err());
        assertTrue(unrecorded.err().contains("refusing to overwrite " + dir.resolve("trace.txt")), unrecorded.err());
        assertEquals(earlier, read(dir));

        // recorded as written: rewritten as this rpcheck renders them, and the record with them
        for (Map.Entry<String, String> f : current.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        writtenByAnEarlierRpcheck(dir, true);
        CliTest.Run r = CliTest.run(check);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        assertEquals(current, read(dir));
        assertEquals(manifest, Files.readString(dir.resolve(MANIFEST)));
    }

    @Test
    void aHandEditIsStillRefused(@TempDir Path tmp) throws Exception {
        String[] check = check(tmp, "Deadlock");
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        Path dir = tmp.resolve("o/lock_abba/Deadlock");
        Path txt = dir.resolve("trace.txt");

        // edited after this rpcheck wrote it
        String written = Files.readString(txt);
        Files.writeString(txt, written + "my notes\n");
        CliTest.assertNoStackTrace(assertRefused(check, txt));
        assertEquals(written + "my notes\n", Files.readString(txt));

        // edited after an earlier rpcheck wrote it: the record says what it wrote, which this is not
        Files.writeString(txt, written);
        writtenByAnEarlierRpcheck(dir, true);
        String manifest = Files.readString(dir.resolve(MANIFEST));
        Files.writeString(dir.resolve("lanes.dot"), Files.readString(dir.resolve("lanes.dot")) + "// mine\n");
        Map<String, String> mine = read(dir);
        assertRefused(check, dir.resolve("lanes.dot"));
        assertEquals(mine, read(dir));
        assertEquals(manifest, Files.readString(dir.resolve(MANIFEST)));
    }

    /** Runs {@code check}, which must refuse (exit 65) to overwrite {@code file}; returns the run. */
    private static CliTest.Run assertRefused(String[] check, Path file) {
        CliTest.Run r = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, r.code(), r.err());
        assertTrue(r.err().contains("refusing to overwrite " + file), r.err());
        return r;
    }

    @Test
    void aRecordRpcheckDidNotWriteIsAConflict(@TempDir Path tmp) throws Exception {
        String[] check = check(tmp, "Deadlock");
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        Path record = tmp.resolve("o/lock_abba/Deadlock").resolve(MANIFEST);
        for (String mine : List.of("my checksums\n", Files.readString(record) + "# checked by me\n")) {
            Files.writeString(record, mine);
            CliTest.Run r = CliTest.run(check);
            assertEquals(ExitCodes.DATAERR, r.code(), r.err());
            assertTrue(r.err().contains("refusing to overwrite " + record), r.err());
            CliTest.assertNoStackTrace(r);
            assertEquals(mine, Files.readString(record));
        }
    }

    @Test
    void theFolderOfAPropertyThatHoldsIsRemovedAsAnEarlierRpcheckWroteIt(@TempDir Path tmp) throws Exception {
        String[] check = check(tmp, "Deadlock", "SleepInAtomic"); // lock_abba never sleeps in atomic context
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        Path deadlock = tmp.resolve("o/lock_abba/Deadlock");
        Path holds = tmp.resolve("o/lock_abba/SleepInAtomic");

        // a folder an earlier rpcheck wrote for it, then edited by hand: kept, a conflict
        Files.createDirectories(holds);
        for (String f : RENDERINGS) {
            Files.copy(deadlock.resolve(f), holds.resolve(f));
        }
        writtenByAnEarlierRpcheck(holds, true);
        Files.writeString(holds.resolve("trace.txt"), Files.readString(holds.resolve("trace.txt")) + "my notes\n");
        CliTest.Run edited = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, edited.code(), edited.err());
        assertTrue(edited.err().contains("refusing to overwrite " + holds.resolve("trace.txt")), edited.err());
        assertTrue(Files.isRegularFile(holds.resolve(MANIFEST)));
        assertTrue(Files.readString(holds.resolve("trace.txt")).endsWith("my notes\n"));

        // as the earlier rpcheck wrote it: removed
        for (String f : RENDERINGS) {
            Files.copy(deadlock.resolve(f), holds.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        writtenByAnEarlierRpcheck(holds, true);
        CliTest.Run r = CliTest.run(check);
        assertEquals(ExitCodes.VIOLATED, r.code(), r.err());
        assertFalse(Files.exists(holds), r.err());
        assertTrue(Files.isRegularFile(deadlock.resolve(MANIFEST)));
    }

    /** The record is the sha256sum of each file as written: `sha256sum -c` finds a file edited since. */
    @Test
    void theRecordIsWhatSha256sumPrints(@TempDir Path tmp) throws Exception {
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check(tmp, "Deadlock")).code());
        Path dir = tmp.resolve("o/lock_abba/Deadlock");
        StringBuilder want = new StringBuilder();
        for (String f : RENDERINGS) {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(
                    Files.readString(dir.resolve(f)).getBytes(StandardCharsets.UTF_8));
            want.append(HexFormat.of().formatHex(sha)).append("  ").append(f).append('\n');
        }
        assertEquals(want.toString(), Files.readString(dir.resolve(MANIFEST)));
    }
}
