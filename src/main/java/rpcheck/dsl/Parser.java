package rpcheck.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.Span;
import rpcheck.dsl.Ast.*;

/**
 * Recursive-descent parser; one method per grammar rule (see docs/dsl.md). Declaration keywords are
 * contextual, so kernel names such as {@code timeout} or {@code done} stay usable as identifiers.
 * On an error it reports, skips to the next declaration or statement and goes on, so one typo gives
 * one error.
 */
public final class Parser {
    private static final Set<String> DECL_KEYWORDS = Set.of("bound", "controller", "flag", "counter", "kref", "var",
            "enum", "spinlock", "mutex", "completion", "srcu", "rw_semaphore", "timer", "workqueue", "request_queue", "request", "request_field", "work", "delayed_work",
            "context", "lldd", "event", "fn", "remove");

    /** Deepest nesting of blocks, parentheses and operators the parser accepts (the later phases recurse). */
    public static final int MAX_DEPTH = 100;

    private final List<Token> tokens;
    private final Diagnostics diags;
    private int current;
    /** how deep the parser's own recursion is (blocks, statements, parenthesised and unary expressions) */
    private int depth;
    /** the depth of each expression tree built from operators, calls and fields (leaves are 1) */
    private final java.util.IdentityHashMap<Expr, Integer> exprDepth = new java.util.IdentityHashMap<>();
    /** the function whose body was too deep, kept with an empty body */
    private Fn tooDeepIn;

    private static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Nesting beyond {@link #MAX_DEPTH}: reported once, and the rest of the file is skipped. */
    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    public Parser(List<Token> tokens, Diagnostics diags) {
        this.tokens = tokens;
        this.diags = diags;
    }

    public SpecFile parse() {
        Header header = header();
        List<Decl> decls = new ArrayList<>();
        while (!isAtEnd()) {
            try {
                declaration(decls);
            } catch (ParseError e) {
                synchronizeDecl();
            } catch (TooDeep e) {
                if (tooDeepIn != null) {
                    decls.add(tooDeepIn); // keep the function (empty), so that it is not also reported unknown
                }
                current = tokens.size() - 1;
            }
        }
        return new SpecFile(header, decls);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            Token t = peek();
            diags.error(DiagnosticCode.TOO_DEEP, t.span(),
                    "nesting is deeper than " + MAX_DEPTH + " levels here (blocks, parentheses and operators)",
                    "split the code into functions or simplify the expression; the rest of this file is not checked");
            throw new TooDeep();
        }
    }

    private void leave() {
        depth--;
    }

    /** Records the depth of an expression built from {@code parts}; reports one deeper than the limit. */
    private <E extends Expr> E built(E e, Expr... parts) {
        int d = 0;
        for (Expr p : parts) {
            d = Math.max(d, exprDepth.getOrDefault(p, 1));
        }
        exprDepth.put(e, d + 1);
        if (d + 1 > MAX_DEPTH) {
            diags.error(DiagnosticCode.TOO_DEEP, e.span(),
                    "this expression nests more than " + MAX_DEPTH + " operators, calls or fields deep",
                    "split it with 'let' locals or into functions; the rest of this file is not checked");
            throw new TooDeep();
        }
        return e;
    }

    // ------------------------------------------------------------------ header and declarations

    private Header header() {
        Token first = peek();
        try {
            if (checkWord("model")) {
                advance();
                Ident name = ident("model name");
                String title = check(TokenKind.STRING) ? advance().text() : "";
                return new Header(name, null, title, first.span());
            }
            if (checkWord("variant")) {
                advance();
                Ident name = ident("variant name");
                expectWord("extends", "after the variant name");
                boolean path = check(TokenKind.STRING);
                Ident base;
                if (path) {
                    Token t = advance();
                    base = new Ident(t.text(), t.span());
                } else {
                    base = ident("the name of the model or variant it extends, or its file as a string");
                }
                String title = check(TokenKind.STRING) ? advance().text() : "";
                return new Header(name, base, title, first.span(), path);
            }
            throw error(first, DiagnosticCode.EXPECTED_DECLARATION,
                    "expected 'model NAME' or 'variant NAME extends BASE' at the start of the file, found " + first,
                    "every spec file starts with its header, e.g. 'model nvme_fc \"...\"'");
        } catch (ParseError e) {
            synchronizeDecl();
            return new Header(new Ident("?", first.span()), null, "", first.span());
        }
    }

