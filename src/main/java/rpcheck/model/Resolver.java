package rpcheck.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.Span;
import rpcheck.dsl.Ast;
import rpcheck.dsl.Ast.*;

/** Checks the merged declarations of a spec and builds the {@link Model}. Function bodies are checked by {@link Lowering}. */
public final class Resolver {
    /**
     * The deepest chain of nested calls between a spec's functions, each counted as 1 plus the nesting of its
     * blocks (calls are inlined, recursively; this keeps the lowering within a default thread stack).
     */
    public static final int MAX_CALL_DEPTH = 1000;

    private final Diagnostics diags;
    private final Map<String, Span> names = new LinkedHashMap<>();

    public Resolver(Diagnostics diags) {
        this.diags = diags;
    }

    public Resolved resolve(SpecLoader.Loaded loaded, Map<String, Long> boundOverrides) {
        Map<String, Long> bounds = new LinkedHashMap<>();
        Map<String, Map<String, Long>> propertyBounds = new LinkedHashMap<>();
        String controller = null;
        String initial = null;
        Map<String, Boolean> flags = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        java.util.Set<String> krefs = new java.util.LinkedHashSet<>();
        // 'in CTRL' of a var, spinlock or request field, checked once the controller is known
        List<Ident[]> owners = new java.util.ArrayList<>();
        java.util.Set<String> ctrlMemory = new java.util.TreeSet<>();
        Map<String, Model.Value> vars = new LinkedHashMap<>();
        Map<String, String> enumValues = new LinkedHashMap<>();
        List<String> locks = new ArrayList<>();
        Map<String, String> objects = new LinkedHashMap<>();
        Map<String, Integer> wqs = new LinkedHashMap<>();
        Map<String, String> queues = new LinkedHashMap<>();
        Map<String, String> queueRq = new LinkedHashMap<>();
        Map<String, String> queueComplete = new LinkedHashMap<>();
        java.util.SortedSet<String> blocking = new java.util.TreeSet<>();
        Map<String, String> requests = new LinkedHashMap<>();
        Map<String, Model.Value> fields = new LinkedHashMap<>();
        Map<String, Model.WorkItem> works = new LinkedHashMap<>();
        Map<String, Model.ContextDecl> contexts = new LinkedHashMap<>();
        Map<String, String> lldd = new LinkedHashMap<>();
        Map<String, Model.EventDecl> events = new LinkedHashMap<>();
        Map<String, Ast.Fn> fns = new LinkedHashMap<>();

        boolean earlier = diags.hasErrors();
        NameRules rules = new NameRules(diags);
        rules.check(loaded.decls());
        // pass 1: names and plain values
        for (Decl d : loaded.decls()) {
            if (d instanceof Fn f) {
                fns.put(f.name().text(), f);
                if (f.source() == null || f.source().isBlank()) {
                    diags.error(DiagnosticCode.MISSING_SOURCE, f.name().span(),
                            "function '" + f.name().text() + "' does not name the kernel source it models",
                            "add 'from \"" + usualSource(loaded.decls()) + "\"' before the body, naming the kernel file"
                                    + " that defines it");
                }
                continue;
            }
            if (d instanceof Bound b) {
                bounds.put(b.name().text(), b.value());
                for (PropertyValue pv : b.perProperty()) {
                    var p = rpcheck.model.Property.byName(pv.property().text());
                    if (p.isEmpty()) {
                        unknown(pv.property(), "property", rpcheck.model.Property.names());
                    } else {
                        propertyBounds.computeIfAbsent(p.get().displayName(), k -> new LinkedHashMap<>())
                                .put(b.name().text(), pv.value());
                    }
                }
                continue;
            }
            if (!(d instanceof Work) && !(d instanceof Event) && !(d instanceof Lldd)) {
                declare(d.name());
            }
            if (d instanceof EnumDecl e) {
                for (Ident v : e.values()) {
                    declare(v);
                    enumValues.put(v.text(), e.name().text());
                }
            }
        }
        for (Map.Entry<String, Long> o : boundOverrides.entrySet()) {
            if (!bounds.containsKey(o.getKey())) {
                throw new UnknownBoundException("unknown bound '" + o.getKey() + "'; "
                        + (bounds.isEmpty() ? "this spec declares no bounds"
                                : "this spec has: " + String.join(", ", bounds.keySet())));
            }
            bounds.put(o.getKey(), o.getValue());
            // the command line wins over the spec, for every property
            propertyBounds.values().forEach(m -> m.remove(o.getKey()));
        }
        // pass 2: declarations that refer to others
        for (Decl d : loaded.decls()) {
            if (d instanceof Controller c) {
                if (controller != null) {
                    diags.error(DiagnosticCode.DUPLICATE_NAME, c.name().span(), "only one controller per model");
                }
                controller = c.name().text();
                initial = c.initial().text();
                if (!Builtins.CTRL_STATES.contains(initial)) {
                    diags.error(DiagnosticCode.UNKNOWN_STATE, c.initial().span(),
                            "unknown controller state '" + initial + "'",
                            "states are " + String.join(", ", Builtins.CTRL_STATES));
                }
            } else if (d instanceof Flag f) {
                flags.put(f.name().text(), f.initial());
            } else if (d instanceof Counter c) {
                counters.put(c.name().text(), c.initial());
                if (c.kref()) {
                    krefs.add(c.name().text());
                }
            } else if (d instanceof Var v) {
                vars.put(v.name().text(), constant(v.initial(), enumValues));
                owners.add(new Ident[] {v.name(), v.owner()});
            } else if (d instanceof Lock l) {
                locks.add(l.name().text());
                owners.add(new Ident[] {l.name(), l.owner()});
            } else if (d instanceof ObjectDecl o) {
                objects.put(o.name().text(), o.kind());
                owners.add(new Ident[] {o.name(), o.owner()});
                if (o.kind().equals(Model.MUTEX)) {
                    locks.add(o.name().text());
                }
            } else if (d instanceof Workqueue w) {
                if (w.workers() < 1 || w.workers() > 8) {
                    diags.error(DiagnosticCode.BAD_BOUND, w.workersSpan(), "a workqueue needs 1 to 8 workers",
                            "workers are contexts of the model; more than a few make the state space explode");
                }
                wqs.put(w.name().text(), w.workers());
            } else if (d instanceof RequestQueue q) {
                queues.put(q.name().text(), q.timeoutFn().text());
                if (q.blocking()) {
                    blocking.add(q.name().text());
                }
                if (q.queueRqFn() != null) {
                    checkFn(q.queueRqFn(), fns, 1);
                    queueRq.put(q.name().text(), q.queueRqFn().text());
                }
                if (q.completeFn() != null) {
                    checkFn(q.completeFn(), fns, 1);
                    queueComplete.put(q.name().text(), q.completeFn().text());
                }
            } else if (d instanceof RequestField f) {
                fields.put(f.name().text(), constant(f.initial(), enumValues));
                owners.add(new Ident[] {f.name(), f.owner()});
            }
        }
        for (Ident[] o : owners) {
            owned(o[0], o[1], controller, ctrlMemory);
        }
        for (Decl d : loaded.decls()) {
            if (d instanceof Request r) {
                if (!queues.containsKey(r.queue().text())) {
                    unknown(r.queue(), "request queue", queues.keySet());
                }
                requests.put(r.name().text(), r.queue().text());
            } else if (d instanceof Context c) {
                Model.ContextKind kind = null;
                for (Model.ContextKind k : Model.ContextKind.values()) {
                    if (k.word().equals(c.kind().text())) {
                        kind = k;
                    }
                }
                if (kind == null) {
                    diags.error(DiagnosticCode.WRONG_KIND, c.kind().span(), "unknown context kind '" + c.kind().text() + "'",
                            "kinds are process, lldd (an LLDD callback or thread), irq (a hard interrupt handler) and softirq (a softirq:"
                                    + " a network stack callback, a tasklet)");
                    kind = Model.ContextKind.PROCESS;
                }
                if (c.runs() != null) {
                    checkFn(c.runs(), fns, 0);
                }
                contexts.put(c.name().text(), new Model.ContextDecl(c.name().text(), kind,
                        c.runs() == null ? null : c.runs().text(), c.name().span()));
            }
        }
        if (!queues.isEmpty() && !wqs.containsKey("kblockd")) {
            wqs.put("kblockd", Math.min(2, queues.size()));
        }
        for (Map.Entry<String, String> q : queues.entrySet()) {
            String tw = Model.timeoutWork(q.getKey());
            Span span = names.get(q.getKey());
            works.put(tw, new Model.WorkItem(tw, false, "kblockd", null, q.getKey(), null, span));
        }
        for (Decl d : loaded.decls()) {
            if (d instanceof ObjectDecl o && o.kind().equals(Model.TIMER)) {
                // a driver timer (kernel/time/timer.c) is modelled as a work item whose one "worker" is the timer's
                // softirq context: armed = pending, the callback running = running; the context is atomic
                checkFn(o.runs(), fns, 0);
                String t = o.name().text();
                wqs.put(t, 1);
                works.put(t, new Model.WorkItem(t, false, t, o.runs().text(), null, null, o.name().span()));
            }
            if (d instanceof Work w) {
                if (!wqs.containsKey(w.workqueue().text())) {
                    unknown(w.workqueue(), "workqueue", wqs.keySet());
                }
                checkFn(w.handler(), fns, 0);
                if (works.containsKey(w.name().text()) || names.containsKey(w.name().text())) {
                    diags.error(DiagnosticCode.DUPLICATE_NAME, w.name().span(),
                            "'" + w.name().text() + "' is already declared");
                }
                works.put(w.name().text(), new Model.WorkItem(w.name().text(), w.delayed(), w.workqueue().text(),
                        w.handler().text(), null, null, w.name().span()));
            } else if (d instanceof Lldd l) {
                Model.ContextDecl c = contexts.get(l.name().text());
                if (c == null) {
                    unknown(l.name(), "context", contexts.keySet(), "declare the completion context first: 'context "
                            + l.name().text() + " kind lldd' (its done function runs there)");
                }
                checkFn(l.doneFn(), fns, 1);
                lldd.put(l.name().text(), l.doneFn().text());
            }
        }
        Map<String, Ast.Expr> conditions = new LinkedHashMap<>();
        for (Decl d : loaded.decls()) {
            if (d instanceof Event e) {
                events.put(e.name().text(), event(e, bounds, contexts, wqs, fns, lldd, works));
                if (e.when() != null) {
                    conditions.put(e.name().text(), e.when());
                } else {
                    conditions.remove(e.name().text());
                }
            }
        }
        if (contexts.isEmpty() && !earlier) {
            diags.error(DiagnosticCode.MISSING_DECLARATION, new Span(loaded.mainFile(), 0,
                    Math.min(1, loaded.mainFile().text().length())),
                    "the model declares no context, so nothing in it can run",
                    "declare one, e.g. 'context user kind process runs main' (is the file cut short?)");
        }
        for (String f : rules.checkCallDepth(fns, MAX_CALL_DEPTH)) {
            // the error is reported; cut the chain here so that the lowering (which inlines calls recursively)
            // does not follow it
            Ast.Fn deep = fns.get(f);
            fns.put(f, new Ast.Fn(deep.name(), deep.params(), deep.sleeps(), deep.source(), deep.patch(),
                    new Ast.Block(List.of(), deep.body().span()), deep.span()));
        }
        for (Map.Entry<String, String> q : queues.entrySet()) {
            Ast.Fn f = fns.get(q.getValue());
            if (f == null) {
                diags.error(DiagnosticCode.UNKNOWN_FUNCTION, names.get(q.getKey()),
                        "timeout handler '" + q.getValue() + "' of queue '" + q.getKey() + "' is not declared");
            } else if (f.params().size() != 1) {
                diags.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, f.name().span(),
                        "timeout handler '" + f.name().text() + "' must take one parameter (the request)");
            }
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        fns.forEach((n, f) -> lines.put(n, f.span().line()));
        Model model = new Model(loaded.name(), loaded.title(), loaded.chain(), bounds, controller, initial, flags,
                counters, vars, enumValues, locks, wqs, queues, queueRq, queueComplete, requests, fields, works, contexts,
                lldd, events, lines, krefs, propertyBounds, objects, java.util.Set.copyOf(ctrlMemory),
                java.util.Collections.unmodifiableSortedSet(blocking));
        return new Resolved(model, fns, conditions);
    }

