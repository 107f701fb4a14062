package rpcheck.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rpcheck.trace.Change;
import rpcheck.trace.Trace;
import rpcheck.trace.TraceStep;

/**
 * The shared state after every step of a counterexample, rebuilt from the steps' changes: a trace.json records
 * what each step changed ({@code wk[connect_work].pend: FALSE -> TRUE}), so the state of every component the
 * trace touches is known at every step (its value before its first change is that change's "from"). Components
 * no step changes keep their initial value and are not part of the trace, so they are not listed.
 */
final class StateTimeline {
    /** One segment of a component's path: a variable, a record field ({@code .pend}) or a function entry ({@code [k]}). */
    record Segment(String name, boolean entry) {
        String text() {
            return entry ? "[" + name + "]" : name;
        }
    }

    private final List<String> paths;
    private final List<Map<String, String>> states = new ArrayList<>();

    private StateTimeline(Trace t) {
        Set<String> all = new LinkedHashSet<>();
        Map<String, String> initial = new LinkedHashMap<>();
        for (TraceStep s : t.steps()) {
            for (Change c : s.changes()) {
                if (all.add(c.path())) {
                    initial.put(c.path(), c.before());
                }
            }
        }
        this.paths = sorted(all);
        Map<String, String> cur = new LinkedHashMap<>();
        for (String p : paths) {
            cur.put(p, initial.get(p));
        }
        states.add(Map.copyOf(nullSafe(cur)));
        for (TraceStep s : t.steps()) {
            for (Change c : s.changes()) {
                cur.put(c.path(), c.after());
            }
            states.add(Map.copyOf(nullSafe(cur)));
        }
    }

    static StateTimeline of(Trace t) {
        return new StateTimeline(t);
    }

    /** Every component the trace changes, grouped by variable and sorted by path (deterministic). */
    List<String> paths() {
        return paths;
    }

    /** The value of {@code path} after step {@code step} (0: the initial state); null if absent then. */
    String value(int step, String path) {
        String v = states.get(step).get(path);
        return v == ABSENT ? null : v;
    }

    /** The variable a path belongs to ({@code wk} of {@code wk[connect_work].pend}). */
    static String variable(String path) {
        return segments(path).get(0).name();
    }

    /** {@code wk[connect_work].pend} as {@code wk}, {@code [connect_work]}, {@code pend}. */
    static List<Segment> segments(String path) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        StringBuilder name = new StringBuilder();
        while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
            name.append(path.charAt(i++));
        }
        out.add(new Segment(name.toString(), false));
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                out.add(new Segment(path.substring(i + 1, j), false));
                i = j;
            } else if (c == '[') {
                int depth = 0;
                int j = i;
                for (; j < n; j++) {
                    if (path.charAt(j) == '[') {
                        depth++;
                    } else if (path.charAt(j) == ']' && --depth == 0) {
                        break;
                    }
                }
                out.add(new Segment(path.substring(i + 1, Math.min(j, n)), true));
                i = Math.min(j + 1, n);
            } else {
                i++;
            }
        }
        return out;
    }

    private static final String ABSENT = new String("\u0000absent");

    private static Map<String, String> nullSafe(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? ABSENT : v));
        return out;
    }

    private static List<String> sorted(Set<String> all) {
        List<String> out = new ArrayList<>(all);
        out.sort((a, b) -> {
            List<Segment> x = segments(a);
            List<Segment> y = segments(b);
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = x.get(i).name().compareTo(y.get(i).name());
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        });
        return out;
    }
}
