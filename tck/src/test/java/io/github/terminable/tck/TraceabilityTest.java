package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.spec.ClauseBinding;
import io.github.terminable.tck.spec.RuleLevel;
import io.github.terminable.tck.spec.SpecClause;
import io.github.terminable.tck.spec.SpecDocument;
import io.github.terminable.tck.spec.SpecRuleEntry;
import io.github.terminable.tck.spec.TestInventory;
import io.github.terminable.tck.spec.UntestedClauses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The build-time traceability check between {@code spec/README.md} (the single source of truth
 * for rule and clause ids) and the TCK's tests.
 */
class TraceabilityTest {

    private static SpecDocument spec;
    private static List<TestInventory.Entry> tests;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of(System.getProperty("terminable.tck.specFile", "../spec/README.md"));
        assertThat(file).as("the spec the TCK is built against").exists();
        spec = SpecDocument.parse(Files.readString(file, StandardCharsets.UTF_8));
        tests = TestInventory.of(DiscoveredProviderTck.class);
    }

    @Test
    void theJarShipsExactlyTheSpecOfThisCheckout() throws Exception {
        Path file = Path.of(System.getProperty("terminable.tck.specFile", "../spec/README.md"));
        try (var in = SpecDocument.class.getResourceAsStream(SpecDocument.RESOURCE)) {
            assertThat(in).as(SpecDocument.RESOURCE + " in the TCK jar").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
        assertThat(SpecDocument.bundled().rules()).isEqualTo(spec.rules());
        assertThat(SpecDocument.bundled().clauses()).isEqualTo(spec.clauses());
    }

    @Test
    void everyRuleHasClauses() {
        List<String> bare = spec.rules().stream().filter(r -> spec.clausesOf(r.id()).isEmpty())
                .map(r -> r.id() + " (" + r.title() + ")").toList();
        assertThat(bare).as("spec rules without a labelled clause").isEmpty();
    }

    @Test
    void everySpecClauseHasATestOrIsListedAsUntested() {
        Set<String> cited = tests.stream().flatMap(t -> t.rules().stream()).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        List<String> both = new ArrayList<>();
        for (SpecClause clause : spec.clauses()) {
            boolean tested = cited.contains(clause.id());
            boolean listed = UntestedClauses.reasons().containsKey(clause.id());
            if (!tested && !listed) {
                missing.add(clause.id() + " (spec line " + clause.line() + ")");
            }
            if (tested && listed) {
                both.add(clause.id());
            }
        }
        assertThat(missing).as("spec clauses with neither a test nor an entry in UntestedClauses").isEmpty();
        assertThat(both).as("clauses both tested and listed in UntestedClauses").isEmpty();
        assertThat(tests.size()).as("TCK tests").isGreaterThanOrEqualTo(spec.rules().size());
    }

    @Test
    void everyClauseThatBindsApplicationsIsListedAsUntestable() {
        List<String> unlisted = spec.clauses().stream().filter(c -> c.binding() == ClauseBinding.APPLICATION)
                .map(SpecClause::id).filter(id -> !UntestedClauses.reasons().containsKey(id)).toList();
        assertThat(unlisted).as("clauses marked (binds: application) missing from UntestedClauses").isEmpty();
    }

    @Test
    void testsCiteClausesNotWholeRules() {
        List<String> wholeRules = new ArrayList<>();
        for (TestInventory.Entry t : tests) {
            t.rules().stream().filter(id -> !SpecClause.isClauseId(id))
                    .forEach(id -> wholeRules.add(t.group() + "." + t.method().getName() + " cites rule " + id));
        }
        assertThat(wholeRules).as("tests citing a whole rule instead of its clauses").isEmpty();
    }

    @Test
    void everyCitedIdExistsInTheSpec() {
        Set<String> unknown = new TreeSet<>();
        for (TestInventory.Entry t : tests) {
            for (String id : t.rules()) {
                if (!spec.defines(id)) {
                    unknown.add(id + " cited by " + t.group() + "." + t.method().getName());
                }
            }
        }
        for (String id : UntestedClauses.reasons().keySet()) {
            if (spec.clause(id).isEmpty()) {
                unknown.add(id + " listed in UntestedClauses");
            }
        }
        assertThat(unknown).as("clause or rule ids the spec does not define").isEmpty();
    }

    @Test
    void everyTestCitesEachIdOnceAndIsNamedAfterItsLevel() {
        List<String> wrong = new ArrayList<>();
        for (TestInventory.Entry t : tests) {
            String name = t.method().getName();
            String where = t.group() + "." + name;
            if (t.rules().isEmpty()) {
                wrong.add(where + " has no @SpecRule");
                continue;
            }
            if (t.rules().stream().distinct().count() < t.rules().size()) {
                wrong.add(where + " cites an id twice " + t.rules());
            }
            List<RuleLevel> levels = t.rules().stream().map(id -> spec.rule(SpecClause.ruleOf(id)).map(SpecRuleEntry::level).orElse(null))
                    .toList();
            if (name.startsWith("required_")) {
                if (levels.contains(RuleLevel.OPTIONAL)) {
                    wrong.add(where + " is named required_ but cites an optional rule " + t.rules());
                }
            } else if (name.startsWith("optional_")) {
                if (!levels.stream().allMatch(l -> l == RuleLevel.OPTIONAL)) {
                    wrong.add(where + " is named optional_ but cites a required rule " + t.rules());
                }
            } else if (!name.startsWith("stochastic_")) {
                wrong.add(where + " is not named required_..., optional_... or stochastic_...");
            }
        }
        assertThat(wrong).isEmpty();
    }
}
