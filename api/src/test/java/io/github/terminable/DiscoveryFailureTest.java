package io.github.terminable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rule 7.3 in-process: with no provider on the test class path, or an unusable one named by the
 * system property, discovery fails loudly and names the remedy. A failed lookup is never cached,
 * so these tests do not disturb each other.
 */
class DiscoveryFailureTest {

    @AfterEach
    void clearOverride() {
        System.clearProperty(Terminables.PROVIDER_PROPERTY);
    }

    @Test
    void noProviderOnTheClassPathThrowsNamingArtifactAndProperty() {
        assertThatThrownBy(Terminables::provider)
                .isInstanceOf(TerminableProviderException.class)
                .hasMessageStartingWith("TERMINABLE-1")
                .hasMessageContaining(Terminables.REFERENCE_ARTIFACT)
                .hasMessageContaining(Terminables.PROVIDER_PROPERTY);
    }

    @Test
    void everyEntryPointFailsTheSameWay() {
        assertThatThrownBy(Terminables::global).isInstanceOf(TerminableProviderException.class);
        assertThatThrownBy(Terminables::newCoordinator).isInstanceOf(TerminableProviderException.class);
        assertThatThrownBy(() -> Terminables.newCoordinator(CoordinatorSettings.defaults()))
                .isInstanceOf(TerminableProviderException.class);
    }

    @Test
    void nullSettingsAreRejectedBeforeAnyLookup() {
        assertThatThrownBy(() -> Terminables.newCoordinator(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("settings");
    }

    @Test
    void overrideNamingAMissingClassThrowsWithTheCause() {
        System.setProperty(Terminables.PROVIDER_PROPERTY, "com.example.DoesNotExist");
        assertThatThrownBy(Terminables::provider)
                .isInstanceOf(TerminableProviderException.class)
                .hasMessageStartingWith("TERMINABLE-3")
                .hasMessageContaining("com.example.DoesNotExist")
                .hasMessageContaining(Terminables.REFERENCE_ARTIFACT)
                .hasCauseInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void overrideNamingANonProviderClassThrows() {
        System.setProperty(Terminables.PROVIDER_PROPERTY, String.class.getName());
        assertThatThrownBy(Terminables::provider)
                .isInstanceOf(TerminableProviderException.class)
                .hasMessageStartingWith("TERMINABLE-3")
                .hasMessageContaining("does not implement");
    }

    @Test
    void overrideNamingAProviderWhoseConstructorThrowsCarriesTheCause() {
        System.setProperty(Terminables.PROVIDER_PROPERTY, ExplodingProvider.class.getName());
        assertThatThrownBy(Terminables::provider)
                .isInstanceOf(TerminableProviderException.class)
                .hasMessageStartingWith("TERMINABLE-3")
                .hasRootCauseMessage(ExplodingProvider.MESSAGE);
    }

    @Test
    void aFailedLookupIsRetriedAndStillFails() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(Terminables::provider).isInstanceOf(TerminableProviderException.class);
        }
        assertThat(System.getProperty(Terminables.PROVIDER_PROPERTY)).isNull();
    }
}