    private void declaration(List<Decl> out) {
        Token t = peek();
        if (t.kind() != TokenKind.IDENT || !DECL_KEYWORDS.contains(t.text())) {
            throw error(t, DiagnosticCode.EXPECTED_DECLARATION, "expected a declaration, found " + t,
                    "declarations start with one of: " + String.join(", ", DECL_KEYWORDS.stream().sorted().toList()));
        }
        advance();
        switch (t.text()) {
            case "bound" -> {
                Ident name = ident("bound name");
                expect(TokenKind.ASSIGN, "after the bound name");
                Token v = expect(TokenKind.INT, "as the bound's value");
                List<PropertyValue> per = new ArrayList<>();
                if (match(TokenKind.LPAREN)) {
                    do {
                        Ident p = ident("a property name: 'bound NAME = N (PROPERTY: N, ...)'");
                        expect(TokenKind.COLON, "after the property name");
                        Token pv = expect(TokenKind.INT, "as the bound's value for that property");
                        per.add(new PropertyValue(p, number(pv)));
                    } while (match(TokenKind.COMMA));
                    expect(TokenKind.RPAREN, "to close the per-property values");
                }
                out.add(new Bound(name, number(v), v.span(), per));
            }
            case "controller" -> {
                Ident name = ident("controller name");
                expect(TokenKind.ASSIGN, "after the controller name");
                out.add(new Controller(name, ident("initial controller state, e.g. NEW or LIVE")));
            }
            case "flag" -> {
                do {
                    Ident name = ident("flag name");
                    boolean init = false;
                    if (match(TokenKind.ASSIGN)) {
                        init = bool();
                    }
                    out.add(new Flag(name, init));
                } while (match(TokenKind.COMMA));
            }
            case "counter", "kref" -> {
                boolean kref = t.text().equals("kref");
                do {
                    Ident name = ident(kref ? "reference count name" : "counter name");
                    long init = kref ? 1 : 0;
                    if (match(TokenKind.ASSIGN)) {
                        init = number(expect(TokenKind.INT, "as the initial value"));
                    }
                    out.add(new Counter(name, init, kref));
                } while (match(TokenKind.COMMA));
            }
            case "var" -> {
                Ident name = ident("variable name");
                expect(TokenKind.ASSIGN, "after the variable name (a var needs an initial value)");
                Expr init = expression();
                out.add(new Var(name, init, owner()));
            }
            case "enum" -> {
                Ident name = ident("enum name");
                expect(TokenKind.LBRACE, "after the enum name");
                List<Ident> values = new ArrayList<>();
                do {
                    values.add(ident("enum value"));
                } while (match(TokenKind.COMMA));
                expect(TokenKind.RBRACE, "after the enum values");
                out.add(new EnumDecl(name, values));
            }
            case "spinlock" -> {
                do {
                    Ident name = ident("spinlock name");
                    out.add(new Lock(name, owner()));
                } while (match(TokenKind.COMMA));
            }
            case "timer" -> {
                Ident name = ident("timer name");
                expectWord("runs", "after the timer name: 'timer t runs callback'");
                Ident runs = ident("the timer's callback function");
                out.add(new ObjectDecl(name, "timer", runs, owner()));
            }
            case "mutex", "completion", "srcu", "rw_semaphore" -> {
                String kind = t.text();
                do {
                    Ident name = ident(kind + " name");
                    out.add(new ObjectDecl(name, kind, null, owner()));
                } while (match(TokenKind.COMMA));
            }
            case "workqueue" -> {
                Ident name = ident("workqueue name");
                int workers = 1;
                Span ws = name.span();
                if (matchWord("workers")) {
                    Token n = expect(TokenKind.INT, "as the number of workers");
                    workers = (int) number(n);
                    ws = n.span();
                }
                out.add(new Workqueue(name, workers, ws));
            }
            case "request_queue" -> {
                Ident name = ident("request queue name");
                expectWord("timeout", "after the queue name: 'request_queue NAME timeout HANDLER'");
                Ident timeout = ident("timeout handler (the tag set's ->timeout)");
                // the tag set's other parts, each at most once, in any order
                Ident queueRq = null;
                Ident complete = null;
                boolean blocking = false; // BLK_MQ_F_BLOCKING: ->queue_rq may sleep
                while (true) {
                    if (queueRq == null && matchWord("queue_rq")) {
                        queueRq = ident("the tag set's ->queue_rq handler");
                    } else if (complete == null && matchWord("complete")) {
                        complete = ident("the tag set's ->complete handler");
                    } else if (!blocking && matchWord("blocking")) {
                        blocking = true;
                    } else {
                        break;
                    }
                }
                out.add(new RequestQueue(name, timeout, queueRq, complete, blocking));
                for (String again : List.of("queue_rq", "complete", "blocking")) {
                    if (checkWord(again)) {
                        // reported, the queue kept as declared so far (no follow-on 'unknown' errors), the rest skipped
                        error(peek(), DiagnosticCode.EXPECTED_TOKEN, "'" + again + "' given twice for request_queue '"
                                + name.text() + "'", "give each of queue_rq, complete and blocking at most once");
                        synchronizeDecl();
                        break;
                    }
                }
            }
            case "request" -> {
                Ident name = ident("request name");
                expectWord("on", "after the request name: 'request NAME on QUEUE'");
                out.add(new Request(name, ident("request queue")));
            }
            case "request_field" -> {
                Ident name = ident("request field name");
                expect(TokenKind.ASSIGN, "after the field name (a field needs an initial value)");
                Expr init = expression();
                out.add(new RequestField(name, init, owner()));
            }
            case "work", "delayed_work" -> {
                Ident name = ident("work item name");
                expectWord("on", "after the work name: 'work NAME on WORKQUEUE runs HANDLER'");
                Ident wq = ident("workqueue");
                expectWord("runs", "after the workqueue: 'work NAME on WORKQUEUE runs HANDLER'");
                out.add(new Work(name, t.text().equals("delayed_work"), wq, ident("handler function")));
            }
            case "context" -> {
                Ident name = ident("context name");
                expectWord("kind", "after the context name: 'context NAME kind process|lldd|irq'");
                Ident kind = ident("context kind");
                Ident runs = null;
                if (matchWord("runs")) {
                    runs = ident("function the context runs once");
                    if (match(TokenKind.LPAREN)) {
                        expect(TokenKind.RPAREN, "entry functions take no arguments");
                    }
                }
                out.add(new Context(name, kind, runs));
            }
            case "lldd" -> {
                Ident ctx = ident("context the LLDD completes requests in");
                expectWord("done", "after the context: 'lldd CONTEXT done FN'");
                out.add(new Lldd(ctx, ident("completion callback (fcp_req.done)")));
            }
            case "event" -> out.add(event());
            case "fn" -> out.add(function(t));
            case "remove" -> {
                Ident what = ident("'work', 'fn' or 'event'");
                out.add(new Remove(what, ident("name to remove")));
            }
            default -> throw new IllegalStateException("internal error: keyword " + t.text());
        }
        match(TokenKind.SEMI);
    }

