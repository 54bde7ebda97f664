package io.github.terminable.tck;

import static io.github.terminable.tck.Children.assertContainsLine;
import static io.github.terminable.tck.Children.assertExitCode;
import static io.github.terminable.tck.Children.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.tck.child.LazyInstallScenario;
import io.github.terminable.tck.harness.ChildProcess;

import org.junit.jupiter.api.Test;

/**
 * The JVM-wide coordinator's installation, in child JVMs: lazily, once, and only with valid
 * settings (rules 4.1 and 9.1).
 */
public abstract class GlobalInstallTests extends TckGroup {

    /** Creates the group. */
    protected GlobalInstallTests() {
    }

    @Test
    @SpecRule("4.1")
    @SpecRule("9.1")
    void required_theGlobalCoordinatorIsInstalledLazilyOnceAndOnlyWithValidSettings() throws Exception {
        ChildProcess child = kit.childJvm(LazyInstallScenario.class).jvmFlag(Children.OPEN_JAVA_LANG)
                .property(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY, "0s").args("lazy").start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertContainsLine(child, "BEFORE-INSTALL hooks=0 threads=0");
        assertThat(withPrefix(child.stdout(), "INVALID ")).as("the first global() call with an invalid setting"
                + child.describe()).singleElement().asString().startsWith("INVALID IllegalArgumentException: ")
                .contains(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY);
        assertContainsLine(child, "AFTER-INVALID hooks=0 threads=0");
        String installed = withPrefix(child.stdout(), "INSTALLED ").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no INSTALLED line" + child.describe()));
        assertThat(installed).as("four racing first calls return one instance and install exactly one hook"
                + child.describe()).startsWith("INSTALLED same=true hooks=1 daemons=").contains(" nonDaemons=0 phase=OPEN");
        int daemons = Integer.parseInt(installed.replaceAll(".*daemons=(\\d+).*", "$1"));
        assertThat(daemons).as("a daemon quiescence watcher is running" + child.describe()).isPositive();
    }

    @Test
    @SpecRule("9.1")
    void required_anUnknownTerminablePropertyIsRejectedByName() throws Exception {
        ChildProcess child = kit.childJvm(LazyInstallScenario.class)
                .property(CoordinatorSettings.PROPERTY_PREFIX + "callbackTimout", "2s").args("unknown-property").start();
        int code = Children.awaitExit(child);

        assertExitCode(child, code, 0, "exit status");
        assertThat(withPrefix(child.stdout(), "REJECTED ")).as(child.describe()).singleElement().asString()
                .contains(CoordinatorSettings.PROPERTY_PREFIX + "callbackTimout")
                .contains(CoordinatorSettings.CALLBACK_TIMEOUT_PROPERTY);
    }
}
