package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.child.NamedTestProvider;

import org.junit.jupiter.api.Test;

/** How a test group finds its provider: from its suite, from its own override, or not at all. */
class SuiteBindingTest {

    @Test
    void aGroupOutsideASuiteWithoutAnOverrideNamesTheProblem() {
        TckGroup alone = new SettingsTests() {
        };
        assertThatThrownBy(alone::provider).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs outside a TerminableTck subclass")
                .hasMessageContaining("override provider()");
    }

    @Test
    void aGroupBoundToASuiteTakesTheSuitesProvider() {
        TerminableProvider provider = new NamedTestProvider();
        TerminableTck suite = new TerminableTck() {
            @Override
            protected TerminableProvider provider() {
                return provider;
            }
        };
        TckGroup group = new SettingsTests() {
        };
        group.suite = suite;
        assertThat(group.provider()).isSameAs(provider);
    }
}