    private Event event() {
        Ident name = ident("event name");
        expectWord("max", "after the event name: 'event NAME max BOUND ...'");
        Expr max = primary();
        Ident kind = ident("'request_timeout', 'lldd_error', 'in CONTEXT calls FN()' or 'on WQ calls FN()'");
        Ident where = null;
        Ident fn = null;
        if (kind.text().equals("in") || kind.text().equals("on")) {
            where = ident(kind.text().equals("in") ? "context" : "workqueue");
            expectWord("calls", "after the context or workqueue");
            fn = ident("function the event calls");
            expect(TokenKind.LPAREN, "after the function name");
            expect(TokenKind.RPAREN, "event handlers take no arguments");
        }
        Expr when = matchWord("when") ? expression() : null;
        boolean fails = false;
        if (matchWord("fails")) {
            expectWord("association", "after 'fails': 'fails association' (the event kills the current association)");
            fails = true;
        }
        boolean workload = matchWord("workload");
        return new Event(name, max, kind, where, fn, when, fails, workload);
    }

    private Fn function(Token fnToken) {
        Ident name = ident("function name");
        expect(TokenKind.LPAREN, "after the function name");
        List<Ident> params = new ArrayList<>();
        if (!check(TokenKind.RPAREN)) {
            do {
                params.add(ident("parameter name"));
            } while (match(TokenKind.COMMA));
        }
        expect(TokenKind.RPAREN, "after the parameters");
        boolean sleeps = matchWord("sleeps");
        String source = null;
        if (matchWord("from")) {
            source = expect(TokenKind.STRING, "after 'from': the kernel source file, e.g. \"drivers/nvme/host/fc.c\"")
                    .text();
        }
        String patch = null;
        if (matchWord("patch")) {
            patch = expect(TokenKind.STRING, "after 'patch': the hunk this function comes from").text();
        }
        Block body;
        try {
            body = block();
        } catch (TooDeep e) {
            tooDeepIn = new Fn(name, params, sleeps, source, patch, new Block(List.of(), name.span()),
                    fnToken.span().to(name.span()));
            throw e;
        }
        return new Fn(name, params, sleeps, source, patch, body, fnToken.span().to(name.span()));
    }

