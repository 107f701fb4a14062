package rpcheck.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import rpcheck.trace.Explanation;
import rpcheck.model.Property;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/** Text that needs escaping in DOT and XML, and output that does not depend on the JVM's locale or history. */
class EscapingAndDeterminismTest {
    private static final String NASTY = "x == \"a\" && y < 'b' \\ z > 1";

    private static Counterexample nasty() {
        Wait w = new Wait("c<1>", rpcheck.model.prims.WaitKind.of("cond"), NASTY, null, "l", List.of("f&g"));
        TraceStep s = new TraceStep(1, "c<1>", "A", "step", "wait_event(" + NASTY + ") \u00e9", "t.stm:1:1",
                List.of("f&g"), List.of(), List.of(w));
        return new Counterexample("v&\"w\"", new Trace(Property.DEADLOCK, List.of(s),
                new Explanation("c<1>", "t.stm:1:1", List.of("f&g"), List.of(w), List.of("note <&>")), null));
    }

    @Test
    void dotEscapesQuotesAndBackslashes() {
        Wait w = new Wait("c", rpcheck.model.prims.WaitKind.of("cond"), NASTY, null, "l", List.of("f"));
        String dot = DotRenderer.waitFor(new WaitForGraph(1, List.of(w), List.of()), "t \"q\"");
        assertTrue(dot.contains("  label=\"t \\\"q\\\"\";\n"), dot);
        assertTrue(dot.contains("label=\"x == \\\"a\\\" && y < 'b' \\\\ z > 1\""), dot);
    }

    @Test
    void svgEscapesTextAndAttributes() {
        Counterexample cx = nasty();
        for (String f : List.of("waitfor.svg", "lanes.svg")) {
            String svg = Renderings.files(cx).get(f);
            Document d = RenderChecks.assertWellFormedSvg(f, svg);
            assertTrue(d.getDocumentElement().getTextContent().contains(NASTY), f);
            assertTrue(svg.chars().allMatch(c -> c < 128), f + " is not ASCII");
        }
        RenderChecks.assertMailable("text", TextRenderer.render(cx, true));
        RenderChecks.assertValidJson("json", JsonRenderer.render(cx));
    }

    @Test
    void numbersDoNotFollowTheDefaultLocale() {
        Counterexample cx = Cases.recorded("lockflush", Property.WAIT_CYCLE);
        String root = Renderings.files(cx).toString();
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals(root, Renderings.files(cx).toString());
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals("0.0", Svg.num(-0.01));
        assertEquals("1234.5", Svg.num(1234.5));
    }

    @Test
    void renderingTwiceGivesTheSameBytes() {
        for (Cases.Case c : Cases.all()) {
            assertEquals(Renderings.files(c.cx()), Renderings.files(c.cx()), c.name());
        }
    }
}
