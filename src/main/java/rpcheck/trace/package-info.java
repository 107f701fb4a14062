/**
 * Counterexamples in the DSL's terms: {@link rpcheck.trace.TraceBuilder} turns a TLC violation of a generated
 * spec, with the generator's {@link rpcheck.tla.Provenance}, into {@link rpcheck.trace.TraceStep}s (actor, text,
 * DSL position, kernel call chain, state changes, blocked contexts) and an {@link rpcheck.trace.Explanation} of
 * the final state (the wait-for cycle, found with JGraphT; the context sleeping while atomic; every stuck
 * context of a deadlock). Depends on tla, model and tlc; prints nothing.
 */
package rpcheck.trace;
