package io.github.terminable.benchmarks.exit;

import com.google.common.util.concurrent.MoreExecutors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Row 5 of the benchmark table, the status-quo peer: the program of {@link TerminableLoopsMain} on
 * Guava's exiting executors ({@code MoreExecutors.getExitingExecutorService}), the library a user
 * would pick today to have background loops that neither keep the JVM alive nor die uncleaned.
 * Guava makes each pool's threads daemon threads and registers a JVM shutdown hook per pool that
 * shuts it down and waits for its termination. {@code main} starts 100 of them, has each run one
 * task that registers a cleanup, and returns; the JVM begins to exit at once, and the hooks clean
 * up.
 *
 * <p>The cleanup runs in the pool's {@link ThreadPoolExecutor#terminated()} rather than at the end
 * of the worker thread's task loop: Guava's hook waits for {@code awaitTermination}, and a pool is
 * terminated only after {@code terminated()} has returned, so the hook cannot return before the
 * cleanup has run. Cleanup at the very end of the (daemon) worker thread would race with the
 * JVM's halt after the hooks, and was measured to be lost in about one run in four.
 *
 * <p>Guava's hooks run concurrently (the JVM starts every hook thread at once), so, unlike the
 * closing and terminable variants, the cleanups run in no particular order. That is what the peer
 * offers, and it is measured as it is.
 *
 * <p>With {@code --verbose}, it prints what it started, and the last cleanup prints that every
 * pool was cleaned up.
 */
public final class GuavaExitingLoopsMain {

    /** How long each pool's shutdown hook waits for it, as a user of the library would choose. */
    private static final long HOOK_WAIT_SECONDS = 10;

    private GuavaExitingLoopsMain() {
    }

    /**
     * A single-thread pool that runs its deferred cleanup once it has terminated.
     *
     * <p><b>Thread-safety.</b> {@link #deferred} is written by the pool's task and read by
     * {@link #terminated()}, which runs on a thread that has seen the task complete (the worker, or
     * the thread that shut the idle pool down after the worker ended).
     */
    private static final class CleaningPool extends ThreadPoolExecutor {
        private volatile Runnable deferred;

        CleaningPool(ThreadFactory threads) {
            super(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
        }

        void deferCleanup(Runnable cleanup) {
            deferred = cleanup;
        }

        @Override
        protected void terminated() {
            Runnable cleanup = deferred;
            if (cleanup != null) {
                cleanup.run();
            }
        }
    }

    /** Names each pool's thread. */
    private static final class Named implements ThreadFactory {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            return new Thread(r, name);
        }
    }

    /** The first task of each pool: registers the cleanup, as a library's loop would. */
    private static final class Register implements Callable<Void> {
        private final CleaningPool pool;
        private final Runnable cleanup;

        Register(CleaningPool pool, Runnable cleanup) {
            this.pool = pool;
            this.cleanup = cleanup;
        }

        @Override
        public Void call() {
            pool.deferCleanup(cleanup);
            return null;
        }
    }

    /**
     * Starts the pools and returns.
     *
     * @param args {@code [loops] [--verbose]}
     * @throws ExecutionException if a first task fails
     * @throws InterruptedException if interrupted while waiting for the first tasks
     */
    public static void main(String[] args) throws ExecutionException, InterruptedException {
        int loops = ExitPrograms.loops(args);
        boolean verbose = ExitPrograms.verbose(args);
        Runnable cleanup = new ExitPrograms.Cleanup(loops, verbose, "pools");
        List<Future<?>> started = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            CleaningPool pool = new CleaningPool(new Named("exit-bench-guava-" + i));
            ExecutorService loop = MoreExecutors.getExitingExecutorService(pool, HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            started.add(loop.submit(new Register(pool, cleanup)));
        }
        for (Future<?> f : started) {
            f.get();
        }
        if (verbose) {
            System.out.println("started " + loops + " guava exiting pools; main returns");
        }
    }
}
