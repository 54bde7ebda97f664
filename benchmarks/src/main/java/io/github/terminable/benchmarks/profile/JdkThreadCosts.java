package io.github.terminable.benchmarks.profile;

import io.github.terminable.benchmarks.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Row 2's control experiment, with no terminable code at all: what {@code Thread.interrupt()} and
 * thread exit cost the plain JDK as the number of live platform threads grows.
 *
 * <p>N daemon threads sleep; each catches an interrupt and sleeps again until it has been told to
 * stop. Three rounds interrupt all N (the threads stay alive): the cost of one
 * {@code interrupt()} with N live threads. Then all N are told to stop, interrupted and joined: the
 * time until N threads have exited. Compare N = 1000 and N = 10000.
 *
 * <p>Run: {@code java -Xss256k -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.profile.JdkThreadCosts <threads>}.
 */
public final class JdkThreadCosts {

    private JdkThreadCosts() {
    }

    /**
     * Runs the experiment.
     *
     * @param args {@code threads}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        Usage.exitUnless(args.length == 1, "JdkThreadCosts <threads>");
        int n = Integer.parseInt(args[0]);
        CountDownLatch started = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        if (Thread.currentThread().getName().startsWith("stop-")) {
                            return;
                        }
                    }
                }
            }, "sleeper-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        if (!started.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("threads did not start");
        }
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (Thread t : threads) {
                t.interrupt();
            }
            long took = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "threads=%d round=%d interrupt-us-per-call=%.2f (threads stay alive)%n", n, round,
                    took / 1e3 / n);
            Thread.sleep(300);
        }
        for (Thread t : threads) {
            t.setName("stop-" + t.getName());
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.interrupt();
        }
        long interrupted = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        long ended = System.nanoTime();
        System.out.printf(Locale.ROOT, "threads=%d exit: interrupt-us-per-call=%.2f all-ended-ms=%.1f%n", n,
                (interrupted - start) / 1e3 / n, (ended - start) / 1e6);
    }
}