    // ------------------------------------------------------------------ statements

    private Block block() {
        enter();
        try {
            return blockBody();
        } finally {
            leave();
        }
    }

    private Block blockBody() {
        Token open = expect(TokenKind.LBRACE, "to open a block");
        List<Stmt> stmts = new ArrayList<>();
        while (!check(TokenKind.RBRACE) && !isAtEnd()) {
            if (checkDeclStart()) {
                break;
            }
            try {
                stmts.add(statement());
                match(TokenKind.SEMI);
            } catch (ParseError e) {
                synchronizeStmt();
            }
        }
        if (!check(TokenKind.RBRACE)) {
            // the file ends, or the next declaration starts, inside the block: report the missing '}' and keep
            // what was parsed, so that the function is not reported as unknown too
            Token at = isAtEnd() || current == 0 ? peek() : tokens.get(current - 1);
            Span where = isAtEnd() ? eofSpan(at) : new Span(at.span().file(), at.span().end(), at.span().end());
            diags.error(DiagnosticCode.EXPECTED_TOKEN, where, "expected '}' to close the block opened at line "
                    + open.span().line() + ", found " + peek(), "add '}' where the block ends");
            Span end = stmts.isEmpty() ? open.span() : stmts.get(stmts.size() - 1).span();
            return new Block(stmts, open.span().to(end));
        }
        Token close = advance();
        return new Block(stmts, open.span().to(close.span()));
    }

    private Stmt statement() {
        enter();
        try {
            return statementBody();
        } finally {
            leave();
        }
    }

