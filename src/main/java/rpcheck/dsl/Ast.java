package rpcheck.dsl;

import java.util.ArrayList;
import java.util.List;

import rpcheck.diag.Span;

/** The syntax tree of one DSL file, exactly as written (names unresolved). */
public final class Ast {
    private Ast() {
    }

    /** A name as written, with its position. */
    public record Ident(String text, Span span) {
    }

    /** A whole file: a {@code model} or a {@code variant ... extends ...}, then declarations. */
    public record SpecFile(Header header, List<Decl> decls) {
        public SpecFile {
            decls = List.copyOf(decls);
        }
    }

    /**
     * {@code model NAME "title"}, {@code variant NAME extends BASE "title"} or {@code variant NAME extends "PATH"
     * "title"} (base is null for a model). {@code baseIsPath}: the base was given as a file path (relative to the
     * spec's folder), not as a variant name.
     */
    public record Header(Ident name, Ident base, String title, Span span, boolean baseIsPath) {
        public Header(Ident name, Ident base, String title, Span span) {
            this(name, base, title, span, false);
        }
    }

    // ---------------------------------------------------------------- declarations

    public sealed interface Decl permits Bound, Controller, Flag, Counter, Var, EnumDecl, Lock, ObjectDecl, Workqueue,
            RequestQueue, Request, RequestField, Work, Context, Lldd, Event, Fn, Remove {
        Ident name();
    }

    /** {@code bound NAME = INT}: a bound on the environment; a variant or --bound may override it. */
    /**
     * {@code bound NAME = N [(PROPERTY: N, ...)]}: an environment bound, with other values for the TLC runs of some
     * properties ({@code perProperty}: property name -> value, in source order).
     */
    public record Bound(Ident name, long value, Span valueSpan, List<PropertyValue> perProperty) implements Decl {
        public Bound {
            perProperty = List.copyOf(perProperty);
        }
    }

    /** {@code PROPERTY: N} in a bound's parentheses. */
    public record PropertyValue(Ident property, long value) {
    }

    /** {@code controller NAME = STATE}: an nvme_ctrl whose state follows core.c's nvme_change_ctrl_state. */
    public record Controller(Ident name, Ident initial) implements Decl {
    }

    /** {@code flag NAME [= true|false]}: one bit of a flags word. */
    public record Flag(Ident name, boolean initial) implements Decl {
    }

    /** {@code counter NAME [= INT]}: a shared integer such as iocnt. */
    /** {@code counter} or, with {@code kref}, a reference count: dropping it to 0 frees the controller. */
    public record Counter(Ident name, long initial, boolean kref) implements Decl {
    }

    /**
     * {@code var NAME = EXPR [in CTRL]}: a shared scalar (bool, int or enum value); {@code in CTRL}: it is memory of
     * the controller (freed with it: UseAfterFree), {@code owner} null otherwise.
     */
    public record Var(Ident name, Expr initial, Ident owner) implements Decl {
        public Var(Ident name, Expr initial) {
            this(name, initial, null);
        }
    }

    /** {@code enum NAME { A, B, C }}: symbolic values. */
    public record EnumDecl(Ident name, List<Ident> values) implements Decl {
        public EnumDecl {
            values = List.copyOf(values);
        }
    }

    /** {@code spinlock NAME [in CTRL]} ({@code in CTRL}: the lock is in the controller's memory, as ctrl->lock). */
    public record Lock(Ident name, Ident owner) implements Decl {
        public Lock(Ident name) {
            this(name, null);
        }
    }

    /**
     * {@code mutex m}, {@code completion c}, {@code srcu s}, {@code timer t runs fn}: a kernel object of a kind the
     * primitive catalogue defines (its state, and the primitives that take it); {@code owner}: the controller after
     * {@code in} (the object is memory of the controller, freed with it), or null.
     */
    public record ObjectDecl(Ident name, String kind, Ident runs, Ident owner) implements Decl {
    }

    /** {@code workqueue NAME [workers N]}. */
    public record Workqueue(Ident name, int workers, Span workersSpan) implements Decl {
    }

    /**
     * {@code request_queue NAME timeout FN [queue_rq FN]}: a blk-mq queue and its tag set's ->timeout and
     * ->queue_rq handlers (queue_rq may be null).
     */
    public record RequestQueue(Ident name, Ident timeoutFn, Ident queueRqFn, Ident completeFn, boolean blocking)
            implements Decl {
    }

    /** {@code request NAME on QUEUE}: one request (tag) of the queue. */
    public record Request(Ident name, Ident queue) implements Decl {
    }

    /**
     * {@code request_field NAME = EXPR [in CTRL]}: a per-request driver field (the request's pdu); {@code in CTRL}:
     * its memory is freed with the controller (the tag set's pdu, or an op embedded in the controller).
     */
    public record RequestField(Ident name, Expr initial, Ident owner) implements Decl {
        public RequestField(Ident name, Expr initial) {
            this(name, initial, null);
        }
    }

    /** {@code work NAME on WQ runs FN} or {@code delayed_work ...}. */
    public record Work(Ident name, boolean delayed, Ident workqueue, Ident handler) implements Decl {
    }

