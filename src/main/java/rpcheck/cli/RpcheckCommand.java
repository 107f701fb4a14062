package rpcheck.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The root command: {@code rpcheck check | generate | list | render | bench | worker | view | gate}. */
@Command(name = "rpcheck", mixinStandardHelpOptions = true, version = RpcheckCommand.VERSION,
        description = {"Model checker for Linux kernel driver error-recovery paths: specs in the rpcheck DSL"
                + " (specs/**/*.stm) are compiled to TLA+ and checked with TLC for Deadlock, WaitCycle"
                + " (a context waiting for itself through work items and locks), SleepInAtomic, IoAccounting"
                + " (teardown returns while the LLDD owns an aborted request), UseAfterFree (once the last"
                + " reference is dropped or kfree() frees the controller: a work item of it still queued or running,"
                + " a reference taken again, or a context about to touch its state, flags, counters, krefs, work items"
                + " or memory declared 'in ctrl'), LockBalance (a lock released by a context that does not hold it,"
                + " or held by a context that has finished), IrqUnsafeLock (a spinlock an interrupt handler takes,"
                + " taken or held elsewhere with those interrupts enabled), LostError, LiveWithoutAssoc (a controller left LIVE after its"
                + " association was torn down) and Progress (liveness, under weak fairness)."},
        subcommands = {CheckCommand.class, GenerateCommand.class, ListCommand.class, RenderCommand.class,
            BenchCommand.class, WorkerCommand.class, ViewCommand.class, GateCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_VIOLATED, ExitCodes.LINE_USAGE, ExitCodes.LINE_STALE,
            ExitCodes.LINE_DATAERR, ExitCodes.LINE_SOFTWARE, ExitCodes.LINE_INTERRUPTED})
final class RpcheckCommand implements Callable<Integer> {
    static final String VERSION = "rpcheck 0.1.0";

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code rpcheck} without a subcommand: usage on stderr, usage error. */
    @Override
    public Integer call() {
        java.util.List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        spec.commandLine().getErr().println("error: missing command: say which, one of "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                + " (e.g. rpcheck check --variant smart)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
