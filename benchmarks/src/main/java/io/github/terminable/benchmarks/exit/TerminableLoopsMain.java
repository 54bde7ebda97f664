package io.github.terminable.benchmarks.exit;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Row 5 of the benchmark table, the measured program: {@code main} starts 100 background loops on
 * the JVM-wide coordinator ({@link Terminables#global()}), has each run one task that registers a
 * cleanup action (as a library's loop would: close a socket, flush a buffer), and returns.
 *
 * <p>The loops are non-daemon, so the JVM stays up until the quiescence watcher has seen that only
 * terminable threads are left (rule 4.2), terminated each loop in reverse order, each turn ending
 * when its loop has run its cleanup and ended (completion order, rule 3.2); then the JVM exits
 * normally. The whole process's wall time is
 * compared with {@link DaemonLoopsMain}, the same program on daemon threads, which exits at once
 * and never cleans up: the lower bound.
 *
 * <p>The implementation is chosen with {@code -Dio.github.terminable.provider=<class>} (the
 * benchmarks jar holds both). With {@code --verbose}, it prints what it started, and the last
 * cleanup prints that every loop was cleaned up. Two diagnostics, never used in timed runs:
 * {@code --timeline} prints where the time after {@code main} returned went ({@link ExitTimeline}),
 * and {@code --jfr-warm-up} initialises the flight recorder's event metadata first
 * ({@link JfrWarmUp}).
 */
public final class TerminableLoopsMain {

    private TerminableLoopsMain() {
    }

    /**
     * Starts the loops and returns.
     *
     * @param args {@code [loops] [--verbose]}
     * @throws ExecutionException if a loop's first task fails
     * @throws InterruptedException if interrupted while waiting for the first tasks
     */
    public static void main(String[] args) throws ExecutionException, InterruptedException {
        int loops = ExitPrograms.loops(args);
        boolean verbose = ExitPrograms.verbose(args);
        if (ExitPrograms.flag(args, "--jfr-warm-up")) {
            System.out.printf(java.util.Locale.ROOT, "JFR event metadata initialised in %.1f ms%n", JfrWarmUp.run() / 1e6);
        }
        TerminationCoordinator global = Terminables.global();
        ExitTimeline timeline = ExitPrograms.flag(args, "--timeline") ? ExitTimeline.listenTo(global) : null;
        ExitPrograms.Cleanup cleanup = new ExitPrograms.Cleanup(loops, verbose, "loops");
        List<Future<?>> started = new ArrayList<>(loops);
        for (int i = 0; i < loops; i++) {
            BackgroundLoop loop = global.loopBuilder().name("exit-bench-loop-" + i).start();
            started.add(loop.submitWithContext(context -> {
                context.deferCleanup(cleanup);
                return null;
            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        if (verbose) {
            System.out.println("started " + loops + " terminable loops with " + Terminables.provider().name()
                    + "; main returns");
        }
        if (timeline != null) {
            timeline.mainReturns();
        }
    }
}
