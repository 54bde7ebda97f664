package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.tck.spec.RuleLevel;
import io.github.terminable.tck.spec.SpecDocument;
import io.github.terminable.tck.spec.SpecRuleEntry;
import io.github.terminable.tck.spec.TestInventory;
import io.github.terminable.tck.spec.UntestedRules;

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
 * for rule ids) and the TCK's tests.
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
    }

    @Test
    void everySpecRuleHasATestOrIsListedAsUntested() {
        Set<String> cited = tests.stream().flatMap(t -> t.rules().stream()).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (SpecRuleEntry rule : spec.rules()) {
            if (!cited.contains(rule.id()) && !UntestedRules.reasons().containsKey(rule.id())) {
                missing.add(rule.id() + " (" + rule.title() + ")");
            }
        }
        assertThat(missing).as("spec rules with neither a test nor an entry in UntestedRules").isEmpty();
        assertThat(tests.size()).as("TCK tests").isGreaterThanOrEqualTo(spec.rules().size());
    }

    @Test
    void everyCitedRuleExistsInTheSpec() {
        Set<String> unknown = new TreeSet<>();
        for (TestInventory.Entry t : tests) {
            for (String id : t.rules()) {
                if (spec.rule(id).isEmpty()) {
                    unknown.add(id + " cited by " + t.group() + "." + t.method().getName());
                }
            }
        }
        for (String id : UntestedRules.reasons().keySet()) {
            if (spec.rule(id).isEmpty()) {
                unknown.add(id + " listed in UntestedRules");
            }
        }
        assertThat(unknown).as("rule ids the spec does not define").isEmpty();
    }

    @Test
    void everyTestCitesARuleAndIsNamedAfterItsLevel() {
        List<String> wrong = new ArrayList<>();
        for (TestInventory.Entry t : tests) {
            String name = t.method().getName();
            String where = t.group() + "." + name;
            if (t.rules().isEmpty()) {
                wrong.add(where + " has no @SpecRule");
                continue;
            }
            List<RuleLevel> levels = t.rules().stream().map(id -> spec.rule(id).map(SpecRuleEntry::level).orElse(null))
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
