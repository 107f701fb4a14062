package rpcheck.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The results of checking one spec.
 *
 * @param variant  the model name from the spec's header
 * @param spec     the spec file, relative to the repository root where possible
 * @param title    the title from the header (may be empty)
 * @param bounds   the bounds the runs used (defaults with overrides applied), in declaration order
 * @param genDir   where the generated files are (the spec's gen/ folder, or the temporary copy of a --bound
 *                 run if it was kept); null if that copy was deleted
 * @param results  one per checked property, in the order asked for
 */
public record VariantResult(String variant, String spec, String title, Map<String, Long> bounds,
        Map<String, Map<String, Long>> propertyBounds, Path genDir, List<PropertyResult> results) {
    public VariantResult {
        bounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bounds));
        propertyBounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(propertyBounds));
        results = List.copyOf(results);
    }

    public boolean anyViolated() {
        return results.stream().anyMatch(r -> r.status() == PropertyResult.Status.VIOLATED);
    }

    public boolean anyError() {
        return results.stream().anyMatch(r -> r.status() == PropertyResult.Status.ERROR);
    }
}
