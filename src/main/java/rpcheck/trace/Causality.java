package rpcheck.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a step did that another step can answer, in kernel terms: a work item queued and a worker starting it, a
 * request's timer armed and expiring, a request handed to the LLDD and completed by it, a lock released and taken.
 * Read from the state changes of a step; this is the one place outside the generator that knows how the
 * generated module lays out work items ({@code wk[w].pend}, {@code .run}), requests ({@code rq[r].timer},
 * {@code .lldd}) and locks ({@code lk[l]}), so that render draws causal arrows from events, not state paths.
 */
public final class Causality {
    /** A kind of event, with the item it is about (a work item, a request or a lock). */
    public enum Kind {
        /** {@code queue_work()} and the like made the work pending. */
        WORK_QUEUED,
        /** The work is pending no more: a worker started it, or a cancel (a timer delete) took it off its queue. */
        WORK_UNQUEUED,
        /** A worker started the work (a step of kind {@code work_start}). */
        WORK_STARTED,
        /** The request's timer was armed (or re-armed after BLK_EH_RESET_TIMER). */
        TIMER_ARMED,
        /** The request's timer expired. */
        TIMER_EXPIRED,
        /** The request was handed to the LLDD. */
        LLDD_OWNS,
        /** The LLDD was asked to abort the request. */
        LLDD_ABORTING,
        /** The LLDD completed the request (owns it no more). */
        LLDD_DONE,
        /** The lock was released. */
        LOCK_RELEASED,
        /** The lock was taken. */
        LOCK_TAKEN
    }

    /** One event of a step. */
    public record Event(Kind kind, String item) {
    }

    private static final Pattern FIELD = Pattern.compile("(wk|rq)\\[([^\\]]+)\\]\\.(\\w+)");
    private static final Pattern LOCK = Pattern.compile("lk\\[([^\\]]+)\\]");
    /** The action of a work item's start: {@code Start_<work>} (tla.EnvironmentActions). */
    private static final String START = "Start_";

    private Causality() {
    }

    /** Whether {@code step} has an event of {@code kind} about {@code item}. */
    public static boolean has(TraceStep step, Kind kind, String item) {
        return events(step).contains(new Event(kind, item));
    }

    /** The events of {@code step}, in the order of its changes. */
    public static List<Event> events(TraceStep step) {
        List<Event> out = new ArrayList<>();
        for (Change c : step.changes()) {
            String before = Values.unquote(c.before());
            String after = Values.unquote(c.after());
            Matcher f = FIELD.matcher(c.path());
            if (f.matches()) {
                String item = f.group(2);
                switch (f.group(1) + "." + f.group(3)) {
                    case "wk.pend" -> {
                        if ("TRUE".equals(after) && !"TRUE".equals(before)) {
                            out.add(new Event(Kind.WORK_QUEUED, item));
                        } else if ("TRUE".equals(before) && "FALSE".equals(after)) {
                            out.add(new Event(Kind.WORK_UNQUEUED, item));
                        }
                    }
                    case "wk.run" -> {
                        if (step.kind().equals("work_start")) {
                            out.add(new Event(Kind.WORK_STARTED, item));
                        }
                    }
                    case "rq.timer" -> {
                        if ("ARMED".equals(after) || "REARMED".equals(after)) {
                            out.add(new Event(Kind.TIMER_ARMED, item));
                        } else if ("EXPIRED".equals(after)) {
                            out.add(new Event(Kind.TIMER_EXPIRED, item));
                        }
                    }
                    case "rq.lldd" -> {
                        if ("OWNS".equals(after)) {
                            out.add(new Event(Kind.LLDD_OWNS, item));
                        } else if ("ABORTING".equals(after)) {
                            out.add(new Event(Kind.LLDD_ABORTING, item));
                        } else if ("NONE".equals(after)) {
                            out.add(new Event(Kind.LLDD_DONE, item));
                        }
                    }
                    default -> { }
                }
                continue;
            }
            Matcher l = LOCK.matcher(c.path());
            if (l.matches()) {
                if ("none".equals(after)) {
                    out.add(new Event(Kind.LOCK_RELEASED, l.group(1)));
                } else if ("none".equals(before)) {
                    out.add(new Event(Kind.LOCK_TAKEN, l.group(1)));
                }
            }
        }
        // a start that ran the whole handler in its one step leaves wk[w].run as it found it: the start is its action
        if (step.kind().equals("work_start") && step.action().startsWith(START)
                && out.stream().noneMatch(e -> e.kind() == Kind.WORK_STARTED)) {
            out.add(new Event(Kind.WORK_STARTED, step.action().substring(START.length())));
        }
        return out;
    }
}
