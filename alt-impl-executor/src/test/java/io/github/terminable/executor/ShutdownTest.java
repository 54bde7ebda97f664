package io.github.terminable.executor;

import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.StdErrCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This implementation's shutdown machinery: the terminator's separate path for explicit
 * requests, its watchdog (idle once every terminator is, and reporting a listener that does not
 * return), the hold of rule 4.11 kept to the global coordinator, and neutral helper threads.
 * The shutdown rules themselves (section 3) are checked by the TCK.
 */
class ShutdownTest {

    private final TestResources resources = new TestResources();

    private ExecutorCoordinator coordinator(Duration callbackTimeout) {
        return resources.track(TestSupport.coordinator("shutdown-test", callbackTimeout));
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        resources.release();
    }

    @Test
    void aCallbackThatJoinsItsOwnPlatformThreadDoesNotOverrunOnAnIndependentCoordinator() throws InterruptedException {
        // Only the global coordinator keeps its last thread alive while a callback still runs
        // (rule 4.11); here the Thread dies at once, so the callback's Thread.join returns.
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(60)));
        c.threadBuilder().name("joined").onTerminate(t -> {
            t.thread().interrupt();
            t.thread().join();
        }).start(TestSupport::blockUntilInterrupted);
        ShutdownReport report = c.shutdown().await(awaitWindow());
        assertThat(report.completed()).as(report.describe()).isTrue();
        assertThat(report.overruns()).isEmpty();
    }

    @Test
    void aBlockedListenerIsReportedAndDoesNotStallTheShutdown() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofMillis(200)));
        CountDownLatch never = resources.gate();
        c.addListener(new TerminationListener() {
            @Override
            public void terminated(TerminationRecord record) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        RecordingListener recorder = new RecordingListener();
        c.addListener(recorder);
        String err = StdErrCapture.during(() -> {
            c.threadBuilder().name("b").start(TestSupport::blockUntilInterrupted);
            c.threadBuilder().name("a").start(TestSupport::blockUntilInterrupted);
            assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        });
        assertThat(err).contains("TERMINABLE-LISTENER-FAILED: ").contains("did not return from terminated");
        assertThat(recorder.events()).containsExactly("phase:OPEN->TERMINATING", "terminated:a:COMPLETED",
                "terminated:b:COMPLETED", "phase:TERMINATING->TERMINATED");
        assertThat(recorder.phases()).extracting(RecordingListener.PhaseChange::trigger)
                .containsOnly(ShutdownTrigger.EXPLICIT);
    }

    /** Security Implications: helper threads created from an application's thread do not pin its class loader. */
    @Test
    void helpersHaveANeutralContextClassLoader() throws Exception {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(5)));
        AtomicReference<ClassLoader> callbackLoader = new AtomicReference<>();
        ClassLoader custom = new ClassLoader(getClass().getClassLoader()) { };
        Thread creator = new Thread(() -> {
            c.threadBuilder().name("ctx").onTerminate(t -> {
                callbackLoader.set(Thread.currentThread().getContextClassLoader());
                t.thread().interrupt();
            }).start(TestSupport::blockUntilInterrupted);
            c.shutdown(); // the helper threads are created from this thread
        });
        creator.setContextClassLoader(custom);
        creator.start();
        creator.join();
        assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(callbackLoader.get()).isSameAs(ClassLoader.getSystemClassLoader());
    }

    @Test
    void onceIdleATerminatorLeavesNoWatchdogCheckBehindAndTheWatchdogThreadEnds() throws InterruptedException {
        // A bound far beyond the await window: a check left pending until the last callback's
        // deadline would keep the JVM-wide watchdog thread alive for ten minutes.
        ExecutorCoordinator c = resources.track(TestSupport.coordinator("idle-watchdog", Duration.ofMinutes(10)));
        List<Thread> watchdogsSeenByCallbacks = new CopyOnWriteArrayList<>();
        for (String name : List.of("requested", "in-shutdown")) {
            c.threadBuilder().name(name).onTerminate(t -> {
                watchdogsSeenByCallbacks.addAll(watchdogThreads()); // armed before the callback runs
                t.thread().interrupt();
            }).start(TestSupport::blockUntilInterrupted);
        }
        TerminableThread requested = c.liveThreads().get(0);
        requested.terminate();
        assertThat(requested.join(awaitWindow())).isTrue();
        TestSupport.shutDownAndAwait(c);
        assertThat(watchdogsSeenByCallbacks).as("a watchdog thread while each callback ran").isNotEmpty();
        for (Thread watchdog : watchdogsSeenByCallbacks) {
            watchdog.join(awaitWindow().toMillis());
            assertThat(watchdog.isAlive()).as(watchdog.getName() + " alive once every terminator is idle").isFalse();
        }
    }

    private static List<Thread> watchdogThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("terminable-executor-watchdog")) {
                found.add(t);
            }
        }
        return found;
    }

    @Test
    void explicitRequestsDuringTheTerminatePhaseAreNotHeldBackByIt() throws InterruptedException {
        ExecutorCoordinator c = coordinator(scaled(Duration.ofSeconds(30)));
        CountDownLatch inBlockingCallback = new CountDownLatch(1);
        CountDownLatch release = resources.gate();
        TerminableThread early = c.threadBuilder().name("early").start(TestSupport::blockUntilInterrupted);
        c.threadBuilder().name("blocking").onTerminate(t -> {
            inBlockingCallback.countDown();
            release.await();
            t.thread().interrupt();
        }).start(TestSupport::blockUntilInterrupted);
        c.shutdown();
        assertThat(inBlockingCallback.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(early.terminate()).isTrue(); // requested outside the terminate phase
        assertThat(early.join(awaitWindow())).isTrue(); // its callback ran although the phase is blocked
        release.countDown();
        assertThat(c.shutdown().await(awaitWindow()).completed()).isTrue();
    }
}
