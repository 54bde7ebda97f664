package io.github.terminable.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The one time multiplier: both its names are read (the property first), invalid values are
 * rejected by name, and the TCK's README documents exactly these names.
 */
class TckTimeTest {

    @Test
    void thePropertyWinsOverTheEnvironmentVariableAndTheDefaultIsOne() {
        Map<String, String> props = Map.of(TckTime.FACTOR_PROPERTY, "3");
        Map<String, String> env = Map.of(TckTime.FACTOR_ENV, "2.5");
        assertThat(TckTime.factor(props::get, env::get)).isEqualTo(3.0);
        assertThat(TckTime.factor(k -> null, env::get)).isEqualTo(2.5);
        assertThat(TckTime.factor(k -> " ", env::get)).as("a blank property counts as unset").isEqualTo(2.5);
        assertThat(TckTime.factor(k -> null, k -> null)).isEqualTo(1.0);
    }

    @Test
    void invalidValuesAreRejectedNamingWhereTheyCameFrom() {
        assertThatThrownBy(() -> TckTime.factor(k -> "fast", k -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TckTime.FACTOR_PROPERTY);
        assertThatThrownBy(() -> TckTime.factor(k -> null, k -> "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TckTime.FACTOR_ENV);
        assertThatThrownBy(() -> TckTime.factor(k -> "-1", k -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChildJvmReadsTheEnvironmentVariableAndThePropertyOverridesIt() throws Exception {
        ChildJvm fromEnv = new ChildJvm(TimeFactorProbe.class.getName(), null).withoutProperty(TckTime.FACTOR_PROPERTY)
                .env(TckTime.FACTOR_ENV, "2.5");
        assertThat(run(fromEnv)).isEqualTo("FACTOR 2.5");
        ChildJvm both = new ChildJvm(TimeFactorProbe.class.getName(), null).property(TckTime.FACTOR_PROPERTY, "4")
                .env(TckTime.FACTOR_ENV, "2.5");
        assertThat(run(both)).isEqualTo("FACTOR 4.0");
    }

    private static String run(ChildJvm jvm) throws Exception {
        try (ChildProcess child = jvm.start()) {
            assertThat(child.awaitExit(TckTime.awaitWindow())).as(child.describe()).isZero();
            return child.stdout().get(0);
        }
    }

    @Test
    void windowsScaleWithTheFactor() {
        assertThat(TckTime.scaled(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis((long) (2000 * TckTime.factor())));
        assertThat(TckTime.awaitWindow()).isGreaterThan(TckTime.quietWindow());
    }

    @Test
    void theReadmeDocumentsEveryKnobByItsName() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("terminable.tck.readmeFile", "README.md")),
                StandardCharsets.UTF_8);
        assertThat(readme).contains(TckTime.FACTOR_PROPERTY, TckTime.FACTOR_ENV, TckKnobs.EXAMPLES_PROPERTY,
                TckKnobs.REPETITIONS_PROPERTY, TckKnobs.SEED_PROPERTY);
    }
}
