package rpcheck.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import rpcheck.diag.Diagnostic;
import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.SourceFile;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Lexer;
import rpcheck.dsl.Parser;

/**
 * Reads a spec file and, for a variant, the chain of files it extends, and merges them the way a patch applies:
 * a variant's {@code fn}/{@code work}/{@code event}/{@code bound} replaces the base's declaration of the same
 * name, {@code remove} deletes one, anything else is added.
 *
 * <p>A base is found so: {@code extends "PATH"} names its file, relative to the folder of the file that extends
 * it; {@code extends NAME} is {@code NAME.stm} beside that file, else the one {@code NAME.stm} anywhere under the
 * first folder of the spec path that has one (skipping {@code gen/} folders), as {@code --spec-path DIR} gives.
 */
public final class SpecLoader {
    private final Path root;
    private final List<Path> specPath;

    /** @param root paths in diagnostics are shown relative to this folder (the repository root). */
    public SpecLoader(Path root) {
        this(root, List.of());
    }

    /**
     * @param root     paths in diagnostics are shown relative to this folder (the repository root)
     * @param specPath folders searched, in order, for a base named in {@code extends NAME} that is not beside the
     *                 file that extends it
     */
    public SpecLoader(Path root, List<Path> specPath) {
        this.root = root.toAbsolutePath().normalize();
        this.specPath = specPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /**
     * A spec with its bases merged: the declarations in base-first order, the file chain.
     *
     * @param removed the {@code remove} lines of the variants that took a base's declaration away for good (no
     *                later file declares it again)
     */
    public record Loaded(String name, String title, List<String> chain, List<Ast.Decl> decls, SourceFile mainFile,
            List<Ast.Remove> removed) {
        public Loaded {
            removed = List.copyOf(removed);
        }

        /**
         * {@code ds} with each unknown name that a variant removed explained: the use (in a base, mostly) says which
         * {@code remove} line took the name away and how to fix it, and the {@code remove} line gets an error that
         * lists the uses left (the mistake is in the variant, which removed what the base still needs).
         */
        public List<Diagnostic> explainRemoved(List<Diagnostic> ds) {
            if (removed.isEmpty()) {
                return ds;
            }
            List<Diagnostic> out = new ArrayList<>();
            Map<Ast.Remove, List<String>> uses = new LinkedHashMap<>();
            Map<Ast.Remove, java.util.Set<String>> fns = new LinkedHashMap<>();
            Map<Ast.Remove, Boolean> inDecls = new LinkedHashMap<>();
            for (Diagnostic d : ds) {
                Ast.Remove r = d.code() == DiagnosticCode.UNKNOWN_NAME || d.code() == DiagnosticCode.UNKNOWN_FUNCTION
                        ? removedAt(d.span()) : null;
                if (r == null) {
                    out.add(d);
                    continue;
                }
                String fn = functionAt(d.span());
                uses.computeIfAbsent(r, k -> new ArrayList<>()).add(d.span().position()
                        + (fn == null ? "" : " in " + fn + "()"));
                if (fn != null) {
                    fns.computeIfAbsent(r, k -> new java.util.LinkedHashSet<>()).add(fn);
                } else {
                    inDecls.put(r, true);
                }
                out.add(new Diagnostic(d.severity(), d.code(), d.span(), d.message(), List.of("removed by 'remove "
                        + r.what().text() + " " + r.name().text() + "' at " + r.name().span().position() + ": "
                        + fix(fn == null ? java.util.Set.of() : java.util.Set.of(fn), fn == null))));
            }
            for (Map.Entry<Ast.Remove, List<String>> e : uses.entrySet()) {
                Ast.Remove r = e.getKey();
                List<String> at = e.getValue();
                String listed = String.join(", ", at.subList(0, Math.min(3, at.size())))
                        + (at.size() > 3 ? " and " + (at.size() - 3) + " more" : "");
                boolean base = at.stream().noneMatch(u -> u.startsWith(r.name().span().file().name() + ":"));
                out.add(Diagnostic.error(DiagnosticCode.NOTHING_TO_REMOVE, r.name().span(), r.what().text() + " '"
                        + r.name().text() + "' is removed here, but the " + (base ? "base" : "spec")
                        + " still uses it: " + listed,
                        fix(fns.getOrDefault(r, java.util.Set.of()), inDecls.getOrDefault(r, false))));
            }
            return out;
        }

        /** How to fix a use of a removed name in functions {@code fns} (and in declarations, if {@code inDecl}). */
        private static String fix(java.util.Set<String> fns, boolean inDecl) {
            List<String> ways = new ArrayList<>();
            if (!fns.isEmpty()) {
                ways.add("write your own " + fns.stream().map(f -> "'fn " + f + "(...)'").collect(Collectors.joining(
                        " and ")) + " in the variant without it (a variant's fn replaces the base's)");
            }
            if (inDecl) {
                ways.add("declare again, in the variant, what names it (a variant's work, event, context or"
                        + " workqueue replaces the base's)");
            }
            ways.add("do not remove it");
            return String.join(", or ", ways);
        }

        /** The remove line whose name is the text at {@code span}, or null. */
        private Ast.Remove removedAt(rpcheck.diag.Span span) {
            String text = span.file().text();
            if (span.start() < 0 || span.end() > text.length() || span.start() >= span.end()) {
                return null;
            }
            String name = text.substring(span.start(), span.end());
            return removed.stream().filter(r -> r.name().text().equals(name)).findFirst().orElse(null);
        }

        /** The function of the merged spec whose body holds {@code span}, or null (a declaration). */
        private String functionAt(rpcheck.diag.Span span) {
            for (Ast.Decl d : decls) {
                if (d instanceof Ast.Fn f && f.span().file() == span.file() && f.span().start() <= span.start()
                        && span.start() < Math.max(f.span().end(), f.body().span().end())) {
                    return f.name().text();
                }
            }
            return null;
        }
    }

    public Loaded load(Path file, Diagnostics diags) {
        List<Ast.SpecFile> files = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        Path current = file.toAbsolutePath().normalize();
        if (Files.isDirectory(current)) {
            throw new UsageException(file + " is a folder, not a spec file; pass a .stm file in it");
        }
        if (!Files.isRegularFile(current)) {
            throw new UsageException("no such spec file: " + file);
        }
        Ast.Ident from = null;
        while (current != null) {
            int before = diags.sorted().size();
            SourceFile sf = read(current, diags);
            if (diags.sorted().size() > before) {
                // not UTF-8: what the parser would say about replacement characters is noise
                sources.add(sf);
                break;
            }
            for (SourceFile seen : sources) {
                if (seen.name().equals(sf.name())) {
                    diags.error(DiagnosticCode.UNKNOWN_VARIANT, from.span(),
                            "variant chain loops back to " + sf.name(), "a variant cannot extend itself");
                    return finish(files, sources, diags);
                }
            }
            Ast.SpecFile parsed = new Parser(new Lexer(sf, diags).scanTokens(), diags).parse();
            Ast.Ident name = parsed.header().name();
            if (name != null && name.text().length() > MAX_NAME) {
                diags.error(DiagnosticCode.RESERVED_NAME, name.span(), "the name '" + name.text().substring(0, 20)
                        + "...' is " + name.text().length() + " characters long: the files generated for it"
                        + " (NAME.tla, NAME_LiveWithoutAssoc.cfg, traces/NAME/) need it to be at most " + MAX_NAME,
                        "use a shorter name; the title in quotes after it can be as long as you like");
            }
            files.add(0, parsed);
            sources.add(sf);
            from = parsed.header().base();
            current = from == null ? null : locate(current, parsed.header(), diags);
        }
        if (files.isEmpty()) {
            return new Loaded("?", "", List.of(sources.get(0).name()), List.of(), sources.get(0), List.of());
        }
        return finish(files, sources, diags);
    }

    /** {@code text} with control characters written as {@code \\uXXXX}, for a message. */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        text.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }

