package io.github.terminable.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's {@code TerminationCoordinator} parameters are the kit's coordinators: one new
 * coordinator per parameter, with the kit's test settings, released by the kit when the test
 * ends. The provider here records what it is asked for; its coordinators only answer their name
 * and a shutdown that completes at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinatorParameterTest {

    private final List<CoordinatorSettings> created = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> shutdowns = new ConcurrentHashMap<>();
    private final Kit kit = new Kit(() -> recordingProvider());

    @RegisterExtension
    final TestHygiene hygiene = new TestHygiene(kit);

    @RegisterExtension
    final CoordinatorParameter coordinators = new CoordinatorParameter(kit);

    @Test
    void eachParameterIsANewCoordinatorWithTheKitsTestSettings(TerminationCoordinator first,
                                                               TerminationCoordinator second) {
        assertThat(first).isNotSameAs(second);
        assertThat(created).extracting(CoordinatorSettings::name)
                .containsExactly(first.name(), second.name())
                .allMatch(name -> name.startsWith("tck-eachParameterIsANewCoordinatorWithTheKitsTestSettings-"));
        assertThat(created).extracting(CoordinatorSettings::callbackTimeout)
                .containsOnly(TckTime.relaxedCallbackTimeout());
        assertThat(shutdowns).as("nothing is shut down while the test runs").isEmpty();
    }

    @AfterAll
    void everyCoordinatorWasShutDownOnceWhenTheTestEnded() {
        assertThat(created).hasSize(2);
        for (CoordinatorSettings settings : created) {
            assertThat(shutdowns).containsEntry(settings.name(), 1);
        }
    }

    private TerminableProvider recordingProvider() {
        return (TerminableProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TerminableProvider.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("newCoordinator")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    CoordinatorSettings settings = (CoordinatorSettings) args[0];
                    created.add(settings);
                    return coordinatorNamed(settings.name());
                });
    }

    private TerminationCoordinator coordinatorNamed(String name) {
        ShutdownReport completed = new ShutdownReport(ShutdownTrigger.EXPLICIT, true, Duration.ZERO, List.of(), List.of(),
                List.of());
        ShutdownCompletion completion = proxy(ShutdownCompletion.class, "await", completed);
        return (TerminationCoordinator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TerminationCoordinator.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "name":
                            return name;
                        case "shutdown":
                            shutdowns.merge(name, 1, Integer::sum);
                            return completion;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** A proxy of {@code type} whose one method {@code answering} returns {@code answer}. */
    private <T> T proxy(Class<T> type, String answering, Object answer) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals(answering)) {
                        return answer;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }
}
