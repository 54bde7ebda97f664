package io.github.terminable.benchmarks.profile;

import io.github.terminable.benchmarks.Implementations;
import io.github.terminable.benchmarks.ShutdownTimeline;
import io.github.terminable.benchmarks.SleepingThreads;
import io.github.terminable.benchmarks.Usage;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.text.ParseException;
import java.util.Locale;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Profiles row 2 (shutdown of N live threads) with a flight recording that covers exactly the
 * measured window: from the trigger until every thread has ended, without the untimed start of
 * the threads that JMH's own JFR profiler would also record. Read the recording with
 * {@code benchmarks/jfr-hotspots.sh}.
 *
 * <p>Run: {@code java -Xss256k -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.profile.ShutdownProfile <jdk|reference|executor>
 * <completion|request> <threads> <rounds> <out-prefix|->}. The order is the benchmark's
 * {@code order} parameter: for {@code jdk}, it picks the matching baseline. Each round starts the
 * threads, then records one shutdown into {@code <out-prefix>-<round>.jfr}; the first round is a
 * warm-up and is not recorded. With {@code -} as the out-prefix nothing is recorded: the flight
 * recorder's sampling then costs nothing in the window.
 *
 * <p>Each round runs {@code System.gc()} before its trigger, so the young generation is empty when
 * the window opens (the JMH benchmark does not: there, a collection falls into a window or not
 * depending on what starting the threads allocated). Every round, the warm-up too, also prints its
 * {@link ShutdownTimeline}: the shutdown's phases
 * as the threads themselves saw them, and the garbage collections inside the window. The flight
 * recorder samples only a few of 10k live threads per period; the timeline times all of them.
 */
public final class ShutdownProfile {

    private ShutdownProfile() {
    }

    /**
     * Runs the rounds.
     *
     * @param args {@code impl order threads rounds out-prefix}
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        Usage.exitUnless(args.length == 5, "ShutdownProfile <jdk|reference|executor> <completion|request> <threads> <rounds> <out-prefix|->");
        String impl = args[0];
        Implementations.isBaseline(impl); // rejects an unknown name before any round
        String order = args[1];
        SleepingThreads.isCompletion(order); // likewise
        int threads = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String prefix = args[4];
        boolean record = !"-".equals(prefix);
        for (int round = 0; round < rounds; round++) {
            ShutdownTimeline timeline = new ShutdownTimeline(threads);
            SleepingThreads live = SleepingThreads.start(impl, order, threads, "profile-" + round, timeline);
            // A full collection before the trigger, outside the window: a young collection inside
            // it then comes from the shutdown's own allocation, not from what starting the threads
            // left in the young generation.
            System.gc();
            // No recorder at all in an unrecorded round: creating one starts the recorder's threads.
            Recording recording = record && round > 0 ? startRecording() : null;
            timeline.triggered();
            long start = System.nanoTime();
            live.shutDown();
            long took = System.nanoTime() - start;
            timeline.windowEnded();
            live.checkAllEnded();
            String outcome = round == 0 ? " (warm-up, not recorded)" : " (not recorded)";
            if (recording != null) {
                try (recording) {
                    recording.stop();
                    Path out = Paths.get(prefix + "-" + round + ".jfr");
                    recording.dump(out);
                    outcome = ", recorded in " + out;
                }
            }
            System.out.printf(Locale.ROOT, "round %d: %s, %s order, %d threads, shutdown %.1f ms%s%n  timeline: %s%n", round, impl,
                    order, threads, took / 1e6, outcome, timeline.summary());
        }
    }

    private static Recording startRecording() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(1));
        recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1));
        recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1));
        // Thread.join waits on the thread's monitor: the baseline's waits show up only here,
        // the implementations' (LockSupport) as jdk.ThreadPark above.
        recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ofMillis(1));
        recording.start();
        return recording;
    }
}
