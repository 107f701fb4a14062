package rpcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace file edited by hand is never overwritten or removed silently (as for gen/). */
class EditedTraceTest {
    /** lock_abba under {@code root}/specs, checked once (its Deadlock trace written): the check's arguments. */
    private static String[] checkedOnce(Path root) throws Exception {
        Path spec = Files.createDirectories(root.resolve("specs/prim")).resolve("lock_abba.stm");
        Files.copy(Path.of("src/test/resources/primitives/lock_abba.stm"), spec);
        String[] check = {"check", "--root", root.toString(), "--jobs", "1", "--property", "Deadlock", spec.toString()};
        CliTest.Run first = CliTest.run(check);
        assertEquals(ExitCodes.VIOLATED, first.code(), first.err());
        return check;
    }

    @Test
    void anEditedTraceIsAConflictAndStaysAsItIs(@TempDir Path root) throws Exception {
        String[] check = checkedOnce(root);
        List<Path> texts;
        try (Stream<Path> all = Files.walk(root.resolve("traces"))) {
            texts = all.filter(p -> p.getFileName().toString().equals("trace.txt")).toList();
        }
        assertFalse(texts.isEmpty());
        Path txt = texts.get(0);
        Path json = txt.resolveSibling("trace.json");
        String written = Files.readString(txt);

        // unchanged files: a second run is fine and rewrites nothing
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());

        // an edited trace.txt whose trace would change: refused, kept
        Files.writeString(txt, written + "my notes\n");
        Files.writeString(json, Files.readString(json).replaceFirst("\"steps\" ?: ?\\d+", "\"steps\": 999"));
        CliTest.Run edited = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, edited.code(), edited.err());
        assertTrue(edited.err().contains("refusing to overwrite") && edited.err().contains("trace"), edited.err());
        assertEquals(written + "my notes\n", Files.readString(txt));
    }

    @Test
    void anEditedItfTraceIsAConflictNotAnInternalError(@TempDir Path root) throws Exception {
        String[] check = checkedOnce(root);
        Path itf = root.resolve("traces/lock_abba/Deadlock/trace.itf.json");
        assertTrue(Files.isRegularFile(itf));
        Files.writeString(itf, "{}\n");
        CliTest.Run edited = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, edited.code(), edited.err());
        assertTrue(edited.err().contains("error: " + itf) && edited.err().contains("not written by rpcheck"),
                edited.err());
        assertFalse(edited.err().contains("internal error"), edited.err());
        CliTest.assertNoStackTrace(edited);
        assertEquals("{}\n", Files.readString(itf));
    }

    @Test
    void aVerdictsJsonRpcheckDidNotWriteIsAConflict(@TempDir Path tmp) throws Exception {
        Path spec = Files.createDirectories(tmp.resolve("s")).resolve("lock_abba.stm");
        Files.copy(Path.of("src/test/resources/primitives/lock_abba.stm"), spec);
        Path out = tmp.resolve("o");
        Path mine = Files.createDirectories(out.resolve("lock_abba")).resolve("verdicts.json");
        Files.writeString(mine, "mine\n");
        String[] check = {"check", "--root", tmp.toString(), "--jobs", "1", "--property", "Deadlock", "--out",
            out.toString(), spec.toString()};
        CliTest.Run r = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, r.code(), r.err());
        assertTrue(r.err().contains("refusing to overwrite " + mine), r.err());
        CliTest.assertNoStackTrace(r);
        assertEquals("mine\n", Files.readString(mine));

        // rpcheck's own file is rewritten; a hand edit of it that still parses is refused too
        Files.delete(mine);
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        assertEquals(ExitCodes.VIOLATED, CliTest.run(check).code());
        String written = Files.readString(mine);
        assertTrue(written.contains("\"variant\" : "), written);
        Files.writeString(mine, written.replace("\"variant\" : ", "\"my notes\" : \"keep\",\n  \"variant\" : "));
        CliTest.Run edited = CliTest.run(check);
        assertEquals(ExitCodes.DATAERR, edited.code(), edited.err());
        assertTrue(edited.err().contains("refusing to overwrite " + mine), edited.err());
    }
}
