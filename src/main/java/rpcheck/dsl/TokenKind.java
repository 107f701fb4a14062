package rpcheck.dsl;

public enum TokenKind {
    IDENT, INT, STRING,
    LBRACE, RBRACE, LPAREN, RPAREN, COMMA, DOT, COLON, SEMI,
    ASSIGN, PLUS_ASSIGN, MINUS_ASSIGN,
    EQ, NE, LT, LE, GT, GE, NOT, AND, OR, PLUS, MINUS,
    EOF
}
