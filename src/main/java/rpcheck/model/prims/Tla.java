package rpcheck.model.prims;

import java.util.List;

/**
 * A small immutable TLA+ syntax tree: what the primitives' step rules and the generator build, and what
 * {@code rpcheck.tla.TlaPrinter} lays out. It is a concrete tree: parentheses are nodes ({@link Paren}), so a
 * tree prints exactly as written, and two trees are the same formula when they are equal as records.
 * Expressions print on one line except the block forms, {@link Let}, {@link IfBlock}, {@link Bullets} and
 * {@link CaseBlock}, which the printer breaks and indents.
 */
public sealed interface Tla {

    /** A TLA+ expression. */
    sealed interface Expr extends Tla permits Id, Str, Num, Bool, Dot, Index, Apply, Infix, Junction, Prefix, Paren,
            Ite, SetOf, SetMap, Filter, Tuple, Rec, FnOf, Except, Primed, Unchanged, Angle, Square, Quant, Case, Let, IfBlock, Bullets,
            CaseBlock {
    }

    /** An identifier: a variable, constant, definition, bound variable, {@code self}, or {@code @}. */
    record Id(String name) implements Expr {
    }

    /** A string literal (printed with quotes and escapes). */
    record Str(String value) implements Expr {
    }

    record Num(long value) implements Expr {
    }

    record Bool(boolean value) implements Expr {
    }

    /** {@code record.field}. */
    record Dot(Expr record, String field) implements Expr {
    }

    /** {@code fn[arg]}. */
    record Index(Expr fn, Expr arg) implements Expr {
    }

    /** {@code Op(a, b)}, an operator applied to arguments. */
    record Apply(String op, List<Expr> args) implements Expr {
        public Apply {
            args = List.copyOf(args);
        }
    }

    /** {@code left op right}, no parentheses. */
    record Infix(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code a op b op c}: a list joined by {@code /\} or {@code \/} (or {@code +}) on one line. */
    record Junction(String op, List<Expr> items) implements Expr {
        public Junction {
            items = List.copyOf(items);
        }
    }

    /** {@code ~e} or {@code -e}. */
    record Prefix(String op, Expr operand) implements Expr {
    }

    record Paren(Expr inner) implements Expr {
    }

    /** {@code IF c THEN t ELSE e} on one line. */
    record Ite(Expr cond, Expr then, Expr otherwise) implements Expr {
    }

    /** {@code {a, b}}. */
    record SetOf(List<Expr> items) implements Expr {
        public SetOf {
            items = List.copyOf(items);
        }
    }

    /** {@code {expr : var \in domain}}: the image of a set. */
    record SetMap(Expr expr, String var, Expr domain) implements Expr {
    }

    /** {@code {var \in domain : cond}}: the elements of a set for which {@code cond} holds. */
    record Filter(String var, Expr domain, Expr cond) implements Expr {
    }

    /** {@code <<a, b>>}. */
    record Tuple(List<Expr> items) implements Expr {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    /** {@code [a |-> x, b |-> y]}. */
    record Rec(List<Field> fields) implements Expr {
        public Rec {
            fields = List.copyOf(fields);
        }
    }

    /** One field of a record literal. */
    record Field(String name, Expr value) {
    }

    /** {@code [x \in domain |-> body]}. */
    record FnOf(String var, Expr domain, Expr body) implements Expr {
    }

    /** {@code [base EXCEPT !.a = x, ![k].b = y]}. */
    record Except(Expr base, List<Update> updates) implements Expr {
        public Except {
            updates = List.copyOf(updates);
        }
    }

    /**
     * One EXCEPT clause, {@code !path = value}; with an empty path, the whole new value of what it updates (a step
     * rule's effect on a state variable is a list of these).
     */
    record Update(List<Sel> path, Expr value) {
        public Update {
            path = List.copyOf(path);
        }

        public boolean whole() {
            return path.isEmpty();
        }
    }

    /** A selector of an EXCEPT path: {@code [k]} or {@code .f}. */
    sealed interface Sel {
    }

    record Key(Expr key) implements Sel {
    }

    record Member(String field) implements Sel {
    }

    /** {@code x'}. */
    record Primed(String var) implements Expr {
    }

