package rpcheck.render;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.CycleBreakingStrategy;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * The wait-for graph as SVG, laid out by the Eclipse Layout Kernel's layered algorithm (Sugiyama style: cycle
 * breaking in model order, so the first waiter is on top; orthogonal edge routing; edge labels placed by ELK).
 * Sizes come from character counts of monospace text, not from font metrics, so no AWT and no randomness
 * (ELK's seed is fixed) take part: the same graph gives the same bytes.
 */
final class WaitForSvg {
    private static final double FONT = 12;
    private static final double LABEL_FONT = 10;
    private static final double NODE_HEIGHT = 32;
    private static final double TOP = 44;
    private static final double MARGIN = 12;

    private WaitForSvg() {
    }

    /** ELK's layered algorithm, registered once (plain Java: no OSGi, no Eclipse extension registry). */
    private static final class Elk {
        static final RecursiveGraphLayoutEngine ENGINE;

        static {
            LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
            ENGINE = new RecursiveGraphLayoutEngine();
        }
    }

    static String render(WaitForGraph g, String title, String subtitle) {
        if (g.isEmpty()) {
            double w = Math.max(360, Svg.textWidth(Math.max(title.length(), subtitle.length()), 13) + 2 * MARGIN);
            Svg svg = new Svg(w, 90, title);
            heading(svg, title, subtitle);
            svg.text(MARGIN, 72, "no context is blocked", FONT, Style.MUTED, "start", false);
            return svg.finish();
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(LayeredOptions.CYCLE_BREAKING_STRATEGY, CycleBreakingStrategy.MODEL_ORDER);
        root.setProperty(LayeredOptions.RANDOM_SEED, 1);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        Map<WaitForGraph.Node, ElkNode> nodes = new LinkedHashMap<>();
        for (WaitForGraph.Node n : g.nodes()) {
            ElkNode e = ElkGraphUtil.createNode(root);
            e.setIdentifier(n.id());
            e.setDimensions(Svg.textWidth(n.label().length(), FONT) + 28, NODE_HEIGHT);
            nodes.put(n, e);
        }
        Map<WaitForGraph.Edge, ElkEdge> edges = new LinkedHashMap<>();
        for (WaitForGraph.Edge e : g.edges()) {
            ElkEdge x = ElkGraphUtil.createSimpleEdge(nodes.get(g.source(e)), nodes.get(g.target(e)));
            ElkLabel l = ElkGraphUtil.createLabel(e.label(), x);
            l.setDimensions(Svg.textWidth(e.label().length(), LABEL_FONT) + 6, LABEL_FONT + 4);
            edges.put(e, x);
        }
        Elk.ENGINE.layout(root, new BasicProgressMonitor());
        double width = Math.max(root.getWidth(),
                Svg.textWidth(Math.max(title.length(), subtitle.length()), 13) + 2 * MARGIN);
        Svg svg = new Svg(width, root.getHeight() + TOP, title);
        heading(svg, title, subtitle);
        nodes.forEach((n, e) -> node(svg, g, n, e));
        edges.forEach((e, x) -> edge(svg, g, e, x));
        return svg.finish();
    }

    private static void heading(Svg svg, String title, String subtitle) {
        svg.text(MARGIN, 20, title, 13, Style.INK, "start", true);
        svg.text(MARGIN, 36, subtitle, 11, Style.MUTED, "start", false);
    }

    private static void node(Svg svg, WaitForGraph g, WaitForGraph.Node n, ElkNode e) {
        boolean cyc = g.onCycle(n);
        String stroke = cyc ? Style.CYCLE : Style.INK;
        double y = e.getY() + TOP;
        svg.group(n.id(), "node " + n.kind().id() + (cyc ? " cycle" : ""), n.kind().id() + " " + n.name());
        svg.rect(e.getX(), y, e.getWidth(), e.getHeight(), n.context() ? 3 : e.getHeight() / 2,
                n.context() ? "#f4f4f4" : "#ffffff", stroke, cyc ? 2 : 1, null);
        svg.text(e.getX() + e.getWidth() / 2, y + e.getHeight() / 2 + FONT * 0.35, n.label(), FONT,
                cyc ? Style.CYCLE : Style.INK, "middle", n.context());
        svg.end();
    }

    private static void edge(Svg svg, WaitForGraph g, WaitForGraph.Edge e, ElkEdge x) {
        boolean cyc = g.onCycle(e);
        String color = cyc ? Style.CYCLE : Style.INK;
        svg.group(null, "edge " + e.kind().id() + (cyc ? " cycle" : ""),
                g.source(e).label() + " " + e.label() + " " + g.target(e).label());
        for (ElkEdgeSection s : x.getSections()) {
            double[] xy = new double[4 + 2 * s.getBendPoints().size()];
            int i = 0;
            xy[i++] = s.getStartX();
            xy[i++] = s.getStartY() + TOP;
            for (ElkBendPoint b : s.getBendPoints()) {
                xy[i++] = b.getX();
                xy[i++] = b.getY() + TOP;
            }
            xy[i++] = s.getEndX();
            xy[i] = s.getEndY() + TOP;
            svg.path(xy, color, cyc ? 2 : 1.2, null, true);
        }
        for (ElkLabel l : x.getLabels()) {
            svg.text(l.getX() + l.getWidth() / 2, l.getY() + TOP + l.getHeight() - 4, l.getText(), LABEL_FONT, color,
                    "middle", false);
        }
        svg.end();
    }
}
