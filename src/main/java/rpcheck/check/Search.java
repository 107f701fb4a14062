package rpcheck.check;

import java.util.Objects;

/** How TLC searches the states of a spec. */
public sealed interface Search permits Search.Exhaustive, Search.Simulation, Search.Distributed {

    /**
     * TLC's breadth-first search of every reachable state. A run whose properties all hold may use several TLC
     * workers; a violation is then searched again with one worker, whose breadth-first order gives the shortest
     * counterexample, the same on every run.
     *
     * @param workers            TLC workers a run may use (at least 1), or 0 for as many as there are idle cores
     * @param onlyExpectedToHold several workers only for the runs whose properties the spec's expectations all
     *                           record as holding; every other run has one (a run expected to find a violation
     *                           would only be searched again with one)
     */
    record Exhaustive(int workers, boolean onlyExpectedToHold) implements Search {
        public Exhaustive {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0: " + workers);
            }
        }

        /** Up to {@code workers} workers (0: the idle cores) for every run. */
        public Exhaustive(int workers) {
            this(workers, false);
        }

        /** {@code check}'s default: the idle cores for the runs expected to hold, one worker for the others. */
        public static Exhaustive byExpectations() {
            return new Exhaustive(0, true);
        }

        public boolean auto() {
            return workers == 0;
        }

        /**
         * The most workers a run may ask for.
         *
         * @param expectedToHold whether the spec's expectations record every property of the run as holding
         * @param cores          the cores the runs share
         */
        public int maxWorkers(boolean expectedToHold, int cores) {
            if (onlyExpectedToHold && !expectedToHold) {
                return 1;
            }
            return auto() ? cores : workers;
        }
    }

    /**
     * TLC's random simulation ({@code -simulate}): {@code traces} behaviours of at most {@code depth} steps each.
     * It can find a violation the bounds make too deep to search exhaustively; finding none proves nothing, so a
     * property is then reported as "no violation found", never as holding.
     */
    record Simulation(int depth, long traces, long seed) implements Search {
        public Simulation {
            if (depth < 1) {
                throw new IllegalArgumentException("depth must be >= 1: " + depth);
            }
            if (traces < 1) {
                throw new IllegalArgumentException("traces must be >= 1: " + traces);
            }
        }
    }

    /**
     * TLC's distributed breadth-first search (safety properties only): this JVM starts TLC's server, which
     * listens on {@code host:port}; TLC workers ({@code rpcheck worker --server host:port}) on this or other
     * machines connect to it and compute the successor states.
     */
    record Distributed(String host, int port) implements Search {
        public Distributed {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
        }
    }
}
