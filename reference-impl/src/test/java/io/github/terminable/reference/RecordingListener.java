package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A listener that records every event, as text, in order. */
final class RecordingListener implements TerminationListener {

    private final List<String> events = new ArrayList<>();
    private final List<TerminationRecord> records = new ArrayList<>();
    private final List<ShutdownReport> missed = new ArrayList<>();

    @Override
    public synchronized void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
        events.add("phase " + from + "->" + to + " " + trigger);
    }

    @Override
    public synchronized void terminated(TerminationRecord record) {
        events.add("terminated " + record.threadName() + " " + record.outcome());
        records.add(record);
    }

    @Override
    public synchronized void overran(String threadName, Duration bound) {
        events.add("overran " + threadName);
    }

    @Override
    public synchronized void deadlineMissed(ShutdownReport report) {
        events.add("deadlineMissed");
        missed.add(report);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<TerminationRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<ShutdownReport> missed() {
        return List.copyOf(missed);
    }
}
