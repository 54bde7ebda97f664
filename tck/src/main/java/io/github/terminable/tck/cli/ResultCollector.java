package io.github.terminable.tck.cli;

import io.github.terminable.tck.harness.Applicability;
import io.github.terminable.tck.spec.TestInventory;
import io.github.terminable.tck.spec.TestResult;
import io.github.terminable.tck.spec.TestStatus;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the result of every test with the clauses (or rules) it cites, and prints progress: each failing
 * test at once, and one line per finished group.
 *
 * <p>Thread-safe (JUnit may report from several threads).
 */
final class ResultCollector implements TestExecutionListener {

    private final PrintStream out;
    private final List<TestResult> results = new ArrayList<>();

    ResultCollector(PrintStream out) {
        this.out = out;
    }

    synchronized List<TestResult> results() {
        return List.copyOf(results);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        TestInventory.javaMethod(id).ifPresent(m -> add(m, TestStatus.SKIPPED, reason));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<Method> method = TestInventory.javaMethod(id);
        if (method.isEmpty()) {
            groupFinished(id);
            return;
        }
        Method m = method.get();
        String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
        TestStatus status = switch (result.getStatus()) {
            case SUCCESSFUL -> TestStatus.PASSED;
            case FAILED -> TestStatus.FAILED;
            case ABORTED -> message.startsWith(Applicability.PREFIX) ? TestStatus.NOT_APPLICABLE : TestStatus.SKIPPED;
        };
        if (status == TestStatus.NOT_APPLICABLE) {
            message = message.substring(Applicability.PREFIX.length());
        }
        TestResult r = add(m, status, message);
        if (status == TestStatus.FAILED) {
            out.println("FAILED  " + r.name() + " (cites " + String.join(", ", r.rules()) + ")");
            message.lines().limit(40).forEach(l -> out.println("        " + l));
        }
    }

    private synchronized TestResult add(Method m, TestStatus status, String message) {
        TestResult r = new TestResult(TestInventory.group(m), m.getName(), TestInventory.rulesOf(m), status, message);
        results.add(r);
        return r;
    }

    private void groupFinished(TestIdentifier id) {
        if (!id.isContainer() || id.getSource().isEmpty()
                || !(id.getSource().get() instanceof org.junit.platform.engine.support.descriptor.ClassSource cs)) {
            return;
        }
        Class<?> declaring = cs.getJavaClass().getSuperclass();
        if (declaring == null) {
            return;
        }
        String simple = declaring.getSimpleName();
        String group = simple.endsWith("Tests") ? simple.substring(0, simple.length() - "Tests".length()) : simple;
        List<TestResult> mine;
        synchronized (this) {
            mine = results.stream().filter(r -> r.group().equals(group)).toList();
        }
        if (!mine.isEmpty()) {
            long ok = mine.stream().filter(r -> r.status() == TestStatus.PASSED).count();
            long failed = mine.stream().filter(r -> r.status() == TestStatus.FAILED).count();
            out.println("  " + id.getDisplayName() + ": " + ok + " passed, " + failed + " failed"
                    + (mine.size() - ok - failed > 0 ? ", " + (mine.size() - ok - failed) + " skipped" : ""));
        }
    }
}
