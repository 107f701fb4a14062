package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import rpcheck.trace.Wait;

class WaitForGraphTest {

    private static Set<String> cyclic(WaitForGraph g) {
        return g.onCycle().stream().map(WaitForGraph.Node::label).collect(Collectors.toSet());
    }

    @Test
    void selfWaitThroughItsOwnWorkIsACycle() {
        WaitForGraph g = new WaitForGraph(List.of(
                new Wait("kblockd#1", "work", "admin_q_timeout_work", "kblockd#1", "l", List.of())));
        assertEquals(Set.of("kblockd#1", "work admin_q_timeout_work"), cyclic(g));
        String expected = String.join("\n",
                "digraph waitfor {",
                "  label=\"smart: WaitCycle\";",
                "  labelloc=t;",
                "  n0 [ label=\"kblockd#1\" shape=\"box\" color=\"red\" ];",
                "  n1 [ label=\"work admin_q_timeout_work\" shape=\"ellipse\" color=\"red\" ];",
                "  n0 -> n1 [ label=\"waits for\" color=\"red\" ];",
                "  n1 -> n0 [ label=\"runs on\" color=\"red\" ];",
                "}", "");
        assertEquals(expected, g.toDot("smart: WaitCycle"));
    }

    @Test
    void abbaLocksFormATwoContextCycle() {
        WaitForGraph g = new WaitForGraph(List.of(
                new Wait("one", "lock", "b", "two", "l1", List.of()),
                new Wait("two", "lock", "a", "one", "l2", List.of())));
        assertEquals(Set.of("one", "two", "spinlock a", "spinlock b"), cyclic(g));
    }

    @Test
    void waitingForAnIdleHolderOrACompletionIsNoCycle() {
        WaitForGraph g = new WaitForGraph(List.of(
                new Wait("user", "work", "connect_work", "nvme_wq#1", "l1", List.of()),
                new Wait("nvme_wq#1", "request", "admin_rq", null, "l2", List.of())));
        assertTrue(g.onCycle().isEmpty());
        assertEquals(4, g.graph().vertexSet().size());
        assertEquals(3, g.graph().edgeSet().size());
    }
}
