package rpcheck.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package layers, stated once: each package one job, arrows only downward. The pipeline is dsl (text ->
 * AST) -> model (resolved model, lowered IR, and the primitive catalogue in model.prims) -> tla (TLA+ text) ->
 * tlc (TLC and SANY in child JVMs) -> trace (TLC's counterexample in the DSL's terms) -> render (text, graphs)
 * -> view (pages); check drives the pipeline, gate compares its results (and the pages view writes from them) with
 * expectations and the committed outputs, cli is the edge.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("rpcheck");

    @Test
    void noPackageCycles() {
        slices().matching("rpcheck.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void layers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("rpcheck.cli..")
                .layer("gate").definedBy("rpcheck.gate..")
                .layer("view").definedBy("rpcheck.view..")
                .layer("check").definedBy("rpcheck.check..")
                .layer("cache").definedBy("rpcheck.cache..")
                .layer("render").definedBy("rpcheck.render..")
                .layer("trace").definedBy("rpcheck.trace..")
                .layer("tlc").definedBy("rpcheck.tlc..")
                .layer("tla").definedBy("rpcheck.tla..")
                .layer("model").definedBy("rpcheck.model..")
                .layer("dsl").definedBy("rpcheck.dsl..")
                .layer("diag").definedBy("rpcheck.diag..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("gate").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("view").mayOnlyBeAccessedByLayers("cli", "gate")
                .whereLayer("check").mayOnlyBeAccessedByLayers("cli", "gate", "view")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("cli", "check", "gate")
                .whereLayer("render").mayOnlyBeAccessedByLayers("cli", "gate", "view")
                .whereLayer("trace").mayOnlyBeAccessedByLayers("cli", "gate", "view", "check", "render")
                .whereLayer("tla").mayOnlyBeAccessedByLayers("cli", "gate", "view", "check", "trace")
                .whereLayer("tlc").mayOnlyBeAccessedByLayers("cli", "gate", "view", "check", "cache", "trace",
                        "render")
                .whereLayer("model").mayOnlyBeAccessedByLayers("cli", "gate", "view", "check", "render", "trace",
                        "tla")
                .whereLayer("dsl").mayOnlyBeAccessedByLayers("cli", "gate", "view", "check", "render", "trace",
                        "model")
                .check(MAIN);
    }

    /**
     * The resolved model and the IR hold no syntax: only the resolver and the lowering (and the name checks and
     * the spec loader, which read the syntax they check) see the dsl's AST; what lowering still has to translate
     * travels beside the model in {@code Resolved}.
     */
    @Test
    void theModelHoldsNoSyntax() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that()
                .haveNameMatching("rpcheck\\.model\\.(Model|Ir|Property|Ghosts)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("rpcheck.dsl..")
                .check(MAIN);
    }

    @Test
    void thePrimitiveCatalogueKnowsNothingAbove() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("rpcheck.model.prims..")
                .should().dependOnClassesThat().resideInAnyPackage("rpcheck.tla..", "rpcheck.tlc..",
                        "rpcheck.trace..", "rpcheck.render..", "rpcheck.check..", "rpcheck.cli..")
                .check(MAIN);
    }
}
