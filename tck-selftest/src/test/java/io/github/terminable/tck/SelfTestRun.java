package io.github.terminable.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.spec.SpecClause;
import io.github.terminable.tck.spec.TestInventory;

import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs chosen TCK tests, with the JUnit Platform Launcher, against one (broken) provider, and
 * records which of them failed and which rules and clauses those failures cite. The self-test
 * ({@link BrokenImplementationsTest}) and the detection-rate measurement
 * ({@link RaceDetectionRates}) both judge a broken implementation through it.
 *
 * <p>Not thread-safe: the provider is handed to the TCK through a static field, so one run at a
 * time per JVM (each Surefire fork runs its cases one after the other).
 */
final class SelfTestRun {

    /** The TCK as the self-test runs it: the provider is the implementation under test. */
    static class SelfTestTck extends TerminableTck {
        static volatile TerminableProvider current;

        @Override
        protected TerminableProvider provider() {
            return current;
        }
    }

    /**
     * What one run saw.
     *
     * @param executed the number of method-based tests that ran
     * @param citedByFailed for each failed test (by method name), the clause and rule ids it cites
     * @param firstLines for each failed test, the first line of its failure message
     * @param tooBusy for each test aborted because the machine was too busy for its race
     *        ({@link Sweep#TOO_BUSY}), the first line of the abort message
     */
    record Outcome(int executed, Map<String, List<String>> citedByFailed, Map<String, String> firstLines,
                   Map<String, String> tooBusy) {

        /** @return whether any test failed, that is, whether the TCK rejected the provider */
        boolean rejected() {
            return !citedByFailed.isEmpty();
        }

        /**
         * @return whether the run says nothing either way: no test failed, but a race test could
         *         not be run on a machine this busy
         */
        boolean inconclusive() {
            return !rejected() && !tooBusy.isEmpty();
        }

        /** @return every rule and clause id cited by a failed test, sorted */
        Set<String> failedRules() {
            Set<String> all = new TreeSet<>();
            citedByFailed.values().forEach(all::addAll);
            return all;
        }

        /** @return the failure messages' first lines by test name, sorted, for assertion messages */
        Map<String, String> sortedMessages() {
            return new TreeMap<>(firstLines);
        }
    }

    private SelfTestRun() {
    }

    /**
     * Instantiates a provider class through its public no-argument constructor.
     *
     * @param provider the class
     * @return a new instance
     * @throws ReflectiveOperationException if the class cannot be instantiated
     */
    static TerminableProvider instantiate(Class<? extends TerminableProvider> provider)
            throws ReflectiveOperationException {
        return provider.getConstructor().newInstance();
    }

    /**
     * Selects one test of a group nested under {@link SelfTestTck}, by its method's name alone:
     * the group declares one test of each name, whatever parameters it takes (a TCK test may take
     * its coordinator or its loop as a parameter, {@code KitParameters}).
     *
     * @param group the group, such as {@code TerminableTck.Threads}
     * @param method the test method's name
     * @return the selector
     * @throws IllegalArgumentException if the group has no test method of that name, or more than one
     */
    static DiscoverySelector selectTest(Class<?> group, String method) {
        List<Method> named = ReflectionSupport.findMethods(group, m -> m.getName().equals(method),
                HierarchyTraversalMode.TOP_DOWN);
        if (named.size() != 1) {
            throw new IllegalArgumentException(group.getName() + " declares " + named.size() + " methods named "
                    + method + ", not one: " + named);
        }
        return selectNestedMethod(List.of(SelfTestTck.class), group, named.get(0));
    }

    /**
     * Runs the selected tests of {@link SelfTestTck} against a provider.
     *
     * @param provider the implementation under test
     * @param selectors the tests to run, nested under {@link SelfTestTck}
     * @param filters post-discovery filters narrowing the selection further
     * @return what the run saw
     */
    static Outcome run(TerminableProvider provider, List<DiscoverySelector> selectors,
                       PostDiscoveryFilter... filters) {
        SelfTestTck.current = provider;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .filters(filters).build();
        Map<String, List<String>> cited = new ConcurrentHashMap<>();
        Map<String, String> messages = new ConcurrentHashMap<>();
        Map<String, String> tooBusy = new ConcurrentHashMap<>();
        AtomicInteger executed = new AtomicInteger();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                Optional<Method> m = TestInventory.javaMethod(id);
                if (m.isEmpty()) {
                    return;
                }
                executed.incrementAndGet();
                String firstLine = result.getThrowable().map(t -> String.valueOf(t.getMessage()))
                        .map(s -> s.lines().findFirst().orElse("")).orElse("");
                if (result.getStatus() == TestExecutionResult.Status.ABORTED && firstLine.startsWith(Sweep.TOO_BUSY)) {
                    tooBusy.put(m.get().getName(), firstLine);
                }
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    List<String> ids = new ArrayList<>(TestInventory.rulesOf(m.get()));
                    ids.addAll(TestInventory.rulesOf(m.get()).stream().map(SpecClause::ruleOf).toList());
                    cited.put(m.get().getName(), ids);
                    messages.put(m.get().getName(), firstLine);
                }
            }
        });
        return new Outcome(executed.get(), Map.copyOf(cited), Map.copyOf(messages), Map.copyOf(tooBusy));
    }
}