    private Stmt statementBody() {
        Token t = peek();
        if (checkWord("let")) {
            advance();
            Ident name = ident("local variable name");
            expect(TokenKind.ASSIGN, "after the local's name");
            Expr value = expression();
            return new Let(name, value, t.span().to(value.span()));
        }
        if (checkWord("if")) {
            return ifStatement();
        }
        if (checkWord("return")) {
            advance();
            Token next = peek();
            if (next.kind() != TokenKind.RBRACE && next.kind() != TokenKind.SEMI && next.kind() != TokenKind.EOF
                    && next.span().line() == t.span().line()) {
                Expr value = expression();
                return new Return(value, t.span().to(value.span()));
            }
            return new Return(null, t.span());
        }
        if (checkWord("assert") && peekNext().kind() == TokenKind.IDENT) {
            advance();
            Ident prop = ident("property name");
            expect(TokenKind.COLON, "after the property name: 'assert IoAccounting: CONDITION'");
            Expr cond = expression();
            return new Assert(prop, cond, t.span().to(cond.span()));
        }
        if (checkWord("for")) {
            advance();
            Ident var = ident("loop variable");
            expectWord("in", "after the loop variable: 'for rq in requests(QUEUE) { ... }'");
            Expr set = postfix();
            if (!(set instanceof Call c)) {
                throw error(peek(), DiagnosticCode.EXPECTED_TOKEN,
                        "expected 'requests(QUEUE)' after 'in'", "loops run over the declared requests of a queue");
            }
            Block body = block();
            return new For(var, c, body, t.span().to(body.span()));
        }
        if (t.kind() == TokenKind.LBRACE) {
            return block();
        }
        if (t.kind() == TokenKind.IDENT && C_ONLY.containsKey(t.text())) {
            return cOnly(t);
        }
        if (t.kind() != TokenKind.IDENT) {
            throw error(t, DiagnosticCode.EXPECTED_STATEMENT, "expected a statement, found " + t,
                    "statements are calls, 'let', assignments, 'if', 'for' and 'return'");
        }
        Expr target = postfix();
        if (check(TokenKind.ASSIGN) || check(TokenKind.PLUS_ASSIGN) || check(TokenKind.MINUS_ASSIGN)) {
            Token op = advance();
            Expr value = expression();
            return new Assign(target, op.text(), value, target.span().to(value.span()));
        }
        if (target instanceof Call call) {
            return new CallStmt(call, call.span());
        }
        throw error(peek(), DiagnosticCode.EXPECTED_STATEMENT,
                "expected a call or an assignment, found " + peek(),
                "a statement is e.g. 'queue_work(nvme_wq, connect_work)' or 'iocnt += 1'");
    }

    /** C statements the DSL leaves out, with how a spec says the same. */
    private static final Map<String, String> C_ONLY = Map.of(
            "while", "write a wait for a condition as 'wait_event(COND)', a walk over requests as"
                    + " 'for rq in requests(QUEUE) { ... }', and a bounded retry as its iterations one after another",
            "do", "write a wait for a condition as 'wait_event(COND)', and a bounded retry as its iterations one"
                    + " after another",
            "switch", "write the cases as 'if ... { } else if ... { } else { }'",
            "break", "a 'for' runs over every declared request: put the rest of the body under an 'if'",
            "continue", "a 'for' runs over every declared request: put the rest of the body under an 'if'",
            "goto", "write the error path as an 'if' whose block ends in 'return', or as a function it calls");

    /**
     * A C statement the DSL does not have ({@link #C_ONLY}): reported at its keyword as such, and skipped with
     * its condition and block, so that its braces cause no follow-on errors.
     */
    private Stmt cOnly(Token t) {
        diags.error(DiagnosticCode.EXPECTED_STATEMENT, t.span(), "'" + t.text() + "' is not part of the DSL",
                C_ONLY.get(t.text()));
        advance();
        if (!check(TokenKind.LBRACE) && !check(TokenKind.RBRACE) && peek().span().line() == t.span().line()) {
            if (t.text().equals("while") || t.text().equals("switch")) {
                expression();
            } else {
                synchronizeStmt();
            }
        }
        if (check(TokenKind.LBRACE)) {
            Block b = block();
            if (t.text().equals("do") && checkWord("while")) {
                advance();
                expression();
            }
            return b;
        }
        return new Block(List.of(), t.span());
    }

