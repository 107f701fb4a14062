package rpcheck.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Constants and tables the kernel defines, so specs can use them by their kernel names. */
public final class Builtins {
    private Builtins() {
    }

    /** enum nvme_ctrl_state (drivers/nvme/host/nvme.h). */
    public static final List<String> CTRL_STATES =
            List.of("NEW", "LIVE", "RESETTING", "CONNECTING", "DELETING", "DELETING_NOIO", "DEAD");

    /**
     * nvme_change_ctrl_state() in drivers/nvme/host/core.c: new state -> the old states it may be entered
     * from (upstream, without the FENCING states of the TP8028 series).
     */
    public static final Map<String, List<String>> CTRL_TRANSITIONS = transitions();

    private static Map<String, List<String>> transitions() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("LIVE", List.of("CONNECTING"));
        m.put("RESETTING", List.of("NEW", "LIVE"));
        m.put("CONNECTING", List.of("NEW", "RESETTING"));
        m.put("DELETING", List.of("LIVE", "RESETTING", "CONNECTING"));
        m.put("DELETING_NOIO", List.of("DELETING", "DEAD"));
        m.put("DEAD", List.of("DELETING"));
        m.put("NEW", List.of());
        return m;
    }

    /** errno values (include/uapi/asm-generic/errno*.h) that nvme code returns. */
    public static final Map<String, Long> ERRNO = Map.ofEntries(
            Map.entry("EPERM", 1L), Map.entry("EIO", 5L), Map.entry("ENOMEM", 12L), Map.entry("EBUSY", 16L),
            Map.entry("ENODEV", 19L), Map.entry("EINVAL", 22L), Map.entry("ENOTUNIQ", 76L),
            Map.entry("ENOTCONN", 107L), Map.entry("ETIMEDOUT", 110L), Map.entry("ECANCELED", 125L),
            Map.entry("EAGAIN", 11L));

    /** enum blk_eh_timer_return (include/linux/blk-mq.h). */
    public static final List<String> BLK_EH = List.of("BLK_EH_DONE", "BLK_EH_RESET_TIMER");

    /** Completion status the model's LLDD reports in rq.lldd_status. */
    public static final List<String> LLDD_STATUS = List.of("LLDD_OK", "LLDD_ERROR", "LLDD_ABORTED");

    /** Calls that only log; they compile to nothing. */
    public static final Set<String> LOGGING = Set.of("dev_warn", "dev_info", "dev_err", "dev_dbg", "pr_info",
            "pr_warn", "pr_err", "pr_debug", "log");

    /** The status of the completion the LLDD reports: read only in its completion function (see Lowering). */
    public static final String LLDD_STATUS_FIELD = "lldd_status";
    /** Request fields every request has (built in, read-only from specs). */
    public static final Set<String> RQ_BUILTIN_FIELDS = Set.of("mq_state", "timer", "lldd", LLDD_STATUS_FIELD);
}
