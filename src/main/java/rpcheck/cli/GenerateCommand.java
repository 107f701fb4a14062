package rpcheck.cli;

import rpcheck.model.Property;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import rpcheck.check.Checker;
import rpcheck.check.GeneratedFiles;
import rpcheck.tlc.TlcRunner;

/** {@code rpcheck generate}: write the TLA+ module and cfgs of spec(s) into their gen/ folders. */
@Command(name = "generate", sortOptions = false, mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Compile spec(s) and write <spec dir>/gen/<module>.tla and <module>_<Property>.cfg with the"
                + " default bounds (only files whose content changed are written; files rpcheck did not write are"
                + " never overwritten). A spec outside <root>/specs/ gets them in a cache folder (--cache-dir)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK + ":the files are up to date", ExitCodes.LINE_USAGE, ExitCodes.LINE_DATAERR_GEN,
            ExitCodes.SOFTWARE + ":internal error, or a file could not be written (no TLC runs)",
            ExitCodes.LINE_INTERRUPTED_NO_TLC})
final class GenerateCommand implements Callable<Integer>, Verbosity {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    CommonOptions common;

    @Override
    public boolean verbose() {
        return common.verbose;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path root = common.root();
        List<SelectionOptions.Selected> selected = selection.resolve(spec.commandLine(), root);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Checker checker = new Checker(new TlcRunner(), line -> { }, selection.workspace(spec.commandLine(), root));
        SpecRunner runner = new SpecRunner(err);
        Path cwd = Path.of("").toAbsolutePath().normalize(); // the paths printed open from here
        int code = ExitCodes.OK;
        for (SelectionOptions.Selected s : selected) {
            code = ExitCodes.worst(code, runner.run(s.file(), () -> {
                GeneratedFiles.Written w = checker.generate(s.file(), s.displayRoot()).files();
                List<Path> files = new ArrayList<>();
                files.add(w.tla());
                files.addAll(w.cfgs().values().stream().sorted().toList());
                for (Path f : files) {
                    out.println(SelectionOptions.shown(cwd, f) + (w.changed().contains(f) ? "  (written)" : "  (unchanged)"));
                }
                out.flush();
                return ExitCodes.OK;
            }, (file, f) -> { }));
        }
        return code;
    }
}
