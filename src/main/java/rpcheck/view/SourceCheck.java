package rpcheck.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import rpcheck.check.Compiler;
import rpcheck.check.Variants;
import rpcheck.diag.Diagnostics;
import rpcheck.model.Ir;
import rpcheck.model.SpecLoader;
import rpcheck.render.Counterexample;
import rpcheck.trace.Explanation;
import rpcheck.trace.Statement;
import rpcheck.trace.TraceBuilder;
import rpcheck.trace.TraceStep;

/**
 * Whether the DSL positions of a stored trace.json still name what they named when {@code check} wrote it. A
 * trace.json keeps each step's action, text and position; the spec as it is now is compiled (no TLC, its default
 * bounds, its base found on the same spec path, as {@code check} compiles a committed variant) and each step's action must still be at the same position
 * with the same text; each statement run inside a step, and the explanation's position, must still be where a
 * statement of the same function chain starts. A spec edited since the trace was written (a line added above a
 * step, a statement changed or moved) fails that, and a page made from it would highlight the wrong lines.
 */
final class SourceCheck {
    /**
     * The first position of a trace that no longer matches the spec.
     *
     * @param trace the trace.json, as the user named it (relative to the root if under it)
     * @param variant the variant whose {@code check} writes the trace again
     * @param position the position in trace.json ({@code file:line:col}), or null if the spec does not compile
     * @param expected what trace.json has there (a step and its text)
     * @param found what the file has at that line now (or why it has nothing; the compiler's error)
     * @param now where the step is in the spec now and what that line reads, or null if elsewhere or not known
     * @param specPath the {@code --spec-path} folders the check was given (the fix needs them too)
     */
    record Stale(String trace, String variant, String position, String expected, String found, String now,
            List<String> specPath) {
        /** The fix, in one command. */
        String fix() {
            StringBuilder cmd = new StringBuilder("./rpcheck check --variant ").append(variant);
            specPath.forEach(d -> cmd.append(" --spec-path ").append(d));
            return cmd.toString();
        }

        /** The warning {@code view} prints on stderr: a line, then indented lines with the details and the fix. */
        String warning() {
            String nl = System.lineSeparator();
            StringBuilder sb = new StringBuilder(trace).append(": warning: ");
            if (position == null) {
                sb.append("cannot check its DSL positions: the spec does not compile now").append(nl)
                        .append("  ").append(found).append(nl);
            } else {
                sb.append("its DSL positions are stale (the spec changed since the trace was written)").append(nl)
                        .append("  at ").append(position).append(" trace.json expects ").append(expected).append(nl)
                        .append("  but that line now reads ").append(found).append(nl);
                if (now != null) {
                    sb.append("  (the step is at ").append(now).append(" now)").append(nl);
                }
            }
            if (position == null && specPath.isEmpty()) {
                sb.append("  (a spec whose base is found only through --spec-path needs it here too: view"
                        + " --spec-path DIR)").append(nl);
            }
            return sb.append("  its page shows and highlights no DSL line; to write the trace again: ").append(fix())
                    .toString();
        }
    }

    private final Path root;
    private final Sources sources;
    /** Finds the bases as {@code check} did (its {@code --spec-path}). */
    private final SpecLoader loader;
    /** The {@code --spec-path} folders, as given (for the fix a warning names). */
    private final List<String> specPath;
    /** Per variant file: its compiled spec ({@link Compiler.Compiled}) or why it does not compile (a String). */
    private final Map<Path, Object> compiled = new HashMap<>();

    SourceCheck(Path root, Sources sources, List<Path> specPath) {
        this.root = root;
        this.sources = sources;
        this.loader = new SpecLoader(root, specPath);
        this.specPath = specPath.stream().map(Path::toString).toList();
    }

