package rpcheck.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.trace.TraceStep;
import rpcheck.trace.Wait;

/**
 * The trace graph as SVG. It needs no layout library: a lane is a fixed column and a step a row, in trace
 * order, so time runs down the page and every causal edge points down to another column. Each node's tooltip
 * holds its full text, DSL position, call chain and state changes.
 */
final class LanesSvg {
    private static final double MARGIN = 16;
    private static final double STEP_COLUMN = 34;
    private static final double COLUMN = 250;
    private static final double NODE_WIDTH = 226;
    private static final double FONT = 11;
    private static final double LINE = 14;
    private static final double ROW_GAP = 18;
    private static final double HEADER = 64;
    private static final double LOOP_SPACE = 130;
    private static final int MAX_LINES = 4;
    private static final int MAX_BLOCKED_LINES = 3;

    /** A node's box. */
    private record Box(double x, double y, double w, double h) {
        double right() {
            return x + w;
        }

        double bottom() {
            return y + h;
        }
    }

    private final LaneGraph g;
    private final String title;
    private final FinalState end;
    private final Map<Integer, Box> boxes = new LinkedHashMap<>();
    private final Map<Integer, List<String>> texts = new LinkedHashMap<>();
    private final Map<Integer, Wait> blockedAt = new LinkedHashMap<>();
    private double bottom;

    private LanesSvg(LaneGraph g, String title) {
        this.g = g;
        this.title = title;
        this.end = FinalState.of(g.trace());
    }

    static String render(LaneGraph g, String title) {
        return new LanesSvg(g, title).draw();
    }

    private int charsPerLine() {
        return (int) Math.floor((NODE_WIDTH - 12) / Svg.textWidth(1, FONT));
    }

    private void layout() {
        Map<String, Integer> lastOf = new LinkedHashMap<>();
        g.nodes().forEach(n -> lastOf.put(n.lane(), n.step()));
        lastOf.forEach((lane, step) -> {
            Wait w = end.blocked().get(lane);
            if (w != null) {
                blockedAt.put(step, w);
            }
        });
        double y = HEADER;
        for (LaneGraph.Node n : g.nodes()) {
            TraceStep s = g.trace().steps().get(n.step() - 1);
            List<String> lines = Wrap.lines(s.text(), charsPerLine());
            if (lines.size() > MAX_LINES) {
                lines = new ArrayList<>(lines.subList(0, MAX_LINES));
                String last = lines.get(MAX_LINES - 1);
                lines.set(MAX_LINES - 1, last.substring(0, Math.min(last.length(), charsPerLine() - 3)) + "...");
            }
            Wait w = blockedAt.get(n.step());
            if (w != null) {
                lines = new ArrayList<>(lines);
                lines.addAll(blockedLines(w));
            }
            texts.put(n.step(), lines);
            double h = 10 + lines.size() * LINE;
            int col = g.lanes().indexOf(n.lane());
            boxes.put(n.step(), new Box(laneX(col) + (COLUMN - NODE_WIDTH) / 2, y, NODE_WIDTH, h));
            y += h + ROW_GAP;
        }
        bottom = y;
    }

    private static double laneX(int column) {
        return MARGIN + STEP_COLUMN + column * COLUMN;
    }

    private List<String> blockedLines(Wait w) {
        List<String> b = Wrap.lines("blocked: " + TextRenderer.waitPhrase(w), charsPerLine());
        return b.subList(0, Math.min(MAX_BLOCKED_LINES, b.size()));
    }

    private String draw() {
        layout();
        Set<LaneGraph.EdgeKind> used = new LinkedHashSet<>();
        g.edges().forEach(e -> used.add(e.kind()));
        double legend = 24 + (used.size() + 2) * LINE;
        double width = 2 * MARGIN + STEP_COLUMN + Math.max(1, g.lanes().size()) * COLUMN + LOOP_SPACE;
        Svg svg = new Svg(width, bottom + legend, title);
        svg.text(MARGIN, 22, title, 14, Style.INK, "start", true);
        List<String> involved = Projection.involved(g);
        for (int i = 0; i < g.lanes().size(); i++) {
            String lane = g.lanes().get(i);
            double cx = laneX(i) + COLUMN / 2;
            svg.group("lane-" + i, "lane" + (involved.contains(lane) ? " involved" : ""), null);
            svg.text(cx, 48, lane, 12, Style.INK, "middle", involved.contains(lane));
            svg.path(new double[] {cx, 54, cx, bottom}, "#eeeeee", 1, "4 4", false);
            svg.end();
        }
        for (LaneGraph.Edge e : g.edges()) {
            if (e.kind() == LaneGraph.EdgeKind.PROGRAM) {
                program(svg, e);
            }
        }
        g.nodes().forEach(n -> node(svg, n));
        for (LaneGraph.Edge e : g.edges()) {
            if (e.kind() == LaneGraph.EdgeKind.LOOP) {
                loop(svg, e);
            } else if (e.kind() != LaneGraph.EdgeKind.PROGRAM) {
                causal(svg, e);
            }
        }
        legend(svg, used, bottom + 8);
        return svg.finish();
    }

