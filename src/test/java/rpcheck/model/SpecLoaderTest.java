package rpcheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rpcheck.diag.Diagnostic;
import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.DiagnosticRenderer;
import rpcheck.diag.Diagnostics;
import rpcheck.dsl.Ast;

/** How a variant's base is found: beside it, by a path after 'extends', or under a --spec-path folder. */
class SpecLoaderTest {
    private static final String BASE = "model base \"the base\"\nflag a\nfn f() from \"t.c\" {\n    set_bit(a)\n}\n";

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static List<String> fnNames(SpecLoader.Loaded l) {
        return l.decls().stream().filter(d -> d instanceof Ast.Fn).map(d -> d.name().text()).toList();
    }

    @Test
    void aPathAfterExtendsIsRelativeToTheVariantsFolder(@TempDir Path tmp) throws Exception {
        write(tmp.resolve("lib/base.stm"), BASE);
        Path v = write(tmp.resolve("mine/v.stm"), "variant v extends \"../lib/base.stm\" \"mine\"\nfn g() from \"t.c\" {\n}\n");
        Diagnostics diags = new Diagnostics();
        SpecLoader.Loaded l = new SpecLoader(tmp).load(v, diags);
        assertFalse(diags.hasErrors(), DiagnosticRenderer.renderAll(diags.sorted()));
        assertEquals("v", l.name());
        assertEquals(List.of("lib/base.stm", "mine/v.stm"), l.chain());
        assertEquals(List.of("f", "g"), fnNames(l));
    }

    @Test
    void aNameIsFoundBesideFirstThenUnderTheSpecPathInOrder(@TempDir Path tmp) throws Exception {
        write(tmp.resolve("one/deep/base.stm"), BASE);
        write(tmp.resolve("two/base.stm"), BASE.replace("fn f()", "fn f2()"));
        Path v = write(tmp.resolve("mine/v.stm"), "variant v extends base \"mine\"\n");
        Diagnostics diags = new Diagnostics();
        SpecLoader.Loaded l = new SpecLoader(tmp, List.of(tmp.resolve("two"), tmp.resolve("one"))).load(v, diags);
        assertFalse(diags.hasErrors(), DiagnosticRenderer.renderAll(diags.sorted()));
        assertEquals(List.of("two/base.stm", "mine/v.stm"), l.chain());
        // a file beside the variant wins over the spec path
        write(tmp.resolve("mine/base.stm"), BASE.replace("fn f()", "fn f3()"));
        l = new SpecLoader(tmp, List.of(tmp.resolve("two"))).load(v, new Diagnostics());
        assertEquals(List.of("f3"), fnNames(l));
        // a gen/ folder on the spec path is not searched
        write(tmp.resolve("three/gen/other.stm"), BASE);
        Path w = write(tmp.resolve("mine/w.stm"), "variant w extends other \"x\"\n");
        Diagnostics d3 = new Diagnostics();
        new SpecLoader(tmp, List.of(tmp.resolve("three"))).load(w, d3);
        assertEquals(DiagnosticCode.UNKNOWN_VARIANT, only(d3).code());
    }

    @Test
    void aMissingPathIsAnErrorAtTheStringWithTheFileItLookedFor(@TempDir Path tmp) throws Exception {
        Diagnostics diags = loadMine(tmp, "// mine\nvariant v extends \"../lib/nope.stm\" \"mine\"\n");
        Diagnostic d = only(diags);
        assertEquals(DiagnosticCode.UNKNOWN_VARIANT, d.code());
        assertEquals("mine/v.stm:2:19", d.span().position());
        assertEquals("cannot find \"../lib/nope.stm\" that this variant extends: there is no file lib/nope.stm",
                d.message());
        assertTrue(d.help().get(0).contains("relative to the folder of this file (mine)"), d.help().toString());
        String text = DiagnosticRenderer.renderAll(diags.sorted());
        assertTrue(text.contains("mine/v.stm:2:19: error[RP105]: cannot find"), text);
        assertTrue(text.contains("\n      |                   " + "^".repeat("\"../lib/nope.stm\"".length()) + "\n"),
                text);
    }

