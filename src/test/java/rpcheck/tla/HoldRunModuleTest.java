package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rpcheck.check.Compiler;

/**
 * {@link TlaGenerator#holdRunModule}: the module as generated but for Next, which tests a guard that several
 * environment actions share once for all of them, and for the actions of one context, which have self bound to it;
 * with TLC as the oracle, the same states and verdicts.
 */
class HoldRunModuleTest {
    @TempDir
    Path tmp;

    /** {@code (guard /\ (a_1 \/ a_2 \/ ...))}, on one line. */
    private static final Pattern GROUP = Pattern.compile(
            "\\(((?:[^()]|\\([^()]*\\))+?) /\\\\ \\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)\\)");
    /** An action's name and, where it has one, its context: {@code Name} or {@code Name("ctx")}. */
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\(\"([^\"]*)\"\\))?");

    /** The first line of a top-level definition. */
    private static final Pattern DEFINITION = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)(\\(.*?\\))? ==");

    private static Compiler.Compiled compiled(String stm) {
        return Compiler.compile(Path.of(stm), Path.of("."), Map.of());
    }

    /** The module's top-level definitions, name -> text with its lines joined (one space for each run of blanks). */
    private static Map<String, String> definitions(String tla) {
        Map<String, String> defs = new LinkedHashMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : tla.split("\n")) {
            Matcher m = DEFINITION.matcher(line);
            boolean defines = m.find();
            if (defines || line.startsWith("\\*") || line.startsWith("====")) {
                if (name != null) {
                    defs.put(name, text.toString().replaceAll("\\s+", " ").strip());
                }
                name = defines ? m.group(1) : null;
                text.setLength(0);
            }
            text.append(line).append('\n');
        }
        return defs;
    }

    /** The action calls of a disjunction, the shared guards removed: {@code Name} or {@code Name("ctx")} each. */
    private static List<String> calls(String disjunction, List<String> guards) {
        String rest = disjunction;
        for (String g : guards) {
            rest = rest.replace(g + " /\\ ", "");
        }
        List<String> calls = new ArrayList<>();
        Matcher m = CALL.matcher(rest.replaceFirst("^[A-Za-z_]+ == ", ""));
        while (m.find()) {
            calls.add(m.group(0));
        }
        calls.sort(null);
        return calls;
    }

    /**
     * {@code plain}'s definitions as the module for runs expected to hold writes them: each action of
     * {@code bound} (name -> its one context) defined without its parameter, {@code self} replaced by the context,
     * and called by its bare name.
     */
    private static Map<String, String> withSelfBound(Map<String, String> plain, Map<String, String> bound) {
        Map<String, String> out = new LinkedHashMap<>();
        plain.forEach((name, text) -> {
            String t = text;
            String ctx = bound.get(name);
            if (ctx != null) {
                t = t.replaceFirst("^" + name + "\\(self\\) ==", name + " ==")
                        .replaceAll("\\bself\\b", Matcher.quoteReplacement("\"" + ctx + "\""));
            }
            for (Map.Entry<String, String> b : bound.entrySet()) {
                t = t.replace(b.getKey() + "(\"" + b.getValue() + "\")", b.getKey());
            }
            out.put(name, t);
        });
        return out;
    }

    /**
     * The actions {@code hold} defines without the parameter {@code plain} gives them -> the one context they are
     * called with.
     */
    private static Map<String, String> bound(Map<String, String> plain, Map<String, String> hold) {
        Map<String, String> bound = new LinkedHashMap<>();
        String all = String.join("\n", plain.values());
        plain.forEach((name, text) -> {
            if (text.startsWith(name + "(self) ==") && hold.get(name).startsWith(name + " ==")) {
                Matcher call = Pattern.compile("\\b" + name + "\\(\"([^\"]*)\"\\)").matcher(all);
                assertTrue(call.find(), name + " is never called with a context");
                String ctx = call.group(1);
                while (call.find()) {
                    assertEquals(ctx, call.group(1), name + " is called with two contexts, but self is bound");
                }
                bound.put(name, ctx);
            }
        });
        return bound;
    }

    @Test
    void onlyNextAndTheBoundActionsChangeAndEachSharedGuardIsAConjunctOfTheActionsItGuards() {
        Compiler.Compiled c = compiled("specs/nvme-fc/smart.stm");
        Map<String, String> generated = definitions(c.output().tla());
        Map<String, String> bound = bound(generated, definitions(TlaGenerator.holdRunModule(c.program(),
                c.output().module())));
        // every action of one context: in smart reset_work's steps and start too, nvme_reset_wq's second worker
        // running no work item (Program.runningWorkers)
        assertTrue(bound.containsKey("LlddDone_lldd_admin_rq") && bound.containsKey("user_start")
                && bound.containsKey("Start_reset_work"), bound.keySet().toString());
        assertEquals(actions(generated), bound.size(), "every action of smart has self bound");
        // smart's: the LLDD's completions and the timers' three budgets (kblockd and nvme_wq start one work item
        // each: the others are never queued with smart's bounds, LiveEntries)
        assertEquals(List.of("pc[\"lldd\"] = \"idle\"",
                "ev[\"rq_timeout\"] < B_timeouts /\\ EventsFired < B_events /\\ NonFailingFaultOK",
                "g.rp_reexpired < B_reexpiries", "g.rp_late < Cardinality(Reqs)"), sharedGuards(c, generated, bound));
        // upstream: reset_work and ioerr_work on nvme_reset_wq, so either of its two workers takes their steps
        Compiler.Compiled up = compiled("specs/nvme-fc/upstream.stm");
        Map<String, String> upGenerated = definitions(up.output().tla());
        Map<String, String> upBound = bound(upGenerated, definitions(TlaGenerator.holdRunModule(up.program(),
                up.output().module())));
        assertTrue(upBound.containsKey("LlddDone_lldd_admin_rq") && !upBound.containsKey("Start_reset_work")
                && !upBound.containsKey("Start_ioerr_work"), upBound.keySet().toString());
        long upActions = actions(upGenerated);
        assertTrue(upBound.size() > upActions * 3 / 5, "bound: " + upBound.size() + " of " + upActions);
        sharedGuards(up, upGenerated, upBound);
    }

    /** How many of {@code definitions} are actions of a context ({@code name(self) ==}). */
    private static long actions(Map<String, String> definitions) {
        return definitions.values().stream().filter(t -> t.matches("(?s)[A-Za-z_0-9]+\\(self\\) ==.*")).count();
    }

    /**
     * Checks that the module for runs expected to hold differs from {@code generated} only in Next, NextCore and
     * the actions with self bound ({@code bound}), and that each guard it tests once for a group of Next's
     * disjuncts is a conjunct of each of them; returns those guards.
     */
    private static List<String> sharedGuards(Compiler.Compiled c, Map<String, String> generated,
            Map<String, String> bound) {
        Map<String, String> hold = definitions(TlaGenerator.holdRunModule(c.program(), c.output().module()));
        // and the definitions with which a search of the states where fair behaviours end decides the temporal
        // properties (NextAndFairness.endStates, Properties.endForm), only there
        java.util.Set<String> added = new java.util.TreeSet<>(hold.keySet());
        added.removeAll(generated.keySet());
        assertEquals(java.util.Set.of("End_LiveWithoutAssoc", "End_Progress", "FairTerminal", "Settles"), added);
        assertTrue(hold.keySet().containsAll(generated.keySet()));
        Map<String, String> plain = withSelfBound(generated, bound);
        plain.forEach((name, text) -> {
            if (!name.equals("Next") && !name.equals("NextCore")) {
                assertEquals(text, hold.get(name), name);
            }
        });
        List<String> guards = new ArrayList<>();
        for (String next : List.of("NextCore", "Next")) {
            Matcher g = GROUP.matcher(hold.get(next));
            while (g.find()) {
                String guard = g.group(1);
                guards.add(guard);
                for (String member : g.group(2).split(" \\\\/ ")) {
                    Matcher call = CALL.matcher(member);
                    assertTrue(call.matches(), member);
                    String def = plain.get(call.group(1));
                    // the action's own guard, with self as the context the disjunct names
                    String own = call.group(2) == null ? def : def.replace("self", "\"" + call.group(2) + "\"");
                    assertTrue(own.contains("/\\ " + guard + " /\\") || own.contains("/\\ " + guard + " /\\ LET"),
                            member + " is not guarded by " + guard + ": " + own);
                }
            }
            assertEquals(calls(plain.get(next), List.of()), calls(hold.get(next), guards), next);
        }
        return guards;
    }

    /**
     * TLC on the committed module and on the module for runs expected to hold, coded as the checker runs it, for
     * one property: the same verdict, the same distinct states where it holds, a counterexample of the same length
     * where it is violated (breadth-first with one worker: the shortest, in whichever order Next lists the
     * actions). Liveness properties only where they hold (a lasso follows the fingerprints).
     */
    @ParameterizedTest
    @CsvSource({"specs/nvme-fc/smart.stm, Deadlock", "specs/nvme-fc/smart.stm, LiveWithoutAssoc",
            "specs/nvme-fc/v4.stm, UseAfterFree", "specs/history/fc_ee59e3820ca9_after.stm, Deadlock",
            "specs/history/fc_ee59e3820ca9_after.stm, LostError"})
    @Tag("tlc")
    void theModuleForRunsExpectedToHoldHasTheSameStatesAndVerdicts(String stm, String property) throws IOException {
        Compiler.Compiled c = compiled(stm);
        String module = c.output().module();
        Path gen = Path.of(stm).resolveSibling("gen");
        Path cfg = gen.resolve(module + "_" + property + ".cfg");
        boolean liveness = Files.readString(cfg).contains("PROPERTY");
        Path dir = Files.createDirectories(tmp.resolve("hold"));
        Path hold = Files.writeString(dir.resolve(module + ".tla"),
                CodedModule.of(TlaGenerator.holdRunModule(c.program(), module)).orElseThrow());
        CodedModuleTest.assertSameSearch(CodedModuleTest.run(gen.resolve(module + ".tla"), cfg, liveness),
                CodedModuleTest.run(hold, cfg, liveness));
    }
}
