package rpcheck.diag;

/**
 * The catalogue of diagnostic codes. Ranges: RP0xx reading, lexing and parsing, RP1xx names, RP2xx semantic
 * checks, RP3xx generation (internal), RP4xx TLC and tools. {@code docs/diagnostics.md} is generated from this
 * list ({@link DiagnosticCatalogue}); a test keeps the two alike.
 */
public enum DiagnosticCode {
    UNEXPECTED_CHARACTER("RP001", "a character that cannot start a token",
            "identifiers are ASCII letters, digits and '_'; strings use double quotes; comments start with //"),
    UNTERMINATED_STRING("RP002", "a string literal without its closing quote",
            "close the string on the same line with '\"'"),
    UNTERMINATED_COMMENT("RP003", "a block comment without its closing */",
            "add '*/' where the comment ends"),
    INVALID_ENCODING("RP004", "bytes that are not UTF-8 (a Latin-1 comment, a binary file)",
            "save the file as UTF-8 (e.g. 'iconv -f latin1 -t utf-8'), or remove the byte"),
    EXPECTED_TOKEN("RP010", "the parser expected a different token",
            "add or fix the token the message names; the caret shows where it was expected"),
    EXPECTED_DECLARATION("RP011", "a top-level line that is not a declaration",
            "start the line with a declaration keyword (flag, counter, work, fn, ...), or move it into a body"),
    EXPECTED_STATEMENT("RP012", "a line in a function body that is not a statement",
            "write a call, 'let', an assignment, 'if', 'for' or 'return'"),
    EXPECTED_EXPRESSION("RP013", "an expression was expected",
            "write a name, a number, a call or a comparison where the caret points"),
    BAD_NUMBER("RP014", "an integer literal out of range",
            "use a number of at most 2^31-1 (2147483647): TLC's integers are 32-bit; bounds are small numbers"),
    TOO_DEEP("RP015", "nesting or a chain of calls deeper than rpcheck supports",
            "split the code into functions, or flatten the nesting (kernel code rarely nests more than 10 deep)"),

    UNKNOWN_NAME("RP101", "a name that is not declared",
            "declare the name, or fix its spelling (the help line suggests the closest declared name)"),
    DUPLICATE_NAME("RP102", "a name declared twice",
            "rename one of the two declarations"),
    UNKNOWN_FUNCTION("RP103", "a call to a function that is neither declared nor built in",
            "declare the function with 'fn NAME(...) from \"FILE\" { ... }', or fix its name"),
    UNKNOWN_STATE("RP104", "a controller state that nvme_change_ctrl_state does not know",
            "use one of the states listed in the help line"),
    UNKNOWN_VARIANT("RP105", "a variant extends a model that cannot be found, or extends itself",
            "put BASE.stm beside the variant, fix the name after 'extends', or break the loop"),
    WRONG_KIND("RP106", "a name used as something it is not (e.g. a flag where a work item is needed)",
            "pass a name of the kind the call expects"),
    NOTHING_TO_REMOVE("RP107", "a variant removes or replaces something its base does not have, or removes"
            + " something the base still uses",
            "check the name against the base spec, or drop the 'remove'; for one the base still uses, replace in the"
            + " variant the functions that use it (the help line names them)"),
    RESERVED_NAME("RP108", "a name that TLA+ or the generated module already uses (e.g. 'c', 'g', 'pc', 'Init'), or"
            + " that is not a plain ASCII identifier; the message names the kind the spec declared (the completion"
            + " name, the mutex name, ...)", "rename it: use ASCII letters, digits and single '_' inside the name, not"
            + " a TLA+ keyword, standard operator or a name rpcheck generates"),

    WRONG_ARGUMENT_COUNT("RP201", "a call with the wrong number of arguments",
            "pass as many arguments as the function or handler takes"),
    TYPE_MISMATCH("RP202", "an operand of the wrong type (e.g. a bool compared with a number)",
            "compare numbers with numbers and states with states; test a bool (a flag, mutex_trylock(), kref_put(),"
            + " ...) as it is, 'if x' or 'if !x', not against 1 or 0"),
    RECURSION("RP203", "a function that calls itself (directly or through others); calls are inlined",
            "unroll the recursion: calls are inlined, so a cycle of calls never ends"),
    NOT_CONSTANT("RP204", "an argument that must be known when the spec is compiled",
            "use a number, true/false or an enum value"),
    MISSING_SOURCE("RP205", "a function that does not name the kernel source it models",
            "add 'from \"drivers/...c\"' before the body"),
    WRONG_WORKQUEUE("RP206", "a work item queued on a workqueue it is not bound to",
            "queue it on the workqueue of its 'work NAME on WQ' declaration"),
    BAD_BOUND("RP207", "a bound that is negative, unknown or too large",
            "use a small non-negative number, or declare the bound"),
    ASSIGN_TO_CONSTANT("RP208", "an assignment to something that cannot be written",
            "assign to a flag, counter, var, local or request field"),
    UNSUPPORTED("RP209", "a construct the compiler does not support here",
            "follow the help line; specs/README.md lists what each construct allows"),
    MISSING_DECLARATION("RP210", "a model lacks a declaration it needs (e.g. no context at all)",
            "add the declaration the message names"),
    WAIT_NEVER_ENDS("RP211", "a wait whose condition is false from the start and reads only what no context changes",
            "make the context that should end the wait change what the condition reads, or fix the condition"),
    UNREACHABLE("RP212", "a statement no path reaches (it follows a return on every path)",
            "remove it, or move the return after it"),
    NEVER_FREED("RP213", "a kref release function that never frees the controller, or kfree() of a controller no kref"
            + " keeps alive", "end the release function of kref_put(ref, release) with kfree(ctrl)"),
    NO_RETURN_VALUE("RP214", "the value of a call to a function that can end, or return, without a value",
            "end every path of the function with 'return VALUE', or call it as a statement"),
    REQUEST_NEVER_STARTED("RP215", "blk_execute_rq() of a request that a ->queue_rq path neither starts nor ends",
            "call blk_mq_start_request(rq) before ->queue_rq returns BLK_STS_OK, or end the request"),

    INTERNAL("RP301", "an internal error in the compiler",
            "this is rpcheck's bug: report it with the spec that triggers it");

    private final String code;
    private final String description;
    private final String fix;

    DiagnosticCode(String code, String description, String fix) {
        this.code = code;
        this.description = description;
        this.fix = fix;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** How to fix it, in general; a diagnostic's help lines say it for the case at hand. */
    public String fix() {
        return fix;
    }
}
