package io.github.terminable.executor;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.executor.programs.RecordsFlightEvents;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static io.github.terminable.executor.TestSupport.onModulePath;
import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JFR events (rule 8.5, optional). */
class FlightRecorderTest {

    @Test
    void phasesTerminationsOverrunsAndMissedDeadlinesAreRecorded() throws Exception {
        Path file = Files.createTempFile("terminable-test", ".jfr");
        CountDownLatch release = new CountDownLatch(1);
        ExecutorCoordinator c = TestSupport.coordinator("jfr-test", scaled(Duration.ofMillis(100)));
        try (Recording recording = new Recording()) {
            for (String name : List.of("PhaseChange", "Termination", "Overrun", "DeadlineMissed")) {
                recording.enable("io.github.terminable." + name);
            }
            recording.start();
            c.threadBuilder().name("slow").onTerminate(t -> {
                t.thread().interrupt();
                release.await();
            }).start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // wait for the release anyway, so the deadline is missed
                    try {
                        release.await();
                    } catch (InterruptedException again) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            ShutdownCompletion completion = c.shutdown();
            assertThat(completion.await(scaled(Duration.ofMillis(300))).completed()).isFalse();
            // The callback must be declared OVERRAN before it is released, however late it started.
            await().atMost(awaitWindow()).until(() -> completion.await(Duration.ofMillis(1)).overruns().size() == 1);
            release.countDown();
            assertThat(completion.await(awaitWindow()).completed()).isTrue();
            recording.stop();
            recording.dump(file);
        } finally {
            release.countDown();
        }
        // A recording file is ordered by buffer flush, not by time: each thread writes to its own
        // buffer, so TERMINATING (emitted by the caller of shutdown) may be stored after
        // TERMINATED (emitted by the terminator). Order by the events' own timestamps.
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("io.github.terminable."))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .collect(Collectors.toList());
        Files.delete(file);
        assertThat(events).extracting(e -> e.getEventType().getName()).contains("io.github.terminable.PhaseChange",
                "io.github.terminable.Termination", "io.github.terminable.Overrun",
                "io.github.terminable.DeadlineMissed");
        RecordedEvent termination = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.terminable.Termination")).findFirst()
                .orElseThrow();
        assertThat(termination.getString("coordinator")).isEqualTo("jfr-test");
        assertThat(termination.getString("threadName")).isEqualTo("slow");
        assertThat(termination.getString("outcome")).isEqualTo("OVERRAN");
        RecordedEvent missed = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.terminable.DeadlineMissed")).findFirst()
                .orElseThrow();
        assertThat(missed.getInt("unfinishedThreads")).isEqualTo(1);
        assertThat(missed.getString("trigger")).isEqualTo("EXPLICIT");
        RecordedEvent overrun = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.terminable.Overrun")).findFirst()
                .orElseThrow();
        assertThat(overrun.getString("threadName")).isEqualTo("slow");
        assertThat(overrun.getDuration("bound")).isEqualTo(scaled(Duration.ofMillis(100)));
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("io.github.terminable.PhaseChange"))
                .map(e -> e.getString("to")).collect(Collectors.toList())).containsExactly("TERMINATING", "TERMINATED");
    }

    @Test
    void eventsAreEmittedOnTheModulePathToo() throws Exception {
        try (ChildProcess child = onModulePath(RecordsFlightEvents.class).start()) {
            assertThat(child.awaitExit(scaled(Duration.ofSeconds(30)))).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("events [io.github.terminable.PhaseChange, io.github.terminable.Termination]");
        }
    }
}