    private If ifStatement() {
        Token t = advance();
        Expr cond = expression();
        Block then = block();
        Stmt otherwise = null;
        if (matchWord("else")) {
            if (checkWord("if")) {
                enter(); // an else-if chain nests in the tree too
                try {
                    otherwise = ifStatement();
                } finally {
                    leave();
                }
            } else {
                otherwise = block();
            }
        }
        return new If(cond, then, otherwise, t.span().to(otherwise != null ? otherwise.span() : then.span()));
    }

    // ------------------------------------------------------------------ expressions

    private Expr expression() {
        enter();
        try {
            return or();
        } finally {
            leave();
        }
    }

    private Expr or() {
        Expr e = and();
        while (check(TokenKind.OR)) {
            Token op = advance();
            Expr r = and();
            e = built(new Binary(op.text(), e, r, e.span().to(r.span())), e, r);
        }
        return e;
    }

    private Expr and() {
        Expr e = equality();
        while (check(TokenKind.AND)) {
            Token op = advance();
            Expr r = equality();
            e = built(new Binary(op.text(), e, r, e.span().to(r.span())), e, r);
        }
        return e;
    }

    private Expr equality() {
        Expr e = comparison();
        while (check(TokenKind.EQ) || check(TokenKind.NE)) {
            Token op = advance();
            Expr r = comparison();
            e = built(new Binary(op.text(), e, r, e.span().to(r.span())), e, r);
        }
        return e;
    }

    private Expr comparison() {
        Expr e = additive();
        while (check(TokenKind.LT) || check(TokenKind.LE) || check(TokenKind.GT) || check(TokenKind.GE)) {
            Token op = advance();
            Expr r = additive();
            e = built(new Binary(op.text(), e, r, e.span().to(r.span())), e, r);
        }
        return e;
    }

    private Expr additive() {
        Expr e = unary();
        while (check(TokenKind.PLUS) || check(TokenKind.MINUS)) {
            Token op = advance();
            Expr r = unary();
            e = built(new Binary(op.text(), e, r, e.span().to(r.span())), e, r);
        }
        return e;
    }

    private Expr unary() {
        if (check(TokenKind.NOT) || check(TokenKind.MINUS)) {
            Token op = advance();
            enter();
            Expr operand;
            try {
                operand = unary();
            } finally {
                leave();
            }
            return built(new Unary(op.text(), operand, op.span().to(operand.span())), operand);
        }
        return postfix();
    }

