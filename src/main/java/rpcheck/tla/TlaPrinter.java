package rpcheck.tla;

import java.util.ArrayList;
import java.util.List;

import rpcheck.model.prims.StepContext;
import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.*;

/**
 * The one printer of generated TLA+: it writes a {@link Tla} tree as text ({@link #print}), and lays out the whole
 * module ({@link #layout}): long lines are wrapped near {@value #WIDTH} columns.
 *
 * <p>An expression prints on one line, exactly as its tree is built (parentheses are {@link Paren} nodes). The
 * block forms break lines: {@code LET n == d IN} ends its line and the body follows at the same indentation;
 * an {@link IfBlock}'s {@code THEN} and {@code ELSE} start lines of their own, four columns deeper; the items of
 * {@link Bullets} and the arms of a {@link CaseBlock} start lines of their own, at the list's column; such a
 * list after an operator, {@code ELSE} or a quantifier's colon starts on the next line, four columns deeper.
 *
 * <p>Wrapping: a line is broken only after a comma or an infix {@code /\}, {@code \/} inside brackets (so the
 * operator ends the line, never starts one: a line starting with a junction would begin a new bulleted list),
 * outside string literals, and the continuation is indented deeper than the line it continues, so it stays
 * inside any bulleted list around it. Comment lines are kept.
 */
final class TlaPrinter {
    static final int WIDTH = 100;
    private static final int CONTINUATION = 8;

    private TlaPrinter() {
    }

    /** {@code e} as TLA+ text, its block forms indented from column 0. */
    static String print(Expr e) {
        return print(e, 0);
    }

    /** {@code e} as TLA+ text, as it prints where its first line starts at column {@code indent}. */
    static String print(Expr e, int indent) {
        StringBuilder sb = new StringBuilder();
        print(sb, e, indent);
        return sb.toString();
    }

