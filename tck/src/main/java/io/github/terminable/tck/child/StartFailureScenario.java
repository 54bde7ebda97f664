package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;
import io.github.terminable.tck.harness.TckTime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes {@code start()} of a terminable thread meet an underlying {@code Thread.start()} that fails
 * (rules 1.1.f and 1.1.g). The parent runs this JVM under an address-space limit
 * ({@code ulimit -v}), so native threads run out inside this process only: the scenario starts
 * plain parked threads until {@code Thread.start()} throws, then calls {@code start()} on
 * terminable threads while nothing is left. Per attempt it prints one line:
 * <ul>
 *   <li>{@code START-FAILED thrown=<class> registered=<bool>}: {@code start()} threw; whether the
 *       thread is in {@code liveThreads()} right afterwards;</li>
 *   <li>{@code START-SUCCEEDED}: room had come free (a JVM thread of its own ended); the scenario
 *       fills it with another plain thread and tries again, at most {@value #ATTEMPTS} times.</li>
 * </ul>
 * It then lets every plain thread end, checks that the coordinator starts a thread and shuts down
 * as before, and prints {@code DONE live=<n> afterEnded=<bool> failedBodyRan=<bool> completed=<bool>}
 * (the live count taken once every started thread has ended), or {@code NOT-EXHAUSTED} (status 3)
 * if {@value #MAX_PLAIN_THREADS} plain threads all started, that is, if no limit was in force.
 */
public final class StartFailureScenario {

    /** Attempts at a failing {@code start()} before the scenario gives up. */
    static final int ATTEMPTS = 20;

    /** Plain threads after which the scenario concludes that no limit is in force. */
    static final int MAX_PLAIN_THREADS = 50_000;

    private StartFailureScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     * @throws Exception if interrupted
     */
    public static void main(String[] args) throws Exception {
        TerminationCoordinator c = Terminables.newCoordinator(CoordinatorSettings.builder().name("tck-start-failure").build());
        // One thread started and ended before the limit bites, so that every class and helper the
        // implementation makes on its first start already exists: the failure below is the thread's.
        TerminableThread warmUp = c.threadBuilder().name("tck-start-failure-warm-up").start(() -> { });
        if (!warmUp.join(TckTime.seconds(3))) {
            throw new IllegalStateException("the warm-up thread did not end");
        }
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> plain = new ArrayList<>();
        if (!fill(plain, release)) {
            say("NOT-EXHAUSTED after " + plain.size() + " plain threads");
            release.countDown();
            System.exit(3);
        }
        List<TerminableThread> started = new ArrayList<>();
        AtomicBoolean failedBodyRan = new AtomicBoolean();
        boolean failed = false;
        for (int attempt = 0; attempt < ATTEMPTS && !failed; attempt++) {
            AtomicBoolean ran = new AtomicBoolean();
            TerminableThread t = c.threadBuilder().name("tck-start-failure-" + attempt).unstarted(() -> ran.set(true));
            try {
                t.start();
                started.add(t);
                say("START-SUCCEEDED");
                fill(plain, release);
            } catch (Throwable e) {
                failed = true;
                say("START-FAILED thrown=" + e.getClass().getName() + " registered=" + c.liveThreads().contains(t));
                failedBodyRan = ran;
            }
        }
        release.countDown();
        for (Thread p : plain) {
            p.join();
        }
        // Every wait below shares one bound, shorter than the parent's wait for this JVM's exit, so
        // that a thread left behind shows in the DONE line instead of as a killed child.
        long deadline = System.nanoTime() + TckTime.seconds(3).toNanos();
        for (TerminableThread t : started) {
            t.join(untilDeadline(deadline));
        }
        TerminableThread after = c.threadBuilder().name("tck-start-failure-after").start(() -> { });
        boolean afterEnded = after.join(untilDeadline(deadline));
        int live = c.liveThreads().size();
        ShutdownReport report = c.shutdown().await(untilDeadline(deadline));
        say("DONE live=" + live + " afterEnded=" + afterEnded + " failedBodyRan=" + failedBodyRan.get()
                + " completed=" + report.completed());
    }

    private static Duration untilDeadline(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Starts plain threads parked on {@code release} until one fails to start; false if none did. */
    private static boolean fill(List<Thread> plain, CountDownLatch release) {
        while (plain.size() < MAX_PLAIN_THREADS) {
            Thread p = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tck-start-failure-plain-" + plain.size());
            try {
                p.start();
            } catch (OutOfMemoryError e) {
                return true;
            }
            plain.add(p);
        }
        return false;
    }
}
