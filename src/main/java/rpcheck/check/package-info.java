/**
 * Checking a spec: {@link rpcheck.check.Checker} compiles it, writes the generated module and cfgs
 * ({@link rpcheck.check.GeneratedFiles}, never over a file rpcheck did not write), runs TLC (the safety
 * properties of a spec in shared runs, each liveness property in its own) on a
 * {@link rpcheck.check.TlcScheduler} shared by all specs, and returns immutable
 * {@link rpcheck.check.VariantResult}s; {@link rpcheck.check.Variants} finds the specs of
 * a repository by name. Depends on tla, tlc and trace; prints nothing.
 */
package rpcheck.check;
