package rpcheck.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.diag.Diagnostics;
import rpcheck.diag.SourceFile;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Lexer;
import rpcheck.dsl.Parser;

/**
 * The DSL files a trace's positions name ({@code specs/nvme-fc/upstream.stm:388:5}), read relative to the
 * repository root, and the {@code fn} declaration around a line: its name, its {@code from} kernel file and its
 * {@code patch} hunk. A file that cannot be read is simply not shown (a trace.json may come from elsewhere).
 */
final class Sources {
    /** A DSL position split up. */
    record Pos(String file, int line, int column) {
        static Pos parse(String position) {
            if (position == null) {
                return null;
            }
            String[] p = position.split(":");
            if (p.length < 3) {
                return null;
            }
            try {
                String file = String.join(":", java.util.Arrays.copyOf(p, p.length - 2));
                return new Pos(file, Integer.parseInt(p[p.length - 2]), Integer.parseInt(p[p.length - 1]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A {@code fn} of a file: lines {@code first..last}. */
    record Fn(String name, String from, String patch, int first, int last) {
    }

    /** One file: its text and its functions. */
    record File(String name, SourceFile source, List<Fn> fns) {
        /** The first line of the block of expected results the gate keeps at the end of a spec. */
        static final String GATE_BLOCK = "// ---- rpcheck gate";

        /**
         * The lines of the model: the file without the gate's block of expected results at its end (comment
         * lines the gate rewrites; a page that showed them would change with every accepted state count).
         */
        int modelLines() {
            int n = source.lineCount();
            for (int l = 1; l <= n; l++) {
                if (source.lineText(l).startsWith(GATE_BLOCK)) {
                    boolean onlyComments = true;
                    for (int k = l; k <= n && onlyComments; k++) {
                        String t = source.lineText(k).strip();
                        onlyComments = t.isEmpty() || t.startsWith("//");
                    }
                    if (onlyComments) {
                        return l - 1;
                    }
                }
            }
            return n;
        }

        Fn fnAt(int line) {
            for (Fn f : fns) {
                if (f.first() <= line && line <= f.last()) {
                    return f;
                }
            }
            return null;
        }
    }

    private final Path root;
    private final Map<String, File> files = new LinkedHashMap<>();

    Sources(Path root) {
        this.root = root;
    }

    /** The file {@code name} (relative to the root), or null if it cannot be read. */
    File file(String name) {
        if (name == null) {
            return null;
        }
        if (files.containsKey(name)) {
            return files.get(name);
        }
        File f = null;
        Path p = root.resolve(name).normalize();
        if (p.startsWith(root) && Files.isRegularFile(p)) {
            try {
                f = parse(name, Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                f = null;
            }
        }
        files.put(name, f);
        return f;
    }

    static File parse(String name, String text) {
        SourceFile sf = new SourceFile(name, text);
        Diagnostics diags = new Diagnostics();
        List<Fn> fns = new ArrayList<>();
        Ast.SpecFile spec = new Parser(new Lexer(sf, diags).scanTokens(), diags).parse();
        for (Ast.Decl d : spec.decls()) {
            if (d instanceof Ast.Fn fn && fn.span() != null) {
                int end = fn.body() != null && fn.body().span() != null ? fn.body().span().end() : fn.span().end();
                fns.add(new Fn(fn.name().text(), fn.source(), fn.patch(), sf.line(fn.span().start()),
                        sf.line(Math.max(fn.span().start(), end - 1))));
            }
        }
        return new File(name, sf, fns);
    }
}
