package io.github.terminable.tck.cli;

import io.github.terminable.tck.spec.SpecClause;
import io.github.terminable.tck.spec.TestInventory;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.util.List;
import java.util.Set;

/**
 * Keeps only the tests that check one of the given rules or clauses ({@code --rule}). A rule id
 * ({@code 3.2}) selects every test citing one of its clauses or the rule itself; a clause id
 * ({@code 3.2.a}) selects the tests citing that clause, and those citing its whole rule.
 */
final class RuleFilter implements PostDiscoveryFilter {

    private final Set<String> ids;

    RuleFilter(List<String> ids) {
        this.ids = Set.copyOf(ids);
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (descriptor.getSource().isPresent() && descriptor.getSource().get() instanceof MethodSource ms) {
            List<String> cited = TestInventory.rulesOf(ms.getJavaMethod());
            boolean keep = cited.stream().anyMatch(this::selects);
            return FilterResult.includedIf(keep, () -> "cites " + cited, () -> "cites none of " + ids);
        }
        return FilterResult.included("container");
    }

    /**
     * Tells whether a cited id is selected.
     *
     * @param cited a clause or rule id a test cites
     * @return whether the filter keeps a test citing it
     */
    boolean selects(String cited) {
        return ids.contains(cited) || ids.contains(SpecClause.ruleOf(cited))
                || (!SpecClause.isClauseId(cited) && ids.stream().anyMatch(id -> SpecClause.ruleOf(id).equals(cited)));
    }
}
