package io.github.terminable.mutation;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Drops the TCK groups and tests named in the system property {@value #PROPERTY} from a JUnit
 * run; with the property unset it drops nothing.
 *
 * <p>Used only by the {@code mutation} Maven profile (see tck/mutation/README.md): PIT runs the
 * TCK in its own JVM with mutated classes, but the TCK's child-JVM tests start a fresh
 * {@code java} that loads the unmutated classes from the class path, so they cannot kill a
 * mutant and only cost time. The TCK carries no JUnit tags, and PIT's JUnit 5 plugin filters by
 * tag only, so this filter selects by the {@code @Nested} group names of
 * {@code io.github.terminable.tck.TerminableTck} instead. The JUnit launcher registers it through
 * {@code META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}.
 *
 * <p>The property is a comma-separated list of entries: {@code Group} drops a whole nested group
 * (e.g. {@code JvmHook}); {@code Group#method} drops one test method of that group.
 */
public final class ExcludeTckTests implements PostDiscoveryFilter {

    /** The system property that lists the excluded groups and tests. */
    public static final String PROPERTY = "terminable.mutation.exclude";

    private final Set<String> excluded = Arrays.stream(System.getProperty(PROPERTY, "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());

    /** Creates the filter from the current value of {@value #PROPERTY}. */
    public ExcludeTckTests() {
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        String group = null;
        for (UniqueId.Segment segment : descriptor.getUniqueId().getSegments()) {
            String type = segment.getType();
            if (type.equals("nested-class")) {
                group = segment.getValue();
                if (excluded.contains(group)) {
                    return FilterResult.excluded("child-JVM group " + group + " is excluded from the mutation run");
                }
            } else if (group != null && (type.equals("method") || type.equals("test-template"))) {
                String value = segment.getValue();
                int paren = value.indexOf('(');
                String method = paren < 0 ? value : value.substring(0, paren);
                if (excluded.contains(group + "#" + method)) {
                    return FilterResult.excluded("child-JVM test " + group + "#" + method + " is excluded from the mutation run");
                }
            }
        }
        return FilterResult.included("not excluded from the mutation run");
    }
}
