package io.github.terminable.executor.programs;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

import java.util.concurrent.CountDownLatch;

/**
 * Child program: main starts a terminable thread that ignores termination and returns, so the
 * quiescence shutdown misses its deadline (rule 4.12). With argument {@code release}, the
 * {@code deadlineMissed} listener lets the thread end afterwards (for
 * {@code deadlineExitStatus=none}, where the JVM must then exit normally).
 */
public final class QuiescenceMissesDeadline {

    private QuiescenceMissesDeadline() {
    }

    public static void main(String[] args) {
        boolean release = args.length > 0 && args[0].equals("release");
        CountDownLatch released = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("jvm-hook")));
        TerminationCoordinator global = Terminables.global();
        global.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                System.out.println("phase " + to + " " + trigger);
            }

            @Override
            public void deadlineMissed(ShutdownReport report) {
                System.out.println("deadlineMissed " + report.trigger() + " " + report.unfinished().size()
                        + " on-daemon=" + Thread.currentThread().isDaemon());
                if (release) {
                    released.countDown();
                }
            }
        });
        global.threadBuilder().name("stubborn").start(() -> {
            for (;;) {
                try {
                    released.await();
                    System.out.println("stubborn-ends");
                    return;
                } catch (InterruptedException ignored) {
                    // ignores termination
                }
            }
        });
        System.out.println("main-returned");
    }
}
