package io.github.terminable.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.spi.TerminableProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's {@code TerminationCoordinator} and {@code BackgroundLoop} parameters are the kit's
 * fixtures: one new coordinator per coordinator parameter, with the kit's test settings (the
 * short callback bound where it is marked {@link ShortBound}, which a loop parameter refuses); one
 * started loop per loop parameter, named after the test, on a coordinator of its own; every
 * coordinator shut down once by the kit when the test ends. The provider here records what it is
 * asked for; its coordinators only answer their name, build a loop, and shut down at once.
 */
class KitParametersTest {

    // What the provider was asked for, over every test of the class (a new instance per test).
    private static final List<CoordinatorSettings> created = new CopyOnWriteArrayList<>();
    /** For each loop started, the name it was given and the coordinator it was started on. */
    private static final Map<BackgroundLoop, List<String>> loops = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final Map<String, Integer> shutdowns = new ConcurrentHashMap<>();
    private final Kit kit = new Kit(this::recordingProvider);

    @RegisterExtension
    final TestHygiene hygiene = new TestHygiene(kit);

    @RegisterExtension
    final KitParameters parameters = new KitParameters(kit);

    @Test
    void eachCoordinatorParameterIsANewCoordinatorWithTheKitsTestSettings(TerminationCoordinator first,
                                                                          TerminationCoordinator second) {
        assertThat(first).isNotSameAs(second);
        List<CoordinatorSettings> mine = created.stream()
                .filter(s -> s.name().startsWith("tck-eachCoordinatorParameterIsANewCoordinatorWithTheKitsTestSettings-"))
                .toList();
        assertThat(mine).extracting(CoordinatorSettings::name).containsExactly(first.name(), second.name());
        assertThat(mine).extracting(CoordinatorSettings::callbackTimeout).containsOnly(TckTime.relaxedCallbackTimeout());
        assertThat(shutdowns).as("nothing of this test is shut down while it runs")
                .doesNotContainKeys(first.name(), second.name());
    }

    @Test
    void aLoopParameterIsAStartedLoopNamedAfterTheTestOnACoordinatorOfItsOwn(BackgroundLoop loop) {
        assertThat(loops).hasSize(1);
        assertThat(loops.get(loop)).as("the loop the kit started").isNotNull();
        String name = loops.get(loop).get(0);
        String coordinator = loops.get(loop).get(1);
        assertThat(name).startsWith("aLoopParameterIsAStartedLoopNamedAfterTheTestOnACoordinatorOfItsOwn-");
        assertThat(created).extracting(CoordinatorSettings::name).containsOnlyOnce(coordinator);
        assertThat(coordinator).startsWith("tck-aLoopParameterIsAStartedLoopNamedAfterTheTestOnACoordinatorOfItsOwn-");
        assertThat(shutdowns).as("nothing of this test is shut down while it runs").doesNotContainKey(coordinator);
    }

    @Test
    void aShortBoundCoordinatorParameterHasTheShortCallbackBound(@ShortBound TerminationCoordinator overruns,
                                                                 TerminationCoordinator relaxed) {
        Map<String, Duration> bounds = new HashMap<>();
        created.forEach(settings -> bounds.put(settings.name(), settings.callbackTimeout()));
        assertThat(bounds).containsEntry(overruns.name(), TckTime.shortCallbackTimeout())
                .containsEntry(relaxed.name(), TckTime.relaxedCallbackTimeout());
        assertThat(overruns.name()).startsWith("tck-aShortBoundCoordinatorParameterHasTheShortCallbackBound-");
    }

    @Test
    void shortBoundOnALoopParameterIsRefusedNamingTheParameterAndNothingIsMade() throws Exception {
        int before = created.size();
        int loopsBefore = loops.size();
        Parameter loop = KitParametersTest.class.getDeclaredMethod("loopMarkedShortBound", BackgroundLoop.class)
                .getParameters()[0];
        ParameterContext context = proxy(ParameterContext.class,
                (method, args) -> method.equals("getParameter") ? loop : null);
        ExtensionContext extension = proxy(ExtensionContext.class, (method, args) -> null);

        assertThatThrownBy(() -> parameters.resolveParameter(context, extension))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("@ShortBound applies to a TerminationCoordinator parameter only")
                .hasMessageContaining("loopMarkedShortBound");
        assertThat(created).as("no coordinator or loop made for the refused parameter").hasSize(before);
        assertThat(loops.size()).as("loops started").isEqualTo(loopsBefore);
    }

    /** Declares the parameter the refusal test resolves; never called. */
    @SuppressWarnings("unused")
    private static void loopMarkedShortBound(@ShortBound BackgroundLoop loop) {
    }

    @AfterAll
    static void everyCoordinatorWasShutDownOnceWhenItsTestEnded() {
        assertThat(created).hasSize(5);
        for (CoordinatorSettings settings : created) {
            assertThat(shutdowns).containsEntry(settings.name(), 1);
        }
    }

    private TerminableProvider recordingProvider() {
        return proxy(TerminableProvider.class, (method, args) -> {
            if (!method.equals("newCoordinator")) {
                return null;
            }
            CoordinatorSettings settings = (CoordinatorSettings) args[0];
            created.add(settings);
            return coordinatorNamed(settings.name());
        });
    }

    private TerminationCoordinator coordinatorNamed(String name) {
        ShutdownReport completed = new ShutdownReport(ShutdownTrigger.EXPLICIT, true, Duration.ZERO, List.of(), List.of(),
                List.of());
        ShutdownCompletion completion = proxy(ShutdownCompletion.class,
                (method, args) -> method.equals("await") ? completed : null);
        return proxy(TerminationCoordinator.class, (method, args) -> switch (method) {
            case "name" -> name;
            case "shutdown" -> {
                shutdowns.merge(name, 1, Integer::sum);
                yield completion;
            }
            case "loopBuilder" -> loopBuilderOn(name);
            default -> null;
        });
    }

    /** A loop builder that records the name of the loop it starts on the coordinator {@code coordinator}. */
    private BackgroundLoopBuilder loopBuilderOn(String coordinator) {
        String[] loopName = new String[1];
        BackgroundLoop loop = proxy(BackgroundLoop.class, (method, args) -> null);
        BackgroundLoopBuilder[] builder = new BackgroundLoopBuilder[1];
        builder[0] = proxy(BackgroundLoopBuilder.class, (method, args) -> switch (method) {
            case "name" -> {
                loopName[0] = (String) args[0];
                yield builder[0];
            }
            case "start" -> {
                loops.put(loop, List.of(loopName[0], coordinator));
                yield loop;
            }
            default -> null;
        });
        return builder[0];
    }

    /** What a proxy answers to a call of the method named {@code method}; {@code null} for a call it does not expect. */
    private interface Answer {
        Object to(String method, Object[] args);
    }

    /** A proxy of {@code type} that answers with {@code answer}, and throws for any call it has no answer to. */
    private <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Object result = answer.to(method.getName(), args);
                    if (result == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    }
                    return result;
                }));
    }
}
