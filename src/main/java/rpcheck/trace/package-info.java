/**
 * Counterexamples in the DSL's terms: {@link rpcheck.trace.TraceBuilder} turns a TLC violation of a generated
 * spec, with the generator's {@link rpcheck.tla.Provenance}, into {@link rpcheck.trace.TraceStep}s (actor, text,
 * DSL position, kernel call chain, state changes, blocked contexts) and an {@link rpcheck.trace.Explanation} of
 * the final state (the wait-for cycle, found with JGraphT; the context sleeping while atomic; every stuck
 * context of a deadlock). With the lowered program ({@link rpcheck.model.Ir.Program}), each step also lists the
 * statements it ran after its first (a critical section run as one step, a folded put: {@link
 * rpcheck.trace.Statement}; of two branches, the one the states before and after the step allow, which
 * {@code Replay} finds), locals read by their DSL names, and the explanation names the steps the violation
 * depends on (derived from the state changes the trace records and what the violated condition reads). Depends
 * on tla, model (and its primitive catalogue), dsl (function spans) and tlc; prints nothing.
 */
package rpcheck.trace;
