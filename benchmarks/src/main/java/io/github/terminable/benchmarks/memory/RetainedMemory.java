package io.github.terminable.benchmarks.memory;

import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.benchmarks.Implementations;
import io.github.terminable.benchmarks.Targets;
import io.github.terminable.benchmarks.VirtualThreadFactory;
import io.github.terminable.benchmarks.memory.HeapProbe.ClassCount;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Row 4 of the benchmark table: the heap a terminable thread costs, and what create/terminate
 * cycles leave behind (rule 2.2: a terminated thread is forgotten).
 *
 * <p>Two measurements per implementation:
 * <ol>
 *   <li><b>Live threads.</b> N plain platform threads, then N terminable platform threads, each
 *       parked on the same latch with the same body and the same names. The heap growth of the
 *       second set minus that of the first, divided by N, is what a live terminable thread costs
 *       beyond its {@link Thread}. Measured twice: as used heap after full GCs, and exactly, as a
 *       class-histogram difference (HotSpot), with the classes that make up the difference (the
 *       {@code Thread} object itself is left out of that figure: see {@link #beyondThread}).
 *       Target: {@link Targets#ROW4_BYTES}.</li>
 *   <li><b>Cycles.</b> M create/start/terminate/join cycles on one independent coordinator
 *       (virtual threads on Java 21+, else platform threads; several driver threads in parallel),
 *       after a warm-up. Then the coordinator must hold no live thread, the io.github.terminable
 *       instance counts must equal those before the cycles, and the used heap must be back to its
 *       level before the cycles (less than one byte per cycle). Target: nothing retained.</li>
 * </ol>
 *
 * <p>Run: {@code java -XX:+UseSerialGC -cp benchmarks/target/terminable-benchmarks.jar
 * io.github.terminable.benchmarks.memory.RetainedMemory [options]}; {@code --help} lists them.
 * Output lines starting with {@code live-threads} and {@code cycles} are the results; the exit
 * status is 0 when every measurement ran (met or missed), 2 on bad arguments, 1 on a failed
 * check (a thread that did not end).
 *
 * <p><b>Thread-safety.</b> A program: {@link #main} runs once per JVM.
 */
public final class RetainedMemory {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    /** Per-live-thread target, bytes beyond the Thread itself. */
    static final long LIVE_THREAD_TARGET_BYTES = (long) Targets.ROW4_BYTES.bound();
    /** The plain thread class, whose shallow size is "the Thread itself". */
    private static final String THREAD = "java.lang.Thread";
    /**
     * The thread group's array of its threads, excluded from the per-thread figure by definition:
     * it grows with any kind of thread.
     */
    private static final String THREAD_ARRAY = "[Ljava.lang.Thread;";

    /** How long to wait at most for an implementation's idle helper threads to end. */
    private static final long SETTLE_MILLIS = 10_000;

    private RetainedMemory() {
    }

    /** The program's options. */
    static final class Options {
        List<String> impls = Implementations.TERMINABLE;
        int threads = 10_000;
        long cycles = 1_000_000;
        int drivers = 4;
        Boolean virtualCycles; // null: virtual when supported
        boolean histogram = true;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    throw new IllegalArgumentException("help");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--impl":
                        o.impls = v.equals("all") ? Implementations.TERMINABLE : List.of(v);
                        for (String impl : o.impls) {
                            Implementations.provider(impl); // validates the name
                        }
                        break;
                    case "--threads":
                        o.threads = positiveInt(a, v);
                        break;
                    case "--cycles":
                        o.cycles = v.equals("0") ? 0 : positiveInt(a, v);
                        break;
                    case "--drivers":
                        o.drivers = positiveInt(a, v);
                        break;
                    case "--virtual":
                        o.virtualCycles = v.equals("auto") ? null : parseBoolean(a, v);
                        break;
                    case "--histogram":
                        o.histogram = parseBoolean(a, v);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.virtualCycles == null) {
                o.virtualCycles = VirtualThreadFactory.isSupported();
            } else if (o.virtualCycles && !VirtualThreadFactory.isSupported()) {
                throw new IllegalArgumentException("--virtual true needs Java 21 or newer");
            }
            o.histogram &= HeapProbe.histogramSupported();
            return o;
        }

        private static int positiveInt(String option, String v) {
            int n;
            try {
                n = Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a positive integer, got '" + v + "'");
            }
            if (n <= 0) {
                throw new IllegalArgumentException(option + " must be a positive integer, got '" + v + "'");
            }
            return n;
        }

        private static boolean parseBoolean(String option, String v) {
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException(option + " must be true or false, got '" + v + "'");
        }
    }

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: RetainedMemory [--impl reference|executor|all] [--threads N] [--cycles M] [--drivers D]",
            "                      [--virtual auto|true|false] [--histogram true|false]",
            "  --threads    live threads per measurement (default 10000)",
            "  --cycles     create/start/terminate/join cycles (default 1000000; 0: live threads only)",
            "  --drivers    threads running cycles in parallel (default 4)",
            "  --virtual    cycle virtual threads (default auto: on Java 21+)",
            "  --histogram  also diff GC.class_histogram (default true, HotSpot only)");

    /**
     * Runs the measurements.
     *
     * @param args options; see {@code --help}
     * @throws Exception if a measurement fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals("help")) {
                System.err.println("RetainedMemory: " + e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage().equals("help") ? 0 : 2);
            return;
        }
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.println("# RetainedMemory on Java " + Runtime.version() + ", GC " + gcs + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, histogram " + options.histogram);
        String flags = HeapProbe.inexactFlags();
        if (!flags.isEmpty()) {
            System.out.println("# note: " + flags + "; for exact numbers run with " + HeapProbe.EXACT_FLAGS);
        }
        boolean ok = true;
        for (String impl : options.impls) {
            ok &= liveThreads(impl, options);
            if (options.cycles > 0) {
                ok &= cycles(impl, options);
            }
        }
        System.out.println("# done" + (ok ? "" : " with FAILED checks"));
        if (!ok) {
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- live threads

    /** What the heap held at one moment: a class histogram (empty without one) and the used bytes. */
    private record Snapshot(Map<String, ClassCount> histogram, long used) {
    }

    /** A set of started threads, all parked on one latch. */
    private interface LiveSet {
        /** Releases the latch and joins every thread; returns whether all ended in time. */
        boolean releaseAndJoin() throws InterruptedException;

        /** The underlying threads. */
        List<Thread> threads();
    }

    /** Starts n threads parked on {@code release}. */
    private interface Starter {
        LiveSet start(int n, CountDownLatch release) throws InterruptedException;
    }

    private static Snapshot snapshot(Options o) throws InterruptedException {
        Map<String, ClassCount> histogram = o.histogram ? HeapProbe.histogram() : Map.of();
        return new Snapshot(histogram, HeapProbe.usedAfterGc());
    }

    /**
     * Starts the threads, takes a snapshot while they are all parked, then ends them. The
     * threads' handles are referenced only from this frame, so they are garbage once it returns.
     */
    private static Snapshot whileLive(Options o, Starter starter) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        LiveSet set = starter.start(o.threads, release);
        List<WeakReference<Thread>> released = new ArrayList<>(o.threads);
        List<Thread> measured = set.threads();
        for (int i = 0; i < measured.size(); i++) {
            released.add(new WeakReference<>(measured.get(i)));
        }
        measured = null;
        Snapshot live = snapshot(o);
        if (!set.releaseAndJoin()) {
            throw new IllegalStateException("a measured thread did not end after its latch was released");
        }
        set = null;
        // join() returns before the JVM has let go of an ended thread's Thread object (it keeps it
        // until the native thread is gone): wait until every measured Thread can be collected,
        // so the next snapshot does not count lingering threads.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        released.removeIf(r -> r.get() == null);
        while (!released.isEmpty() && System.nanoTime() - deadline < 0) {
            System.gc();
            Thread.sleep(10);
            released.removeIf(r -> r.get() == null);
        }
        if (!released.isEmpty()) {
            System.out.println("# note: " + released.size() + " ended threads not yet released by the JVM after "
                    + SETTLE_MILLIS + " ms");
        }
        return live;
    }

    private static boolean liveThreads(String impl, Options o) throws InterruptedException {
        warmUp(impl, o);
        TerminationCoordinator coordinator = Implementations.newCoordinator(impl, "memory-" + impl);

        // Each later snapshot also holds the earlier snapshots' histograms; in the two differences
        // below that costs one histogram each, so it cancels out.
        Snapshot s0 = snapshot(o);
        Snapshot s1 = whileLive(o, RetainedMemory::startPlain);
        Snapshot s2 = snapshot(o);
        Snapshot s3 = whileLive(o, (n, release) -> startTerminable(coordinator, n, release));
        boolean ok = shutDown(impl, coordinator);

        long plainDelta = s1.used() - s0.used();
        long terminableDelta = s3.used() - s2.used();
        double heapPerThread = (terminableDelta - plainDelta) / (double) o.threads;
        StringBuilder line = new StringBuilder();
        line.append("live-threads impl=").append(impl).append(" kind=platform threads=").append(o.threads)
                .append(" plain-delta-bytes=").append(plainDelta)
                .append(" terminable-delta-bytes=").append(terminableDelta)
                .append(" heap-extra-bytes-per-thread=").append(format(heapPerThread));
        double judged = heapPerThread;
        Map<String, ClassCount> extra = null;
        if (o.histogram) {
            extra = HeapProbe.minus(HeapProbe.diff(s2.histogram(), s3.histogram()),
                    HeapProbe.diff(s0.histogram(), s1.histogram()));
            ClassCount plainThreads = s1.histogram().get(THREAD);
            long threadBytes = plainThreads.bytes() / plainThreads.instances();
            extra = beyondThread(extra, threadBytes, RetainedMemory::isThreadClass);
            double histogramPerThread = HeapProbe.totalBytes(extra) / (double) o.threads;
            line.append(" histogram-extra-bytes-per-thread=").append(format(histogramPerThread));
            judged = histogramPerThread; // exact: counts objects, not allocation-buffer slack
        }
        line.append(" target<=").append(LIVE_THREAD_TARGET_BYTES)
                .append(judged <= LIVE_THREAD_TARGET_BYTES ? " MET" : " MISSED");
        System.out.println(line);
        if (extra != null) {
            printTop("  extra per live thread, by class", extra, o.threads, 14);
        }
        return ok;
    }

    /**
     * Takes "the Thread itself" out of a histogram difference (terminable set minus plain set):
     * for {@code java.lang.Thread} and every subclass of it, {@code threadBytes} (the shallow size
     * of a plain {@code Thread}) per instance is subtracted from the class's bytes, so a subclass
     * counts only the fields it adds, and the thread group's array is left out.
     *
     * <p>Subtracting whole classes instead would be wrong both ways: an implementation's threads
     * are often instances of its own {@code Thread} subclass, which would count in full (a
     * {@code Thread}'s shallow size, about 370 bytes, charged as cost), while the plain set's
     * {@code java.lang.Thread} instances, a negative entry of the difference, would be dropped.
     *
     * @param extra the difference, per class
     * @param threadBytes the shallow size of a plain {@code java.lang.Thread}
     * @param isThreadClass whether a class name is {@code java.lang.Thread} or a subclass of it
     * @return the difference beyond the threads' {@code Thread} part, per class
     */
    static Map<String, ClassCount> beyondThread(Map<String, ClassCount> extra, long threadBytes,
            Predicate<String> isThreadClass) {
        Map<String, ClassCount> out = new java.util.HashMap<>();
        for (Map.Entry<String, ClassCount> e : extra.entrySet()) {
            ClassCount c = e.getValue();
            if (e.getKey().equals(THREAD_ARRAY)) {
                continue;
            }
            if (isThreadClass.test(e.getKey())) {
                c = new ClassCount(c.instances(), c.bytes() - c.instances() * threadBytes);
            }
            if (c.bytes() != 0) {
                out.put(e.getKey(), c);
            }
        }
        return out;
    }

    /** Whether a histogram's class name is {@code java.lang.Thread} or a subclass of it. */
    private static boolean isThreadClass(String name) {
        try {
            return Thread.class.isAssignableFrom(Class.forName(name, false, RetainedMemory.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // hidden classes, and classes of loaders this one cannot see: not threads here
        }
    }

    private static LiveSet startPlain(int n, CountDownLatch release) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(n);
        Runnable body = parkedBody(parked, release);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(body, "memory-probe-" + i);
            t.start();
            threads.add(t);
        }
        awaitParked(parked, n);
        return new LiveSet() {
            @Override
            public boolean releaseAndJoin() throws InterruptedException {
                release.countDown();
                for (Thread t : threads) {
                    t.join(JOIN_TIMEOUT.toMillis());
                    if (t.isAlive()) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public List<Thread> threads() {
                return threads;
            }
        };
    }

    private static LiveSet startTerminable(TerminationCoordinator c, int n, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(n);
        Runnable body = parkedBody(parked, release);
        List<TerminableThread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(c.threadBuilder().name("memory-probe-" + i).start(body));
        }
        awaitParked(parked, n);
        return new LiveSet() {
            @Override
            public boolean releaseAndJoin() throws InterruptedException {
                release.countDown();
                return joinAll(c.name(), threads);
            }

            @Override
            public List<Thread> threads() {
                // A view, not a copy: a second list of N references would count as per-thread cost.
                return new java.util.AbstractList<Thread>() {
                    @Override
                    public Thread get(int index) {
                        return threads.get(index).thread();
                    }

                    @Override
                    public int size() {
                        return threads.size();
                    }
                };
            }
        };
    }

    private static Runnable parkedBody(CountDownLatch parked, CountDownLatch release) {
        return () -> {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void awaitParked(CountDownLatch parked, int n) throws InterruptedException {
        if (!parked.await(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + (n - parked.getCount()) + " of " + n + " threads started");
        }
        // A thread that counted down may not be parked yet: let every one reach the latch's queue.
        Thread.sleep(200);
    }

    /** Loads and initialises everything both measurements touch, so one-time class data is not counted. */
    private static void warmUp(String impl, Options o) throws InterruptedException {
        Options small = new Options();
        small.threads = 50;
        small.histogram = false;
        whileLive(small, RetainedMemory::startPlain);
        TerminationCoordinator c = Implementations.newCoordinator(impl, "memory-warm-up");
        whileLive(small, (n, release) -> startTerminable(c, n, release));
        shutDown(impl, c);
        if (o.histogram) {
            HeapProbe.histogram();
        }
        settle(c);
    }

    // ---------------------------------------------------------------- cycles

    private static boolean cycles(String impl, Options o) throws InterruptedException {
        boolean virtual = o.virtualCycles;
        TerminationCoordinator coordinator = Implementations.newCoordinator(impl, "memory-cycles-" + impl);
        long warmUpCycles = Math.max(1, Math.min(20_000, o.cycles / 10));
        runCycles(coordinator, warmUpCycles, o.drivers, virtual);
        settle(coordinator);
        // Two snapshots in a row: their difference is what one snapshot itself adds to the heap
        // (its histogram), to subtract from the growth over the cycles.
        Snapshot idle = snapshot(o);
        Snapshot before = snapshot(o);

        long start = System.nanoTime();
        runCycles(coordinator, o.cycles, o.drivers, virtual);
        double seconds = (System.nanoTime() - start) / 1e9;
        int liveAfter = coordinator.liveThreads().size();

        settle(coordinator);
        Snapshot after = snapshot(o);
        boolean ok = shutDown(impl, coordinator) && liveAfter == 0;

        long retained = (after.used() - before.used()) - (before.used() - idle.used());
        StringBuilder line = new StringBuilder();
        line.append("cycles impl=").append(impl).append(" kind=").append(virtual ? "virtual" : "platform")
                .append(" cycles=").append(o.cycles).append(" drivers=").append(o.drivers)
                .append(" seconds=").append(format(seconds))
                .append(" cycles-per-second=").append(Math.round(o.cycles / seconds))
                .append(" live-after=").append(liveAfter)
                .append(" heap-retained-bytes=").append(retained);
        // Nothing retained: no live thread, no io.github.terminable instance more than before, and
        // less than one byte of heap growth per cycle (what is left is JDK-internal caches).
        boolean met = liveAfter == 0 && retained < o.cycles;
        Map<String, ClassCount> growth = null;
        if (o.histogram) {
            growth = HeapProbe.minus(HeapProbe.diff(before.histogram(), after.histogram()),
                    HeapProbe.diff(idle.histogram(), before.histogram()));
            long instances = 0;
            for (Map.Entry<String, ClassCount> e : growth.entrySet()) {
                if (isImplementationClass(e.getKey())) {
                    instances += Math.abs(e.getValue().instances());
                }
            }
            long histogramRetained = HeapProbe.totalBytes(growth);
            line.append(" histogram-retained-bytes=").append(histogramRetained)
                    .append(" terminable-instances-retained=").append(instances);
            met &= instances == 0 && histogramRetained < o.cycles;
        }
        line.append(" target=0").append(met ? " MET" : " MISSED");
        System.out.println(line);
        if (growth != null && !growth.isEmpty()) {
            printTop("  heap growth over the cycles, by class", growth, 1, 8);
        }
        return ok;
    }

    /** Classes of the API and the implementations; the benchmarks' own classes are not counted. */
    static boolean isImplementationClass(String className) {
        return className.startsWith("io.github.terminable.") && !className.startsWith("io.github.terminable.benchmarks.");
    }

    /**
     * Runs {@code total} cycles on {@code drivers} threads: each cycle creates and starts a
     * terminable thread that sleeps until interrupted, requests its termination (the default
     * callback interrupts it, rule 1.7) and joins it.
     */
    private static void runCycles(TerminationCoordinator c, long total, int drivers, boolean virtual)
            throws InterruptedException {
        AtomicLong remaining = new AtomicLong(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable body = () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException expected) {
                // terminated
            }
        };
        List<Thread> driverThreads = new ArrayList<>();
        for (int d = 0; d < drivers; d++) {
            Thread driver = new Thread(() -> {
                try {
                    while (remaining.getAndDecrement() > 0 && failure.get() == null) {
                        TerminableThread t = virtual ? c.threadBuilder().virtual(true).start(body)
                                : c.threadBuilder().start(body);
                        t.terminate();
                        if (!t.join(JOIN_TIMEOUT)) {
                            throw new IllegalStateException(t + " did not end within " + JOIN_TIMEOUT
                                    + " after terminate()");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "memory-cycle-driver-" + d);
            driver.start();
            driverThreads.add(driver);
        }
        for (Thread driver : driverThreads) {
            driver.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a cycle failed", failure.get());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean joinAll(String impl, List<TerminableThread> threads) throws InterruptedException {
        for (TerminableThread t : threads) {
            if (!t.join(JOIN_TIMEOUT)) {
                System.out.println("FAILED " + impl + ": " + t + " did not end within " + JOIN_TIMEOUT);
                return false;
            }
        }
        return true;
    }

    private static boolean shutDown(String impl, TerminationCoordinator c) throws InterruptedException {
        ShutdownReport report = c.shutdown().await(JOIN_TIMEOUT);
        if (!report.completed()) {
            System.out.println("FAILED " + impl + ": " + report.describe());
            return false;
        }
        return true;
    }

    /**
     * Waits until the coordinator's helper threads (terminators, sequencers: both implementations
     * name them after the coordinator, and end them after a short idle time) have ended, so that
     * a snapshot does not count a helper that happens to be between two jobs.
     */
    private static void settle(TerminationCoordinator c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            boolean helperAlive = false;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && t.getName().startsWith(c.name())) {
                    helperAlive = true;
                    break;
                }
            }
            if (!helperAlive) {
                return;
            }
            Thread.sleep(20);
        }
        System.out.println("# note: helper threads of '" + c.name() + "' still alive after " + SETTLE_MILLIS + " ms");
    }

    private static void printTop(String title, Map<String, ClassCount> counts, int per, int limit) {
        System.out.println(title + (per > 1 ? " (bytes and instances per thread)" : " (bytes, instances)") + ":");
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, ClassCount> e) -> -Math.abs(e.getValue().bytes())))
                .limit(limit)
                .forEach(e -> System.out.println(String.format(Locale.ROOT, "    %10s B %10s  %s",
                        format(e.getValue().bytes() / (double) per), format(e.getValue().instances() / (double) per),
                        e.getKey())));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