    /** The longest model or variant name: a file name (255 bytes) holds it with the longest suffix generated. */
    static final int MAX_NAME = 200;

    /** The file of the base {@code header} extends, or null (with an RP105 error at the base) if there is none. */
    private Path locate(Path file, Ast.Header header, Diagnostics diags) {
        Ast.Ident base = header.base();
        Path dir = file.getParent();
        Path beside; // a NUL in the name throws here, before any other lookup
        try {
            beside = dir.resolve(base.text() + ".stm");
        } catch (InvalidPathException e) {
            diags.error(DiagnosticCode.UNKNOWN_VARIANT, base.span(),
                    "\"" + printable(base.text()) + "\" that this variant extends is not a file name this system"
                            + " allows (" + e.getReason() + ")",
                    "name the base by its model name, or by a path relative to this file's folder");
            return null;
        }
        if (header.baseIsPath()) {
            Path p = dir.resolve(base.text()).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
            String folder = display(dir).isEmpty() ? dir.toAbsolutePath().normalize().toString() : display(dir);
            diags.error(DiagnosticCode.UNKNOWN_VARIANT, base.span(),
                    "cannot find \"" + base.text() + "\" that this variant extends: "
                            + (Files.isDirectory(p) ? display(p) + " is a folder, not a spec file"
                                    : "there is no file " + display(p)),
                    Files.isDirectory(p) ? "name the .stm file in it: extends \"" + base.text().replaceFirst("/+$", "")
                            + "/NAME.stm\""
                            : "a path after 'extends' is relative to the folder of this file (" + folder + ")");
            return null;
        }
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        for (Path d : specPath) {
            List<Path> hits = find(d, base.text() + ".stm", Integer.MAX_VALUE);
            if (hits.size() == 1) {
                return hits.get(0);
            }
            if (hits.size() > 1) {
                diags.error(DiagnosticCode.UNKNOWN_VARIANT, base.span(),
                        "'" + base.text() + "' that this variant extends is ambiguous: "
                                + hits.stream().map(this::display).collect(Collectors.joining(", ")),
                        "name its file instead: extends \"" + relative(dir, hits.get(0)) + "\"");
                return null;
            }
        }
        List<Path> near = new ArrayList<>(find(dir, null, 1)); // only beside: the folder may be a kernel tree
        specPath.forEach(d -> near.addAll(find(d, null, Integer.MAX_VALUE)));
        List<String> known = near.stream().map(p -> p.getFileName().toString().replaceFirst("\\.stm$", "")).toList();
        String close = Names.closest(base.text(), known);
        diags.error(DiagnosticCode.UNKNOWN_VARIANT, base.span(),
                "cannot find '" + base.text() + "' that this variant extends (looked for " + display(beside)
                        + (specPath.isEmpty() ? "; no --spec-path given"
                                : " and under --spec-path " + specPath.stream().map(this::display)
                                        .collect(Collectors.joining(", ")))
                        + ")",
                close != null ? "did you mean '" + close + "'?"
                        : "put " + beside.getFileName() + " beside this file, pass --spec-path DIR with a folder that"
                                + " holds it, or name its file: extends \"../DIR/" + beside.getFileName() + "\"");
        return null;
    }