    /** {@code NAME ... in OWNER}: OWNER must be the controller; NAME is then memory freed with it. */
    private void owned(Ident name, Ident owner, String controller, java.util.Set<String> out) {
        if (owner == null) {
            return;
        }
        if (controller == null || !owner.text().equals(controller)) {
            diags.error(DiagnosticCode.WRONG_KIND, owner.span(), "'in " + owner.text() + "' after '" + name.text()
                    + "' must name the controller" + (controller == null ? ", and this spec declares none"
                            : " ('" + controller + "')"), controller == null ? "declare it ('controller ctrl = NEW')"
                                    + " before, or leave 'in ...' out" : "write 'in " + controller + "'");
            return;
        }
        out.add(name.text());
    }

    private Model.EventDecl event(Event e, Map<String, Long> bounds, Map<String, Model.ContextDecl> contexts,
            Map<String, Integer> wqs, Map<String, Ast.Fn> fns, Map<String, String> lldd,
            Map<String, Model.WorkItem> works) {
        String bound = null;
        long max = 0;
        if (e.max() instanceof IntLit i) {
            max = i.value();
        } else if (e.max() instanceof Name n && bounds.containsKey(n.ident().text())) {
            bound = n.ident().text();
        } else if (e.max() instanceof Name n) {
            unknown(n.ident(), "bound", bounds.keySet());
        } else {
            diags.error(DiagnosticCode.BAD_BOUND, e.max().span(), "an event's max is a number or a bound name");
        }
        String k = e.kind().text();
        Model.EventKind kind;
        switch (k) {
            case "request_timeout" -> kind = Model.EventKind.REQUEST_TIMEOUT;
            case "lldd_error" -> {
                kind = Model.EventKind.LLDD_ERROR;
                if (lldd.isEmpty()) {
                    diags.error(DiagnosticCode.MISSING_DECLARATION, e.kind().span(),
                            "an lldd_error event needs an 'lldd CONTEXT done FN' declaration");
                }
            }
            case "in" -> {
                kind = Model.EventKind.IN_CONTEXT;
                if (!contexts.containsKey(e.where().text())) {
                    unknown(e.where(), "context", contexts.keySet(), "declare it, e.g. 'context " + e.where().text()
                            + " kind process' (without 'runs': it runs only what its events call)");
                }
                checkFn(e.fn(), fns, 0);
            }
            case "on" -> {
                kind = Model.EventKind.ON_WORKQUEUE;
                if (!wqs.containsKey(e.where().text())) {
                    unknown(e.where(), "workqueue", wqs.keySet());
                }
                checkFn(e.fn(), fns, 0);
                String w = e.name().text() + "_work";
                works.put(w, new Model.WorkItem(w, false, e.where().text(), e.fn().text(), null, e.name().text(),
                        e.name().span()));
            }
            default -> {
                diags.error(DiagnosticCode.EXPECTED_TOKEN, e.kind().span(), "unknown event kind '" + k + "'",
                        "use 'request_timeout', 'lldd_error', 'in CONTEXT calls FN()' or 'on WORKQUEUE calls FN()'");
                kind = Model.EventKind.REQUEST_TIMEOUT;
            }
        }
        if (e.when() != null && kind != Model.EventKind.IN_CONTEXT) {
            diags.error(DiagnosticCode.UNSUPPORTED, e.when().span(),
                    "'when' is for events that call a function in a context ('in CONTEXT calls FN() when EXPR')",
                    "remove the 'when' clause, or test the condition in the function the event calls");
        }
        if (e.workload() && e.failsAssociation()) {
            diags.error(DiagnosticCode.UNSUPPORTED, e.name().span(),
                    "a 'workload' event is not a fault, so it cannot 'fail association'",
                    "drop one of the two");
        }
        return new Model.EventDecl(e.name().text(), kind, bound, max,
                e.where() == null ? null : e.where().text(), e.fn() == null ? null : e.fn().text(), e.name().span(),
                e.failsAssociation(), e.when() != null, e.workload());
    }

