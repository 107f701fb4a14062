package rpcheck.dsl;

import java.util.ArrayList;
import java.util.List;

import rpcheck.diag.DiagnosticCode;
import rpcheck.diag.Diagnostics;
import rpcheck.diag.SourceFile;
import rpcheck.diag.Span;

/** Turns a DSL file into tokens. Comments are {@code // ...} and {@code /* ... *}{@code /}. */
public final class Lexer {
    private final SourceFile file;
    private final String src;
    private final Diagnostics diags;
    private final List<Token> tokens = new ArrayList<>();
    private int start;
    private int pos;

    public Lexer(SourceFile file, Diagnostics diags) {
        this.file = file;
        this.src = file.text();
        this.diags = diags;
    }

    public List<Token> scanTokens() {
        while (pos < src.length()) {
            start = pos;
            scanToken();
        }
        tokens.add(new Token(TokenKind.EOF, "", new Span(file, src.length(), src.length())));
        return List.copyOf(tokens);
    }

    private void scanToken() {
        char c = src.charAt(pos++);
        switch (c) {
            case ' ', '\t', '\r', '\n' -> { }
            case '{' -> add(TokenKind.LBRACE);
            case '}' -> add(TokenKind.RBRACE);
            case '(' -> add(TokenKind.LPAREN);
            case ')' -> add(TokenKind.RPAREN);
            case ',' -> add(TokenKind.COMMA);
            case '.' -> add(TokenKind.DOT);
            case ':' -> add(TokenKind.COLON);
            case ';' -> add(TokenKind.SEMI);
            case '+' -> add(match('=') ? TokenKind.PLUS_ASSIGN : TokenKind.PLUS);
            case '-' -> add(match('=') ? TokenKind.MINUS_ASSIGN : TokenKind.MINUS);
            case '=' -> add(match('=') ? TokenKind.EQ : TokenKind.ASSIGN);
            case '!' -> add(match('=') ? TokenKind.NE : TokenKind.NOT);
            case '<' -> add(match('=') ? TokenKind.LE : TokenKind.LT);
            case '>' -> add(match('=') ? TokenKind.GE : TokenKind.GT);
            case '&' -> twoChar('&', TokenKind.AND);
            case '|' -> twoChar('|', TokenKind.OR);
            case '"' -> string();
            case '/' -> comment();
            default -> {
                if (Character.isDigit(c)) {
                    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                        pos++;
                    }
                    add(TokenKind.INT);
                } else if (Character.isLetter(c) || c == '_') {
                    while (pos < src.length()
                            && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                        pos++;
                    }
                    add(TokenKind.IDENT);
                } else {
                    diags.error(DiagnosticCode.UNEXPECTED_CHARACTER, span(),
                            "unexpected character '" + c + "'",
                            "identifiers are letters, digits and '_'; strings use double quotes");
                }
            }
        }
    }

    private void twoChar(char second, TokenKind kind) {
        if (match(second)) {
            add(kind);
        } else {
            diags.error(DiagnosticCode.UNEXPECTED_CHARACTER, span(),
                    "unexpected character '" + src.charAt(start) + "'",
                    "did you mean '" + src.charAt(start) + second + "'?");
        }
    }

    private void comment() {
        if (match('/')) {
            while (pos < src.length() && src.charAt(pos) != '\n') {
                pos++;
            }
        } else if (match('*')) {
            int close = src.indexOf("*/", pos);
            if (close < 0) {
                diags.error(DiagnosticCode.UNTERMINATED_COMMENT, new Span(file, start, start + 2),
                        "block comment is not closed", "add '*/' where the comment ends");
                pos = src.length();
            } else {
                pos = close + 2;
            }
        } else {
            diags.error(DiagnosticCode.UNEXPECTED_CHARACTER, span(), "unexpected character '/'",
                    "comments start with '//' or '/*'");
        }
    }

    private void string() {
        StringBuilder sb = new StringBuilder();
        while (pos < src.length() && src.charAt(pos) != '"' && src.charAt(pos) != '\n') {
            char c = src.charAt(pos++);
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                sb.append(e == 'n' ? '\n' : e);
            } else {
                sb.append(c);
            }
        }
        if (pos >= src.length() || src.charAt(pos) != '"') {
            diags.error(DiagnosticCode.UNTERMINATED_STRING, span(), "string is not closed before the end of the line",
                    "add a closing '\"'");
            return;
        }
        pos++;
        tokens.add(new Token(TokenKind.STRING, sb.toString(), span()));
    }

    private boolean match(char expected) {
        if (pos < src.length() && src.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private Span span() {
        return new Span(file, start, pos);
    }

    private void add(TokenKind kind) {
        tokens.add(new Token(kind, src.substring(start, pos), span()));
    }
}
