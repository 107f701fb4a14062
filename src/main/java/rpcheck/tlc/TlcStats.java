package rpcheck.tlc;

/**
 * State-space statistics of a TLC run. A value of {@code -1} means TLC did not report it (for example TLC
 * prints no statistics when an invariant is already violated by an initial state, and no search depth for
 * liveness checks).
 *
 * @param generated states generated (TLC message 2199, or the last progress report 2200)
 * @param distinct  distinct states found
 * @param left      states left on the queue
 * @param depth     depth of the state graph search (message 2194, or the last progress report)
 */
public record TlcStats(long generated, long distinct, long left, int depth) {

    public static final TlcStats UNKNOWN = new TlcStats(-1, -1, -1, -1);

    public boolean isKnown() {
        return generated >= 0;
    }
}
