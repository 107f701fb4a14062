package rpcheck.render;

/** Colours shared by the DOT and SVG renderers, so both pictures read the same way. */
final class Style {
    static final String CYCLE = "#d62728";
    static final String BLOCKED = "#ff7f0e";
    static final String INK = "#222222";
    static final String MUTED = "#888888";

    private Style() {
    }

    static String color(LaneGraph.EdgeKind kind) {
        return switch (kind) {
            case PROGRAM -> "#bbbbbb";
            case QUEUE -> "#1f77b4";
            case TIMER -> "#9467bd";
            case LLDD -> "#2ca02c";
            case ABORT -> "#bcbd22";
            case LOCK -> "#8c564b";
            case WAIT -> "#7f7f7f";
            case WAKE -> "#17becf";
            case LOOP -> "#e377c2";
        };
    }

    static boolean dashed(LaneGraph.EdgeKind kind) {
        return kind == LaneGraph.EdgeKind.WAIT || kind == LaneGraph.EdgeKind.LOOP;
    }
}
