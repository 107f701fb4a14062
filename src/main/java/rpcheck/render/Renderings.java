package rpcheck.render;

import rpcheck.model.Property;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rendering of a counterexample, by name: the files {@code check} writes under
 * {@code traces/<variant>/<Property>/} and what {@code rpcheck render} prints.
 */
public final class Renderings {
    /** The files of one counterexample, in the order they are written. */
    public static final List<String> FILES = List.of("trace.txt", "trace.json", "waitfor.dot", "waitfor.svg",
            "lanes.dot", "lanes.svg");

    /** An output format. */
    public enum Format { TEXT, DOT, SVG, JSON }

    /** Which graph a DOT or SVG rendering shows. */
    public enum GraphKind { WAITFOR, LANES }

    private Renderings() {
    }

    /** File name to content, for {@link #FILES}. */
    public static Map<String, String> files(Counterexample cx) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("trace.txt", TextRenderer.render(cx, false));
        out.put("trace.json", JsonRenderer.render(cx));
        WaitForGraph wf = WaitForGraph.finalState(cx.trace());
        out.put("waitfor.dot", DotRenderer.waitFor(wf, waitForTitle(cx, wf)));
        out.put("waitfor.svg", SvgRenderer.waitFor(wf, cx.title(), waitForSubtitle(cx, wf)));
        LaneGraph lanes = LaneGraph.of(cx.trace());
        out.put("lanes.dot", DotRenderer.lanes(lanes, lanesTitle(cx)));
        out.put("lanes.svg", SvgRenderer.lanes(lanes, lanesTitle(cx)));
        return out;
    }

    /**
     * One rendering. {@code step} picks the wait-for graph after that step (null: the final state); {@code full}
     * shows every context in the text instead of the involved ones.
     */
    public static String render(Counterexample cx, Format format, GraphKind graph, Integer step, boolean full) {
        if (format == Format.TEXT) {
            return TextRenderer.render(cx, full);
        }
        if (format == Format.JSON) {
            return JsonRenderer.render(cx);
        }
        if (graph == GraphKind.LANES) {
            LaneGraph g = LaneGraph.of(cx.trace());
            return format == Format.DOT ? DotRenderer.lanes(g, lanesTitle(cx)) : SvgRenderer.lanes(g, lanesTitle(cx));
        }
        WaitForGraph g = step == null ? WaitForGraph.finalState(cx.trace()) : WaitForGraph.atStep(cx.trace(), step);
        return format == Format.DOT ? DotRenderer.waitFor(g, waitForTitle(cx, g))
                : SvgRenderer.waitFor(g, cx.title(), waitForSubtitle(cx, g));
    }

    private static String waitForTitle(Counterexample cx, WaitForGraph g) {
        return cx.title() + ", " + waitForSubtitle(cx, g);
    }

    private static String waitForSubtitle(Counterexample cx, WaitForGraph g) {
        int n = cx.trace().steps().size();
        String when = g.step() == 0 ? "the initial state" : "after step " + g.step();
        return "wait-for graph, " + when + (g.step() == n ? " (final state)" : "");
    }

    private static String lanesTitle(Counterexample cx) {
        int n = cx.trace().steps().size();
        return cx.title() + ", " + n + (n == 1 ? " step" : " steps") + ", one lane per context";
    }
}
