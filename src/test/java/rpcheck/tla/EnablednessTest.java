package rpcheck.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import rpcheck.model.prims.Tla;
import rpcheck.model.prims.Tla.Expr;
import rpcheck.tlc.TlcInvocation;
import rpcheck.tlc.TlcResult;
import rpcheck.tlc.TlcRunner;

/**
 * The fairness conditions read a context's {@code ENABLED <<Acts_c>>_vars} from its steps' guards
 * ({@code Enabled_c}, {@link Enabledness}) and test {@code pc'["c"] # pc["c"]} before {@code Acts_c}: when the
 * syntax tree says a guard decides it, and, with TLC as the oracle, that {@code Enabled_c <=> ENABLED
 * <<Acts_c>>_vars} (and {@code SystemEnabled <=> ENABLED SystemStep}, which the late timers read) in every reachable
 * state of committed modules and that every step of {@code Acts_c} there moves {@code pc["c"]}.
 */
class EnablednessTest {
    @TempDir
    Path tmp;

    private static final Expr PC_SELF = Tla.index(Tla.id("pc"), Tla.SELF);

    /** {@code (pc' = [pc EXCEPT ![self] = to] /\ lv' = lv /\ UNCHANGED <<g, ...>>)}. */
    private static Expr leaf(String to, String... unchanged) {
        List<Expr> conj = new ArrayList<>();
        conj.add(Tla.eq(new Tla.Primed("pc"), new Tla.Except(Tla.id("pc"), List.of(Tla.update(Tla.str(to),
                Tla.SELF)))));
        conj.add(Tla.eq(new Tla.Primed("lv"), Tla.id("lv")));
        conj.add(new Tla.Unchanged(List.of(unchanged)));
        return Tla.paren(new Tla.Junction("/\\", conj));
    }

    private static Expr leaf(String to) {
        return leaf(to, "g", "rq", "wk", "flw", "lk", "ev");
    }

    private static final List<Expr> AT_L1 = List.of(Tla.eq(PC_SELF, Tla.str("L1")),
            Tla.eq(Tla.index(Tla.id("lk"), "a"), Tla.NONE));

    @Test
    void aGuardDecidesWhenEveryWayThroughTheBodyMovesOn() {
        Expr body = new Tla.Let("g_x", Tla.id("g"), new Tla.IfBlock(Tla.dot(Tla.id("g"), "f"), leaf("L2"),
                leaf("done")));
        assertTrue(Enabledness.guardDecides(AT_L1, body));
    }

    @Test
    void aBranchThatStaysAtItsLabelMayStutter() {
        Expr body = new Tla.IfBlock(Tla.dot(Tla.id("g"), "f"), leaf("L2"), leaf("L1"));
        assertTrue(Enabledness.total(body));
        assertFalse(Enabledness.guardDecides(AT_L1, body), "pc may keep its value: the step may change nothing");
    }

    @Test
    void aBodyThatTestsSomethingOrMissesAVariableIsNotTotal() {
        Expr tests = Tla.paren(new Tla.Junction("/\\", List.of(Tla.dot(Tla.id("g"), "f"), leaf("L2"))));
        assertFalse(Enabledness.total(tests));
        assertFalse(Enabledness.total(leaf("L2", "g", "rq", "wk", "flw", "lk")), "ev has no new value");
        assertFalse(Enabledness.total(leaf("L2", "g", "g", "rq", "wk", "flw", "lk", "ev")), "g twice");
        assertFalse(Enabledness.total(new Tla.CaseBlock(List.of(new Tla.Arm(Tla.TRUE, leaf("L2"))), null)),
                "a CASE without OTHER may have no successor");
    }

    @Test
    void aGuardWithAPrimeOrWithoutTheLabelDoesNotDecide() {
        assertFalse(Enabledness.guardDecides(List.of(Tla.eq(PC_SELF, Tla.str("L1")),
                Tla.eq(new Tla.Primed("g"), Tla.id("g"))), leaf("L2")));
        assertFalse(Enabledness.guardDecides(List.of(Tla.dot(Tla.index(Tla.id("wk"), "w"), "pend")), leaf("L2")),
                "nothing says where pc was");
    }

    @Test
    void selfIsReplacedByTheContext() {
        Expr g = Tla.and(Tla.eq(PC_SELF, Tla.str("L1")), Tla.eq(Tla.dot(Tla.index(Tla.id("flw"), Tla.SELF), "ph"),
                Tla.str("D")));
        assertEquals("pc[\"user\"] = \"L1\" /\\ flw[\"user\"].ph = \"D\"",
                TlaPrinter.print(Tla.withSelf(g, Tla.str("user"))));
        Expr own = new Tla.Quant(true, "self", Tla.id("Ctx"), PC_SELF);
        assertEquals(own, Tla.withSelf(own, Tla.str("user")), "a quantifier's own self is its own");
    }

    /**
     * TLC checks {@code Enabled_c <=> ENABLED <<Acts_c>>_vars} for every context in every state the Progress
     * bounds reach, and that each step of Acts_c moves pc["c"], without the VIEW (so no state stands for another).
     */
    @ParameterizedTest
    @ValueSource(strings = {"specs/nvme-fc/gen/smart", "specs/nvme-fc/gen/tcp", "specs/history/gen/fc_ee59e3820ca9_after"})
    @Tag("tlc")
    void theGuardsAgreeWithTlcsEnabled(String module) throws IOException {
        assertInstanceOf(TlcResult.NoViolation.class, exact(module, null, null));
    }