    /** {@code <<action>>_sub}: a step of {@code action} that changes {@code sub}. */
    record Angle(Expr action, String sub) implements Expr {
    }

    /** {@code [action]_sub}: a step of {@code action} or one that leaves {@code sub} unchanged. */
    record Square(Expr action, String sub) implements Expr {
    }

    /** {@code UNCHANGED <<a, b>>}. */
    record Unchanged(List<String> vars) implements Expr {
        public Unchanged {
            vars = List.copyOf(vars);
        }
    }

    /** {@code \E x \in S : body} or {@code \A x \in S : body}. */
    record Quant(boolean exists, String var, Expr domain, Expr body) implements Expr {
    }

    /** {@code CASE a -> x [] b -> y [] OTHER -> z} on one line ({@code other} may be null). */
    record Case(List<Arm> arms, Expr other) implements Expr {
        public Case {
            arms = List.copyOf(arms);
        }
    }

    record Arm(Expr guard, Expr value) {
    }

    /** {@code LET name == def IN} and, on the next line, {@code body}. */
    record Let(String name, Expr def, Expr body) implements Expr {
    }

    /** {@code IF cond}, then {@code THEN then} and {@code ELSE otherwise} on lines of their own, indented. */
    record IfBlock(Expr cond, Expr then, Expr otherwise) implements Expr {
    }

    /**
     * A bulleted list: each item on a line of its own after {@code op} ({@code /\\} or {@code \\/}), the bullets
     * aligned, an item's own lines indented past its bullet.
     */
    record Bullets(String op, List<Expr> items) implements Expr {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** {@code CASE a -> x}, then {@code [] b -> y} (and {@code [] OTHER -> z}) on lines of their own. */
    record CaseBlock(List<Arm> arms, Expr other) implements Expr {
        public CaseBlock {
            arms = List.copyOf(arms);
        }
    }

    // ------------------------------------------------------------------ building

    /** "no context" / "nothing". */
    Str NONE = new Str("none");
    Id SELF = new Id("self");
    /** {@code @}, the old value in an EXCEPT clause. */
    Id AT = new Id("@");
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);

    static Id id(String name) {
        return new Id(name);
    }

    static Str str(String value) {
        return new Str(value);
    }

    static Num num(long value) {
        return new Num(value);
    }

    static Expr dot(Expr record, String field) {
        return new Dot(record, field);
    }

    static Expr index(Expr fn, Expr arg) {
        return new Index(fn, arg);
    }

    /** {@code fn["key"]}. */
    static Expr index(Expr fn, String key) {
        return new Index(fn, new Str(key));
    }

    static Expr apply(String op, Expr... args) {
        return new Apply(op, List.of(args));
    }

    static Expr eq(Expr a, Expr b) {
        return new Infix("=", a, b);
    }

    static Expr neq(Expr a, Expr b) {
        return new Infix("#", a, b);
    }

    static Expr in(Expr a, Expr b) {
        return new Infix("\\in", a, b);
    }

    /** {@code Op(a, b)} where every argument is a string literal. */
    static Expr call(String op, String... strings) {
        List<Expr> args = new java.util.ArrayList<>();
        for (String x : strings) {
            args.add(new Str(x));
        }
        return new Apply(op, args);
    }

    static Expr and(Expr... items) {
        return new Junction("/\\", List.of(items));
    }

    static Expr or(Expr... items) {
        return new Junction("\\/", List.of(items));
    }

    static Expr infix(String op, Expr a, Expr b) {
        return new Infix(op, a, b);
    }

    static Expr not(Expr e) {
        return new Prefix("~", e);
    }

    static Expr paren(Expr e) {
        return new Paren(e);
    }

    static Expr ite(Expr cond, Expr then, Expr otherwise) {
        return new Ite(cond, then, otherwise);
    }

    static Expr set(Expr... items) {
        return new SetOf(List.of(items));
    }

    /** A set of string literals. */
    static Expr strings(Iterable<String> items) {
        List<Expr> l = new java.util.ArrayList<>();
        items.forEach(i -> l.add(new Str(i)));
        return new SetOf(l);
    }

    /**
     * {@code [r \in Ctx |-> @[r] \ {who}]}: the function over the contexts the EXCEPT clause updates, with
     * {@code who} taken out of each context's set (a reader leaving every grace period, a writer every queued
     * reader's writers ahead).
     */
    static Expr dropFromEach(Expr who) {
        return new FnOf("r", id("Ctx"), infix("\\", index(AT, id("r")), set(who)));
    }

