package rpcheck.tlc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link TlcRunner} keeps what TLC printed for inputs it has already run (an implementation: the verdict
 * cache of {@code rpcheck.cache}). A hit is replayed through the same parser as a fresh run, so a cached violation
 * gives the same trace. Only runs that gave a verdict are stored; implementations never throw: a store that cannot
 * be read or written is a miss.
 */
public interface ResultCache {

    /**
     * TLC's raw output of one run.
     *
     * @param startup from the child JVM's start until TLC computed the initial states, or null if unknown
     */
    record Entry(String stdout, String stderr, Integer exitCode, Duration startup) {
        public Entry {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }
    }

    /** The output of an earlier run of the same inputs by the TLC on {@code classpath}, if one was stored. */
    Optional<Entry> lookup(TlcInvocation inv, String classpath);

    /** Records the output of a run that gave a verdict. */
    void store(TlcInvocation inv, String classpath, Entry entry);
}
