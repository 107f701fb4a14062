package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import rpcheck.model.Property;
import rpcheck.trace.Trace;
import rpcheck.trace.Wait;

class WaitForGraphTest {
    private static final Wait SELF = new Wait("kblockd#1", rpcheck.model.prims.WaitKind.of("work"), "admin_q_timeout_work", "kblockd#1", "l",
            List.of("nvme_fc_timeout", "blk_sync_queue"));

    private static Set<String> cyclic(WaitForGraph g) {
        return g.nodes().stream().filter(g::onCycle).map(WaitForGraph.Node::label).collect(Collectors.toSet());
    }

    @Test
    void selfWaitThroughItsOwnWorkIsMarkedAndNamesTheCall() {
        WaitForGraph g = new WaitForGraph(15, List.of(SELF), List.of(SELF));
        assertEquals(Set.of("kblockd#1", "work admin_q_timeout_work"), cyclic(g));
        String expected = String.join("\n",
                "digraph waitfor {",
                "  label=\"smart: WaitCycle\";",
                "  labelloc=t;",
                "  n0 [ label=\"kblockd#1\" shape=\"box\" class=\"context\" color=\"#d62728\" penwidth=\"2\" ];",
                "  n1 [ label=\"work admin_q_timeout_work\" shape=\"ellipse\" class=\"work\" color=\"#d62728\""
                        + " penwidth=\"2\" ];",
                "  n0 -> n1 [ label=\"waits in blk_sync_queue()\" class=\"waits-for\" color=\"#d62728\""
                        + " fontcolor=\"#d62728\" penwidth=\"2\" ];",
                "  n1 -> n0 [ label=\"runs on\" class=\"runs-on\" color=\"#d62728\" fontcolor=\"#d62728\""
                        + " penwidth=\"2\" ];",
                "}", "");
        assertEquals(expected, DotRenderer.waitFor(g, "smart: WaitCycle"));
    }

    @Test
    void theCycleComesFromTheExplanationNotFromTheGraph() {
        // a cycle in the picture is not marked unless the explanation says so: one source of truth
        WaitForGraph g = new WaitForGraph(3, List.of(SELF), List.of());
        assertTrue(cyclic(g).isEmpty());
        assertTrue(g.edges().stream().noneMatch(g::onCycle));
    }

    @Test
    void aConditionOnlyOneContextCanEndIsEndedByIt() {
        // wait_event() under a mutex that the one context able to set the flag needs (WaitCycle's single waker)
        Wait one = new Wait("one", rpcheck.model.prims.WaitKind.of("cond"), "done", "two", "l1",
                List.of("waiter", "wait_event"));
        Wait two = new Wait("two", rpcheck.model.prims.WaitKind.of("lock"), "m", "one", "l2",
                List.of("waker", "mutex_lock"));
        WaitForGraph g = new WaitForGraph(3, List.of(one, two), List.of(one, two));
        assertEquals(List.of(WaitForGraph.EdgeKind.WAITS_FOR, WaitForGraph.EdgeKind.ENDED_BY,
                WaitForGraph.EdgeKind.WAITS_FOR, WaitForGraph.EdgeKind.HELD_BY),
                g.edges().stream().map(WaitForGraph.Edge::kind).toList());
        assertTrue(g.edges().stream().anyMatch(e -> e.label().equals("only ended by")));
        assertEquals(4, cyclic(g).size());
    }

    @Test
    void abbaLocksFormATwoContextCycle() {
        Wait one = new Wait("one", rpcheck.model.prims.WaitKind.of("lock"), "b", "two", "l1", List.of("f", "spin_lock"));
        Wait two = new Wait("two", rpcheck.model.prims.WaitKind.of("lock"), "a", "one", "l2", List.of("g", "spin_lock"));
        WaitForGraph g = new WaitForGraph(4, List.of(one, two), List.of(one, two));
        assertEquals(Set.of("one", "two", "spinlock a", "spinlock b"), cyclic(g));
        assertEquals(List.of(WaitForGraph.EdgeKind.WAITS_FOR, WaitForGraph.EdgeKind.HELD_BY,
                WaitForGraph.EdgeKind.WAITS_FOR, WaitForGraph.EdgeKind.HELD_BY),
                g.edges().stream().map(WaitForGraph.Edge::kind).toList());
    }

    @Test
    void waitingForAnIdleHolderOrACompletionIsNoCycle() {
        WaitForGraph g = new WaitForGraph(2, List.of(
                new Wait("user", rpcheck.model.prims.WaitKind.of("work"), "connect_work", "nvme_wq#1", "l1", List.of()),
                new Wait("nvme_wq#1", rpcheck.model.prims.WaitKind.of("request"), "admin_rq", null, "l2", List.of())), List.of());
        assertEquals(4, g.graph().vertexSet().size());
        assertEquals(3, g.graph().edgeSet().size());
        assertEquals(List.of("user", "work connect_work", "nvme_wq#1", "completion of admin_rq"),
                g.nodes().stream().map(WaitForGraph.Node::label).toList());
        assertEquals("waits for", g.edges().get(0).label(), "a wait without a chain names no call");
    }

    @Test
    void everyStepHasItsGraphAndOnlyTheFinalOneIsMarked() {
        Trace t = Cases.recorded("lockflush", Property.WAIT_CYCLE).trace();
        int n = t.steps().size();
        WaitForGraph flush = WaitForGraph.atStep(t, 4);
        assertEquals(List.of("user", "work w"), flush.nodes().stream().map(WaitForGraph.Node::label).toList());
        assertTrue(flush.nodes().stream().noneMatch(flush::onCycle));
        WaitForGraph last = WaitForGraph.finalState(t);
        assertEquals(n, last.step());
        assertEquals(Set.of("user", "wq#1", "work w", "spinlock l"), cyclic(last));
        assertTrue(WaitForGraph.atStep(t, 1).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WaitForGraph.atStep(t, n + 1));
        assertFalse(last.isEmpty());
    }
}
