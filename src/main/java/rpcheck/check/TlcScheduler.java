package rpcheck.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs TLC jobs on a fixed number of threads, the most expensive first. A TLC run uses one core (one TLC worker),
 * so the default is one thread per core: more only makes the runs compete for the cores.
 *
 * <p>Jobs submitted before {@link #start()} are all ordered by their estimated cost (longest first, so that
 * the longest run does not start last and finish alone); ties run in submission order. Jobs submitted later
 * (a re-run of a spec's safety check after a violation) take their place in the same queue. The order only
 * decides when a run starts: every TLC run is deterministic on its own.
 */
public final class TlcScheduler implements AutoCloseable {
    private record Job(double cost, long seq, Runnable run, CompletableFuture<?> future) {
    }

    private final int threads;
    private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>(64,
            (a, b) -> a.cost != b.cost ? Double.compare(b.cost, a.cost) : Long.compare(a.seq, b.seq));
    private final AtomicLong seq = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private boolean started;
    private volatile boolean closed;

    /** @param threads how many TLC runs at once (at least 1) */
    public TlcScheduler(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
    }

    /** One thread per core this JVM may use. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /**
     * Queues {@code task}. The future completes with its result, or exceptionally with what it threw; it is
     * cancelled if the scheduler is closed first.
     *
     * @param cost estimated cost (any unit, larger runs first)
     */
    public synchronized <T> CompletableFuture<T> submit(double cost, Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.cancel(false);
            return f;
        }
        queue.add(new Job(cost, seq.getAndIncrement(), () -> {
            if (f.isDone()) {
                return;
            }
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }, f));
        return f;
    }

    /** Starts the threads (once); until then queued jobs wait, so that the first batch is ordered as a whole. */
    public synchronized TlcScheduler start() {
        if (started) {
            return this;
        }
        started = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "rpcheck-tlc-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    private void work() {
        while (!closed) {
            Job j;
            try {
                j = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            j.run().run();
        }
    }

    /** Stops the threads: a running TLC is killed (its thread is interrupted), queued jobs never run. */
    @Override
    public synchronized void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(j -> j.future().cancel(false));
    }
}