    private static void print(StringBuilder sb, Expr e, int indent) {
        if (e instanceof Id x) {
            sb.append(x.name());
        } else if (e instanceof Str x) {
            sb.append(StepContext.q(x.value()));
        } else if (e instanceof Num x) {
            sb.append(x.value());
        } else if (e instanceof Bool x) {
            sb.append(x.value() ? "TRUE" : "FALSE");
        } else if (e instanceof Dot x) {
            print(sb, x.record(), indent);
            sb.append('.').append(x.field());
        } else if (e instanceof Index x) {
            print(sb, x.fn(), indent);
            sb.append('[');
            print(sb, x.arg(), indent);
            sb.append(']');
        } else if (e instanceof Apply x) {
            sb.append(x.op()).append('(');
            list(sb, x.args(), ", ", indent);
            sb.append(')');
        } else if (e instanceof Infix x) {
            print(sb, x.left(), indent);
            sb.append(' ').append(x.op());
            operand(sb, x.right(), indent);
        } else if (e instanceof Junction x) {
            list(sb, x.items(), " " + x.op() + " ", indent);
        } else if (e instanceof Prefix x) {
            sb.append(x.op());
            print(sb, x.operand(), indent);
        } else if (e instanceof Paren x) {
            sb.append('(');
            print(sb, x.inner(), indent);
            sb.append(')');
        } else if (e instanceof Ite x) {
            sb.append("IF ");
            print(sb, x.cond(), indent);
            sb.append(" THEN ");
            print(sb, x.then(), indent);
            sb.append(" ELSE");
            operand(sb, x.otherwise(), indent);
        } else if (e instanceof SetOf x) {
            sb.append('{');
            list(sb, x.items(), ", ", indent);
            sb.append('}');
        } else if (e instanceof Tuple x) {
            sb.append("<<");
            list(sb, x.items(), ", ", indent);
            sb.append(">>");
        } else if (e instanceof Rec x) {
            sb.append('[');
            for (int i = 0; i < x.fields().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(x.fields().get(i).name()).append(" |-> ");
                print(sb, x.fields().get(i).value(), indent);
            }
            sb.append(']');
        } else if (e instanceof FnOf x) {
            sb.append('[').append(x.var()).append(" \\in ");
            print(sb, x.domain(), indent);
            sb.append(" |-> ");
            print(sb, x.body(), indent);
            sb.append(']');
        } else if (e instanceof Except x) {
            sb.append('[');
            print(sb, x.base(), indent);
            sb.append(" EXCEPT ");
            for (int i = 0; i < x.updates().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                update(sb, x.updates().get(i), indent);
            }
            sb.append(']');
        } else if (e instanceof Primed x) {
            sb.append(x.var()).append('\'');
        } else if (e instanceof Angle x) {
            sb.append("<<");
            print(sb, x.action(), indent);
            sb.append(">>_").append(x.sub());
        } else if (e instanceof Square x) {
            sb.append('[');
            print(sb, x.action(), indent);
            sb.append("]_").append(x.sub());
        } else if (e instanceof Filter x) {
            sb.append('{').append(x.var()).append(" \\in ");
            print(sb, x.domain(), indent);
            sb.append(" : ");
            print(sb, x.cond(), indent);
            sb.append('}');
        } else if (e instanceof SetMap x) {
            sb.append('{');
            print(sb, x.expr(), indent);
            sb.append(" : ").append(x.var()).append(" \\in ");
            print(sb, x.domain(), indent);
            sb.append('}');
        } else if (e instanceof Unchanged x) {
            sb.append("UNCHANGED <<").append(String.join(", ", x.vars())).append(">>");
        } else if (e instanceof Quant x) {
            sb.append(x.exists() ? "\\E " : "\\A ").append(x.var()).append(" \\in ");
            print(sb, x.domain(), indent);
            sb.append(" :");
            operand(sb, x.body(), indent);
        } else if (e instanceof Case x) {
            sb.append("CASE ");
            for (int i = 0; i < x.arms().size(); i++) {
                sb.append(i == 0 ? "" : " [] ");
                print(sb, x.arms().get(i).guard(), indent);
                sb.append(" -> ");
                print(sb, x.arms().get(i).value(), indent);
            }
            if (x.other() != null) {
                sb.append(" [] OTHER -> ");
                print(sb, x.other(), indent);
            }
        } else if (e instanceof Let x) {
            sb.append("LET ").append(x.name()).append(" == ");
            print(sb, x.def(), indent);
            sb.append(" IN\n").append(" ".repeat(indent));
            print(sb, x.body(), indent);
        } else if (e instanceof IfBlock x) {
            String pad = " ".repeat(indent + 4);
            sb.append("IF ");
            print(sb, x.cond(), indent);
            sb.append('\n').append(pad).append("THEN ");
            print(sb, x.then(), indent + 4);
            sb.append('\n').append(pad).append("ELSE ");
            print(sb, x.otherwise(), indent + 4);
        } else if (e instanceof CaseBlock x) {
            for (int i = 0; i < x.arms().size(); i++) {
                sb.append(i == 0 ? "CASE " : "\n" + " ".repeat(indent) + "[] ");
                print(sb, x.arms().get(i).guard(), indent);
                sb.append(" -> ");
                print(sb, x.arms().get(i).value(), indent);
            }
            if (x.other() != null) {
                sb.append('\n').append(" ".repeat(indent)).append("[] OTHER -> ");
                print(sb, x.other(), indent);
            }
        } else if (e instanceof Bullets x) {
            for (int i = 0; i < x.items().size(); i++) {
                sb.append(i == 0 ? "" : "\n" + " ".repeat(indent)).append(x.op()).append(' ');
                print(sb, x.items().get(i), indent + x.op().length() + 1);
            }
        } else {
            throw new IllegalStateException("internal error: no printer for " + e);
        }
    }

