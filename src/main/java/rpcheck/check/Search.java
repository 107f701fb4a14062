package rpcheck.check;

import java.util.Objects;

/** How TLC searches the states of a spec. */
public sealed interface Search permits Search.Exhaustive, Search.Simulation, Search.Distributed {

    /**
     * TLC's breadth-first search of every reachable state. A run whose properties all hold may use several TLC
     * workers; a violation is then searched again with one worker, whose breadth-first order gives the shortest
     * counterexample, the same on every run.
     *
     * @param workers TLC workers a run may use (at least 1), or 0 for as many as there are idle cores
     */
    record Exhaustive(int workers) implements Search {
        public Exhaustive {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0: " + workers);
            }
        }

        public boolean auto() {
            return workers == 0;
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