    private void checkFn(Ident name, Map<String, Ast.Fn> fns, int params) {
        Ast.Fn f = fns.get(name.text());
        if (f == null) {
            unknown(name, "function", fns.keySet());
        } else if (f.params().size() != params) {
            diags.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, name.span(),
                    "'" + name.text() + "' takes " + f.params().size() + " parameter(s); here it must take " + params);
        }
    }

    private Model.Value constant(Expr e, Map<String, String> enumValues) {
        if (e instanceof IntLit i) {
            return Model.Value.of(i.value());
        }
        if (e instanceof BoolLit b) {
            return Model.Value.of(b.value());
        }
        if (e instanceof Name n) {
            String s = n.ident().text();
            if (enumValues.containsKey(s) || Builtins.CTRL_STATES.contains(s)) {
                return Model.Value.sym(s);
            }
            unknown(n.ident(), "enum value", enumValues.keySet());
            return Model.Value.sym(s);
        }
        diags.error(DiagnosticCode.NOT_CONSTANT, e.span(), "an initial value must be a number, true/false or an enum value");
        return Model.Value.of(0);
    }

    private void declare(Ident id) {
        Span prev = names.putIfAbsent(id.text(), id.span());
        if (prev != null && prev != id.span()) {
            diags.error(DiagnosticCode.DUPLICATE_NAME, id.span(),
                    "'" + id.text() + "' is already declared at " + prev.position(), "rename one of them");
        }
    }

    private void unknown(Ident id, String what, Iterable<String> candidates) {
        unknown(id, what, candidates, null);
    }

    /** An unknown name: a near one suggested, else {@code help} (if any) says how to declare it. */
    private void unknown(Ident id, String what, Iterable<String> candidates, String help) {
        String best = Names.closest(id.text(), candidates);
        if (best != null) {
            diags.error(DiagnosticCode.UNKNOWN_NAME, id.span(), "unknown " + what + " '" + id.text() + "'",
                    "did you mean '" + best + "'?");
        } else if (help != null) {
            diags.error(DiagnosticCode.UNKNOWN_NAME, id.span(), "unknown " + what + " '" + id.text() + "'", help);
        } else {
            diags.error(DiagnosticCode.UNKNOWN_NAME, id.span(), "unknown " + what + " '" + id.text() + "'");
        }
    }

    /**
     * The kernel file the spec's functions name most often (the first of equals), for the hint of a function that
     * names none; a placeholder path where none does.
     */
    private static String usualSource(List<Decl> decls) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Decl d : decls) {
            if (d instanceof Fn f && f.source() != null && !f.source().isBlank() && f.source().contains("/")) {
                count.merge(f.source(), 1, Integer::sum);
            }
        }
        // BinaryOperator.maxBy keeps the first of equals: the file named first in the spec
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("drivers/SUBSYSTEM/FILE.c");
    }
}