    /**
     * The operand after an infix operator, {@code ELSE} or a quantifier's colon: on the same line after a space,
     * or, a bulleted list or a CASE of lines, on the next line, four columns deeper.
     */
    private static void operand(StringBuilder sb, Expr e, int indent) {
        if (e instanceof Bullets || e instanceof CaseBlock) {
            sb.append('\n').append(" ".repeat(indent + 4));
            print(sb, e, indent + 4);
        } else {
            sb.append(' ');
            print(sb, e, indent);
        }
    }

    /** One EXCEPT clause ({@code !path = value}), or, with an empty path, the value alone. */
    static void update(StringBuilder sb, Update u, int indent) {
        if (!u.whole()) {
            sb.append('!');
            for (Sel s : u.path()) {
                if (s instanceof Key k) {
                    sb.append('[');
                    print(sb, k.key(), indent);
                    sb.append(']');
                } else {
                    sb.append('.').append(((Member) s).field());
                }
            }
            sb.append(" = ");
        }
        print(sb, u.value(), indent);
    }

    private static void list(StringBuilder sb, List<Expr> items, String sep, int indent) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            print(sb, items.get(i), indent);
        }
    }

    /** The TLA+ text of "no context" / "nothing". */
    static final String NONE = "\"none\"";

    /** A TLA+ string literal. */
    static String q(String s) {
        return StepContext.q(s);
    }

    /** A set of string literals. */
    static String set(Iterable<String> items) {
        return print(Tla.strings(items));
    }

    /** A constant of the spec. */
    static String value(rpcheck.model.Model.Value v) {
        return print(StepContext.constant(v));
    }

    // ------------------------------------------------------------------ module layout

    /** The module with its long lines wrapped (see the class comment). */
    static String layout(String module) {
        StringBuilder out = new StringBuilder(module.length() + module.length() / 20);
        int start = 0;
        while (start < module.length()) {
            int nl = module.indexOf('\n', start);
            int end = nl < 0 ? module.length() : nl;
            String line = module.substring(start, end);
            if (line.length() <= WIDTH || line.stripLeading().startsWith("\\*")) {
                out.append(line);
            } else {
                wrapLine(line, out);
            }
            if (nl >= 0) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** Breaks one line at the allowed points, filling each piece up to the width. */
    private static void wrapLine(String line, StringBuilder out) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String pad = " ".repeat(indent + CONTINUATION);
        List<Integer> breaks = breakPoints(line);
        int pieceStart = 0;
        int lastFit = -1;
        int width = WIDTH;
        for (int b : breaks) {
            if (b - pieceStart > width && lastFit > pieceStart) {
                out.append(line, pieceStart, lastFit).append('\n').append(pad);
                pieceStart = skipSpaces(line, lastFit);
                width = WIDTH - pad.length();
            }
            lastFit = b;
        }
        if (line.length() - pieceStart > width && lastFit > pieceStart) {
            out.append(line, pieceStart, lastFit).append('\n').append(pad);
            pieceStart = skipSpaces(line, lastFit);
        }
        out.append(line, pieceStart, line.length());
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Offsets just after a comma or an infix junction at bracket depth >= 1, outside strings. */
    private static List<Integer> breakPoints(String line) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        boolean str = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (str) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    str = false;
                }
                continue;
            }
            switch (ch) {
                case '"' -> str = true;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case '<' -> depth += i + 1 < line.length() && line.charAt(i + 1) == '<' ? 1 : 0;
                case '>' -> depth -= i + 1 < line.length() && line.charAt(i + 1) == '>' ? 1 : 0;
                case ',' -> {
                    if (depth >= 1) {
                        out.add(i + 1);
                    }
                }
                case '/', '\\' -> {
                    // " /\ " or " \/ ": break after the operator
                    if (depth >= 1 && i > 0 && line.charAt(i - 1) == ' ' && i + 2 < line.length()
                            && line.charAt(i + 2) == ' ' && (ch == '/' ? line.charAt(i + 1) == '\\'
                            : line.charAt(i + 1) == '/')) {
                        out.add(i + 2);
                        i++;
                    }
                }
                default -> { }
            }
        }
        return out;
    }
}
