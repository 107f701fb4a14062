package rpcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class TlcSchedulerTest {

    @Test
    void jobsQueuedBeforeStartRunLongestFirstTiesInSubmissionOrder() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<String>> fs = new ArrayList<>();
        try (TlcScheduler s = new TlcScheduler(1)) {
            for (String[] job : new String[][] {{"a", "1"}, {"b", "3"}, {"c", "2"}, {"d", "3"}}) {
                fs.add(s.submit(Double.parseDouble(job[1]), () -> {
                    order.add(job[0]);
                    return job[0];
                }));
            }
            s.start();
            for (CompletableFuture<String> f : fs) {
                f.get();
            }
        }
        assertEquals(List.of("b", "d", "c", "a"), order);
        assertEquals("a", fs.get(0).join());
    }

    @Test
    void aJobThatThrowsFailsItsFutureOnly() throws Exception {
        try (TlcScheduler s = new TlcScheduler(2).start()) {
            CompletableFuture<Object> bad = s.submit(1, () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<Integer> good = s.submit(1, () -> 42);
            ExecutionException e = assertThrows(ExecutionException.class, bad::get);
            assertTrue(e.getCause() instanceof IllegalStateException);
            assertEquals(42, good.get());
        }
    }

    @Test
    void closingCancelsWhatIsStillQueued() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Object> waiting;
        try (TlcScheduler s = new TlcScheduler(1).start()) {
            s.submit(2, () -> {
                running.countDown();
                Thread.sleep(60_000); // interrupted by close()
                return null;
            });
            running.await();
            waiting = s.submit(1, () -> "never");
        }
        assertThrows(CancellationException.class, waiting::join);
    }

    /** Saturated: every core has a run, counting the queued runs that an idle thread would start. */
    @Test
    void saturatedWhenEveryCoreHasARun() throws Exception {
        // threads, cores, runs running, runs queued (only where no thread is idle, so they stay queued), saturated
        for (int[] c : new int[][] {{1, 2, 1, 0, 0}, {1, 2, 1, 3, 0}, {2, 2, 1, 0, 0}, {2, 2, 2, 0, 1}, {2, 2, 2, 3, 1},
                {2, 1, 1, 0, 1}, {4, 4, 3, 0, 0}}) {
            int threads = c[0];
            int cores = c[1];
            int running = c[2];
            int queued = c[3];
            boolean expected = c[4] == 1;
            CountDownLatch started = new CountDownLatch(running);
            CountDownLatch release = new CountDownLatch(1);
            try (TlcScheduler s = new TlcScheduler(threads, cores)) {
                s.start();
                List<CompletableFuture<Boolean>> fs = new ArrayList<>();
                for (int i = 0; i < running; i++) {
                    fs.add(s.submit(2, () -> {
                        started.countDown();
                        release.await();
                        return true;
                    }));
                }
                started.await();
                for (int i = 0; i < queued; i++) {
                    s.submit(1, () -> true);
                }
                String what = threads + " threads, " + cores + " cores, " + running + " running, " + queued + " queued";
                assertEquals(expected, s.saturated(), what);
                release.countDown();
                for (CompletableFuture<Boolean> f : fs) {
                    f.get();
                }
            }
        }
    }

    @Test
    void aJobGetsTheCoresNoQueuedJobWaitsFor() throws Exception {
        aJobGetsTheCores();
    }

    /** The workers a job asking for up to {@code max} gets, asked until it gets as many as it can (or 10 s). */
    private static int whenIdle(TlcScheduler s, int max) throws Exception {
        int want = Math.min(max, 4);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int got;
        do {
            got = s.submit(1, max, w -> w).get();
            if (got == want) {
                return got;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return got;
    }

    private void aJobGetsTheCores() throws Exception {
        List<Integer> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TlcScheduler s = new TlcScheduler(2, 4)) {
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            CountDownLatch both = new CountDownLatch(2);
            // two jobs queued at once: the first leaves a core for the second, which gets one
            for (int i = 0; i < 2; i++) {
                fs.add(s.submit(1, 8, w -> {
                    granted.add(w);
                    both.countDown();
                    both.await();
                    return w;
                }));
            }
            s.start();
            int sum = 0;
            for (CompletableFuture<Integer> f : fs) {
                sum += f.get();
            }
            assertTrue(sum <= 4, granted.toString());
            assertTrue(granted.contains(1), granted.toString());
            // alone, a job gets every core, but no more than it asks for (a finished job's future completes just
            // before its cores are released: ask again until the scheduler is idle)
            assertEquals(4, whenIdle(s, 8));
            assertEquals(3, whenIdle(s, 3));
            assertEquals(1, s.submit(1, () -> 1).get());
        }
    }
}
