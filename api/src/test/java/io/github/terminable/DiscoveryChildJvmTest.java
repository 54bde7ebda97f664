package io.github.terminable;

import io.github.terminable.discovery.PrintProvider;
import io.github.terminable.spi.TerminableProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules 7.1 to 7.3 in fresh JVMs, where the provider cache and the service configuration are
 * under the test's control: a successful lookup is cached for the JVM's lifetime, so it cannot be
 * tested in the shared test JVM.
 */
class DiscoveryChildJvmTest {

    private static final String SERVICE_FILE = "META-INF/services/" + TerminableProvider.class.getName();

    @TempDir
    Path services;

    @Test
    void systemPropertyOverridesServiceLoader() throws Exception {
        declare(StubProvider.Other.class.getName());
        Result r = run(List.of("-D" + Terminables.PROVIDER_PROPERTY + "=" + StubProvider.class.getName()));
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER StubProvider").contains("SAME true");
    }

    @Test
    void systemPropertyPicksOneOfSeveralDeclaredProvidersWithoutAmbiguityReport() throws Exception {
        declare(StubProvider.class.getName() + "\n" + StubProvider.Other.class.getName());
        Result r = run(List.of("-D" + Terminables.PROVIDER_PROPERTY + "=" + StubProvider.Other.class.getName()));
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER Other").doesNotContain("TERMINABLE-4");
    }

    @Test
    void serviceLoaderFindsTheDeclaredProvider() throws Exception {
        declare(StubProvider.Other.class.getName());
        Result r = run(List.of());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER Other").doesNotContain("TERMINABLE-4");
    }

    @Test
    void severalProvidersAreReportedAndTheFirstIsUsed() throws Exception {
        declare(StubProvider.class.getName() + "\n" + StubProvider.Other.class.getName());
        Result r = run(List.of());
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("PROVIDER StubProvider")
                .contains("TERMINABLE-4")
                .contains(StubProvider.Other.class.getName());
    }

    @Test
    void aDeclaredProviderThatFailsToLoadIsReportedWithTheRemedy() throws Exception {
        declare(ExplodingProvider.class.getName());
        Result r = run(List.of());
        assertThat(r.exitCode).as(r.output).isEqualTo(2);
        assertThat(r.output).contains("FAILED TERMINABLE-2")
                .contains(ExplodingProvider.class.getName())
                .contains(Terminables.REFERENCE_ARTIFACT)
                .contains(Terminables.PROVIDER_PROPERTY);
    }

    @Test
    void noProviderIsReportedWithTheRemedy() throws Exception {
        Result r = run(List.of());
        assertThat(r.exitCode).as(r.output).isEqualTo(2);
        assertThat(r.output).contains("FAILED TERMINABLE-1").contains(Terminables.REFERENCE_ARTIFACT);
    }

    private void declare(String lines) throws IOException {
        Path file = services.resolve(SERVICE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines + "\n", StandardCharsets.UTF_8);
    }

    private Result run(List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path") + File.pathSeparator + services);
        command.add(PrintProvider.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        long factor = TimeFactor.get();
        if (!p.waitFor(30 * factor, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not exit within " + 30 * factor + " s: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