    /**
     * Every file called {@code name} (null: every {@code .stm} file) under {@code dir} down to {@code depth}
     * levels, outside {@code gen/} folders, in path order.
     */
    private static List<Path> find(Path dir, String name, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> name == null ? p.getFileName().toString().endsWith(".stm")
                    : p.getFileName().toString().equals(name))
                    .filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().replace('\\', '/').matches("(.*/)?gen/.*"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UsageException("cannot search " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private Loaded finish(List<Ast.SpecFile> files, List<SourceFile> sources, Diagnostics diags) {
        Map<String, Ast.Decl> merged = new LinkedHashMap<>();
        Map<String, Ast.Remove> removed = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            boolean isBase = i == 0;
            for (Ast.Decl d : files.get(i).decls()) {
                if (d instanceof Ast.Remove r) {
                    String key = keyOf(r.what().text(), r.name().text());
                    if (merged.remove(key) == null) {
                        diags.error(DiagnosticCode.NOTHING_TO_REMOVE, r.name().span(),
                                "cannot remove " + r.what().text() + " '" + r.name().text()
                                        + "': the base does not declare it");
                    } else {
                        removed.put(key, r);
                    }
                    continue;
                }
                String key = keyOf(d);
                removed.remove(key); // declared again: no longer removed
                Ast.Decl old = merged.get(key);
                if (old != null && (isBase || !replaceable(d))) {
                    diags.error(DiagnosticCode.DUPLICATE_NAME, d.name().span(),
                            "'" + d.name().text() + "' is declared twice (first at " + old.name().span().position() + ")",
                            "rename one of them");
                    continue;
                }
                if (old != null) {
                    merged.remove(key);
                }
                merged.put(key, d);
            }
        }
        Ast.SpecFile top = files.get(files.size() - 1);
        List<String> chain = new ArrayList<>();
        for (int i = sources.size() - 1; i >= 0; i--) {
            chain.add(sources.get(i).name());
        }
        return new Loaded(top.header().name().text(), top.header().title(), chain,
                List.copyOf(merged.values()), sources.get(0), List.copyOf(removed.values()));
    }

    private static boolean replaceable(Ast.Decl d) {
        return d instanceof Ast.Fn || d instanceof Ast.Work || d instanceof Ast.Event || d instanceof Ast.Bound
                || d instanceof Ast.Workqueue || d instanceof Ast.Context;
    }

    private static String keyOf(Ast.Decl d) {
        String kind = d instanceof Ast.Fn ? "fn" : d instanceof Ast.Work ? "work" : d instanceof Ast.Event ? "event"
                : d instanceof Ast.Bound ? "bound" : d instanceof Ast.Lldd ? "lldd" : "name";
        return keyOf(kind, d.name().text());
    }

    private static String keyOf(String kind, String name) {
        String k = switch (kind) {
            case "fn", "work", "event", "bound", "lldd" -> kind;
            default -> "name";
        };
        return k + ":" + name;
    }

    private SourceFile read(Path p, Diagnostics diags) {
        try {
            return SourceFile.decode(display(p), Files.readAllBytes(p), diags);
        } catch (IOException e) {
            throw new UsageException("cannot read " + p + ": " + reason(e), e);
        }
    }

    /** Why a file could not be read, in words (an AccessDeniedException's message is only the path). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (make it readable: chmod u+r)";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
