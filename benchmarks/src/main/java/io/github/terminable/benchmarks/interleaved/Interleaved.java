package io.github.terminable.benchmarks.interleaved;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.benchmarks.Implementations;
import io.github.terminable.benchmarks.Usage;
import io.github.terminable.benchmarks.VirtualThreadFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A paired, interleaved companion to the JMH benchmarks of rows 1 and 3, for a machine whose
 * load drifts: JMH measures one implementation after the other, seconds apart, so a change of
 * load between them shows up as a ratio. Here every round runs a short batch of each
 * implementation back to back (the order rotates every round), and each round yields one ratio
 * per implementation against the baseline batch of the same round. The report gives the median
 * of those ratios and their interquartile range.
 *
 * <p>Run: {@code java -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.interleaved.Interleaved <workload> [rounds] [batch]}, with
 * workload {@code lifecycle-platform}, {@code lifecycle-virtual} (Java 21+), {@code round-trip}
 * or {@code burst}. Not a replacement for JMH (no forks, no blackholes): the operations are the
 * same as the benchmarks', and each has an observable effect (a joined thread, a task result).
 */
public final class Interleaved {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Runnable BODY = () -> { };
    private static final Callable<Integer> TASK = () -> 1;
    private static final int BURST = 1000;

    /** One operation of one implementation. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    private Interleaved() {
    }

    /**
     * Runs the rounds and prints the report.
     *
     * @param args {@code workload [rounds] [batch]}
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        Usage.exitUnless(args.length >= 1, "Interleaved <lifecycle-platform|lifecycle-virtual|round-trip|burst> [rounds] [batch]");
        String workload = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<AutoCloseable> resources = new ArrayList<>();
        Map<String, Op> ops = new LinkedHashMap<>();
        for (String impl : List.of(Implementations.JDK, Implementations.REFERENCE, Implementations.EXECUTOR)) {
            ops.put(impl, op(workload, impl, resources));
        }
        int opsPerCall = workload.equals("burst") ? BURST : 1;

        // Warm-up: as many calls as the measurement, not recorded.
        for (int r = 0; r < rounds / 4 + 1; r++) {
            for (Op op : ops.values()) {
                for (int i = 0; i < batch; i++) {
                    op.run();
                }
            }
        }
        List<String> names = new ArrayList<>(ops.keySet());
        Map<String, List<Double>> perOp = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (String name : names) {
            perOp.put(name, new ArrayList<>());
            ratios.put(name, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> round = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size()); // rotate the order every round
                Op op = ops.get(name);
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    op.run();
                }
                double nanosPerOp = (System.nanoTime() - start) / (double) (batch * opsPerCall);
                round.put(name, nanosPerOp);
                perOp.get(name).add(nanosPerOp);
            }
            for (String name : names) {
                ratios.get(name).add(round.get(name) / round.get(Implementations.JDK));
            }
        }
        for (AutoCloseable c : resources) {
            c.close();
        }
        boolean throughput = !workload.startsWith("lifecycle");
        System.out.printf(Locale.ROOT, "# Interleaved %s on Java %s: %d rounds x %d calls%s per implementation, load average %s%n",
                workload, Runtime.version(), rounds, batch, opsPerCall > 1 ? " of " + opsPerCall + " tasks" : "",
                loadAverage());
        System.out.println("| workload | impl | median us/op | median ratio to jdk (time) | IQR of ratios |"
                + (throughput ? " throughput ratio (jdk time / impl time) |" : ""));
        System.out.println("|---|---|---:|---:|---|" + (throughput ? "---:|" : ""));
        for (String name : names) {
            List<Double> rs = ratios.get(name);
            double median = percentile(rs, 50);
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f–%.3f |%s%n", workload, name,
                    percentile(perOp.get(name), 50) / 1000, median, percentile(rs, 25), percentile(rs, 75),
                    throughput ? String.format(Locale.ROOT, " %.3f |", 1 / median) : "");
        }
    }

    private static Op op(String workload, String impl, List<AutoCloseable> resources) {
        boolean baseline = Implementations.isBaseline(impl);
        switch (workload) {
            case "lifecycle-platform":
            case "lifecycle-virtual": {
                boolean virtual = workload.endsWith("virtual");
                if (baseline) {
                    ThreadFactory factory = virtual ? VirtualThreadFactory.create() : Thread::new;
                    return () -> {
                        Thread t = factory.newThread(BODY);
                        t.start();
                        t.join();
                    };
                }
                TerminationCoordinator c = Implementations.newCoordinator(impl, "interleaved-" + impl);
                resources.add(() -> c.shutdown().await(JOIN_TIMEOUT));
                if (virtual) {
                    c.threadBuilder().virtual(true);
                }
                return () -> {
                    TerminableThread t = virtual ? c.threadBuilder().virtual(true).start(BODY) : c.threadBuilder().start(BODY);
                    if (!t.join(JOIN_TIMEOUT)) {
                        throw new IllegalStateException(t + " did not end");
                    }
                };
            }
            case "round-trip":
            case "burst": {
                ExecutorService loop;
                if (baseline) {
                    loop = Executors.newSingleThreadExecutor();
                    resources.add(() -> {
                        loop.shutdownNow();
                        loop.awaitTermination(30, TimeUnit.SECONDS);
                    });
                } else {
                    TerminationCoordinator c = Implementations.newCoordinator(impl, "interleaved-" + impl);
                    BackgroundLoop l = c.loopBuilder().start();
                    loop = l;
                    resources.add(() -> {
                        l.close();
                        c.shutdown().await(JOIN_TIMEOUT);
                    });
                }
                if (workload.equals("round-trip")) {
                    return () -> check(loop.submit(TASK).get());
                }
                return () -> {
                    Future<Integer> last = null;
                    for (int i = 0; i < BURST; i++) {
                        last = loop.submit(TASK);
                    }
                    check(last.get());
                };
            }
            default:
                throw new IllegalArgumentException("unknown workload '" + workload + "'");
        }
    }

    private static void check(Integer result) {
        if (result == null || result != 1) {
            throw new IllegalStateException("the task returned " + result);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.round((p / 100.0) * (sorted.size() - 1));
        return sorted.get(index);
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
