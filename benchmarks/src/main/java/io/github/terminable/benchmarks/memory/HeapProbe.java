package io.github.terminable.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Measures the Java heap of this JVM after a full garbage collection: the used bytes
 * ({@link java.lang.management.MemoryMXBean}) and, on HotSpot, the class histogram
 * ({@code jcmd <pid> GC.class_histogram}, taken in-process through the DiagnosticCommand MBean).
 *
 * <p>A histogram names every class with its instance count and bytes, so the difference of two
 * histograms shows exactly which objects a change of state added or left behind.
 *
 * <p><b>Thread-safety.</b> Stateless; the measurements are only meaningful while the program's
 * other threads are quiet.
 */
final class HeapProbe {

    /** One line of a class histogram. */
    record ClassCount(long instances, long bytes) {
    }

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    /** The JVM options under which both measurements are exact. */
    static final String EXACT_FLAGS = "-XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -XX:-UseTLAB";

    private HeapProbe() {
    }

    /**
     * Names the settings of this JVM that make the measurements inexact: thread-local allocation
     * buffers count as used heap, and a full GC that leaves dead objects in place ("dead wood",
     * turned into filler arrays) counts them in both the used heap and the histogram.
     *
     * @return a description of the inexact settings, or the empty string
     */
    static String inexactFlags() {
        StringBuilder out = new StringBuilder();
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!hotspot.getVMOption("UseSerialGC").getValue().equals("true")) {
                out.append("not SerialGC (dead space may be left as filler arrays)");
            } else if (!hotspot.getVMOption("MarkSweepDeadRatio").getValue().equals("0")) {
                out.append("MarkSweepDeadRatio is not 0 (dead space may be left as filler arrays)");
            }
            if (hotspot.getVMOption("UseTLAB").getValue().equals("true")) {
                out.append(out.length() == 0 ? "" : ", ").append("TLABs on (the used-heap figures include buffer slack)");
            }
        } catch (RuntimeException | LinkageError e) {
            out.append("not HotSpot (").append(e).append(")");
        }
        return out.toString();
    }

    /**
     * Collects garbage until the used heap stops shrinking, then returns it.
     *
     * @return used heap bytes after full collections
     * @throws InterruptedException if interrupted while letting reference processing settle
     */
    static long usedAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            System.gc();
            Thread.sleep(20); // lets the Reference Handler and Cleaner threads process what GC found
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                return best;
            }
            best = used;
        }
        return best;
    }

    /**
     * Returns whether this JVM can take class histograms in-process (HotSpot).
     *
     * @return whether {@link #histogram()} works
     */
    static boolean histogramSupported() {
        try {
            return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(DIAGNOSTIC_COMMAND));
        } catch (JMException e) {
            return false;
        }
    }

    /**
     * Takes a class histogram of the live objects (the command runs a full collection first).
     *
     * @return class name to instance count and bytes
     * @throws IllegalStateException if the diagnostic command is unavailable or fails
     */
    static Map<String, ClassCount> histogram() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("GC.class_histogram failed: " + e, e);
        }
        Map<String, ClassCount> out = new HashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.matches()) {
                out.merge(m.group(3), new ClassCount(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new ClassCount(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("GC.class_histogram returned no class lines:\n" + text);
        }
        return out;
    }

    /**
     * Returns {@code after - before}, per class, for classes whose count or bytes changed.
     *
     * @param before the earlier histogram
     * @param after the later histogram
     * @return the differences (negative when objects went away)
     */
    static Map<String, ClassCount> diff(Map<String, ClassCount> before, Map<String, ClassCount> after) {
        Map<String, ClassCount> out = new HashMap<>();
        ClassCount none = new ClassCount(0, 0);
        for (String name : union(before, after)) {
            ClassCount b = before.getOrDefault(name, none);
            ClassCount a = after.getOrDefault(name, none);
            if (a.instances() != b.instances() || a.bytes() != b.bytes()) {
                out.put(name, new ClassCount(a.instances() - b.instances(), a.bytes() - b.bytes()));
            }
        }
        return out;
    }

    /**
     * Returns {@code a - b}, per class.
     *
     * @param a the minuend
     * @param b the subtrahend
     * @return the differences
     */
    static Map<String, ClassCount> minus(Map<String, ClassCount> a, Map<String, ClassCount> b) {
        return diff(b, a);
    }

    /**
     * Sums the bytes of a histogram or a difference.
     *
     * @param counts per-class counts
     * @return the total bytes
     */
    static long totalBytes(Map<String, ClassCount> counts) {
        long sum = 0;
        for (ClassCount c : counts.values()) {
            sum += c.bytes();
        }
        return sum;
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
