package rpcheck.trace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import rpcheck.model.prims.Tla;
import rpcheck.tlc.TlaValue;

/**
 * Evaluates a condition wait's guard (what the generator wrote for {@code wait_event(cond)}, a dispatch held by a
 * quiesced queue, ...) on one state of a counterexample, so that a trace says a context waits only where it does.
 * It knows the part of TLA+ that guards are made of: the state variables and {@code self}, strings, numbers,
 * booleans, record fields and function application, comparison, arithmetic, the boolean connectives,
 * {@code IF}, set literals and membership. Anything else (a definition of the module, a quantifier, a constant)
 * is unknown, and so is the guard: the caller then keeps counting the context as waiting.
 */
final class Conditions {
    private Conditions() {
    }

    /** Whether {@code guard} holds in {@code vars} for context {@code self}; empty if it cannot be told. */
    static Optional<Boolean> holds(Tla.Expr guard, Map<String, TlaValue> vars, String self) {
        return eval(guard, vars, self) instanceof TlaValue.TlaBool b ? Optional.of(b.value()) : Optional.empty();
    }

    /** The value of {@code e}, or null if it is unknown. */
    private static TlaValue eval(Tla.Expr e, Map<String, TlaValue> vars, String self) {
        if (e instanceof Tla.Id id) {
            return switch (id.name()) {
                case "self" -> new TlaValue.TlaString(self);
                case "TRUE" -> new TlaValue.TlaBool(true);
                case "FALSE" -> new TlaValue.TlaBool(false);
                default -> vars.get(id.name());
            };
        }
        if (e instanceof Tla.Str s) {
            return new TlaValue.TlaString(s.value());
        }
        if (e instanceof Tla.Num n) {
            return new TlaValue.TlaInt(BigInteger.valueOf(n.value()));
        }
        if (e instanceof Tla.Bool b) {
            return new TlaValue.TlaBool(b.value());
        }
        if (e instanceof Tla.Paren p) {
            return eval(p.inner(), vars, self);
        }
        if (e instanceof Tla.Dot d) {
            return Values.at(eval(d.record(), vars, self), d.field());
        }
        if (e instanceof Tla.Index ix) {
            return index(eval(ix.fn(), vars, self), eval(ix.arg(), vars, self));
        }
        if (e instanceof Tla.Prefix p) {
            return prefix(p.op(), eval(p.operand(), vars, self));
        }
        if (e instanceof Tla.Infix in) {
            return infix(in.op(), in.left(), in.right(), vars, self);
        }
        if (e instanceof Tla.Junction j) {
            return junction(j.op(), j.items(), vars, self);
        }
        if (e instanceof Tla.Ite ite) {
            return eval(ite.cond(), vars, self) instanceof TlaValue.TlaBool c
                    ? eval(c.value() ? ite.then() : ite.otherwise(), vars, self) : null;
        }
        if (e instanceof Tla.SetOf set) {
            List<TlaValue> items = new ArrayList<>();
            for (Tla.Expr item : set.items()) {
                TlaValue v = eval(item, vars, self);
                if (v == null) {
                    return null;
                }
                items.add(v);
            }
            return new TlaValue.TlaSet(items);
        }
        return null;
    }

    private static TlaValue index(TlaValue fn, TlaValue arg) {
        if (fn == null || arg == null) {
            return null;
        }
        if (fn instanceof TlaValue.TlaFunction f && !(arg instanceof TlaValue.TlaString)) {
            return f.get(arg);
        }
        return Values.at(fn, Values.string(arg));
    }

    private static TlaValue prefix(String op, TlaValue v) {
        if (op.strip().equals("~") && v instanceof TlaValue.TlaBool b) {
            return new TlaValue.TlaBool(!b.value());
        }
        if (op.strip().equals("-") && v instanceof TlaValue.TlaInt i) {
            return new TlaValue.TlaInt(i.value().negate());
        }
        return null;
    }

    private static TlaValue infix(String op, Tla.Expr l, Tla.Expr r, Map<String, TlaValue> vars, String self) {
        String o = op.strip();
        if (o.equals("/\\") || o.equals("\\/")) {
            return junction(o, List.of(l, r), vars, self);
        }
        TlaValue a = eval(l, vars, self);
        TlaValue b = eval(r, vars, self);
        if (a == null || b == null) {
            return null;
        }
        return switch (o) {
            case "=" -> new TlaValue.TlaBool(same(a, b));
            case "#", "/=" -> new TlaValue.TlaBool(!same(a, b));
            case "\\in", "\\notin" -> b instanceof TlaValue.TlaSet s
                    ? new TlaValue.TlaBool(s.elements().stream().anyMatch(x -> same(x, a)) == o.equals("\\in")) : null;
            case "<", ">", "<=", ">=", "+", "-" -> a instanceof TlaValue.TlaInt x && b instanceof TlaValue.TlaInt y
                    ? arithmetic(o, x.value(), y.value()) : null;
            default -> null;
        };
    }

    private static TlaValue arithmetic(String op, BigInteger x, BigInteger y) {
        int c = x.compareTo(y);
        return switch (op) {
            case "<" -> new TlaValue.TlaBool(c < 0);
            case ">" -> new TlaValue.TlaBool(c > 0);
            case "<=" -> new TlaValue.TlaBool(c <= 0);
            case ">=" -> new TlaValue.TlaBool(c >= 0);
            case "+" -> new TlaValue.TlaInt(x.add(y));
            default -> new TlaValue.TlaInt(x.subtract(y));
        };
    }

    /** {@code /\} and {@code \/} over three values: a known FALSE (TRUE) decides even beside an unknown. */
    private static TlaValue junction(String op, List<Tla.Expr> items, Map<String, TlaValue> vars, String self) {
        boolean and = op.strip().equals("/\\");
        if (!and && !op.strip().equals("\\/")) {
            return null;
        }
        boolean unknown = false;
        for (Tla.Expr item : items) {
            if (eval(item, vars, self) instanceof TlaValue.TlaBool b) {
                if (b.value() != and) {
                    return new TlaValue.TlaBool(!and);
                }
            } else {
                unknown = true;
            }
        }
        return unknown ? null : new TlaValue.TlaBool(and);
    }

    /** TLA+ equality: sets regardless of order (and duplicates), strings and model values by name. */
    private static boolean same(TlaValue a, TlaValue b) {
        if (a instanceof TlaValue.TlaSet x && b instanceof TlaValue.TlaSet y) {
            return new HashSet<>(x.elements()).equals(new HashSet<>(y.elements()));
        }
        if (a instanceof TlaValue.TlaString || a instanceof TlaValue.TlaModelValue) {
            return (b instanceof TlaValue.TlaString || b instanceof TlaValue.TlaModelValue)
                    && Values.string(a).equals(Values.string(b));
        }
        return a.equals(b);
    }
}
