package rpcheck.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import rpcheck.model.Property;

/**
 * How to check a variant.
 *
 * @param bounds      bound overrides (name to value); when non-empty the spec's gen/ folder is not touched and
 *                    TLC runs from a temporary copy whose cfg CONSTANTS carry these values
 * @param properties  the properties to check, in report order (the safety properties share TLC runs, each
 *                    liveness property gets one; see {@link Checker})
 * @param timeout     wall-clock limit of each TLC run
 * @param keepWorkDir keep TLC's work directories (and the temporary copy of a --bound run)
 * @param search      how TLC searches: breadth-first with some workers, simulation, or distributed
 * @param expectedViolated the properties the spec's own expectations (its {@code // expect:} lines for these
 *                    bounds) record as violated: a hint for grouping runs, never a verdict. A temporal property
 *                    expected violated gets a run of its own from the start instead of sharing one that can only
 *                    say "all hold" (see {@link Checker}); a wrong hint costs time, not a different result.
 */
public record CheckOptions(Map<String, Long> bounds, List<Property> properties, Duration timeout,
        boolean keepWorkDir, Search search, Set<Property> expectedViolated) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    public CheckOptions {
        bounds = Map.copyOf(bounds);
        properties = List.copyOf(properties);
        expectedViolated = Set.copyOf(expectedViolated);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(search, "search");
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no property to check");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** No expectations to group runs by. */
    public CheckOptions(Map<String, Long> bounds, List<Property> properties, Duration timeout, boolean keepWorkDir,
            Search search) {
        this(bounds, properties, timeout, keepWorkDir, search, Set.of());
    }

    /** A breadth-first search with one TLC worker a run. */
    public CheckOptions(Map<String, Long> bounds, List<Property> properties, Duration timeout, boolean keepWorkDir) {
        this(bounds, properties, timeout, keepWorkDir, new Search.Exhaustive(1));
    }

    /** Every property, default bounds and timeout, work directories deleted. */
    public static CheckOptions defaults() {
        return new CheckOptions(Map.of(), List.of(Property.values()), DEFAULT_TIMEOUT, false);
    }

    public CheckOptions withSearch(Search s) {
        return new CheckOptions(bounds, properties, timeout, keepWorkDir, s, expectedViolated);
    }

    public CheckOptions withExpectedViolated(Set<Property> violated) {
        return new CheckOptions(bounds, properties, timeout, keepWorkDir, search, violated);
    }
}
