package rpcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.model.prims.Tla.Junction;
import rpcheck.model.prims.Tla.Let;
import rpcheck.model.prims.Tla.Paren;
import rpcheck.model.prims.Tla.Unchanged;
import rpcheck.model.prims.Tla.Update;

import static rpcheck.tla.TlaPrinter.q;
import static rpcheck.tla.StateVars.identity;
import static rpcheck.tla.StateVars.in;
import static rpcheck.tla.StateVars.lets;
import static rpcheck.tla.StateVars.primes;
import static rpcheck.tla.TlaPrinter.set;
import static rpcheck.tla.TlaPrinter.value;

/**
 * The module as it is written: its text so far, and what the parts register for the others (each action's
 * provenance, the labels, the actions of Next and of each context's fairness, the timer expiries). Writes an
 * operator definition from trees through {@link TlaPrinter}.
 */
final class ModuleText {
    final StringBuilder out = new StringBuilder();
    final Map<String, Provenance.ActionInfo> actions = new LinkedHashMap<>();
    final Map<String, Provenance.LabelInfo> labels = new LinkedHashMap<>();
    final Map<String, Provenance.LabelInfo> sleepMarkers = new LinkedHashMap<>();
    /** context -> the names of its actions that weak fairness covers (everything but environment events and timers) */
    final Map<String, List<String>> fair = new LinkedHashMap<>();
    /** The disjuncts of NextCore, in order. */
    final List<Disjunct> next = new ArrayList<>();
    /** Late timer expiries (see EnvironmentActions.lateTimeout): their names, and their definitions, emitted after NextCore. */
    final List<String> late = new ArrayList<>();
    final List<Runnable> lateTimers = new ArrayList<>();
    /** Actions of no context that weak fairness covers (a delayed work's timer firing): WF_vars of each. */
    final List<String> fairEnvironment = new ArrayList<>();
    /** Early (bounded) timer expiries: in Next, not in NextCore. */
    final List<String> timers = new ArrayList<>();
    /** For each late expiry: the state in which its timer would fire but for the budget. */
    final List<Expr> lateReady = new ArrayList<>();
    /**
     * The guard conjuncts of every action {@link #emitAction} or {@link #emitBody} wrote, as written (with
     * {@code self}): each is implied by its action, so a guard that several actions share can be tested once for
     * all of them ({@link NextAndFairness}, in the module for runs expected to hold).
     */
    final Map<String, List<Expr>> conjuncts = new LinkedHashMap<>();
    /**
     * The actions {@link #emitAction} wrote whose guard alone decides whether they can take a step
     * ({@link Enabledness#guardDecides}); the fairness conditions read their guards ({@link #decidingGuard}).
     */
    final java.util.Set<String> decided = new java.util.HashSet<>();
    /**
     * In the module for runs expected to hold ({@link TlaGenerator#holdRunModule}): write an action of one context
     * with {@code self} bound to that context, {@code name ==} instead of {@code name(self) ==}, so TLC does not
     * look the name up in every expression that reads it. Its calls are then the bare name ({@link #call}).
     */
    private final boolean bindSelf;
    /**
     * Field of g -> the contexts whose actions write it ({@link #emitAction}: the action's owners), with "" for an
     * action of no context ({@link #emitBody}: a timer's expiry, an event): who can make a condition over it true.
     */
    final Map<String, java.util.Set<String>> gWriters = new java.util.TreeMap<>();
    /**
     * Condition waits that one other context alone can end (WaitCycle, {@link Properties}): label -> waiting
     * context -> that context.
     */
    final Map<String, Map<String, String>> condWakers = new LinkedHashMap<>();
    /** The {@code when} condition of each event run in a context, over the state (no budget): IrqUnsafeLock's. */
    final Map<String, Expr> eventGuards = new LinkedHashMap<>();
    /** The actions written with {@code self} bound ({@link #bindSelf}): their one context. */
    private final Map<String, String> bound = new LinkedHashMap<>();

    ModuleText(boolean bindSelf) {
        this.bindSelf = bindSelf;
    }

    /** Whether this is the module for runs expected to hold ({@link TlaGenerator#holdRunModule}). */
    boolean holdRun() {
        return bindSelf;
    }

    /** {@code action} taken by context {@code ctx}: {@code action("ctx")}, or its bare name where self is bound. */
    Expr call(String action, String ctx) {
        return ctx.equals(bound.get(action)) ? Tla.id(action) : Tla.call(action, ctx);
    }

    /** Whether {@code action}'s guard says that its context is idle ({@code pc[self] = "idle"}): it starts it. */
    boolean startsFromIdle(String action) {
        return conjuncts.getOrDefault(action, List.of()).contains(StateVars.atLabel(Tla.SELF, "idle"));
    }

    /** The guard of {@code action} where it alone decides whether the action can take a step, else null. */
    List<Expr> decidingGuard(String action) {
        return decided.contains(action) ? conjuncts.get(action) : null;
    }

    ModuleText append(String text) {
        out.append(text);
        return this;
    }

    /**
     * Who makes an action of a context happen: the context itself (weak fairness, in LostError's and Progress's
     * runs, makes it happen once it stays enabled) or the environment (a fault, an event: it may or may not happen).
     */
    enum Taker { CONTEXT, ENVIRONMENT }

