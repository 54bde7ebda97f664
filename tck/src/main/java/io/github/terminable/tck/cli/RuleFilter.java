package io.github.terminable.tck.cli;

import io.github.terminable.tck.spec.TestInventory;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.util.List;
import java.util.Set;

/**
 * Keeps only the tests that cite one of the given rules ({@code --rule}).
 */
final class RuleFilter implements PostDiscoveryFilter {

    private final Set<String> rules;

    RuleFilter(List<String> rules) {
        this.rules = Set.copyOf(rules);
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (descriptor.getSource().isPresent() && descriptor.getSource().get() instanceof MethodSource ms) {
            List<String> cited = TestInventory.rulesOf(ms.getJavaMethod());
            boolean keep = cited.stream().anyMatch(rules::contains);
            return FilterResult.includedIf(keep, () -> "cites " + cited, () -> "cites none of " + rules);
        }
        return FilterResult.included("container");
    }
}
