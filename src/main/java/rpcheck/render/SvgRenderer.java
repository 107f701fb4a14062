package rpcheck.render;

/**
 * Both graphs as SVG without Graphviz. The trace graph needs no layout library (lanes are columns, steps are
 * rows); the wait-for graph is laid out by the Eclipse Layout Kernel (see the package documentation for why).
 * Output is well-formed XML, ASCII, and byte-deterministic.
 */
public final class SvgRenderer {
    private SvgRenderer() {
    }

    public static String lanes(LaneGraph g, String title) {
        return LanesSvg.render(g, title);
    }

    public static String waitFor(WaitForGraph g, String title, String subtitle) {
        return WaitForSvg.render(g, title, subtitle);
    }
}