    private void node(Svg svg, LaneGraph.Node n) {
        TraceStep s = g.trace().steps().get(n.step() - 1);
        Box b = boxes.get(n.step());
        Wait blocked = blockedAt.get(n.step());
        String stroke = blocked == null ? "#555555" : end.cycle().contains(n.lane()) ? Style.CYCLE : Style.BLOCKED;
        svg.group(n.id(), "step" + (blocked != null ? " blocked" : ""), tooltip(s));
        svg.rect(b.x(), b.y(), b.w(), b.h(), 4, "#ffffff", stroke, blocked == null ? 1 : 2, null);
        List<String> lines = texts.get(n.step());
        int own = lines.size() - (blocked == null ? 0 : blockedLines(blocked).size());
        svg.text(MARGIN + STEP_COLUMN - 8, b.y() + 2 + LINE, String.valueOf(n.step()), FONT, Style.MUTED, "end", false);
        for (int i = 0; i < lines.size(); i++) {
            svg.text(b.x() + 6, b.y() + 2 + (i + 1) * LINE, lines.get(i), FONT, i < own ? Style.INK : stroke,
                    "start", false);
        }
        svg.end();
    }

    private static String tooltip(TraceStep s) {
        StringBuilder t = new StringBuilder("step " + s.number() + " (" + s.context() + "): " + s.text());
        if (s.position() != null) {
            t.append("\nat ").append(s.position());
        }
        if (!s.chain().isEmpty()) {
            t.append("\n").append(String.join(" -> ", s.chain().stream().map(f -> f + "()").toList()));
        }
        s.changes().forEach(c -> t.append("\n").append(c));
        return t.toString();
    }

    private void program(Svg svg, LaneGraph.Edge e) {
        Box a = boxes.get(e.from());
        Box b = boxes.get(e.to());
        double x = a.x() + a.w() / 2;
        svg.path(new double[] {x, a.bottom(), x, b.y()}, Style.color(e.kind()), 1.5, null, false);
    }

    private void causal(Svg svg, LaneGraph.Edge e) {
        Box a = boxes.get(e.from());
        Box b = boxes.get(e.to());
        boolean right = b.x() > a.x();
        double x0 = right ? a.right() : a.x();
        double y0 = a.bottom() - 6;
        double x3 = right ? b.x() : b.right();
        double y3 = b.y() + 8;
        double bend = Math.max(20, Math.abs(x3 - x0) / 2);
        String color = Style.color(e.kind());
        svg.group(null, "edge " + e.kind().id(), e.kind().description() + ": " + e.label());
        svg.curve(x0, y0, x0 + (right ? bend : -bend), y0, x3 - (right ? bend : -bend), y3, x3, y3, color,
                Style.dashed(e.kind()) ? "5 3" : null);
        // the label sits in the gap above the target's row, beside the target: no other node is in that row
        double lw = Svg.textWidth(e.label().length(), 9);
        double lx = right ? x3 - 10 - lw : x3 + 10;
        svg.rect(lx - 2, b.y() - 13, lw + 4, 12, 0, "#ffffff", "none", 0, null);
        svg.text(lx, b.y() - 4, e.label(), 9, color, "start", false);
        svg.end();
    }

    private void loop(Svg svg, LaneGraph.Edge e) {
        Box a = boxes.get(e.from());
        Box b = boxes.get(e.to());
        String color = Style.color(e.kind());
        double x = laneX(g.lanes().size()) + 8;
        svg.group(null, "edge loop", e.label());
        if (e.from() == e.to()) {
            svg.curve(a.right(), a.y() + 6, a.right() + 40, a.y() - 10, a.right() + 40, a.bottom() + 10, a.right(),
                    a.bottom() - 6, color, "5 3");
            svg.text(a.right() + 44, a.y() + a.h() / 2 + 3, e.label(), 9, color, "start", false);
        } else {
            svg.path(new double[] {a.right(), a.y() + a.h() / 2, x, a.y() + a.h() / 2, x, b.y() + b.h() / 2,
                b.right(), b.y() + b.h() / 2}, color, 1.2, "5 3", true);
            svg.text(x + 4, b.y() + b.h() / 2 - 4, e.label(), 9, color, "start", false);
        }
        svg.end();
    }

    private void legend(Svg svg, Set<LaneGraph.EdgeKind> used, double y) {
        svg.group("legend", "legend", null);
        double row = y + 10;
        for (LaneGraph.EdgeKind k : LaneGraph.EdgeKind.values()) {
            if (!used.contains(k)) {
                continue;
            }
            svg.path(new double[] {MARGIN, row - 3, MARGIN + 28, row - 3}, Style.color(k), 1.5,
                    Style.dashed(k) ? "5 3" : null, false);
            svg.text(MARGIN + 36, row, k.id() + ": " + k.description(), 10, Style.INK, "start", false);
            row += LINE;
        }
        svg.text(MARGIN, row, "bold lane: involved in the violation (the text scenario shows these lanes)", 10,
                Style.INK, "start", false);
        svg.text(MARGIN, row + LINE, "red box: blocked on the wait cycle at the end; orange: blocked at the end", 10,
                Style.INK, "start", false);
        svg.end();
    }
}
