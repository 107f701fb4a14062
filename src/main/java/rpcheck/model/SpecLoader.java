package rpcheck.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.SourceFile;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Lexer;
import rpcheck.dsl.Parser;

/**
 * Reads a spec file and, for a variant, the chain of files it extends (BASE.stm in the same folder),
 * and merges them the way a patch applies: a variant's {@code fn}/{@code work}/{@code event}/{@code bound}
 * replaces the base's declaration of the same name, {@code remove} deletes one, anything else is added.
 */
public final class SpecLoader {
    private final Path root;

    /** @param root paths in diagnostics are shown relative to this folder (the repository root). */
    public SpecLoader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The merged declarations, in base-first order, plus the file chain. */
    public record Loaded(String name, String title, List<String> chain, List<Ast.Decl> decls, SourceFile mainFile) {
    }

    public Loaded load(Path file, Diagnostics diags) {
        List<Ast.SpecFile> files = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        Path current = file.toAbsolutePath().normalize();
        Ast.Ident from = null;
        SourceFile fromFile = null;
        while (true) {
            if (!Files.isRegularFile(current)) {
                if (from != null) {
                    diags.error(DiagnosticCode.UNKNOWN_VARIANT, from.span(),
                            "cannot find '" + from.text() + "' that this variant extends (looked for "
                                    + display(current) + ")",
                            "put " + current.getFileName() + " beside this file, or fix the name after 'extends'");
                }
                break;
            }
            int before = diags.sorted().size();
            SourceFile sf = read(current, diags);
            if (diags.sorted().size() > before) {
                // not UTF-8: what the parser would say about replacement characters is noise
                sources.add(sf);
                fromFile = sf;
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
            files.add(0, parsed);
            sources.add(sf);
            fromFile = sf;
            Ast.Ident base = parsed.header().base();
            if (base == null) {
                break;
            }
            from = base;
            current = current.resolveSibling(base.text() + ".stm");
        }
        if (fromFile == null) {
            throw new UsageException("no such spec file: " + file);
        }
        if (files.isEmpty()) {
            return new Loaded("?", "", List.of(sources.get(0).name()), List.of(), sources.get(0));
        }
        return finish(files, sources, diags);
    }

    private Loaded finish(List<Ast.SpecFile> files, List<SourceFile> sources, Diagnostics diags) {
        Map<String, Ast.Decl> merged = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            boolean isBase = i == 0;
            for (Ast.Decl d : files.get(i).decls()) {
                if (d instanceof Ast.Remove r) {
                    String key = keyOf(r.what().text(), r.name().text());
                    if (merged.remove(key) == null) {
                        diags.error(DiagnosticCode.NOTHING_TO_REMOVE, r.name().span(),
                                "cannot remove " + r.what().text() + " '" + r.name().text()
                                        + "': the base does not declare it");
                    }
                    continue;
                }
                String key = keyOf(d);
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
                List.copyOf(merged.values()), sources.get(0));
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
            throw new UsageException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
