package rpcheck.check;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs TLC jobs on a fixed number of threads, the most expensive first, and shares the machine's cores between
 * them: a job runs with one TLC worker unless it asks for more and cores are idle that no queued job is waiting
 * for (then it gets them, as TLC worker threads, until it ends).
 *
 * <p>Jobs submitted before {@link #start()} are all ordered by their estimated cost (longest first, so that
 * the longest run does not start last and finish alone); ties run in submission order. Jobs submitted later
 * (a re-run of a spec's safety check after a violation) take their place in the same queue. The order only
 * decides when a run starts: every TLC run is deterministic on its own.
 */
public final class TlcScheduler implements AutoCloseable {

    /** A job that is told how many TLC workers it may use (at least 1). */
    public interface Job<T> {
        T run(int workers) throws Exception;
    }

    /** What the scheduler is doing: for a progress line. */
    public record Snapshot(int done, int running, int queued, int coresInUse) {
    }

    private record Queued(double cost, long seq, int maxWorkers, Job<?> job, CompletableFuture<?> future) {
    }

    private final int threads;
    private final int cores;
    /** guarded by this */
    private final PriorityQueue<Queued> queue = new PriorityQueue<>(64,
            (a, b) -> a.cost != b.cost ? Double.compare(b.cost, a.cost) : Long.compare(a.seq, b.seq));
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    /** cores not held by a running job; guarded by this */
    private int freeCores;
    private boolean started;
    private volatile boolean closed;

    /** @param threads how many TLC runs at once (at least 1); as many cores as this JVM may use */
    public TlcScheduler(int threads) {
        this(threads, defaultThreads());
    }

    /**
     * @param threads how many TLC runs at once (at least 1)
     * @param cores   how many cores the runs share (at least 1): a job asking for several workers gets at most
     *                the cores no other job holds and no queued job waits for
     */
    public TlcScheduler(int threads, int cores) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1: " + cores);
        }
        this.threads = threads;
        this.cores = cores;
        this.freeCores = cores;
    }

    /** One thread per core this JVM may use. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    public int cores() {
        return cores;
    }

    /** Runs done, running and queued now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(done.get(), running.get(), queue.size(), cores - freeCores);
    }

    /**
     * Whether every core has a TLC run now: the cores held by running jobs and those the queued jobs that idle
     * threads would start next take (a run's compiler threads then take CPU from another run).
     */
    public synchronized boolean saturated() {
        int startable = Math.min(queue.size(), Math.max(0, threads - running.get()));
        return cores - freeCores + startable >= cores;
    }

    /**
     * Queues {@code task} (one TLC worker). The future completes with its result, or exceptionally with what it
     * threw; it is cancelled if the scheduler is closed first.
     *
     * @param cost estimated cost (any unit, larger runs first)
     */
    public <T> CompletableFuture<T> submit(double cost, Callable<T> task) {
        return submit(cost, 1, w -> task.call());
    }

    /**
     * Queues {@code task}, which may use up to {@code maxWorkers} TLC workers: when it starts it is given one
     * core, and more where cores are idle and no queued job waits for them.
     */
    public synchronized <T> CompletableFuture<T> submit(double cost, int maxWorkers, Job<T> task) {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be >= 1: " + maxWorkers);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.cancel(false);
            return f;
        }
        queue.add(new Queued(cost, seq.getAndIncrement(), maxWorkers, task, f));
        notifyAll();
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
            Queued j;
            int granted;
            synchronized (this) {
                try {
                    while (!closed && (queue.isEmpty() || freeCores < 1)) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                j = queue.poll();
                granted = grant(j.maxWorkers());
                running.incrementAndGet();
            }
            try {
                run(j, granted);
            } finally {
                release(granted);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void run(Queued j, int workers) {
        CompletableFuture<T> f = (CompletableFuture<T>) j.future();
        if (f.isDone()) {
            return;
        }
        try {
            f.complete(((Job<T>) j.job()).run(workers));
        } catch (Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /**
     * One free core, and as many more (up to {@code max} in all) as are free and not needed by a queued job that
     * an idle thread would start next. Called with the lock held and a free core.
     */
    private int grant(int max) {
        int waiting = Math.min(queue.size(), Math.max(0, threads - running.get() - 1));
        int spare = Math.max(0, freeCores - 1 - waiting);
        int n = 1 + Math.min(max - 1, spare);
        freeCores -= n;
        return n;
    }

    private synchronized void release(int n) {
        running.decrementAndGet();
        done.incrementAndGet();
        freeCores += n;
        notifyAll();
    }

    /** Stops the threads: a running TLC is killed (its thread is interrupted), queued jobs never run. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
        workers.forEach(Thread::interrupt);
        List<Queued> left = new ArrayList<>(queue);
        queue.clear();
        left.forEach(j -> j.future().cancel(false));
    }
}
