package rpcheck.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rpcheck.check.Variants;

/** {@code rpcheck list}: every variant under specs/, with its file, base and title. */
@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = "List every variant under <root>/specs/: name, file, the base it extends, title.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK + ":the variants (or --primitives) were printed", ExitCodes.USAGE + ":usage"
                + " error (bad option, --primitives with --json, a --root that is missing or has no specs/)",
            ExitCodes.SOFTWARE + ":internal error, or specs/ could not be read", ExitCodes.LINE_INTERRUPTED_NO_TLC})
final class ListCommand implements Callable<Integer>, Verbosity {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print {\"variants\": [{name, file, title, extends}]} as JSON.")
    boolean json;

    @Option(names = "--primitives", description = "Print the table of built-in kernel primitives (Markdown, as in"
            + " specs/README.md) instead of the variants.")
    boolean primitives;

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() {
        if (primitives && json) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--primitives prints a Markdown table and"
                    + " has no JSON form: drop --json (it applies to the list of variants)");
        }
        if (primitives) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rpcheck.model.prims.PrimitiveTable.markdown());
            out.flush();
            return ExitCodes.OK;
        }
        Variants variants = Variants.scan(common.specsRoot());
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        for (Variants.Variant v : variants.all()) {
            Variants.Header h = variants.header(v);
            rows.add(new String[] {v.name(), variants.display(v.file()), h.base(),
                h.error() != null ? "(does not parse: " + h.error() + ")" : h.title()});
        }
        if (json) {
            JsonReport report = new JsonReport();
            ObjectNode doc = report.object();
            ArrayNode a = doc.putArray("variants");
            for (String[] r : rows) {
                ObjectNode o = a.addObject();
                o.put("name", r[0]);
                o.put("file", r[1]);
                o.put("title", r[3]);
                o.put("extends", r[2]);
            }
            out.println(report.write(doc));
        } else if (rows.isEmpty()) {
            out.println("no variants: no .stm files under " + variants.root().resolve("specs"));
        } else {
            table(out, rows);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void table(PrintWriter out, List<String[]> rows) {
        int[] w = new int[3];
        rows.add(0, new String[] {"VARIANT", "FILE", "EXTENDS", "TITLE"});
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i] == null ? 1 : r[i].length());
            }
        }
        for (String[] r : rows) {
            out.printf("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n", r[0], r[1], r[2] == null ? "-" : r[2],
                    r[3]);
        }
    }
}
