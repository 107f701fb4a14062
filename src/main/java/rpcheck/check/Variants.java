package rpcheck.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import rpcheck.diag.Diagnostics;
import rpcheck.diag.SourceFile;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Lexer;
import rpcheck.dsl.Parser;
import rpcheck.model.Names;

/**
 * The variants of a repository: every {@code *.stm} file under {@code <root>/specs/}; a variant's name is its
 * file's base name. Files under a {@code gen/} folder are skipped.
 */
public final class Variants {
    private final Path root;
    private final List<Variant> all;

    /** One spec file. {@code file} is absolute. */
    public record Variant(String name, Path file) {
    }

    /**
     * What a spec file's header says: its model or variant name, its title, and the base it extends (null for
     * a model). {@code error} is set (and the rest may be partial) if the file does not parse.
     */
    public record Header(String name, String title, String base, String error) {
    }

    private Variants(Path root, List<Variant> all) {
        this.root = root;
        this.all = List.copyOf(all);
    }

    /** Scans {@code <root>/specs/}; a missing folder gives no variants. */
    public static Variants scan(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        Path specs = abs.resolve("specs");
        List<Variant> found = new ArrayList<>();
        if (Files.isDirectory(specs)) {
            try (Stream<Path> s = Files.walk(specs)) {
                s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".stm"))
                        .filter(p -> !specs.relativize(p).toString().replace('\\', '/').matches("(.*/)?gen/.*"))
                        .sorted(Comparator.comparing(p -> specs.relativize(p).toString()))
                        .forEach(p -> found.add(new Variant(baseName(p), p)));
            } catch (IOException e) {
                throw new CheckException(CheckException.Reason.IO, "cannot list " + specs + ": " + e.getMessage(), e);
            }
        }
        return new Variants(abs, found);
    }

    public List<Variant> all() {
        return all;
    }

    public Path root() {
        return root;
    }

    /** The variant called {@code name}; a usage error if there is none or more than one. */
    public Variant resolve(String name) {
        List<Variant> hits = all.stream().filter(v -> v.name().equals(name)).toList();
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            List<String> names = all.stream().map(Variant::name).distinct().toList();
            String close = Names.closest(name, names);
            throw new CheckException(CheckException.Reason.USAGE, "unknown variant '" + name + "'"
                    + (close != null ? " (did you mean '" + close + "'?)" : "")
                    + "; known variants: " + (names.isEmpty() ? "none (no .stm files under " + root.resolve("specs")
                            + ")" : String.join(", ", names)));
        }
        throw new CheckException(CheckException.Reason.USAGE, "variant name '" + name + "' is ambiguous: "
                + String.join(", ", hits.stream().map(v -> display(v.file())).toList())
                + "; pass the file path instead");
    }

    /** Reads the header of a variant's file (the whole file is parsed; errors are summarised, not thrown). */
    public Header header(Variant v) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(v.file());
        } catch (IOException e) {
            return new Header(v.name(), "", null, "cannot read: " + e.getMessage());
        }
        Diagnostics diags = new Diagnostics();
        SourceFile source = SourceFile.decode(display(v.file()), bytes, diags); // not UTF-8: an error with a position
        Ast.Header h = new Parser(new Lexer(source, diags).scanTokens(), diags).parse().header();
        String error = diags.hasErrors() ? diags.sorted().get(0).span().position() + ": "
                + diags.sorted().get(0).message() : null;
        return new Header(h.name().text(), h.title(), h.base() == null ? null : h.base().text(), error);
    }

    /** A path relative to the root if it is under it, else absolute; always with '/'. */
    public String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }

    static String baseName(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - ".stm".length());
    }
}