    @Test
    void aBaseNameNoFileCanHaveIsAnErrorNotACrash(@TempDir Path tmp) throws Exception {
        // found by FrontEndFuzzTest: a NUL inside the string after 'extends' (java.nio refuses such a path)
        Diagnostic d = only(loadMine(tmp, "variant v extends \"../lib/ba\u0000se.stm\" \"mine\"\n"));
        assertEquals(DiagnosticCode.UNKNOWN_VARIANT, d.code());
        assertEquals("mine/v.stm:1:19", d.span().position());
        assertTrue(d.message().startsWith("\"../lib/ba\\u0000se.stm\" that this variant extends is not a file name"),
                d.message());
    }

    @Test
    void aMissingNameSaysWhereItLookedAndSuggestsANearOne(@TempDir Path tmp) throws Exception {
        write(tmp.resolve("lib/sub/base.stm"), BASE);
        Path v = write(tmp.resolve("mine/v.stm"), "variant v extends bsae \"mine\"\n");
        Diagnostics diags = new Diagnostics();
        new SpecLoader(tmp, List.of(tmp.resolve("lib"))).load(v, diags);
        Diagnostic d = only(diags);
        assertEquals("mine/v.stm:1:19", d.span().position());
        assertEquals("cannot find 'bsae' that this variant extends (looked for mine/bsae.stm and under --spec-path"
                + " lib)", d.message());
        assertEquals(List.of("did you mean 'base'?"), d.help());
        Diagnostics none = new Diagnostics();
        new SpecLoader(tmp).load(write(tmp.resolve("mine/w.stm"), "variant w extends zzz \"x\"\n"), none);
        assertTrue(only(none).message().endsWith("(looked for mine/zzz.stm; no --spec-path given)"),
                only(none).message());
        assertTrue(only(none).help().get(0).contains("--spec-path DIR"), only(none).help().toString());
    }

    @Test
    void twoFilesOfTheNameInOneSpecPathFolderAreAmbiguous(@TempDir Path tmp) throws Exception {
        write(tmp.resolve("lib/a/base.stm"), BASE);
        write(tmp.resolve("lib/b/base.stm"), BASE);
        Path v = write(tmp.resolve("mine/v.stm"), "variant v extends base \"mine\"\n");
        Diagnostics diags = new Diagnostics();
        new SpecLoader(tmp, List.of(tmp.resolve("lib"))).load(v, diags);
        Diagnostic d = only(diags);
        assertEquals("'base' that this variant extends is ambiguous: lib/a/base.stm, lib/b/base.stm", d.message());
        assertEquals(List.of("name its file instead: extends \"../lib/a/base.stm\""), d.help());
    }

    @Test
    void aChainThatLoopsBackIsAnError(@TempDir Path tmp) throws Exception {
        Path a = write(tmp.resolve("a.stm"), "variant a extends \"./b.stm\" \"x\"\n");
        write(tmp.resolve("b.stm"), "variant b extends a \"x\"\n");
        Diagnostics diags = new Diagnostics();
        new SpecLoader(tmp).load(a, diags);
        assertEquals("variant chain loops back to a.stm", only(diags).message());
    }

    /** The diagnostics of loading {@code text} as mine/v.stm (no --spec-path). */
    private static Diagnostics loadMine(Path tmp, String text) throws Exception {
        Diagnostics diags = new Diagnostics();
        new SpecLoader(tmp).load(write(tmp.resolve("mine/v.stm"), text), diags);
        return diags;
    }

    private static Diagnostic only(Diagnostics diags) {
        List<Diagnostic> all = diags.sorted();
        assertEquals(1, all.size(), DiagnosticRenderer.renderAll(all));
        return all.get(0);
    }
}
