package io.github.terminable.tck.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, totally ordered log of what happened during a test, written from any thread:
 * callbacks starting and ending, bodies ending, cleanups running. Order assertions read it.
 *
 * <p>Thread-safe. An {@link #add} <i>happens-before</i> every later {@link #entries()} that
 * returns it.
 */
public final class Journal {

    /**
     * One entry.
     *
     * @param seq position in the total order, from 0
     * @param event what happened, such as {@code callback-start}
     * @param subject what it happened to, such as a thread name
     * @param thread the thread that recorded it
     * @param nanos {@link System#nanoTime()} when recorded
     */
    public record Entry(int seq, String event, String subject, Thread thread, long nanos) {
        @Override
        public String toString() {
            return seq + ":" + event + "(" + subject + ")@" + thread.getName();
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Appends an entry.
     *
     * @param event what happened
     * @param subject what it happened to
     */
    public void add(String event, String subject) {
        synchronized (entries) {
            entries.add(new Entry(entries.size(), event, subject, Thread.currentThread(), System.nanoTime()));
        }
    }

    /**
     * Returns every entry so far.
     *
     * @return a snapshot in order
     */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /**
     * Returns the subjects of the entries with the given event, in order.
     *
     * @param event the event to select
     * @return the subjects
     */
    public List<String> subjects(String event) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.event().equals(event)) {
                out.add(e.subject());
            }
        }
        return out;
    }

    /**
     * Returns the entries with the given event, in order.
     *
     * @param event the event to select
     * @return the entries
     */
    public List<Entry> select(String event) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.event().equals(event)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Counts the entries with the given event and subject.
     *
     * @param event the event
     * @param subject the subject
     * @return the count
     */
    public int count(String event, String subject) {
        int n = 0;
        for (Entry e : entries()) {
            if (e.event().equals(event) && e.subject().equals(subject)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
