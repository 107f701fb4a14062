package rpcheck.diag;

/** A half-open range [start, end) of 0-based offsets in one source file. */
public record Span(SourceFile file, int start, int end) {

    public int line() {
        return file.line(start);
    }

    public int column() {
        return file.column(start);
    }

    public Span to(Span other) {
        return new Span(file, start, Math.max(end, other.end));
    }

    /** {@code file:line:col}, 1-based, as editors expect. */
    public String position() {
        return file.name() + ":" + line() + ":" + column();
    }

    @Override
    public String toString() {
        return position();
    }
}