    /**
     * The first position of {@code cx} that no longer matches the spec of {@code v} as it is now, or null if all
     * match. A trace of no known variant ({@code v} null) cannot be checked: null.
     */
    Stale check(Counterexample cx, Variants.Variant v, Path json) {
        if (v == null) {
            return null;
        }
        String trace = display(json);
        Object c = compiled.computeIfAbsent(v.file(), this::compile);
        if (c instanceof String error) {
            return new Stale(trace, v.name(), null, null, error, null, specPath);
        }
        Compiler.Compiled spec = (Compiler.Compiled) c;
        TraceBuilder builder = new TraceBuilder(spec.output().provenance(), spec.program());
        for (TraceStep s : cx.trace().steps()) {
            if (s.isStutter()) {
                continue;
            }
            TraceBuilder.StepSource now = builder.stepSource(s.action());
            boolean same = now != null && Objects.equals(now.position(), s.position()) && sameText(s, now);
            if (!same && s.position() != null) {
                if (now == null || !sameText(s, now)) { // its action is named by a line now another one's
                    now = movedTo(spec, builder, s);
                }
                String where = now == null || now.position() == null || now.position().equals(s.position()) ? null
                        : now.position() + ": " + lineAt(now.position());
                return new Stale(trace, v.name(), s.position(), "step " + s.number() + " '" + s.text() + "'",
                        lineAt(s.position()), where, specPath);
            }
        }
        Map<String, List<List<String>>> starts = statementStarts(spec.program());
        for (TraceStep s : cx.trace().steps()) {
            for (Statement st : s.inner()) {
                if (!startsThere(starts, st.position(), st.chain())) {
                    return new Stale(trace, v.name(), st.position(), "'" + st.text() + "' (run in step "
                            + s.number() + ")", lineAt(st.position()), null, specPath);
                }
            }
        }
        Explanation e = cx.trace().explanation();
        if (!startsThere(starts, e.position(), e.chain())) {
            return new Stale(trace, v.name(), e.position(), "the statement of the offender "
                    + (e.offender() == null ? "" : e.offender() + " ") + "in " + String.join(" > ", e.chain()),
                    lineAt(e.position()), null, specPath);
        }
        return null;
    }

    /**
     * Whether a step's text is the one its action has now (a step may add "; might_sleep: ...", and a refused state
     * change says so, {@link TraceBuilder#withoutRefusal}).
     */
    private static boolean sameText(TraceStep s, TraceBuilder.StepSource now) {
        String text = TraceBuilder.withoutRefusal(s.text());
        return text.equals(now.text()) || text.startsWith(now.text() + "; ");
    }

    /** The one action of the spec now whose text is the step's (where the step moved to), or null. */
    private static TraceBuilder.StepSource movedTo(Compiler.Compiled spec, TraceBuilder builder, TraceStep s) {
        TraceBuilder.StepSource found = null;
        for (String action : spec.output().provenance().actions().keySet()) {
            TraceBuilder.StepSource src = builder.stepSource(action);
            if (src != null && src.position() != null && sameText(s, src)) {
                if (found != null && !found.position().equals(src.position())) {
                    return null; // several: no telling which
                }
                found = src;
            }
        }
        return found;
    }

    private Object compile(Path file) {
        try {
            return Compiler.compile(file, loader, Map.of());
        } catch (Diagnostics.Failed e) {
            return e.diagnostics().isEmpty() ? e.getMessage() : e.diagnostics().get(0).span().position() + ": "
                    + e.diagnostics().get(0).message();
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** For each position where a statement (or an entry) starts: the function chains it starts in. */
    private static Map<String, List<List<String>>> statementStarts(Ir.Program program) {
        Map<String, List<List<String>>> out = new HashMap<>();
        for (Ir.Code code : program.codes()) {
            if (code.startSite() != null) {
                out.computeIfAbsent(code.startSite().span().position(), k -> new ArrayList<>())
                        .add(code.startSite().functions());
            }
            for (Ir.Node n : code.nodes()) {
                if (n.site() != null) {
                    out.computeIfAbsent(n.site().span().position(), k -> new ArrayList<>()).add(n.site().functions());
                }
            }
        }
        return out;
    }

    /**
     * Whether a statement starts at {@code position} in a function chain that {@code chain} begins with (a chain
     * may name the kernel primitive the statement calls after its functions). No position: nothing to check.
     */
    private static boolean startsThere(Map<String, List<List<String>>> starts, String position, List<String> chain) {
        if (position == null) {
            return true;
        }
        return starts.getOrDefault(position, List.of()).stream()
                .anyMatch(f -> chain.size() >= f.size() && chain.subList(0, f.size()).equals(f));
    }

    /** The text of the line a position names, as it is now, quoted; or why there is none. */
    private String lineAt(String position) {
        Sources.Pos p = Sources.Pos.parse(position);
        Sources.File f = p == null ? null : sources.file(p.file());
        if (f == null) {
            return "nothing (the file cannot be read)";
        }
        if (p.line() < 1 || p.line() > f.source().lineCount()) {
            return "nothing (the file has " + f.source().lineCount() + " lines)";
        }
        String text = f.source().lineText(p.line()).strip();
        if (text.length() > 100) {
            text = text.substring(0, 97) + "...";
        }
        return "'" + text + "'";
    }

    private String display(Path json) {
        Path abs = json.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
