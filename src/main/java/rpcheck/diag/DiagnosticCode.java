package rpcheck.diag;

/**
 * The catalogue of diagnostic codes. Ranges: RP0xx lexing and parsing, RP1xx names,
 * RP2xx semantic checks, RP3xx generation (internal), RP4xx TLC and tools.
 */
public enum DiagnosticCode {
    UNEXPECTED_CHARACTER("RP001", "a character that cannot start a token"),
    UNTERMINATED_STRING("RP002", "a string literal without its closing quote"),
    UNTERMINATED_COMMENT("RP003", "a block comment without its closing */"),
    EXPECTED_TOKEN("RP010", "the parser expected a different token"),
    EXPECTED_DECLARATION("RP011", "a top-level line that is not a declaration"),
    EXPECTED_STATEMENT("RP012", "a line in a function body that is not a statement"),
    EXPECTED_EXPRESSION("RP013", "an expression was expected"),
    BAD_NUMBER("RP014", "an integer literal out of range"),

    UNKNOWN_NAME("RP101", "a name that is not declared"),
    DUPLICATE_NAME("RP102", "a name declared twice"),
    UNKNOWN_FUNCTION("RP103", "a call to a function that is neither declared nor built in"),
    UNKNOWN_STATE("RP104", "a controller state that nvme_change_ctrl_state does not know"),
    UNKNOWN_VARIANT("RP105", "a variant extends a model that cannot be found"),
    WRONG_KIND("RP106", "a name used as something it is not (e.g. a flag where a work item is needed)"),
    NOTHING_TO_REMOVE("RP107", "a variant removes or replaces something its base does not have"),

    WRONG_ARGUMENT_COUNT("RP201", "a call with the wrong number of arguments"),
    TYPE_MISMATCH("RP202", "an operand of the wrong type"),
    RECURSION("RP203", "a function that calls itself (directly or through others); calls are inlined"),
    NOT_CONSTANT("RP204", "an argument that must be known when the spec is compiled"),
    MISSING_SOURCE("RP205", "a function that does not name the kernel source it models"),
    WRONG_WORKQUEUE("RP206", "a work item queued on a workqueue it is not bound to"),
    BAD_BOUND("RP207", "a bound that is negative, unknown or too large"),
    ASSIGN_TO_CONSTANT("RP208", "an assignment to something that cannot be written"),
    UNSUPPORTED("RP209", "a construct the compiler does not support here"),
    MISSING_DECLARATION("RP210", "a model lacks a declaration it needs"),

    INTERNAL("RP301", "an internal error in the compiler");

    private final String code;
    private final String description;

    DiagnosticCode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
