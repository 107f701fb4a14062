package rpcheck.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.dsl.Ast;

/**
 * Rules for the names of a spec that end up in the generated TLA+ module: a name must not be a TLA+ keyword, an
 * operator of the standard modules, or a name the generator defines itself, and it must be a plain ASCII
 * identifier without leading, trailing or doubled underscores (the generator joins names with '_'). Such a spec is
 * rejected with {@link DiagnosticCode#RESERVED_NAME} rather than mangled, so that names in traces stay the
 * spec's own. Function names are kernel names and only appear in comments: they only need to be ASCII.
 * Parameters and locals are substituted or become record fields: they must be ASCII and not keywords.
 */
final class NameRules {
    /** The TLA+ keywords (including those of TLA+2 proofs). */
    static final Set<String> TLA_KEYWORDS = Set.of("ASSUME", "ASSUMPTION", "AXIOM", "BOOLEAN", "CASE", "CHOOSE",
            "CONSTANT", "CONSTANTS", "DOMAIN", "ELSE", "ENABLED", "EXCEPT", "EXTENDS", "IF", "IN", "INSTANCE", "LET",
            "LOCAL", "MODULE", "OTHER", "STRING", "SUBSET", "THEN", "THEOREM", "UNCHANGED", "UNION", "VARIABLE",
            "VARIABLES", "WITH", "TRUE", "FALSE", "LAMBDA", "ACTION", "BY", "COROLLARY", "DEF", "DEFINE", "DEFS",
            "ELSEIF", "HAVE", "HIDE", "LEMMA", "NEW", "OBVIOUS", "OMITTED", "ONLY", "PICK", "PROOF", "PROPOSITION",
            "PROVE", "QED", "RECURSIVE", "STATE", "SUFFICES", "TAKE", "TEMPORAL", "USE", "WITNESS", "SF_", "WF_");
    /** Operators and modules of the standard modules the generated module extends or could extend. */
    static final Set<String> TLA_STANDARD = Set.of("Nat", "Int", "Real", "Infinity", "Seq", "Len", "Head", "Tail",
            "Append", "SubSeq", "SelectSeq", "Cardinality", "IsFiniteSet", "Print", "PrintT", "Assert", "JavaTime",
            "TLCGet", "TLCSet", "TLCEval", "Permutations", "SortSeq", "RandomElement", "Any", "ToString",
            "Naturals", "Integers", "Sequences", "FiniteSets", "TLC", "Reals", "Bags", "div");
    /** What the generator defines at the top of every module (variables, operators, bound variables). */
    static final Set<String> GENERATED = Set.of("Init", "Next", "NextCore", "Spec", "FairSpec", "Fairness", "vars",
            "pc", "self", "lv", "g", "rq", "wk", "flw", "lk", "ev", "c", "Ctx", "Kind", "Reqs", "Works", "Locks",
            "Events", "EventsFired", "FailuresFired", "BoundReached", "CtrlAllowed", "CtrlWorks", "FailureCanFollow",
            "GView", "StateView", "SystemStep", "SystemEnabled", "WaitLabels", "SleepLabels", "WaitsFor", "HoldsLock",
            "HoldsOtherLock", "Mutexes", "FirstIdle", "NoLocals", "NoFlush", "Quiescent", "QueueW", "Reach", "LateSpent",
            "NonFailingFaultOK", "IoAccounting", "LostError", "LiveWithoutAssoc", "Progress", "NoSleepInAtomic", "NoUseAfterFree",
            "NoWaitCycle", "Deadlock", "WaitCycle", "SleepInAtomic", "UseAfterFree", "LockBalance", "LocksBalanced",
            "IrqUnsafeLock", "NoIrqUnsafeLock",
            "FairTerminal", "Settles");
    /** Prefixes of the names the generator builds from a spec's names (W_wq, Start_work, B_bound, ...). */
    private static final Pattern GENERATED_PREFIX = Pattern.compile(
            "(B|W|Start|Fire|Event|Timeout|LateTimeout|Retimeout|Overdue|LlddDone|LlddError|Steps|Labels|Acts|Enabled|Unguarded|Guarded"
                    + "|GuardAt|Shared|Once|End|IrqCanTake|IrqOnTake|IrqOnHold)_.*");
    private static final Pattern ASCII_IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9_]*");

    private final Diagnostics diags;

    NameRules(Diagnostics diags) {
        this.diags = diags;
    }

    /**
     * Fields of the global record {@code g} that the generated module derives from a declaration's name (an RCU
     * domain's readers and grace periods, a request queue's quiesce state), with what each is for: a flag, counter,
     * var or completion of the same name would be a second field of that name (TLC: "Non-unique fields").
     */
    private final Map<String, String> derived = new HashMap<>();

    /** Checks every name a spec's declarations introduce. */
    void check(List<Ast.Decl> decls) {
        derive(rpcheck.model.prims.Rcu.CLASSIC, "classic RCU");
        for (Ast.Decl d : decls) {
            if (d instanceof Ast.ObjectDecl o && o.kind().equals(Model.SRCU)) {
                derive(o.name().text(), "srcu " + o.name().text());
            } else if (d instanceof Ast.ObjectDecl o && o.kind().equals(Model.RWSEM)) {
                for (String f : rpcheck.model.prims.RwSem.fields(o.name().text())) {
                    String before = derived.putIfAbsent(f, "rw_semaphore " + o.name().text());
                    if (before != null) {
                        diags.error(DiagnosticCode.RESERVED_NAME, o.name().span(), "the rw_semaphore name '"
                                + o.name().text() + "' gives the field " + f + ", which the generated module keeps for "
                                + before, "rename the rw_semaphore (e.g. 'my_" + o.name().text() + "')");
                        break;
                    }
                }
            } else if (d instanceof Ast.RequestQueue q) {
                String n = q.name().text();
                for (String f : List.of(rpcheck.model.prims.BlkMq.quiesced(n), rpcheck.model.prims.BlkMq.dispatching(n),
                        rpcheck.model.prims.BlkMq.waitedDispatches(n), rpcheck.model.prims.BlkMq.timerOff(n),
                        rpcheck.model.prims.BlkMq.frozen(n), rpcheck.model.prims.BlkMq.users(n))) {
                    derived.put(f, "request_queue " + n);
                }
            }
        }
        for (Ast.Decl d : decls) {
            if (d instanceof Ast.Fn f) {
                ascii(f.name(), "function");
                // parameters and locals are substituted or become fields of a record: only keywords collide
                for (Ast.Ident p : f.params()) {
                    local(p, "parameter");
                }
                for (Object n : Ast.nodes(f.body())) {
                    if (n instanceof Ast.Let l) {
                        local(l.name(), "local");
                    } else if (n instanceof Ast.For loop) {
                        local(loop.var(), "loop variable");
                    }
                }
            } else if (d instanceof Ast.Lldd || d instanceof Ast.Remove) {
                continue; // these name a context or a declaration of the base: checked there
            } else if (d instanceof Ast.Bound b) {
                name(b.name(), "bound");
            } else if (d instanceof Ast.ObjectDecl o && o.kind().equals(Model.SRCU)
                    && o.name().text().equals(rpcheck.model.prims.Rcu.CLASSIC)) {
                diags.error(DiagnosticCode.RESERVED_NAME, o.name().span(), "the srcu name 'rcu' is classic RCU's,"
                        + " whose state the generated module names rcu_readers and rcu_gp",
                        "rename the srcu (e.g. 'ctrl_srcu'); rcu_read_lock() and synchronize_rcu() need no"
                                + " declaration");
            } else {
                name(d.name(), kind(d));
                if (d instanceof Ast.EnumDecl e) {
                    e.values().forEach(v -> name(v, "enum value"));
                }
            }
        }
    }

    private void derive(String domain, String what) {
        derived.putIfAbsent(rpcheck.model.prims.Rcu.readers(domain), what);
        derived.putIfAbsent(rpcheck.model.prims.Rcu.graceWaits(domain), what);
    }

    private void name(Ast.Ident id, String what) {
        if (!ascii(id, what)) {
            return;
        }
        String s = id.text();
        String why = null;
        if (TLA_KEYWORDS.contains(s)) {
            why = "is a TLA+ keyword";
        } else if (TLA_STANDARD.contains(s)) {
            why = "is an operator or module of TLA+'s standard modules";
        } else if (GENERATED.contains(s) || GENERATED_PREFIX.matcher(s).matches()) {
            why = "is a name rpcheck's generated module defines itself";
        } else if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
            why = "has a leading, trailing or doubled '_' (the generated module joins names with '_', so such"
                    + " names can collide)";
        } else if (s.matches(".*_[0-9]+")) {
            why = "ends in '_' and a number, like the labels rpcheck generates (CONTEXT_N)";
        } else if (derived.containsKey(s)) {
            why = "is the name of the field the generated module keeps for " + derived.get(s);
        } else if (s.equals("none") || s.startsWith("rp_")) {
            why = s.equals("none") ? "is the value the generated module uses for 'no one' (a free lock, no owner)"
                    : "starts with 'rp_', the prefix of the model's own ghost fields";
        }
        if (why != null) {
            diags.error(DiagnosticCode.RESERVED_NAME, id.span(), "the " + what + " name '" + s + "' " + why,
                    "rename the " + what + " (e.g. '" + suggestion(s) + "')");
        }
    }

    private void local(Ast.Ident id, String what) {
        if (ascii(id, what) && TLA_KEYWORDS.contains(id.text())) {
            diags.error(DiagnosticCode.RESERVED_NAME, id.span(), "the " + what + " name '" + id.text()
                    + "' is a TLA+ keyword", "rename the " + what + " (e.g. '" + suggestion(id.text()) + "')");
        }
    }

    private boolean ascii(Ast.Ident id, String what) {
        if (ASCII_IDENT.matcher(id.text()).matches()) {
            return true;
        }
        diags.error(DiagnosticCode.RESERVED_NAME, id.span(),
                "the " + what + " name '" + id.text() + "' is not an ASCII identifier",
                "names in the generated TLA+ module are ASCII: use letters a-z, A-Z, digits and '_'");
        return false;
    }

    private static String suggestion(String s) {
        String t = s.replaceAll("_+", "_").replaceAll("^_|_$", "");
        t = t.isEmpty() ? "x" : t;
        return t.equals(s) || TLA_KEYWORDS.contains(t) || TLA_STANDARD.contains(t) || GENERATED.contains(t)
                || GENERATED_PREFIX.matcher(t).matches() ? "my_" + t.toLowerCase(java.util.Locale.ROOT) : t;
    }

    /** The kind of declaration as the spec writes it ({@code mutex}, {@code completion}, {@code kref}, ...). */
    static String kind(Ast.Decl d) {
        if (d instanceof Ast.ObjectDecl o) {
            return o.kind();
        }
        if (d instanceof Ast.Counter c && c.kref()) {
            return "kref";
        }
        if (d instanceof Ast.Work w && w.delayed()) {
            return "delayed_work";
        }
        String n = d.getClass().getSimpleName();
        return switch (n) {
            case "EnumDecl" -> "enum";
            case "Lock" -> "spinlock";
            case "RequestQueue" -> "request queue";
            case "RequestField" -> "request field";
            default -> n.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * The deepest chain of calls between the spec's functions, counting each function as 1 plus how deeply its
     * blocks nest, must stay within {@code max}: calls are inlined (recursively) when the spec is lowered. Cycles are left to the lowering, which reports them as recursion.
     *
     * @return the functions that start too deep a chain (the caller should not inline their bodies)
     */
    /** How deeply blocks nest in {@code b} (the parser bounds it). */
    private static int nesting(Ast.Stmt st) {
        int d = 0;
        if (st instanceof Ast.Block b) {
            for (Ast.Stmt x : b.stmts()) {
                d = Math.max(d, nesting(x));
            }
            return d + 1;
        }
        if (st instanceof Ast.If i) {
            return 1 + Math.max(nesting(i.then()), i.otherwise() == null ? 0 : nesting(i.otherwise()));
        }
        if (st instanceof Ast.For f) {
            return 1 + nesting(f.body());
        }
        return 0;
    }

    /** The most statements and expressions a function may have with its calls inlined. */
    static final long MAX_INLINED = 200_000;

    Set<String> checkCallDepth(Map<String, Ast.Fn> fns, int max) {
        Set<String> cut = new java.util.TreeSet<>();
        Map<String, List<Ast.Call>> calls = new HashMap<>();
        for (Ast.Fn f : fns.values()) {
            List<Ast.Call> out = new ArrayList<>();
            for (Object n : Ast.nodes(f.body())) {
                if (n instanceof Ast.Call c && fns.containsKey(c.fn().text())) {
                    out.add(c);
                }
            }
            calls.put(f.name().text(), out);
        }
        // longest path from each function, iteratively (post-order with an explicit stack); 0 = not done
        Map<String, Integer> depth = new HashMap<>();
        // and how many statements and expressions each function has once its calls are inlined (saturating)
        Map<String, Long> size = new HashMap<>();
        Set<String> onStack = new java.util.HashSet<>();
        for (String start : fns.keySet()) {
            if (depth.containsKey(start)) {
                continue;
            }
            java.util.ArrayDeque<String[]> stack = new java.util.ArrayDeque<>();
            stack.push(new String[] {start});
            onStack.add(start);
            while (!stack.isEmpty()) {
                String fn = stack.peek()[0];
                String next = null;
                for (Ast.Call c : calls.get(fn)) {
                    String callee = c.fn().text();
                    if (!depth.containsKey(callee) && !onStack.contains(callee)) {
                        next = callee;
                        break;
                    }
                }
                if (next != null) {
                    stack.push(new String[] {next});
                    onStack.add(next);
                    continue;
                }
                int w = 1 + nesting(fns.get(fn).body());
                int d = w;
                for (Ast.Call c : calls.get(fn)) {
                    d = Math.max(d, w + depth.getOrDefault(c.fn().text(), 0));
                }
                depth.put(fn, d);
                long n = Ast.nodes(fns.get(fn).body()).size();
                for (Ast.Call c : calls.get(fn)) {
                    n = Math.min(MAX_INLINED + 1, n + size.getOrDefault(c.fn().text(), 0L));
                }
                size.put(fn, n);
                stack.pop();
                onStack.remove(fn);
            }
        }
        for (Ast.Fn f : fns.values()) {
            for (Ast.Call c : calls.get(f.name().text())) {
                int d = depth.getOrDefault(c.fn().text(), 0);
                if (d <= max && depth.get(f.name().text()) > max) {
                    diags.error(DiagnosticCode.TOO_DEEP, c.fn().span(), "this call makes a chain of nested calls and"
                            + " blocks more than " + max + " levels deep; rpcheck inlines calls, so it supports no more",
                            "merge some of the functions, or model the deepest ones as one function");
                }
            }
            for (Ast.Call c : calls.get(f.name().text())) {
                if (size.getOrDefault(c.fn().text(), 0L) <= MAX_INLINED && size.get(f.name().text()) > MAX_INLINED
                        && depth.get(f.name().text()) <= max) {
                    diags.error(DiagnosticCode.TOO_DEEP, c.fn().span(), "with its calls inlined, the function this call"
                            + " is in grows beyond " + MAX_INLINED + " statements and expressions",
                            "a function that calls another several times, which calls the next several times, ..."
                                    + " grows exponentially when inlined: call each one once, or merge them");
                }
            }
            if (depth.getOrDefault(f.name().text(), 0) > max || size.getOrDefault(f.name().text(), 0L) > MAX_INLINED) {
                cut.add(f.name().text());
            }
        }
        return cut;
    }
}
