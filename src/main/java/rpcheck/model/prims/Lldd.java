package rpcheck.model.prims;

import static rpcheck.model.prims.Tla.AT;
import static rpcheck.model.prims.Tla.at;
import static rpcheck.model.prims.Tla.eq;
import static rpcheck.model.prims.Tla.ite;
import static rpcheck.model.prims.Tla.str;
import static rpcheck.model.prims.ArgKind.REQUEST;

import java.util.List;
import java.util.Map;

import rpcheck.model.Ir;
import rpcheck.model.Model;

/**
 * The low-level driver's exchange: nvme_fc_port_template's fcp_io and fcp_abort (include/linux/nvme-fc-driver.h,
 * drivers/nvme/host/fc.c). The LLDD owns a request from fcp_io until it calls the done callback on its own context.
 */
final class Lldd implements Family {
    private static final String SRC = "drivers/nvme/host/fc.c";

    @Override
    public String name() {
        return "lldd";
    }

    @Override
    public List<Primitive> primitives() {
        return List.of(
                new Primitive(List.of("lldd_fcp_io"), name(), List.of(REQUEST), 1, false, List.of(Prim.LLDD_IO), SRC,
                        "the LLDD owns the request until its done callback",
                        cx -> cx.plain(Prim.LLDD_IO, List.of(cx.entity(0)))),
                new Primitive(List.of("lldd_fcp_abort"), name(), List.of(REQUEST), 1, false, List.of(Prim.LLDD_ABORT),
                        SRC, "the LLDD will complete the request later (status `LLDD_ABORTED`) on its own context",
                        cx -> cx.plain(Prim.LLDD_ABORT, List.of(cx.entity(0)))),
                new Primitive(List.of("lldd_owns"), name(), List.of(REQUEST), 1, false, List.of(), SRC,
                        "the LLDD has the request: from `lldd_fcp_io` until the LLDD calls its done callback (false"
                                + " from the callback's first step on, while the callback still runs: a wait on it does"
                                + " not wait for the callback to return)",
                        cx -> cx.read(new Ir.Bin("!=", new Ir.RqField(cx.name(0), "lldd"),
                                new Ir.Const(Model.Value.sym("NONE"))))));
    }

    @Override
    public void rules(Map<Prim, StepRule> out) {
        out.put(Prim.LLDD_IO, s -> {
            s.effect("rq", at(s.entity(0), "lldd", str("OWNS")));
            s.text("lldd fcp_io(" + s.entity(0) + "): the LLDD owns the request");
        });
        out.put(Prim.LLDD_ABORT, s -> {
            s.effect("rq", at(s.entity(0), "lldd", ite(eq(AT, str("OWNS")), str("ABORTING"), AT)));
            s.text("lldd fcp_abort(" + s.entity(0) + "): the LLDD will complete it later");
        });
    }
}