    /** An EXCEPT clause {@code !path = value}; the path's strings are fields, its expressions keys. */
    static Update update(Expr value, Object... path) {
        List<Sel> sels = new java.util.ArrayList<>();
        for (Object p : path) {
            sels.add(p instanceof String f ? new Member(f) : new Key((Expr) p));
        }
        return new Update(sels, value);
    }

    /** The clause {@code ![key].field = value}. */
    static Update at(String key, String field, Expr value) {
        return update(value, new Str(key), field);
    }

    /** The clause {@code !.field = value}. */
    static Update field(String field, Expr value) {
        return update(value, field);
    }

    /** A whole new value (no EXCEPT). */
    static Update whole(Expr value) {
        return new Update(List.of(), value);
    }

    private static List<Expr> bindAll(List<Expr> es, String name, Expr value) {
        return es.stream().map(e -> bind(e, name, value)).toList();
    }

    private static List<Arm> bindArms(List<Arm> arms, String name, Expr value) {
        return arms.stream().map(a -> new Arm(bind(a.guard(), name, value), bind(a.value(), name, value))).toList();
    }

    private static Update bindUpdate(Update u, String name, Expr value) {
        List<Sel> path = u.path().stream().map(s -> s instanceof Key k ? (Sel) new Key(bind(k.key(), name, value)) : s)
                .toList();
        return new Update(path, bind(u.value(), name, value));
    }

    /** {@code body} as {@link #bind} rewrites it within a binder of {@code var}: unchanged where var is name. */
    private static Expr bindUnder(String var, Expr body, String name, Expr value) {
        return var.equals(name) ? body : bind(body, name, value);
    }

    /**
     * The direct sub-expressions of {@code e}, in the order the tree holds them (an EXCEPT's keys and values, a
     * CASE's guards and values), for walks over a whole formula.
     */
    static List<Expr> children(Expr e) {
        List<Expr> out = new java.util.ArrayList<>();
        if (e instanceof Dot x) {
            out.add(x.record());
        } else if (e instanceof Index x) {
            out.add(x.fn());
            out.add(x.arg());
        } else if (e instanceof Apply x) {
            out.addAll(x.args());
        } else if (e instanceof Infix x) {
            out.add(x.left());
            out.add(x.right());
        } else if (e instanceof Junction x) {
            out.addAll(x.items());
        } else if (e instanceof Prefix x) {
            out.add(x.operand());
        } else if (e instanceof Paren x) {
            out.add(x.inner());
        } else if (e instanceof Ite x) {
            out.addAll(List.of(x.cond(), x.then(), x.otherwise()));
        } else if (e instanceof SetOf x) {
            out.addAll(x.items());
        } else if (e instanceof Tuple x) {
            out.addAll(x.items());
        } else if (e instanceof Rec x) {
            x.fields().forEach(f -> out.add(f.value()));
        } else if (e instanceof FnOf x) {
            out.add(x.domain());
            out.add(x.body());
        } else if (e instanceof Except x) {
            out.add(x.base());
            for (Update u : x.updates()) {
                u.path().forEach(sel -> {
                    if (sel instanceof Key k) {
                        out.add(k.key());
                    }
                });
                out.add(u.value());
            }
        } else if (e instanceof Angle x) {
            out.add(x.action());
        } else if (e instanceof Square x) {
            out.add(x.action());
        } else if (e instanceof SetMap x) {
            out.add(x.expr());
            out.add(x.domain());
        } else if (e instanceof Filter x) {
            out.add(x.domain());
            out.add(x.cond());
        } else if (e instanceof Quant x) {
            out.add(x.domain());
            out.add(x.body());
        } else if (e instanceof Case x) {
            x.arms().forEach(a -> out.addAll(List.of(a.guard(), a.value())));
            if (x.other() != null) {
                out.add(x.other());
            }
        } else if (e instanceof Let x) {
            out.add(x.def());
            out.add(x.body());
        } else if (e instanceof IfBlock x) {
            out.addAll(List.of(x.cond(), x.then(), x.otherwise()));
        } else if (e instanceof Bullets x) {
            out.addAll(x.items());
        } else if (e instanceof CaseBlock x) {
            x.arms().forEach(a -> out.addAll(List.of(a.guard(), a.value())));
            if (x.other() != null) {
                out.add(x.other());
            }
        }
        return out;
    }

