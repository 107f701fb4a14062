package rpcheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("tlc")
class SanyTest {

    private static final Sany SANY = new Sany();

    @Test
    void validModule() throws IOException {
        SanyResult r = SANY.check(TlcRunnerTest.spec("Inv.tla"));
        assertTrue(r.ok(), r.output());
        assertEquals("", r.errors());
        assertEquals(0, r.exitCode());
        assertTrue(r.output().contains("Semantic processing of module Inv"), r.output());
    }

    @Test
    void semanticErrorIsNotOkAlthoughSanyExitsZero() throws IOException {
        SanyResult r = SANY.check(TlcRunnerTest.spec("Sem.tla"));
        assertFalse(r.ok(), r.output());
        assertEquals(0, r.exitCode());
        assertTrue(r.errors().contains("Unknown operator: `Undefined'."), r.errors());
        assertFalse(r.errors().contains("Parsing file"), r.errors());
    }

    @Test
    void parseAndLevelErrors(@TempDir Path dir) throws IOException {
        SanyResult parse = SANY.check(TlcRunnerTest.spec("Syn.tla"));
        assertFalse(parse.ok());
        assertEquals(255, parse.exitCode());
        assertTrue(parse.errors().contains("***Parse Error***"), parse.errors());

        Path lvl = dir.resolve("Lvl.tla");
        Files.writeString(lvl, "---- MODULE Lvl ----\nVARIABLES x\nBad == (x')'\n====\n");
        SanyResult level = SANY.check(lvl);
        assertFalse(level.ok(), level.output());
        assertTrue(level.errors().contains("Level error"), level.errors());
    }

    @Test
    void missingFile(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> SANY.check(dir.resolve("Nope.tla")));
    }
}