    private Expr postfix() {
        Expr e = primary();
        while (true) {
            if (check(TokenKind.LPAREN) && e instanceof Name n) {
                advance();
                List<Expr> args = new ArrayList<>();
                if (!check(TokenKind.RPAREN)) {
                    do {
                        args.add(expression());
                    } while (match(TokenKind.COMMA));
                }
                Token close = expect(TokenKind.RPAREN, "after the arguments of '" + n.ident().text() + "'");
                e = built(new Call(n.ident(), args, e.span().to(close.span())), args.toArray(Expr[]::new));
            } else if (match(TokenKind.DOT)) {
                Ident f = ident("field name");
                e = built(new Field(e, f, e.span().to(f.span())), e);
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case INT -> {
                advance();
                return new IntLit(number(t), t.span());
            }
            case STRING -> {
                advance();
                return new StrLit(t.text(), t.span());
            }
            case LPAREN -> {
                advance();
                Expr e = expression();
                expect(TokenKind.RPAREN, "to close the parenthesis");
                return e;
            }
            case IDENT -> {
                advance();
                if (t.text().equals("true") || t.text().equals("false")) {
                    return new BoolLit(t.text().equals("true"), t.span());
                }
                return new Name(new Ident(t.text(), t.span()));
            }
            default -> throw error(t, DiagnosticCode.EXPECTED_EXPRESSION, "expected an expression, found " + t,
                    "an expression is a name, a number, a call such as test_bit(X), or a comparison");
        }
    }

    // ------------------------------------------------------------------ helpers

    private boolean bool() {
        Token t = peek();
        if (checkWord("true") || checkWord("false")) {
            advance();
            return t.text().equals("true");
        }
        throw error(t, DiagnosticCode.EXPECTED_TOKEN, "expected 'true' or 'false', found " + t);
    }

    /** An integer literal: TLC's integers are 32-bit, so at most {@link Integer#MAX_VALUE} (RP014 above). */
    private long number(Token t) {
        long n;
        try {
            n = Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            diags.error(DiagnosticCode.BAD_NUMBER, t.span(), "number " + t.text() + " is too large: TLC's integers"
                    + " are 32-bit, so a number is at most " + Integer.MAX_VALUE,
                    "use a smaller number; bounds are small numbers (each one multiplies the states TLC searches)");
            return 0;
        }
        return n;
    }

    private Ident ident(String what) {
        Token t = peek();
        if (t.kind() == TokenKind.IDENT) {
            advance();
            return new Ident(t.text(), t.span());
        }
        throw error(t, DiagnosticCode.EXPECTED_TOKEN, "expected " + what + ", found " + t);
    }

    private Token expect(TokenKind kind, String where) {
        if (check(kind)) {
            return advance();
        }
        throw error(peek(), DiagnosticCode.EXPECTED_TOKEN,
                "expected " + describe(kind) + " " + where + ", found " + peek());
    }

    private void expectWord(String word, String where) {
        if (!matchWord(word)) {
            throw error(peek(), DiagnosticCode.EXPECTED_TOKEN, "expected '" + word + "' " + where + ", found " + peek());
        }
    }

    private static String describe(TokenKind kind) {
        return switch (kind) {
            case LBRACE -> "'{'";
            case RBRACE -> "'}'";
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case ASSIGN -> "'='";
            case INT -> "a number";
            case STRING -> "a string";
            case IDENT -> "a name";
            default -> kind.name().toLowerCase();
        };
    }

    private ParseError error(Token t, DiagnosticCode code, String message, String... help) {
        diags.error(code, t.kind() == TokenKind.EOF ? eofSpan(t) : t.span(), message, help);
        return new ParseError();
    }

    /** Where an error at the end of the file is shown: on its last character. */
    private static Span eofSpan(Token eof) {
        return new Span(eof.span().file(), Math.max(0, eof.span().start() - 1), eof.span().start());
    }

    private void synchronizeDecl() {
        while (!isAtEnd()) {
            advance();
            if (checkDeclStart()) {
                return;
            }
        }
    }

    private void synchronizeStmt() {
        int line = peek().span().line();
        while (!isAtEnd() && !check(TokenKind.RBRACE) && peek().span().line() == line) {
            advance();
        }
    }

    private boolean checkDeclStart() {
        Token t = peek();
        if (t.kind() != TokenKind.IDENT || !DECL_KEYWORDS.contains(t.text())) {
            return false;
        }
        // A declaration keyword starts a line; inside a body 'request' etc. could be a name.
        return current == 0 || tokens.get(current - 1).span().line() < t.span().line()
                && t.span().column() == 1;
    }

    private boolean match(TokenKind kind) {
        if (check(kind)) {
            advance();
            return true;
        }
        return false;
    }

    /** {@code in CTRL} after a declaration: its memory is the controller's (null without it). */
    private Ident owner() {
        return matchWord("in") ? ident("the controller after 'in' (memory freed with it)") : null;
    }

    private boolean matchWord(String word) {
        if (checkWord(word)) {
            advance();
            return true;
        }
        return false;
    }

    private boolean check(TokenKind kind) {
        return peek().kind() == kind;
    }

    private boolean checkWord(String word) {
        return peek().kind() == TokenKind.IDENT && peek().text().equals(word);
    }

    private Token advance() {
        if (!isAtEnd()) {
            current++;
        }
        return tokens.get(current - 1);
    }

    private Token peek() {
        return tokens.get(current);
    }

    private Token peekNext() {
        return tokens.get(Math.min(current + 1, tokens.size() - 1));
    }

    private boolean isAtEnd() {
        return peek().kind() == TokenKind.EOF;
    }
}
