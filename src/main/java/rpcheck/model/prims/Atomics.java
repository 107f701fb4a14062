package rpcheck.model.prims;

import static rpcheck.model.prims.ArgKind.FLAG;
import static rpcheck.model.prims.ArgKind.PLACE;
import static rpcheck.model.prims.ArgKind.VALUE;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/** Bit operations and atomics: include/linux/bitops.h, include/linux/atomic.h. Each is one atomic step. */
final class Atomics implements Family {
    @Override
    public String name() {
        return "atomics";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("set_bit", "clear_bit"), name(), List.of(FLAG, VALUE), 1, false,
                        List.of(Prim.ASSIGN), "include/linux/bitops.h", "sets or clears the flag",
                        cx -> cx.plain(Prim.ASSIGN, List.of(cx.arg(0), new Ir.Const(Model.Value.of(cx.fn()
                                .equals("set_bit")))))),
                new Primitive(List.of("test_bit"), name(), List.of(FLAG, VALUE), 1, false, List.of(),
                        "include/linux/bitops.h", "reads the flag", cx -> cx.read(cx.arg(0))),
                new Primitive(List.of("test_and_set_bit", "test_and_clear_bit"), name(), List.of(FLAG, VALUE), 1,
                        false, List.of(Prim.XCHG), "include/linux/bitops.h",
                        "sets or clears the flag and returns its old value, atomically",
                        cx -> cx.valued(Prim.XCHG, List.of(cx.arg(0), new Ir.Const(Model.Value.of(cx.fn()
                                .equals("test_and_set_bit")))), cx.site())),
                new Primitive(List.of("atomic_xchg"), name(), List.of(PLACE, VALUE), 2, false, List.of(Prim.XCHG),
                        "include/linux/atomic.h", "writes and returns the old value, atomically",
                        cx -> cx.valued(Prim.XCHG, List.of(cx.arg(0), cx.arg(1)), cx.site())),
                new Primitive(List.of("atomic_set"), name(), List.of(PLACE, VALUE), 2, false, List.of(Prim.ASSIGN),
                        "include/linux/atomic.h", "writes the value",
                        cx -> cx.plain(Prim.ASSIGN, List.of(cx.arg(0), cx.arg(1)))),
                new Primitive(List.of("atomic_read"), name(), List.of(PLACE), 1, false, List.of(),
                        "include/linux/atomic.h", "reads the value", cx -> cx.read(cx.arg(0))),
                new Primitive(List.of("atomic_inc", "atomic_dec"), name(), List.of(PLACE), 1, false,
                        List.of(Prim.ASSIGN), "include/linux/atomic.h", "adds or subtracts one, atomically",
                        cx -> cx.plain(Prim.ASSIGN, List.of(cx.arg(0), new Ir.Bin(cx.fn().equals("atomic_inc") ? "+"
                                : "-", cx.arg(0), new Ir.Const(Model.Value.of(1)))))));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.ASSIGN, s -> {
            Ir.Val target = s.op().args().get(0);
            Ir.Val value = s.op().args().get(1);
            s.assign(target, s.operand(value));
            String name = s.op().called();
            s.text(name == null ? s.show(target) + " = " + s.show(value)
                    : name.endsWith("_bit") ? name + "(" + s.show(target) + ")"
                    : name + "(" + s.show(target) + (name.equals("atomic_set") ? ", " + s.show(value) : "") + ")");
        });
        out.put(Prim.XCHG, s -> {
            Ir.Val target = s.op().args().get(0);
            Ir.Val value = s.op().args().get(1);
            s.result(s.operand(target));
            s.assign(target, s.operand(value));
            String name = s.called();
            s.text(name.endsWith("_bit") ? name + "(" + s.show(target) + ")"
                    : name + "(" + s.show(target) + ", " + s.show(value) + ")");
        });
    }
}