    /** {@code context NAME kind KIND [runs FN]}. */
    public record Context(Ident name, Ident kind, Ident runs) implements Decl {
    }

    /** {@code lldd CONTEXT done FN}: the LLDD completes requests by calling FN(rq) in CONTEXT. */
    public record Lldd(Ident name, Ident doneFn) implements Decl {
    }

    /**
     * {@code event NAME max BOUND KIND}: an environment event. KIND is {@code request_timeout},
     * {@code lldd_error}, {@code in CONTEXT calls FN()} or {@code on WQ calls FN()}; then optionally
     * {@code when EXPR} (the event can happen only while EXPR holds), {@code fails association}, and
     * {@code workload} (not a fault: not counted in the {@code events} bound).
     */
    public record Event(Ident name, Expr max, Ident kind, Ident where, Ident fn, Expr when, boolean failsAssociation,
            boolean workload) implements Decl {
    }

    /** {@code fn NAME(PARAMS) [sleeps] from "FILE" [patch "HUNK"] { BODY }}. */
    public record Fn(Ident name, List<Ident> params, boolean sleeps, String source, String patch, Block body,
            Span span) implements Decl {
        public Fn {
            params = List.copyOf(params);
        }
    }

    /** {@code remove work|fn|event NAME}: a variant deletes something of its base. */
    public record Remove(Ident what, Ident name) implements Decl {
    }

    // ---------------------------------------------------------------- statements

    public sealed interface Stmt permits Let, Assign, If, Return, For, CallStmt, Block, Assert {
        Span span();
    }

    public record Block(List<Stmt> stmts, Span span) implements Stmt {
        public Block {
            stmts = List.copyOf(stmts);
        }
    }

    /** {@code let NAME = EXPR}: a local of the function. */
    public record Let(Ident name, Expr value, Span span) implements Stmt {
    }

    /** {@code TARGET = EXPR}, {@code TARGET += EXPR}, {@code TARGET -= EXPR}. */
    public record Assign(Expr target, String op, Expr value, Span span) implements Stmt {
    }

    /** {@code if COND { } [else ...]}; the else branch is a Block or another If. */
    public record If(Expr cond, Block then, Stmt otherwise, Span span) implements Stmt {
    }

    /** {@code assert PROPERTY: cond}: the property is violated if cond is false when this point is reached. */
    public record Assert(Ident property, Expr cond, Span span) implements Stmt {
    }

    public record Return(Expr value, Span span) implements Stmt {
    }

    /** {@code for NAME in requests(QUEUE) { }}: unrolled over the declared requests. */
    public record For(Ident var, Call set, Block body, Span span) implements Stmt {
    }

    public record CallStmt(Call call, Span span) implements Stmt {
    }

    // ---------------------------------------------------------------- expressions

    public sealed interface Expr permits IntLit, BoolLit, StrLit, Name, Field, Unary, Binary, Call {
        Span span();
    }

    public record IntLit(long value, Span span) implements Expr {
    }

    public record BoolLit(boolean value, Span span) implements Expr {
    }

    public record StrLit(String value, Span span) implements Expr {
    }

    public record Name(Ident ident) implements Expr {
        @Override
        public Span span() {
            return ident.span();
        }
    }

    /** {@code TARGET.FIELD}, e.g. {@code rq.op} or {@code ctrl.state}. */
    public record Field(Expr target, Ident field, Span span) implements Expr {
    }

    public record Unary(String op, Expr operand, Span span) implements Expr {
    }

    public record Binary(String op, Expr left, Expr right, Span span) implements Expr {
    }

    public record Call(Ident fn, List<Expr> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code root} and every statement and expression inside it, parents before children, in source order.
     *
     * @param root a {@link Stmt} or an {@link Expr}
     */
    public static List<Object> nodes(Object root) {
        List<Object> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Object node, List<Object> out) {
        if (node == null) {
            return;
        }
        out.add(node);
        if (node instanceof Block b) {
            b.stmts().forEach(st -> collect(st, out));
        } else if (node instanceof Let l) {
            collect(l.value(), out);
        } else if (node instanceof Assign a) {
            collect(a.target(), out);
            collect(a.value(), out);
        } else if (node instanceof If i) {
            collect(i.cond(), out);
            collect(i.then(), out);
            collect(i.otherwise(), out);
        } else if (node instanceof Assert a) {
            collect(a.cond(), out);
        } else if (node instanceof Return r) {
            collect(r.value(), out);
        } else if (node instanceof For f) {
            collect(f.set(), out);
            collect(f.body(), out);
        } else if (node instanceof CallStmt cs) {
            collect(cs.call(), out);
        } else if (node instanceof Field f) {
            collect(f.target(), out);
        } else if (node instanceof Unary u) {
            collect(u.operand(), out);
        } else if (node instanceof Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (node instanceof Call c) {
            c.args().forEach(a -> collect(a, out));
        } else if (!(node instanceof IntLit || node instanceof BoolLit || node instanceof StrLit
                || node instanceof Name)) {
            throw new IllegalArgumentException("not a statement or expression: " + node);
        }
    }
}
