package io.github.terminable.tck.harness;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.Collection;
import java.util.Map;

/**
 * Renders thread stacks for failure messages: all threads when a test hangs, the leftover ones
 * when a test leaks.
 *
 * <p>Stateless and thread-safe.
 */
public final class StackDump {

    private StackDump() {
    }

    /**
     * Dumps every live platform thread with its full stack and the locks it holds or waits for.
     *
     * @return a multi-line dump in the style of {@code jstack}
     */
    public static String allThreads() {
        StringBuilder out = new StringBuilder();
        ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        for (ThreadInfo info : infos) {
            appendInfo(out, info);
        }
        return out.toString();
    }

    /**
     * Dumps the given threads with their stacks.
     *
     * @param threads the threads to describe
     * @return a multi-line dump
     */
    public static String of(Collection<Thread> threads) {
        StringBuilder out = new StringBuilder();
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        for (Thread t : threads) {
            out.append('"').append(t.getName()).append("\" ").append(t.isDaemon() ? "daemon " : "")
                    .append(t.getState()).append(System.lineSeparator());
            StackTraceElement[] stack = stacks.getOrDefault(t, t.getStackTrace());
            for (StackTraceElement frame : stack) {
                out.append("    at ").append(frame).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static void appendInfo(StringBuilder out, ThreadInfo info) {
        out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                .append(info.isDaemon() ? " daemon " : " ").append(info.getThreadState());
        if (info.getLockName() != null) {
            out.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        }
        out.append(System.lineSeparator());
        StackTraceElement[] stack = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            out.append("    at ").append(stack[i]).append(System.lineSeparator());
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    out.append("    - locked ").append(m).append(System.lineSeparator());
                }
            }
        }
        for (LockInfo sync : info.getLockedSynchronizers()) {
            out.append("    - holds ").append(sync).append(System.lineSeparator());
        }
        out.append(System.lineSeparator());
    }
}