    /** {@code e} with {@code self} replaced by {@code ctx}: a step, or its guard, as it reads for one context. */
    static Expr withSelf(Expr e, Expr ctx) {
        return bind(e, SELF.name(), ctx);
    }

    /**
     * {@code e} with each free occurrence of the name {@code name} replaced by {@code value}: {@code self} bound to
     * one context. A quantifier, function or LET that binds {@code name} itself keeps it within its scope.
     */
    static Expr bind(Expr e, String name, Expr value) {
        if (e instanceof Id x) {
            return x.name().equals(name) ? value : x;
        } else if (e instanceof Str || e instanceof Num || e instanceof Bool || e instanceof Primed
                || e instanceof Unchanged) {
            return e;
        } else if (e instanceof Dot x) {
            return new Dot(bind(x.record(), name, value), x.field());
        } else if (e instanceof Index x) {
            return new Index(bind(x.fn(), name, value), bind(x.arg(), name, value));
        } else if (e instanceof Apply x) {
            return new Apply(x.op(), bindAll(x.args(), name, value));
        } else if (e instanceof Infix x) {
            return new Infix(x.op(), bind(x.left(), name, value), bind(x.right(), name, value));
        } else if (e instanceof Junction x) {
            return new Junction(x.op(), bindAll(x.items(), name, value));
        } else if (e instanceof Prefix x) {
            return new Prefix(x.op(), bind(x.operand(), name, value));
        } else if (e instanceof Paren x) {
            return new Paren(bind(x.inner(), name, value));
        } else if (e instanceof Ite x) {
            return new Ite(bind(x.cond(), name, value), bind(x.then(), name, value), bind(x.otherwise(), name, value));
        } else if (e instanceof SetOf x) {
            return new SetOf(bindAll(x.items(), name, value));
        } else if (e instanceof Tuple x) {
            return new Tuple(bindAll(x.items(), name, value));
        } else if (e instanceof Rec x) {
            return new Rec(x.fields().stream().map(f -> new Field(f.name(), bind(f.value(), name, value))).toList());
        } else if (e instanceof FnOf x) {
            return new FnOf(x.var(), bind(x.domain(), name, value), bindUnder(x.var(), x.body(), name, value));
        } else if (e instanceof Except x) {
            return new Except(bind(x.base(), name, value),
                    x.updates().stream().map(u -> bindUpdate(u, name, value)).toList());
        } else if (e instanceof Angle x) {
            return new Angle(bind(x.action(), name, value), x.sub());
        } else if (e instanceof Square x) {
            return new Square(bind(x.action(), name, value), x.sub());
        } else if (e instanceof SetMap x) {
            return new SetMap(bindUnder(x.var(), x.expr(), name, value), x.var(), bind(x.domain(), name, value));
        } else if (e instanceof Filter x) {
            return new Filter(x.var(), bind(x.domain(), name, value), bindUnder(x.var(), x.cond(), name, value));
        } else if (e instanceof Quant x) {
            return new Quant(x.exists(), x.var(), bind(x.domain(), name, value),
                    bindUnder(x.var(), x.body(), name, value));
        } else if (e instanceof Case x) {
            return new Case(bindArms(x.arms(), name, value), x.other() == null ? null : bind(x.other(), name, value));
        } else if (e instanceof Let x) {
            return new Let(x.name(), bind(x.def(), name, value), bindUnder(x.name(), x.body(), name, value));
        } else if (e instanceof IfBlock x) {
            return new IfBlock(bind(x.cond(), name, value), bind(x.then(), name, value),
                    bind(x.otherwise(), name, value));
        } else if (e instanceof Bullets x) {
            return new Bullets(x.op(), bindAll(x.items(), name, value));
        } else if (e instanceof CaseBlock x) {
            return new CaseBlock(bindArms(x.arms(), name, value),
                    x.other() == null ? null : bind(x.other(), name, value));
        }
        throw new IllegalStateException("a kind of node bind does not know: " + e.getClass().getSimpleName());
    }
}