    /** A change to smart's module that TLC must catch: {@code from}, {@code to}. */
    static Stream<Arguments> wrongModules() {
        return Stream.of(
                // drop the lock test of one guarded step: that context is said to be able to go on where it cannot
                Arguments.of("    [] pc[\"user\"] = \"user_nvme_fc_ctrl_free_L1\" -> lk[\"rport_lock\"] = \"none\"\n",
                        "    [] pc[\"user\"] = \"user_nvme_fc_ctrl_free_L1\" -> TRUE\n"),
                // a step that queues connect_work and stays at its label: a step of user that keeps pc["user"]
                Arguments.of("           ELSE (pc' = [pc EXCEPT ![self] = \"user_nvme_fc_init_ctrl_L7\"] /\\\n",
                        "           ELSE (pc' = [pc EXCEPT ![self] = \"user_nvme_fc_init_ctrl_L4\"] /\\\n"),
                // the late timers' "nothing else can happen" without user's steps: user can go on where it says not
                Arguments.of("SystemEnabled ==\n    \\/ Enabled_user\n", "SystemEnabled ==\n    \\/ FALSE\n"),
                // a step of the environment that ends user's call wherever it is: it moves pc["user"] from a label
                // other than idle and is none of user's own steps
                Arguments.of("    \\/ Quiescent\n", "    \\/ Quiescent\n    \\/ (pc[\"user\"] \\notin {\"idle\", \"done\"}"
                        + " /\\ pc' = [pc EXCEPT ![\"user\"] = \"done\"] /\\ UNCHANGED <<lv, g, rq, wk, flw, lk, ev>>)\n"));
    }

    @ParameterizedTest
    @MethodSource("wrongModules")
    @Tag("tlc")
    void aWrongGuardOrAStepThatKeepsItsLabelOrAnotherThatLeavesOneIsCaught(String from, String to)
            throws IOException {
        assertInstanceOf(TlcResult.Violation.class, exact("specs/nvme-fc/gen/smart", from, to));
    }

    /**
     * TLC on {@code module} (with {@code from} replaced by {@code to}, if given): the invariant {@code Enabled_c <=>
     * ENABLED <<Acts_c>>_vars} (and {@code SystemEnabled <=> ENABLED SystemStep} where it is defined) and, for each
     * context whose fairness tests {@code pc'["c"] # pc["c"]} first, the property that every step of {@code Acts_c}
     * moves {@code pc["c"]}, and where it evaluates {@code Acts_c} only for a step from idle, that every step that
     * moves {@code pc["c"]} from another label is one of {@code Acts_c}.
     */
    private TlcResult exact(String module, String from, String to) throws IOException {
        Path base = Path.of(module + ".tla");
        String name = base.getFileName().toString().replace(".tla", "");
        String tla = Files.readString(base);
        if (from != null) {
            assertTrue(tla.contains(from), "the module changed: pick another line to change");
            tla = tla.replace(from, to);
        }
        Files.writeString(tmp.resolve(name + ".tla"), tla);
        List<String> contexts = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^Enabled_(\\w+) ==").matcher(tla);
        while (m.find()) {
            contexts.add(m.group(1));
        }
        assertFalse(contexts.isEmpty(), "no Enabled_c in " + base);
        StringBuilder exact = new StringBuilder("---- MODULE Exact ----\nEXTENDS " + name + "\nExact ==\n");
        contexts.forEach(c -> exact.append("    /\\ (Enabled_").append(c).append(" <=> ENABLED <<Acts_").append(c)
                .append(">>_vars)\n"));
        if (tla.contains("\nSystemEnabled ==")) { // where late timers wait for the system to have nothing to do
            exact.append("    /\\ (SystemEnabled <=> ENABLED SystemStep)\n");
        }
        Matcher moved = Pattern.compile("<<pc'\\[\"([^\"]+)\"\\] # pc\\[\"[^\"]+\"\\] /\\\\\\s+"
                + "(\\(pc\\[\"[^\"]+\"\\] # \"idle\" \\\\/\\s+)?Acts_(\\w+)\\)?>>_vars").matcher(tla);
        exact.append("Moves ==\n    /\\ TRUE\n");
        int moves = 0;
        int fromIdle = 0;
        while (moved.find()) {
            String pc = "pc[\"" + moved.group(1) + "\"]";
            String acts = "Acts_" + moved.group(3);
            exact.append("    /\\ [][").append(acts).append(" => ").append(pc.replace("pc", "pc'")).append(" # ")
                    .append(pc).append("]_vars\n");
            moves++;
            if (moved.group(2) != null) {
                exact.append("    /\\ [][(").append(pc.replace("pc", "pc'")).append(" # ").append(pc).append(" /\\ ")
                        .append(pc).append(" # \"idle\") => ").append(acts).append("]_vars\n");
                fromIdle++;
            }
        }
        assertEquals(contexts.size(), moves, "every context's fairness tests its pc first");
        assertEquals(contexts.size(), fromIdle, "every context's fairness evaluates Acts_c only for a step from idle");
        exact.append("====\n");
        Path wrapper = Files.writeString(tmp.resolve("Exact.tla"), exact.toString());
        String cfg = Files.readString(Path.of(module + "_Progress.cfg"))
                .replace("SPECIFICATION FairSpec", "SPECIFICATION Spec")
                .replaceAll("PROPERTY \\w+", "INVARIANT Exact\nPROPERTY Moves")
                .replaceAll("VIEW \\w+\\n", "");
        Path cfgFile = Files.writeString(tmp.resolve("Exact.cfg"), cfg);
        return new TlcRunner().run(TlcInvocation.of(wrapper, cfgFile)
                .withExtraFiles(List.of(tmp.resolve(name + ".tla")))
                .withCheckDeadlock(false)
                .withTimeout(Duration.ofMinutes(5)));
    }
}
