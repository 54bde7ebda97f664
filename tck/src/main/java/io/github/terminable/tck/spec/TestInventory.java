package io.github.terminable.tck.spec;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.terminable.tck.SpecRule;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the TCK's tests and the clauses (or rules) they cite, as JUnit discovers them (without running
 * them): the input of the traceability check and of the runner's rule filter.
 */
public final class TestInventory {

    /**
     * One discovered test.
     *
     * @param group the nested group's simple name
     * @param method the test method
     * @param rules the cited clause ids (or rule ids), in declaration order
     */
    public record Entry(String group, Method method, List<String> rules) {

        /**
         * Copies the rules.
         *
         * @param group see the record component
         * @param method see the record component
         * @param rules see the record component
         */
        public Entry {
            rules = List.copyOf(rules);
        }
    }

    private TestInventory() {
    }

    /**
     * Discovers every test of a TCK class (a {@code TerminableTck} subclass).
     *
     * @param tckClass the class
     * @return its tests
     */
    public static List<Entry> of(Class<?> tckClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tckClass)).build();
        TestPlan plan = LauncherFactory.create().discover(request);
        List<Entry> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                javaMethod(id).ifPresent(m -> out.add(new Entry(group(m), m, rulesOf(m))));
            }
        }
        return out;
    }

    /**
     * Returns the test method behind a JUnit test identifier.
     *
     * @param id the identifier
     * @return the method, if it is a method-based test
     */
    public static Optional<Method> javaMethod(TestIdentifier id) {
        if (!id.isTest()) {
            return Optional.empty();
        }
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource ms) {
            return Optional.of(ms.getJavaMethod());
        }
        return Optional.empty();
    }

    /**
     * Returns the ids a test method cites: clause ids such as {@code 3.2.a}, or rule ids such
     * as {@code 3.2} where a test cites a whole rule.
     *
     * @param m the method
     * @return the ids, in declaration order
     */
    public static List<String> rulesOf(Method m) {
        SpecRule cited = m.getAnnotation(SpecRule.class);
        return cited == null ? List.of() : List.of(cited.value());
    }

    /**
     * Returns a readable group name for a test method: the simple name of its declaring class
     * without the {@code Tests} suffix.
     *
     * @param m the method
     * @return the group name
     */
    public static String group(Method m) {
        String name = m.getDeclaringClass().getSimpleName();
        return name.endsWith("Tests") ? name.substring(0, name.length() - "Tests".length()) : name;
    }
}
