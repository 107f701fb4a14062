package rpcheck.model;

/** Spelling suggestions for unknown names. */
public final class Names {
    private Names() {
    }

    /** The candidate closest to {@code name} by edit distance, or null if none is close. */
    public static String closest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        int limit = Math.max(2, name.length() / 3);
        if (name.length() > 200) {
            return null; // no one means a name that long; and the distance is quadratic in it
        }
        for (String c : candidates) {
            if (Math.abs(c.length() - name.length()) > limit) {
                continue; // the distance is at least the difference in length
            }
            int d = distance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        // a short name is within 2 edits of many others: 'w' of 'NEW', 'rq' of 'A'; one that keeps none of its
        // letters in place is no spelling of it
        return best != null && bestDist <= Math.max(2, name.length() / 3) && bestDist < name.length() ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
