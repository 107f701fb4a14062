package rpcheck.model;

import java.util.Map;

import rpcheck.dsl.Ast;

/**
 * What {@link Resolver} produces: the {@link Model}, which holds no syntax, and the syntax that {@link Lowering}
 * still has to translate into the IR: each function's body, and the {@code when} condition of each guarded event.
 *
 * @param functions  function name -> its declaration, in declaration order
 * @param conditions event name -> its {@code when} condition (only guarded events)
 */
public record Resolved(Model model, Map<String, Ast.Fn> functions, Map<String, Ast.Expr> conditions) {
}
