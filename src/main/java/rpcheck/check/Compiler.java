package rpcheck.check;

import java.nio.file.Path;
import java.util.Map;

import rpcheck.diag.Diagnostics;
import rpcheck.model.Ir;
import rpcheck.model.Lowering;
import rpcheck.model.Model;
import rpcheck.model.Resolver;
import rpcheck.model.SpecLoader;
import rpcheck.tla.TlaGenerator;

/** The front half of the pipeline: parse (with the variant chain), resolve, lower, generate TLA+. */
public final class Compiler {
    private Compiler() {
    }

    public record Compiled(Model model, Ir.Program program, TlaGenerator.Output output) {
    }

    /**
     * @param root folder that file names in diagnostics and generated comments are relative to
     * @throws Diagnostics.Failed with every error of the first phase that had errors
     */
    public static Compiled compile(Path file, Path root, Map<String, Long> bounds) {
        return compile(file, new SpecLoader(root), bounds);
    }

    /** As {@link #compile(Path, Path, Map)}, with the bases of a variant found by {@code loader}. */
    public static Compiled compile(Path file, SpecLoader loader, Map<String, Long> bounds) {
        Diagnostics diags = new Diagnostics();
        SpecLoader.Loaded loaded = loader.load(file, diags);
        if (diags.sorted().stream().anyMatch(d -> d.code() == rpcheck.diag.DiagnosticCode.UNKNOWN_VARIANT)) {
            // without its base a variant's names are all unknown: report the missing base, not the cascade
            diags.throwIfErrors();
        }
        Model model;
        Ir.Program program;
        boolean earlierErrors = diags.hasErrors();
        try {
            // The parser recovers, so declarations and function bodies are checked even after earlier
            // errors: one run reports every error it can find.
            rpcheck.model.Resolved resolved = new Resolver(diags).resolve(loaded, bounds);
            model = resolved.model();
            earlierErrors = diags.hasErrors();
            program = new Lowering(resolved, diags).lower();
        } catch (RuntimeException | StackOverflowError e) {
            // after an error (a call chain too deep, RP015) lowering may fail on what the error is about
            if (!earlierErrors) {
                throw e;
            }
            throw new Diagnostics.Failed(explained(diags, loaded));
        }
        if (diags.hasErrors()) {
            throw new Diagnostics.Failed(explained(diags, loaded));
        }
        String module = moduleName(model.name());
        return new Compiled(model, program, new TlaGenerator(program, module).generate());
    }

    /** The errors of {@code diags}, sorted, with each use of a name a variant removed explained. */
    private static java.util.List<rpcheck.diag.Diagnostic> explained(Diagnostics diags, SpecLoader.Loaded loaded) {
        Diagnostics out = new Diagnostics();
        out.addAll(loaded.explainRemoved(diags.sorted()));
        return out.sorted();
    }

    /** TLA+ module names are identifiers; variant names are too, but keep them safe. */
    public static String moduleName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(s.charAt(0)) ? "m_" + s : s;
    }
}
