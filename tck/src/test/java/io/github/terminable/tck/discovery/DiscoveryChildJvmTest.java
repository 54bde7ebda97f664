package io.github.terminable.tck.discovery;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.TckTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's discovery ({@code Terminables}, rules 7.1 to 7.3) in fresh JVMs, where the provider
 * cache and the service configuration are under the test's control: a successful lookup is cached
 * for the JVM's lifetime, so it cannot be tested in the shared test JVM. It lives here rather than
 * in the api module, whose tests cannot use the TCK's harness (the TCK depends on the API); the
 * providers are stubs, so no implementation is needed.
 */
class DiscoveryChildJvmTest {

    private static final String SERVICE_FILE = "META-INF/services/" + TerminableProvider.class.getName();

    @TempDir
    Path services;

    @Test
    void systemPropertyOverridesServiceLoader() throws Exception {
        declare(StubProvider.Other.class.getName());
        Result r = run(StubProvider.class.getName());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER StubProvider").contains("SAME true");
    }

    @Test
    void systemPropertyPicksOneOfSeveralDeclaredProvidersWithoutAmbiguityReport() throws Exception {
        declare(StubProvider.class.getName() + "\n" + StubProvider.Other.class.getName());
        Result r = run(StubProvider.Other.class.getName());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER Other").doesNotContain("TERMINABLE-4");
    }

    @Test
    void serviceLoaderFindsTheDeclaredProvider() throws Exception {
        declare(StubProvider.Other.class.getName());
        Result r = run(null);
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER Other").doesNotContain("TERMINABLE-4");
    }

    @Test
    void severalProvidersAreReportedAndTheFirstIsUsed() throws Exception {
        declare(StubProvider.class.getName() + "\n" + StubProvider.Other.class.getName());
        Result r = run(null);
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER StubProvider")
                .contains("TERMINABLE-4")
                .contains(StubProvider.Other.class.getName());
    }

    @Test
    void aDeclaredProviderThatFailsToLoadIsReportedWithTheRemedy() throws Exception {
        declare(StubProvider.Exploding.class.getName());
        Result r = run(null);
        assertThat(r.exitCode).as(r.output).isEqualTo(2);
        assertThat(r.output).contains("FAILED TERMINABLE-2")
                .contains(StubProvider.Exploding.class.getName())
                .contains(Terminables.REFERENCE_ARTIFACT)
                .contains(Terminables.PROVIDER_PROPERTY);
    }

    @Test
    void noProviderIsReportedWithTheRemedy() throws Exception {
        Result r = run(null);
        assertThat(r.exitCode).as(r.output).isEqualTo(2);
        assertThat(r.output).contains("FAILED TERMINABLE-1").contains(Terminables.REFERENCE_ARTIFACT);
    }

    private void declare(String lines) throws IOException {
        Path file = services.resolve(SERVICE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines + "\n", StandardCharsets.UTF_8);
    }

    /** Runs {@link PrintProvider} with the declared services, naming {@code provider} if not null. */
    private Result run(String provider) throws Exception {
        ChildJvm child = ChildJvm.of(PrintProvider.class).prependClassPath(services.toString());
        if (provider == null) {
            child.withoutProperty(Terminables.PROVIDER_PROPERTY);
        } else {
            child.property(Terminables.PROVIDER_PROPERTY, provider);
        }
        ChildProcess done = child.run(TckTime.seconds(30));
        return new Result(done.exitValue(), String.join("\n", done.output()));
    }

    private record Result(int exitCode, String output) {
    }
}
