package rpcheck.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rpcheck.trace.Change;

/** Reads the shared-state paths of {@link Change}s ({@code wk[w].pend}, {@code rq[r].lldd}, {@code lk[l]}). */
final class Paths {
    private static final Pattern FIELD = Pattern.compile("(wk|rq)\\[([^\\]]+)\\]\\.(\\w+)");
    private static final Pattern LOCK = Pattern.compile("lk\\[([^\\]]+)\\]");

    private Paths() {
    }

    /** The item of {@code table[item].field} if the path has that table and field, else null. */
    static String item(Change c, String table, String field) {
        Matcher m = FIELD.matcher(c.path());
        return m.matches() && m.group(1).equals(table) && m.group(3).equals(field) ? m.group(2) : null;
    }

    /** The lock of {@code lk[l]}, else null. */
    static String lock(Change c) {
        Matcher m = LOCK.matcher(c.path());
        return m.matches() ? m.group(1) : null;
    }

    /** A TLA+ value as text without the quotes of a string; null stays null. */
    static String plain(String tla) {
        if (tla != null && tla.length() >= 2 && tla.startsWith("\"") && tla.endsWith("\"")) {
            return tla.substring(1, tla.length() - 1);
        }
        return tla;
    }
}
