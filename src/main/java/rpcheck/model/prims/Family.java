package rpcheck.model.prims;

import java.util.List;
import java.util.Map;

/** One family of kernel primitives: its DSL primitives and the TLA+ rules of the step kinds it lowers to. */
interface Family {
    /** The family's name in the catalogue (and in specs/README.md's table). */
    String name();

    List<Primitive> primitives();

    /** Adds the step rule of each step kind this family owns. */
    void rules(Map<Prim, StepRule> out);
}
