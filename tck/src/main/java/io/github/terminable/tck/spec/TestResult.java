package io.github.terminable.tck.spec;

import java.util.List;
import java.util.Objects;

/**
 * The result of one executed TCK test.
 *
 * @param group the test group, such as {@code ShutdownOrder}
 * @param method the test method's name
 * @param rules the clause ids (or, for compatibility, rule ids) it cites
 * @param status how it ended
 * @param message the failure or abort message, or empty
 */
public record TestResult(String group, String method, List<String> rules, TestStatus status, String message) {

    /**
     * Validates and copies the components.
     *
     * @param group see the record component
     * @param method see the record component
     * @param rules see the record component
     * @param status see the record component
     * @param message see the record component
     */
    public TestResult {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(method, "method");
        rules = List.copyOf(rules);
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    /**
     * Returns {@code group.method}.
     *
     * @return the test's display name
     */
    public String name() {
        return group + "." + method;
    }
}
