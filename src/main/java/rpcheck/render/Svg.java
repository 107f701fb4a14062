package rpcheck.render;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A small SVG writer: every number in one fixed format ({@link Locale#ROOT}, one decimal), every text XML-escaped,
 * elements in call order, {@code \n} line ends, so the same drawing gives the same bytes.
 */
final class Svg {
    static final double CHAR = 0.6;

    private final StringBuilder sb = new StringBuilder();
    /** Arrowhead colours used, in first-use order: one marker each (SVG 1.1 markers cannot take the line's). */
    private final Set<String> arrows = new LinkedHashSet<>();
    private final double width;
    private final double height;
    private final String title;

    Svg(double width, double height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
        rect(0, 0, width, height, 0, "#ffffff", "none", 0, null);
    }

    /** Width of {@code chars} characters of monospace text at {@code size} pixels. */
    static double textWidth(int chars, double size) {
        return chars * size * CHAR;
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.equals("-0.0") ? "0.0" : s;
    }

    /** XML text and attribute escaping (the five predefined entities); characters outside ASCII become '?'. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : Wrap.ascii(s).toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Opens a group with an id and class (either may be null) and an optional tooltip. */
    void group(String id, String cls, String tooltip) {
        sb.append("<g");
        attr("id", id);
        attr("class", cls);
        sb.append(">\n");
        if (tooltip != null) {
            sb.append("<title>").append(escape(tooltip)).append("</title>\n");
        }
    }

    void end() {
        sb.append("</g>\n");
    }

    void rect(double x, double y, double w, double h, double radius, String fill, String stroke, double strokeWidth,
            String dash) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append('"');
        if (radius > 0) {
            attr("rx", num(radius));
        }
        paint(fill, stroke, strokeWidth, dash);
        sb.append("/>\n");
    }

    void ellipse(double cx, double cy, double rx, double ry, String fill, String stroke, double strokeWidth) {
        sb.append("<ellipse cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" rx=\"")
                .append(num(rx)).append("\" ry=\"").append(num(ry)).append('"');
        paint(fill, stroke, strokeWidth, null);
        sb.append("/>\n");
    }

    /** A polyline through {@code xy} (x0, y0, x1, y1, ...), with an arrowhead at its end if {@code arrow}. */
    void path(double[] xy, String stroke, double strokeWidth, String dash, boolean arrow) {
        sb.append("<path d=\"");
        for (int i = 0; i < xy.length; i += 2) {
            sb.append(i == 0 ? "M " : " L ").append(num(xy[i])).append(' ').append(num(xy[i + 1]));
        }
        sb.append('"');
        paint("none", stroke, strokeWidth, dash);
        if (arrow) {
            attr("marker-end", arrow(stroke));
        }
        sb.append("/>\n");
    }

    /** A cubic Bezier from (x0, y0) to (x3, y3) with control points (x1, y1), (x2, y2). */
    void curve(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3, String stroke,
            String dash) {
        sb.append("<path d=\"M ").append(num(x0)).append(' ').append(num(y0)).append(" C ").append(num(x1))
                .append(' ').append(num(y1)).append(", ").append(num(x2)).append(' ').append(num(y2)).append(", ")
                .append(num(x3)).append(' ').append(num(y3)).append('"');
        paint("none", stroke, 1.2, dash);
        attr("marker-end", arrow(stroke));
        sb.append("/>\n");
    }

    /** Text with its baseline at y; {@code anchor} is start, middle or end. */
    void text(double x, double y, String text, double size, String fill, String anchor, boolean bold) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append('"');
        attr("fill", fill);
        if (!"start".equals(anchor)) {
            attr("text-anchor", anchor);
        }
        if (bold) {
            attr("font-weight", "bold");
        }
        sb.append('>').append(escape(text)).append("</text>\n");
    }

    private void paint(String fill, String stroke, double strokeWidth, String dash) {
        attr("fill", fill);
        if (stroke != null && !"none".equals(stroke)) {
            attr("stroke", stroke);
            attr("stroke-width", num(strokeWidth));
        }
        if (dash != null) {
            attr("stroke-dasharray", dash);
        }
    }

    private void attr(String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        }
    }

    private String arrow(String color) {
        arrows.add(color);
        return "url(#arrow-" + color.replace("#", "") + ")";
    }

    /** The document, closed. */
    String finish() {
        StringBuilder doc = new StringBuilder();
        doc.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        doc.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(width)).append("\" height=\"")
                .append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" font-family=\"monospace\">\n");
        doc.append("<title>").append(escape(title)).append("</title>\n");
        if (!arrows.isEmpty()) {
            doc.append("<defs>\n");
            for (String c : arrows) {
                doc.append("<marker id=\"arrow-").append(escape(c.replace("#", ""))).append("\" viewBox=\"0 0 10 10\""
                        + " refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                        + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"").append(escape(c)).append("\"/></marker>\n");
            }
            doc.append("</defs>\n");
        }
        return doc.append(sb).append("</svg>\n").toString();
    }
}
