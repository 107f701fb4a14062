package rpcheck.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TLC 2.18's distributed mode: a server ({@code tlc2.tool.distributed.TLCServer}, started like TLC with
 * {@link TlcInvocation#DISTRIBUTED_SERVER}) keeps the queue and the fingerprints and writes the usual
 * {@code -tool} output; workers ({@code tlc2.tool.distributed.TLCWorker}) on this or other machines fetch the
 * spec from it over Java RMI and compute successor states with one thread per core. The server's RMI registry
 * listens on a port set by a system property; each worker leaves when the server's search ends.
 *
 * <p>Safety only: TLC's distributed mode checks no liveness, and rejects TLCGet/TLCSet.
 */
public final class DistributedTlc {
    /** The system property that sets the port of the server's RMI registry (TLC's default: 10997). */
    public static final String PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";
    /** TLC's own default port. */
    public static final int DEFAULT_PORT = 10997;

    private DistributedTlc() {
    }

    /** The child JVM options of a server that listens on {@code port} and names itself {@code host} to workers. */
    public static List<String> serverJvmArgs(String host, int port) {
        List<String> args = new ArrayList<>(TlcInvocation.DEFAULT_JVM_ARGS);
        args.add("-D" + PORT_PROPERTY + "=" + port);
        args.add("-Djava.rmi.server.hostname=" + host);
        return args;
    }

    /** The command line of one TLC worker for the server at {@code host:port}, with temporary files in {@code tmp}. */
    public static List<String> workerCommand(String host, int port, Path tmp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.javaExecutable().toString());
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.addAll(TlcInvocation.DEFAULT_JVM_ARGS);
        cmd.add("-D" + PORT_PROPERTY + "=" + port);
        cmd.add("-cp");
        cmd.add(ChildJvm.tlaToolsClasspath());
        cmd.add("tlc2.tool.distributed.TLCWorker");
        cmd.add(host);
        return List.copyOf(cmd);
    }

    /**
     * Runs one TLC worker until the server's search ends (or it cannot reach the server); its output goes to
     * this process's stdout and stderr. Interrupting the calling thread kills the worker.
     *
     * @return the worker's exit code
     */
    public static int runWorker(String host, int port) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("rpcheck-worker-");
        Process p = new ProcessBuilder(workerCommand(host, port, tmp)).directory(tmp.toFile()).inheritIO().start();
        Thread killer = new Thread(p::destroyForcibly, "rpcheck-worker-killer"); // Ctrl-C ends the worker too
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            return p.waitFor();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
            TlcRunner.deleteRecursively(tmp);
        }
    }
}
