/**
 * The verdict cache: what TLC printed for a run, stored under a key made of everything that decides the result
 * (the module and every file TLC reads, the cfg, the TLC jar, and the options that change results), so that a run
 * whose inputs did not change is not run again. {@link rpcheck.cache.VerdictCache} implements
 * {@link rpcheck.tlc.ResultCache}; {@link rpcheck.tlc.TlcRunner} replays a hit through its parser, so a cached
 * violation renders the same trace files as a fresh one.
 */
package rpcheck.cache;
