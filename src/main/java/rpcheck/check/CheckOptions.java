package rpcheck.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * @param expected    what the spec's own expectations (its {@code // expect:} lines for these bounds) record for
 *                    each property: hints for how to run TLC, never a verdict (see {@link Checker}). A temporal
 *                    property expected violated gets a run of its own from the start instead of sharing one that
 *                    can only say "all hold"; a small run gets a JVM that compiles less. A wrong hint costs time,
 *                    not a different result.
 */
public record CheckOptions(Map<String, Long> bounds, List<Property> properties, Duration timeout,
        boolean keepWorkDir, Search search, Map<Property, Hint> expected) {

    /**
     * What a spec's expectations record for a property.
     *
     * @param violated whether it is recorded as violated
     * @param states   the distinct states of the run that decided it, null when not recorded
     */
    public record Hint(boolean violated, Long states) {
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    public CheckOptions {
        bounds = Map.copyOf(bounds);
        properties = List.copyOf(properties);
        expected = Map.copyOf(expected);
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
        this(bounds, properties, timeout, keepWorkDir, search, Map.of());
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
        return new CheckOptions(bounds, properties, timeout, keepWorkDir, s, expected);
    }

    public CheckOptions withExpected(Map<Property, Hint> hints) {
        return new CheckOptions(bounds, properties, timeout, keepWorkDir, search, hints);
    }

    /** Whether the expectations record {@code p} as violated. */
    public boolean expectedViolated(Property p) {
        Hint h = expected.get(p);
        return h != null && h.violated();
    }
}