    /**
     * {@code name(self) ==} and the bulleted conjunction of {@code conj} and {@code body}, an action that
     * {@code owners} take; with {@link #bindSelf} and one owner, {@code name ==} with self bound to it. It becomes a
     * disjunct of NextCore, and where {@code taker} is the context, one of the context's fair steps.
     */
    void emitAction(String name, List<String> owners, List<Expr> conj, Expr body, Taker taker) {
        List<Expr> all = new ArrayList<>(conj);
        all.add(body);
        for (String f : GFields.written(body)) {
            gWriters.computeIfAbsent(f, k -> new java.util.TreeSet<>()).addAll(owners.isEmpty() ? List.of("") : owners);
        }
        conjuncts.put(name, List.copyOf(conj));
        if (Enabledness.guardDecides(conj, body)) {
            decided.add(name);
        }
        if (bindSelf && owners.size() == 1) {
            Expr ctx = Tla.str(owners.get(0));
            bound.put(name, owners.get(0));
            defineBullets(name, "/\\", all.stream().map(e -> Tla.withSelf(e, ctx)).toList());
        } else {
            defineBullets(name + "(self)", "/\\", all);
        }
        out.append('\n');
        if (taker == Taker.CONTEXT) {
            for (String o : owners) {
                fair.computeIfAbsent(o, k -> new ArrayList<>()).add(name);
            }
        }
        next.add(new Disjunct(name, List.copyOf(owners)));
    }

    /**
     * {@code name ==}, the guard {@code conj} and the body of an environment action without a context (no pc
     * change): a timer's expiry (in Next, not NextCore), or an event ({@link #addEventNext}).
     */
    void emitBody(String name, List<Expr> conj, Map<String, List<Update>> effects) {
        for (String f : GFields.written(effects.getOrDefault("g", List.of()))) {
            gWriters.computeIfAbsent(f, k -> new java.util.TreeSet<>()).add("");
        }
        conjuncts.put(name, List.copyOf(conj));
        Map<String, String> st = new LinkedHashMap<>(identity());
        List<StateVars.Binding> lets = lets(effects, identity(), st, "env");
        List<Expr> all = new ArrayList<>(conj);
        all.add(in(lets, new Paren(new Junction("/\\", primes(List.of(new Unchanged(List.of("pc", "lv"))), st)))));
        defineBullets(name, "/\\", all);
        out.append('\n');
    }

    /** An event without a context ({@link #emitBody}) as a disjunct of NextCore: it may or may not happen. */
    void addEventNext(String action) {
        next.add(new Disjunct(action, List.of()));
    }

    /** {@code VARIABLES a, b} and {@code vars == <<a, b>>}, the tuple that stuttering and fairness name. */
    void variables(List<String> names) {
        out.append("VARIABLES ").append(String.join(", ", names)).append('\n');
        define("vars", new Tla.Tuple(names.stream().map(n -> (Expr) Tla.id(n)).toList()));
    }

    /** {@code RECURSIVE op(_, _)}: {@code op}, of {@code arity} arguments, may be used in its own definition. */
    void recursive(String op, int arity) {
        out.append("RECURSIVE ").append(op).append('(').append(String.join(", ", java.util.Collections.nCopies(arity, "_")))
                .append(")\n");
    }

    /** {@code name == value} (on one line, but for its block forms). */
    void define(String name, Expr value) {
        define(name, value, 0);
    }

    /** {@code name == value}, the lines of its block forms indented from column {@code indent}. */
    void define(String name, Expr value, int indent) {
        out.append(name).append(" == ").append(TlaPrinter.print(value, indent)).append('\n');
    }

    /** {@code name ==} and the bulleted list of {@code items} joined by {@code op}, one a line. */
    void defineBullets(String name, String op, List<Expr> items) {
        defineBelow(name, new Tla.Bullets(op, items));
    }

    /** {@code name ==} and, from the next line at column 4, {@code value} (a bulleted list, a CASE of lines). */
    void defineBelow(String name, Expr value) {
        out.append(name).append(" ==\n    ").append(TlaPrinter.print(value, 4)).append('\n');
    }

    /** {@code name ==} the disjunction of {@code items}: one item on the line, more as a bulleted list. */
    void defineDisjunction(String name, List<Expr> items) {
        if (items.size() == 1) {
            define(name, items.get(0));
        } else {
            defineBullets(name, "\\/", items);
        }
    }

    /**
     * One disjunct of NextCore: {@code action} taken by one of {@code owners} (its {@code self}), or, with no
     * owners, an action without a context (an event).
     */
    record Disjunct(String action, List<String> owners) {
    }

    /** {@code d} as a disjunct of NextCore: the action, taken by its one owner or by one of several. */
    Expr expr(Disjunct d) {
        return switch (d.owners().size()) {
            case 0 -> Tla.id(d.action());
            case 1 -> call(d.action(), d.owners().get(0));
            default -> new Tla.Quant(true, "self", Tla.strings(d.owners()), Tla.apply(d.action(), Tla.SELF));
        };
    }
}
