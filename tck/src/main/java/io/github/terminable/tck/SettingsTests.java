package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.TerminationCoordinator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Section 9 of the spec, in-process: settings are validated and bad values rejected by name,
 * and a coordinator uses the settings it was given. (The JVM-wide coordinator's reading of
 * system properties, which rejects invalid and unknown properties by name, is checked in a child
 * JVM by {@link GlobalInstallTests}.)
 *
 * <p>The clauses of rule 9.1 bind the API jar, which every implementation shares: this group
 * checks them against the API jar an implementation runs with, through the builder and
 * {@code parseDuration}. Reading a {@code Properties} object in detail (every setting, each
 * rejected spelling) is the API's own parsing, owned by its unit test
 * ({@code CoordinatorSettingsTest} in the api module).
 */
public abstract class SettingsTests extends TckGroup {

    /** Creates the group. */
    protected SettingsTests() {
    }

    @Test
    @SpecRule({"9.1.b", "1.10.d"})
    void required_builderSettersRejectBadValuesByNameAndChangeNothing() {
        CoordinatorSettings.Builder b = CoordinatorSettings.builder().name("kept").callbackTimeout(Duration.ofSeconds(3))
                .shutdownDeadline(Duration.ofSeconds(4));
        assertThatThrownBy(() -> b.callbackTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.callbackTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callbackTimeout");
        assertThatThrownBy(() -> b.shutdownDeadline(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shutdownDeadline");
        assertThatThrownBy(() -> b.name(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        CoordinatorSettings s = b.build();
        assertThat(s.name()).isEqualTo("kept");
        assertThat(s.callbackTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.shutdownDeadline()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    @SpecRule({"9.1.c", "9.1.d"})
    void required_durationsAreParsedInBothFormsAndBadOnesRejectedByName() {
        assertThat(CoordinatorSettings.parseDuration("x", "PT2.5S")).isEqualTo(Duration.ofMillis(2500));
        assertThat(CoordinatorSettings.parseDuration("x", "2500ms")).isEqualTo(Duration.ofMillis(2500));
        assertThat(CoordinatorSettings.parseDuration("x", " 3S ")).isEqualTo(Duration.ofSeconds(3));
        assertThat(CoordinatorSettings.parseDuration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CoordinatorSettings.parseDuration("x", "pt1s")).isEqualTo(Duration.ofSeconds(1));
        for (String bad : List.of("", "abc", "0s", "-1s", "PT0S", "PT-1S", "12", "1.5s")) {
            assertThatThrownBy(() -> CoordinatorSettings.parseDuration("some.setting", bad)).as("'" + bad + "'")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("some.setting");
        }
        assertThatThrownBy(() -> CoordinatorSettings.parseDuration("some.setting", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("some.setting");
    }

    @Test
    @SpecRule("2.5.a")
    void required_aCoordinatorUsesTheSettingsItWasGiven() {
        CoordinatorSettings settings = CoordinatorSettings.builder().name(kit.name("named-by-settings"))
                .callbackTimeout(Duration.ofMillis(1234)).shutdownDeadline(Duration.ofMillis(5678)).build();
        TerminationCoordinator c = kit.provider().newCoordinator(settings);
        kit.onClose(c::shutdown);
        assertThat(c.settings()).isEqualTo(settings);
        assertThat(c.name()).isEqualTo(settings.name());
    }

    @Test
    @SpecRule("9.3.a")
    void required_providerDeclaredPropertiesAreAcceptedAndOthersStillRejected() {
        java.util.Set<String> declared = kit.provider().additionalPropertyNames();
        assertThat(declared).as("additionalPropertyNames()").isNotNull()
                .allMatch(n -> n.startsWith(CoordinatorSettings.PROPERTY_PREFIX));
        Properties p = new Properties();
        for (String name : declared) {
            p.setProperty(name, "tck-value");
        }
        p.setProperty(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "1500ms");
        CoordinatorSettings s = CoordinatorSettings.fromProperties(p, declared);
        assertThat(s.callbackTimeout()).isEqualTo(Duration.ofMillis(1500));

        String undeclared = CoordinatorSettings.PROPERTY_PREFIX + "tckUndeclaredSetting";
        assertThat(declared).doesNotContain(undeclared);
        p.setProperty(undeclared, "1");
        assertThatThrownBy(() -> CoordinatorSettings.fromProperties(p, declared))
                .as("an io.github.terminable.* name neither of the settings nor declared by the provider")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(undeclared);
        CoordinatorSettings withIt = CoordinatorSettings.fromProperties(p,
                java.util.stream.Stream.concat(declared.stream(), java.util.stream.Stream.of(undeclared))
                        .collect(java.util.stream.Collectors.toSet()));
        assertThat(withIt.callbackTimeout()).as("the same name accepted once declared").isEqualTo(Duration.ofMillis(1500));
    }
}
