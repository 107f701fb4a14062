package rpcheck.tlc;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads how far the TLC runs of this JVM are, while they run: TLC 2.18 prints its progress only once a minute,
 * but it registers an MXBean ({@code tlc2.tool:type=ModelChecker}: distinct states, states generated, queue
 * size) in its JVM. The probe finds this JVM's child processes that run {@code tlc2.TLC}, attaches to each
 * (the JDK's attach API starts its local JMX agent) and reads that bean. It only observes: a JVM it cannot
 * attach to is left alone and counts as zero.
 */
public final class TlcProbe implements AutoCloseable {
    private static final String BEAN = "tlc2.tool:type=ModelChecker";

    /** TLC's numbers, summed over the running TLC JVMs. */
    public record Sample(int jvms, long distinct, long generated, long queue) {
        public static final Sample NONE = new Sample(0, 0, 0, 0);
    }

    private final Map<Long, JMXConnector> connected = new HashMap<>();
    private final Set<Long> failed = new HashSet<>();

    /** The numbers of the TLC JVMs running now (a JVM still parsing its spec counts as zero states). */
    public synchronized Sample sample() {
        Set<Long> alive = new HashSet<>();
        long distinct = 0;
        long generated = 0;
        long queue = 0;
        int jvms = 0;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            if (!isTlc(p)) {
                continue;
            }
            long pid = p.pid();
            alive.add(pid);
            jvms++;
            if (failed.contains(pid) || !connected.containsKey(pid) && !handlesSigquit(pid)) {
                continue;
            }
            try {
                MBeanServerConnection c = connection(pid);
                ObjectName name = new ObjectName(BEAN);
                if (!c.isRegistered(name)) {
                    continue; // TLC has not begun its search yet
                }
                distinct += ((Number) c.getAttribute(name, "DistinctStatesGenerated")).longValue();
                generated += ((Number) c.getAttribute(name, "StatesGenerated")).longValue();
                queue += ((Number) c.getAttribute(name, "StateQueueSize")).longValue();
            } catch (Exception | LinkageError e) {
                // the JVM ended meanwhile, or refuses the attach: leave it alone from now on
                failed.add(pid);
                close(connected.remove(pid));
            }
        }
        connected.keySet().removeIf(pid -> {
            if (alive.contains(pid)) {
                return false;
            }
            close(connected.get(pid));
            return true;
        });
        failed.retainAll(alive);
        return new Sample(jvms, distinct, generated, queue);
    }

    /**
     * Whether the JVM {@code pid} has installed its SIGQUIT handler: the attach API signals SIGQUIT, which
     * would end a JVM still starting (Linux: the SigCgt mask of /proc/PID/status); false where unknown.
     */
    static boolean handlesSigquit(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid),
                    "status"))) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (3 - 1))) != 0; // SIGQUIT is signal 3
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return false;
    }

    /**
     * The largest peak resident memory (VmHWM, bytes) of the TLC JVMs running now, 0 if none or unknown (Linux:
     * /proc/PID/status).
     */
    public static long peakResidentBytes() {
        long max = 0;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            if (!isTlc(p)) {
                continue;
            }
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc",
                        Long.toString(p.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        max = Math.max(max, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return max;
    }

    private static boolean isTlc(ProcessHandle p) {
        return p.info().arguments().map(args -> java.util.Arrays.asList(args).contains("tlc2.TLC")).orElse(false);
    }

    private MBeanServerConnection connection(long pid) throws Exception {
        JMXConnector c = connected.get(pid);
        if (c == null) {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
            String url;
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            c = JMXConnectorFactory.connect(new JMXServiceURL(url));
            connected.put(pid, c);
        }
        return c.getMBeanServerConnection();
    }

    private static void close(JMXConnector c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // the JVM is gone
        }
    }

    @Override
    public synchronized void close() {
        connected.values().forEach(TlcProbe::close);
        connected.clear();
    }
}
