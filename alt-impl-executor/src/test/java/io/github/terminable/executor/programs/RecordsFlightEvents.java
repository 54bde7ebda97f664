package io.github.terminable.executor.programs;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;

/**
 * Child program: records JFR events while an independent coordinator shuts down one thread, then
 * prints the distinct event type names that begin with {@code io.github.terminable.} (rule 8.5).
 * Run on the module path, it shows the optional {@code jdk.jfr} dependency is honoured there.
 */
public final class RecordsFlightEvents {

    private RecordsFlightEvents() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("terminable", ".jfr");
        try (Recording recording = new Recording()) {
            for (String name : new String[] {"PhaseChange", "Termination", "Overrun", "DeadlineMissed"}) {
                recording.enable("io.github.terminable." + name);
            }
            recording.start();
            TerminationCoordinator c = Terminables.newCoordinator();
            c.threadBuilder().name("recorded").start(() -> Programs.workUntilInterrupted("cleanup recorded"));
            if (!c.shutdown().await(Duration.ofSeconds(30)).completed()) {
                throw new IllegalStateException("shutdown did not complete");
            }
            recording.stop();
            recording.dump(file);
        }
        TreeSet<String> names = new TreeSet<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().startsWith("io.github.terminable.")) {
                names.add(e.getEventType().getName());
            }
        }
        Files.delete(file);
        System.out.println("events " + names);
    }
}
