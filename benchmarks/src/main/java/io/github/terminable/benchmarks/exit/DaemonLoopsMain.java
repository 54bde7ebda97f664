package io.github.terminable.benchmarks.exit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Row 5 of the benchmark table, the lower bound: the program of {@link TerminableLoopsMain} on
 * plain daemon single-thread executors. {@code main} starts 100 of them, has each run one task,
 * and returns; the JVM exits at once, and nothing is cleaned up.
 *
 * <p>With {@code --verbose}, it prints what it started.
 */
public final class DaemonLoopsMain {

    private DaemonLoopsMain() {
    }

    /**
     * Starts the executors and returns.
     *
     * @param args {@code [loops] [--verbose]}
     * @throws ExecutionException if a first task fails
     * @throws InterruptedException if interrupted while waiting for the first tasks
     */
    public static void main(String[] args) throws ExecutionException, InterruptedException {
        int loops = ExitPrograms.loops(args);
        List<Future<?>> started = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            String name = "exit-bench-daemon-" + i;
            ExecutorService loop = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, name);
                t.setDaemon(true);
                return t;
            });
            started.add(loop.submit(() -> null));
        }
        for (Future<?> f : started) {
            f.get();
        }
        if (ExitPrograms.verbose(args)) {
            System.out.println("started " + loops + " daemon loops; main returns");
        }
    }
}
