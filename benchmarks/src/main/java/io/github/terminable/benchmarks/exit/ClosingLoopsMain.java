package io.github.terminable.benchmarks.exit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Row 5 of the benchmark table, the hand-written equivalent: the program of
 * {@link TerminableLoopsMain} on plain non-daemon single-thread executors whose {@code main}
 * remembers to close them. Each executor's thread runs the cleanup its first task deferred when it
 * ends; before returning, {@code main} shuts the executors down newest first, waiting for each
 * thread to end, as the terminable program's coordinator does after {@code main} has returned.
 *
 * <p>This is the same work as the terminable variant (every loop terminated in reverse order and
 * cleaned up before the JVM exits) written by hand with {@code java.util.concurrent} alone, so it
 * separates what ordered cleanup costs from what the library adds to it. The daemon variant
 * ({@link DaemonLoopsMain}) does none of the work, and remains the target's baseline.
 *
 * <p>With {@code --verbose}, it prints what it started, and the last cleanup prints that every
 * executor was cleaned up.
 */
public final class ClosingLoopsMain {

    private ClosingLoopsMain() {
    }

    /**
     * Starts the executors, then closes them newest first and returns.
     *
     * @param args {@code [loops] [--verbose]}
     * @throws ExecutionException if a first task fails
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws ExecutionException, InterruptedException {
        int loops = ExitPrograms.loops(args);
        boolean verbose = ExitPrograms.verbose(args);
        Runnable cleanup = new ExitPrograms.Cleanup(loops, verbose, "executors");
        List<ExecutorService> executors = new ArrayList<>(loops);
        List<Future<?>> started = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            String name = "exit-bench-closing-" + i;
            List<Runnable> deferred = new ArrayList<>(1);
            ExecutorService loop = Executors.newSingleThreadExecutor(worker -> new Thread(() -> {
                try {
                    worker.run();
                } finally {
                    for (Runnable r : deferred) {
                        r.run();
                    }
                }
            }, name));
            executors.add(loop);
            started.add(loop.submit(() -> deferred.add(cleanup)));
        }
        for (Future<?> f : started) {
            f.get();
        }
        if (verbose) {
            System.out.println("started " + loops + " executors; main closes them and returns");
        }
        for (int i = executors.size() - 1; i >= 0; i--) {
            ExecutorService loop = executors.get(i);
            loop.shutdownNow();
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("executor " + i + " did not terminate within 10 s");
            }
        }
    }
}
