package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;
import io.github.terminable.tck.harness.SimulatedWork;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a shutdown that produces every kind of observable event (phase changes, terminations, an
 * overrun and a missed deadline) in a JVM where no flight recording was ever created, and prints
 * {@code DONE completed=<bool>} (rule 8.5). The parent reads the JVM's class-loading log.
 */
public final class JfrQuietScenario {

    private JfrQuietScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     * @throws Exception if interrupted
     */
    public static void main(String[] args) throws Exception {
        TerminationCoordinator c = Terminables.newCoordinator(
                CoordinatorSettings.builder().name("tck-jfr-quiet").callbackTimeout(Duration.ofMillis(100)).build());
        c.addListener(new TerminationListener() { });
        Runnable untilInterrupted = () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        c.threadBuilder().name("tck-jfr-quiet-plain").start(untilInterrupted);
        c.threadBuilder().name("tck-jfr-quiet-slow").onTerminate(t -> {
            SimulatedWork.takes(Duration.ofMillis(400));
            t.thread().interrupt();
        }).start(untilInterrupted);
        ShutdownReport early = c.shutdown().await(Duration.ofMillis(1));
        ShutdownReport last = c.shutdown().await(Duration.ofSeconds(30));
        say("DONE completed=" + last.completed() + " early=" + early.completed());
    }
}
