package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared helpers of this module's tests: time scaling, coordinators, a recording listener. */
final class TestSupport {

    private static final double FACTOR = readFactor();

    private TestSupport() {
    }

    private static double readFactor() {
        String text = System.getProperty("terminable.tck.timeFactor");
        if (text == null || text.isBlank()) {
            text = System.getenv("TERMINABLE_TCK_TIME_FACTOR");
        }
        if (text == null || text.isBlank()) {
            return 1.0;
        }
        double f = Double.parseDouble(text.trim());
        if (!(f > 0)) {
            throw new IllegalArgumentException("terminable.tck.timeFactor must be positive, got " + text);
        }
        return f;
    }

    /** Scales a duration by the time factor. */
    static Duration scaled(Duration base) {
        return Duration.ofNanos((long) (base.toNanos() * FACTOR));
    }

    /** How long to wait for something that must happen. */
    static Duration awaitWindow() {
        return scaled(Duration.ofSeconds(10));
    }

    /** How long to watch for something that must not happen. */
    static Duration quietWindow() {
        return scaled(Duration.ofMillis(300));
    }

    /** A fresh independent coordinator with the given callback timeout. */
    static ExecutorCoordinator coordinator(String name, Duration callbackTimeout) {
        return (ExecutorCoordinator) new ExecutorProvider().newCoordinator(CoordinatorSettings.builder().name(name)
                .callbackTimeout(callbackTimeout).shutdownDeadline(scaled(Duration.ofSeconds(5))).build());
    }

    /** A fresh independent coordinator with a generous callback timeout. */
    static ExecutorCoordinator coordinator(String name) {
        return coordinator(name, scaled(Duration.ofSeconds(5)));
    }

    /** Shuts {@code c} down and asserts it completes within the await window. */
    static ShutdownReport shutDownAndAwait(TerminationCoordinator c) throws InterruptedException {
        ShutdownReport report = c.shutdown().await(awaitWindow());
        if (!report.completed()) {
            throw new AssertionError("shutdown did not complete: " + report.describe());
        }
        return report;
    }

    /** Runs {@code action} with System.err captured; returns what was printed. */
    static String captureStdErr(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** An action that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Records every listener event as a line of text, in delivery order. */
    static final class Recorder implements TerminationListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<TerminationRecord> records = new CopyOnWriteArrayList<>();
        final List<ShutdownReport> missed = new CopyOnWriteArrayList<>();

        @Override
        public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
            events.add("phase " + from + "->" + to + " " + trigger);
        }

        @Override
        public void terminated(TerminationRecord record) {
            records.add(record);
            events.add("terminated " + record.threadName() + " " + record.outcome());
        }

        @Override
        public void overran(String threadName, Duration bound) {
            events.add("overran " + threadName);
        }

        @Override
        public void deadlineMissed(ShutdownReport report) {
            missed.add(report);
            events.add("deadlineMissed");
        }
    }
}
