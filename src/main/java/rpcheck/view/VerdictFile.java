package rpcheck.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rpcheck.check.PropertyResult;
import rpcheck.check.VariantResult;
import rpcheck.model.Property;

/**
 * {@code traces/<variant>/verdicts.json}: the verdict of every property of a committed variant, as its last
 * {@code check} found it (TLC's verdict, the counterexample's length, the distinct states). The index and
 * compare pages are built from these files and the trace.json files, without running TLC.
 *
 * @param variant the variant's name
 * @param spec    its spec file, relative to the repository root
 * @param title   the title of its header
 * @param cells   one per property checked, in {@link Property} order
 */
public record VerdictFile(String variant, String spec, String title, List<Cell> cells) {
    /** The file name under {@code traces/<variant>/}. */
    public static final String NAME = "verdicts.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One property's verdict.
     *
     * @param status         holds, violated or not_applicable
     * @param steps          the counterexample's length, for violated; else null
     * @param distinctStates for a property that holds, the distinct states TLC explored; else null
     */
    public record Cell(Property property, String status, Integer steps, Long distinctStates) {
    }

    public VerdictFile {
        cells = List.copyOf(cells);
    }

    /** The cell of {@code p}, or null if it was never checked. */
    public Cell cell(Property p) {
        return cells.stream().filter(c -> c.property() == p).findFirst().orElse(null);
    }

    /**
     * Merges a check's results into the verdicts recorded before ({@code old} may be null): a property checked
     * now replaces its cell; one that TLC could not decide keeps its old cell.
     */
    public static VerdictFile merge(VerdictFile old, VariantResult r) {
        Map<Property, Cell> cells = new LinkedHashMap<>();
        if (old != null) {
            old.cells().forEach(c -> cells.put(c.property(), c));
        }
        for (PropertyResult p : r.results()) {
            String status = switch (p.status()) {
                case HOLDS -> "holds";
                case VIOLATED -> "violated";
                case NOT_APPLICABLE -> "not_applicable";
                case ERROR, NO_VIOLATION_FOUND -> null;
            };
            if (status != null) {
                // A violation's state count depends on where its run stopped (which other properties it
                // checked), so only a property that holds records one: every reachable state, whatever ran.
                cells.put(p.property(), new Cell(p.property(), status,
                        p.trace() == null ? null : p.trace().steps().size(),
                        status.equals("holds") ? p.distinctStates() : null));
            }
        }
        List<Cell> ordered = new ArrayList<>();
        for (Property p : Property.values()) {
            if (cells.containsKey(p)) {
                ordered.add(cells.get(p));
            }
        }
        return new VerdictFile(r.variant(), r.spec(), r.title() == null ? "" : r.title(), ordered);
    }

    /** The JSON text (two-space indents, fields in a fixed order, a final newline). */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("variant", variant);
        root.put("spec", spec);
        root.put("title", title);
        ArrayNode props = root.putArray("properties");
        for (Cell c : cells) {
            ObjectNode o = props.addObject();
            o.put("name", c.property().displayName());
            o.put("status", c.status());
            if (c.steps() == null) {
                o.putNull("steps");
            } else {
                o.put("steps", c.steps());
            }
            if (c.distinctStates() == null) {
                o.putNull("distinctStates");
            } else {
                o.put("distinctStates", c.distinctStates());
            }
        }
        return Json.pretty(root);
    }

    /** Reads {@code file}; null if it does not exist. */
    public static VerdictFile read(Path file) throws IOException, ViewException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new ViewException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": error: malformed JSON: " + e.getOriginalMessage()
                    + " (delete it and run ./rpcheck check for this variant to write it again)");
        }
        if (root == null || !root.isObject() || !root.path("variant").isTextual()
                || !root.path("properties").isArray()) {
            throw new ViewException(file + ": error: not a verdicts.json written by rpcheck (expected an object with"
                    + " 'variant' and 'properties'); run ./rpcheck check for this variant to write it again");
        }
        List<Cell> cells = new ArrayList<>();
        for (JsonNode p : root.get("properties")) {
            String name = p.path("name").asText();
            Property prop = Property.byName(name).orElseThrow(() -> new ViewException(file
                    + ": error: unknown property '" + name + "' (known: " + String.join(", ", Property.names())
                    + ")"));
            cells.add(new Cell(prop, p.path("status").asText(), p.path("steps").isInt() ? p.get("steps").asInt()
                    : null, p.path("distinctStates").isNumber() ? p.get("distinctStates").asLong() : null));
        }
        return new VerdictFile(root.get("variant").asText(), root.path("spec").asText(), root.path("title").asText(),
                cells);
    }
}
