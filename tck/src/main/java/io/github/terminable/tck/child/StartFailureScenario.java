package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;
import io.github.terminable.tck.harness.TckTime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code start()} of a terminable thread, and of a loop, meet an underlying
 * {@code Thread.start()} that fails (rules 1.1.f and 1.1.g; a loop's {@code start()} starts its
 * thread under rule 1.1). The parent runs this JVM under an address-space limit
 * ({@code ulimit -v}), so native threads run out inside this process only: the scenario starts
 * plain parked threads until {@code Thread.start()} throws, then calls {@code start()} while
 * nothing is left, first on threads, then on loops. Per attempt it prints one line, with
 * {@code THREAD} or {@code LOOP} for {@code <kind>}:
 * <ul>
 *   <li>{@code <kind>-START-FAILED thrown=<class> registered=<bool>}: {@code start()} threw;
 *       whether a thread of that name is in {@code liveThreads()} right afterwards;</li>
 *   <li>{@code <kind>-START-SUCCEEDED}: room had come free (a JVM thread of its own ended); the
 *       scenario fills it with another plain thread and tries again, at most {@value #ATTEMPTS}
 *       times.</li>
 * </ul>
 * It then lets every plain thread end, checks that the coordinator starts a thread and shuts down
 * as before, and prints {@code DONE afterEnded=<bool> failedBodyRan=<bool> completed=<bool>}, or
 * {@code NOT-EXHAUSTED} (status 3) if {@value #MAX_PLAIN_THREADS} plain threads all started, that
 * is, if no limit was in force.
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
        // One thread and one loop started and ended before the limit bites, so that every class and helper the
        // implementation makes on its first start already exists: the failure below is the thread's.
        TerminableThread warmUp = c.threadBuilder().name("tck-start-failure-warm-up").start(() -> { });
        if (!warmUp.join(TckTime.seconds(3))) {
            throw new IllegalStateException("the warm-up thread did not end");
        }
        BackgroundLoop warmUpLoop = c.loopBuilder().name("tck-start-failure-warm-up-loop").start();
        warmUpLoop.shutdown();
        if (!warmUpLoop.awaitTermination(TckTime.seconds(3).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the warm-up loop did not end");
        }
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> plain = new ArrayList<>();
        if (!fill(plain, release)) {
            say("NOT-EXHAUSTED after " + plain.size() + " plain threads");
            release.countDown();
            System.exit(3);
        }
        Set<String> bodiesRun = ConcurrentHashMap.newKeySet();
        String failedThread = failOnce("THREAD", c, plain, release,
                name -> c.threadBuilder().name(name).unstarted(() -> bodiesRun.add(name)).start());
        failOnce("LOOP", c, plain, release, name -> c.loopBuilder().name(name).start());
        release.countDown();
        for (Thread p : plain) {
            p.join();
        }
        // Every wait below shares one bound, shorter than the parent's wait for this JVM's exit, so
        // that a thread left behind shows in the DONE line instead of as a killed child.
        long deadline = System.nanoTime() + TckTime.seconds(3).toNanos();
        TerminableThread after = c.threadBuilder().name("tck-start-failure-after").start(() -> { });
        boolean afterEnded = after.join(untilDeadline(deadline));
        ShutdownReport report = c.shutdown().await(untilDeadline(deadline));
        say("DONE afterEnded=" + afterEnded + " failedBodyRan=" + bodiesRun.contains(failedThread) + " completed="
                + report.completed());
    }

    /** Starts a thread or loop by name; what {@code start()} throws is the point. */
    private interface NamedStart {
        void start(String name);
    }

    /**
     * Calls {@code start} with fresh names until it throws, refilling the freed room with plain
     * threads after each success; prints one line per attempt.
     *
     * @return the name whose start failed, or null if every attempt succeeded
     */
    private static String failOnce(String kind, TerminationCoordinator c, List<Thread> plain, CountDownLatch release,
                                   NamedStart start) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String name = "tck-start-failure-" + kind.toLowerCase(Locale.ROOT) + "-" + attempt;
            try {
                start.start(name);
            } catch (Throwable e) {
                boolean registered = c.liveThreads().stream().anyMatch(t -> t.name().equals(name));
                say(kind + "-START-FAILED thrown=" + e.getClass().getName() + " registered=" + registered);
                return name;
            }
            say(kind + "-START-SUCCEEDED");
            fill(plain, release);
        }
        return null;
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
