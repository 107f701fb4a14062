package rpcheck.dsl;

import rpcheck.diag.Span;

/** One lexical token. {@code text} is the lexeme (for strings: the unquoted value). */
public record Token(TokenKind kind, String text, Span span) {
    @Override
    public String toString() {
        return kind == TokenKind.EOF ? "end of file" : "'" + text + "'";
    }
}
