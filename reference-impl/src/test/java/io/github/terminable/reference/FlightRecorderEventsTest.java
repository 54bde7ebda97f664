package io.github.terminable.reference;

import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.TerminableThread;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Flight-recorder events for phases, terminations and missed deadlines (rule 8.5). */
class FlightRecorderEventsTest extends CoordinatorFixture {

    @Test
    void phasesTerminationsAndMissedDeadlinesAreRecorded(@TempDir Path dir) throws Exception {
        ReferenceCoordinator c = coordinator(io.github.terminable.CoordinatorSettings.builder().name("jfr-test")
                .callbackTimeout(TckTime.millis(300)).shutdownDeadline(TckTime.seconds(5)).build());
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("io.github.terminable.PhaseChange");
            recording.enable("io.github.terminable.Overrun");
            recording.enable("io.github.terminable.Termination");
            recording.enable("io.github.terminable.DeadlineMissed");
            recording.start();
            CountDownLatch release = new CountDownLatch(1);
            TerminableThread slow = c.threadBuilder().name("jfr-slow").start(until(release));
            TerminableThread failing = c.threadBuilder().name("jfr-failing").onTerminate(t -> {
                t.thread().interrupt();
                throw new IllegalStateException("recorded failure");
            }).start(untilInterrupted());
            RecordingListener listener = new RecordingListener();
            c.addListener(listener); // keeps the expected failure off System.err
            var done = c.shutdown();
            // the missed deadline must list jfr-slow alone: wait for the interrupted one to end first
            assertThat(failing.join(TckTime.seconds(10))).isTrue();
            assertThat(done.await(TckTime.millis(100)).completed()).isFalse();
            Waits.upTo(10).until(() -> listener.events().contains("overran:jfr-slow")); // its turn's wait overran
            release.countDown();
            assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
            assertThat(slow.state()).isEqualTo(io.github.terminable.ThreadState.ENDED);
            recording.stop();
            Path file = dir.resolve("terminable.jfr");
            recording.dump(file);
            events = new java.util.ArrayList<>(RecordingFile.readAllEvents(file));
        }
        // a recording groups events by thread buffer; put them back in time order
        events.sort(java.util.Comparator.comparing(RecordedEvent::getStartTime));
        List<String> phases = events.stream().filter(e -> e.getEventType().getName().equals("io.github.terminable.PhaseChange"))
                .filter(e -> "jfr-test".equals(e.getString("coordinator")))
                .map(e -> e.getString("from") + "->" + e.getString("to") + " " + e.getString("trigger"))
                .collect(Collectors.toList());
        assertThat(phases).containsExactly("OPEN->TERMINATING EXPLICIT", "TERMINATING->TERMINATED EXPLICIT");
        List<String> terminations = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.github.terminable.Termination"))
                .filter(e -> "jfr-test".equals(e.getString("coordinator")))
                .map(e -> e.getString("threadName") + " " + e.getString("outcome"))
                .collect(Collectors.toList());
        assertThat(terminations).containsExactly("jfr-failing FAILED", "jfr-slow COMPLETED");
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("io.github.terminable.Overrun"))
                .filter(e -> "jfr-test".equals(e.getString("coordinator")))
                .map(e -> e.getString("threadName") + " " + e.getLong("bound")))
                .containsExactly("jfr-slow " + TckTime.millis(300).toNanos());
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("io.github.terminable.DeadlineMissed"))
                .filter(e -> "jfr-test".equals(e.getString("coordinator"))).map(e -> e.getInt("unfinishedThreads")))
                .containsExactly(1);
        assertThat(events).filteredOn(e -> e.getEventType().getName().startsWith("io.github.terminable."))
                .allSatisfy(e -> assertThat(e.getEventType().getCategoryNames()).containsExactly("Terminable"));
    }
}
