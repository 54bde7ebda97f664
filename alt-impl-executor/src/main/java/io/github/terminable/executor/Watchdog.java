package io.github.terminable.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the bounds of every {@link Terminator} in the JVM: one daemon thread
 * ({@code terminable-executor-watchdog}) that sleeps until the earliest armed deadline and then
 * lets that terminator check its running step ({@link Terminator#check()}).
 *
 * <p><b>Overview.</b> A terminator has at most one pending check: {@link #arm} sets (or moves) it
 * to an absolute deadline, {@link #disarm} drops it. The thread is started by the first
 * {@link #arm} and ends after it has found nothing armed for {@link InternalThreads#IDLE_MILLIS};
 * the next {@link #arm} starts a new one ({@code -2}, {@code -3}... suffixes). A step that
 * returns in time costs no wake-up: arming wakes the thread only when the new deadline is
 * earlier than the moment the thread is already sleeping until, and disarming only when the
 * thread sleeps until the dropped deadline (then it recomputes, and ends once idle; this happens
 * when a terminator's queue runs empty, not per step). A program that never runs a bounded step
 * never starts the thread nor loads this class.
 *
 * <p>A due terminator is removed from the armed list before its check runs, and the check runs
 * outside this class's lock: so the only lock order is a terminator's lock, then this class's
 * lock (a check re-arms under the terminator's lock), never the reverse. A check whose entry was
 * disarmed after it was taken still runs once, harmlessly (see {@link Terminator}).
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread; all state is guarded by
 * {@link #LOCK}, including the terminators' {@link Terminator#watchDeadline} and
 * {@link Terminator#watched} fields.
 */
final class Watchdog implements Runnable {

    private static final String NAME = "terminable-executor-watchdog";
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(InternalThreads.IDLE_MILLIS);
    private static final Object LOCK = new Object();
    /** The terminators with a pending check; guarded by {@link #LOCK}. */
    private static final List<Terminator> ARMED = new ArrayList<>();
    /** The running watchdog thread, or null; guarded by {@link #LOCK}. */
    private static Thread thread;
    /** How many watchdog threads were started, for their names; guarded by {@link #LOCK}. */
    private static int started;
    /**
     * When the running thread will next wake up by itself ({@link System#nanoTime()} units);
     * guarded by {@link #LOCK}. Meaningful only while {@link #thread} is not null.
     */
    private static long wakeAt;

    private Watchdog() {
    }

    /**
     * Sets the pending check of {@code terminator} to {@code deadline}, starting the watchdog
     * thread if none runs.
     *
     * @param terminator the terminator to check
     * @param deadline when, in {@link System#nanoTime()} units
     * @throws OutOfMemoryError if no watchdog thread can be created; nothing is armed then
     */
    static void arm(Terminator terminator, long deadline) {
        synchronized (LOCK) {
            terminator.watchDeadline = deadline;
            if (!terminator.watched) {
                terminator.watched = true;
                ARMED.add(terminator);
            }
            if (thread == null) {
                started++;
                Thread t = InternalThreads.newDaemon(new Watchdog(), started == 1 ? NAME : NAME + "-" + started);
                try {
                    t.start();
                } catch (RuntimeException | Error cannotStart) {
                    terminator.watched = false;
                    ARMED.remove(terminator);
                    throw cannotStart;
                }
                thread = t;
                wakeAt = deadline;
            } else if (deadline - wakeAt < 0) {
                wakeAt = deadline;
                LOCK.notifyAll();
            }
        }
    }

    /**
     * Drops the pending check of {@code terminator}, if any.
     *
     * @param terminator the terminator
     */
    static void disarm(Terminator terminator) {
        synchronized (LOCK) {
            if (terminator.watched) {
                terminator.watched = false;
                ARMED.remove(terminator);
                if (thread != null && terminator.watchDeadline == wakeAt) {
                    // The thread sleeps until this very deadline, which may be minutes away: wake
                    // it, so that it sleeps until the next deadline or goes idle and ends.
                    LOCK.notifyAll();
                }
            }
        }
    }

    /** The watchdog thread: sleeps until the earliest deadline, checks the due terminators. */
    @Override
    public void run() {
        try {
            watch();
        } finally {
            synchronized (LOCK) {
                if (thread == Thread.currentThread()) {
                    thread = null; // ended by a throwable: the next arm() starts a new thread
                }
            }
        }
    }

    private static void watch() {
        List<Terminator> due = new ArrayList<>(2);
        long idleSince = 0;
        boolean idle = false;
        for (;;) {
            synchronized (LOCK) {
                long now = System.nanoTime();
                long next = 0;
                boolean any = false;
                for (int i = ARMED.size() - 1; i >= 0; i--) {
                    Terminator s = ARMED.get(i);
                    if (s.watchDeadline - now <= 0) {
                        s.watched = false;
                        ARMED.remove(i);
                        due.add(s);
                    } else if (!any || s.watchDeadline - next < 0) {
                        next = s.watchDeadline;
                        any = true;
                    }
                }
                if (due.isEmpty()) {
                    if (any) {
                        idle = false;
                    } else if (!idle) {
                        idle = true;
                        idleSince = now;
                        next = now + IDLE_NANOS;
                    } else if (now - idleSince >= IDLE_NANOS) {
                        thread = null; // idle: the next arm() starts a new thread
                        return;
                    } else {
                        next = idleSince + IDLE_NANOS;
                    }
                    wakeAt = next;
                    try {
                        TimeUnit.NANOSECONDS.timedWait(LOCK, next - now);
                    } catch (InterruptedException ignored) {
                        // nobody interrupts this thread on purpose; look again
                    }
                    continue;
                }
            }
            for (Terminator s : due) {
                s.check();
            }
            due.clear();
        }
    }
}
