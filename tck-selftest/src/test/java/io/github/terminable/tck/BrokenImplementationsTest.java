package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.SelfTestRun.SelfTestTck;
import io.github.terminable.tck.broken.Broken;
import io.github.terminable.tck.spec.SpecClause;
import io.github.terminable.tck.spec.TestInventory;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * The TCK's self-test: each deliberately broken implementation (the reference implementation
 * behind a forwarding wrapper that breaks one behaviour) must fail the TCK, and among the failed
 * tests there must be one citing the rule it breaks. Each runs, with the JUnit Platform
 * Launcher, only the tests citing that rule (or clause) in the groups that can see it.
 *
 * <p>The cases are split by spec section (section 1 by rule as well) among five subclasses, each
 * run by Surefire in a fork of its own and the forks side by side: most cases spend their time
 * waiting out an await window, not on a core, so the parts overlap well on two cores. The case
 * list stays here, in one place; a subclass only says which rules it takes.
 */
abstract class BrokenImplementationsTest {

    /**
     * One broken implementation, the rule or clause it breaks ({@code 3.2} or {@code 2.5.e}: a
     * failed test must cite it) and the groups it is run against.
     */
    record Case(Class<? extends TerminableProvider> broken, String rule, List<Class<?>> groups,
                List<String> methods, boolean race) {
        /** Runs every test of the groups. */
        Case(Class<? extends TerminableProvider> broken, String rule, List<Class<?>> groups) {
            this(broken, rule, groups, List.of(), false);
        }

        /** Runs only the named tests of one group (for breaks only one slow test can see). */
        Case(Class<? extends TerminableProvider> broken, String rule, Class<?> group, String... methods) {
            this(broken, rule, List.of(group), List.of(methods), false);
        }

        /**
         * A racy break, run against the one race test that must catch it on every run
         * (tck/README.md, "Races and repetitions"); {@link RaceDetectionRates} measures that test.
         */
        static Case race(Class<? extends TerminableProvider> broken, String rule, Class<?> group, String method) {
            return new Case(broken, rule, List.of(group), List.of(method), true);
        }

        boolean isClause() {
            return rule.chars().filter(ch -> ch == '.').count() == 2;
        }

        /** The spec section of the broken rule: {@code 3} for {@code 3.2} and {@code 3.2.a}. */
        int section() {
            return Integer.parseInt(rule.split("\\.")[0]);
        }

        /** The broken rule's number within its section: {@code 2} for {@code 3.2} and {@code 3.2.a}. */
        int ruleNumber() {
            return Integer.parseInt(rule.split("\\.")[1]);
        }
    }

    private final IntPredicate sections;
    private final IntPredicate ruleNumbers;

    /** @param sections which spec sections' cases this part of the self-test runs, every rule of them */
    BrokenImplementationsTest(IntPredicate sections) {
        this(sections, number -> true);
    }

    /**
     * @param sections which spec sections' cases this part of the self-test runs
     * @param ruleNumbers which rules of those sections, by their number within the section
     */
    BrokenImplementationsTest(IntPredicate sections, IntPredicate ruleNumbers) {
        this.sections = sections;
        this.ruleNumbers = ruleNumbers;
    }

    static List<Case> cases() {
        return List.of(
                new Case(Broken.FifoOrder.class, "3.2", List.of(TerminableTck.ShutdownOrder.class)),
                // the generated scenarios' own order check must catch it too, not only the example tests
                new Case(Broken.FifoOrder.class, "3.2", List.of(TerminableTck.ShutdownProperties.class)),
                new Case(Broken.DoubleCallback.class, "1.2", List.of(TerminableTck.Threads.class)),
                new Case(Broken.LostPreStartRequest.class, "1.4", List.of(TerminableTck.Threads.class)),
                new Case(Broken.LateRegistrationLeftRunning.class, "2.3", List.of(TerminableTck.Registration.class)),
                new Case(Broken.SkipAfterFailure.class, "3.5", TerminableTck.ShutdownOrder.class,
                        "required_aFailingCallbackIsReportedAndSkipsNothing"),
                new Case(Broken.FutureNeverCompleted.class, "5.2", List.of(TerminableTck.Loops.class)),
                new Case(Broken.BlockingTerminate.class, "1.2", List.of(TerminableTck.Threads.class)),
                new Case(Broken.NewHandlePerCall.class, "3.1", List.of(TerminableTck.ShutdownOrder.class)),
                new Case(Broken.CallbackOnCaller.class, "1.8", List.of(TerminableTck.Threads.class)),
                new Case(Broken.NeverForgets.class, "2.2", TerminableTck.Registration.class,
                        "required_endedThreadsAreForgotten"),
                new Case(Broken.RequestOrderOnly.class, "3.2", List.of(TerminableTck.CompletionOrder.class)),
                // the generated scenarios' completion-order check must catch it too
                new Case(Broken.RequestOrderOnly.class, "3.2", List.of(TerminableTck.ShutdownProperties.class)),
                new Case(Broken.CloseTerminates.class, "5.8", List.of(TerminableTck.LoopContract.class)),
                new Case(Broken.ShutdownNowCancels.class, "5.10", List.of(TerminableTck.LoopContract.class)),
                new Case(Broken.SelfWaitNotDetected.class, "5.9", List.of(TerminableTck.LoopContract.class)),
                new Case(Broken.CompletionIgnoresChildren.class, "2.7", List.of(TerminableTck.Attached.class)),
                new Case(Broken.TerminatedWhenUnreferenced.class, "2.5.e", TerminableTck.Registration.class,
                        "required_aCoordinatorHeldOnlyByItsRunningThreadStaysFullyFunctional"),
                // races, each run against the one test that must catch it on every run
                // (tck/README.md, "Races and repetitions")
                Case.race(Broken.InterruptClearedBeforeBody.class, "1.1.c", TerminableTck.Races.class,
                        "stochastic_theDefaultInterruptOfARequestRacingStartIsNeverLost"),
                Case.race(Broken.RequestLostWhenRacingStart.class, "1.4.d", TerminableTck.Races.class,
                        "stochastic_terminateRacingStartIsNeverLost"),
                Case.race(Broken.AcceptedUntilCallbackStarts.class, "1.3.b", TerminableTck.Threads.class,
                        "required_requestsLandingBeforeAndWhileTheCallbackRunsAreAcceptedOnce"),
                Case.race(Broken.TerminateCheckThenAct.class, "1.3.b", TerminableTck.Races.class,
                        "stochastic_concurrentTerminateCallersCauseOneCallback"),
                // one per clause kind that had none: owners, completion, observability, and (in child
                // JVMs) quiescence and the hook path; each runs only the tests that can see it
                new Case(Broken.OwnerIgnored.class, "2.6", TerminableTck.Registration.class,
                        "required_aThreadWhoseOwnerBecomesUnreachableIsTerminated"),
                new Case(Broken.CompletionBeforeThreadsEnd.class, "3.7", TerminableTck.ShutdownCompletion.class,
                        "required_completionWaitsForEveryThreadToEnd"),
                new Case(Broken.ListenersMissTheEnd.class, "8.1", TerminableTck.Observability.class,
                        "required_listenersSeeEachPhaseChangeAroundTheTerminatePhase"),
                new Case(Broken.OverrunDeliveryUnbounded.class, "8.1.c", TerminableTck.Observability.class,
                        "required_aListenerBlockedWhileToldThatACallbackOverranHoldsTheShutdownBackForAtMostTheCallbackTimeout"),
                new Case(Broken.QuiescenceIgnoresBlockers.class, "4.4", TerminableTck.Quiescence.class,
                        "required_aNonTerminableThreadKeepsTheProgramRunningAndTheWatcherJoinsIt"),
                new Case(Broken.CallbacksOnTheHookThread.class, "4.6.c", TerminableTck.JvmHook.class,
                        "required_systemExitTerminatesInOrderFromTheHookBesideOtherHooks"),
                // clauses that mutation testing showed no test required (tck/mutation/README.md,
                // eighth measurement)
                new Case(Broken.BodyFailureSwallowed.class, "1.1.i", TerminableTck.Threads.class,
                        "required_anExceptionFromTheBodyReachesTheUncaughtExceptionHandlerAndTheThreadIsForgotten"),
                new Case(Broken.JoinTimeoutOverflows.class, "2.2.f", TerminableTck.Registration.class,
                        "required_joinWithATimeoutBeyondNanosecondsWaitsForABodyThatThrowsAndReturnsTrue"),
                // the same overflow in an await's deadline, which no test required either
                new Case(Broken.AwaitDeadlineOverflows.class, "3.8.a", TerminableTck.ShutdownCompletion.class,
                        "required_anAwaitWithADeadlineTooLongForNanosecondsWaitsForCompletion"),
                // a failing Thread.start(), tested in a child JVM whose address space runs out
                new Case(Broken.StartFailureSwallowed.class, "1.1.f", TerminableTck.Threads.class,
                        "required_aStartWhoseUnderlyingThreadCannotStartPropagatesTheErrorAndRegistersNothing"));
    }

    /**
     * Set {@code -Dterminable.selftest.only=Name1,Name2} to run only the broken implementations
     * with those simple class names (while working on one of them).
     */
    private static final String ONLY = System.getProperty("terminable.selftest.only", "");

    /** How many times a case whose race tests the machine was too busy for is run before it is given up as inconclusive. */
    private static final int INCONCLUSIVE_RUNS = 3;

    @TestFactory
    Stream<DynamicTest> everyBrokenImplementationFailsOnTheRuleItBreaks() {
        List<String> only = ONLY.isBlank() ? List.of() : List.of(ONLY.split(","));
        return cases().stream().filter(c -> sections.test(c.section()) && ruleNumbers.test(c.ruleNumber()))
                .filter(c -> only.isEmpty() || only.contains(c.broken().getSimpleName()))
                .map(c -> DynamicTest.dynamicTest(c.broken().getSimpleName() + " fails rule " + c.rule(),
                        () -> assertRejected(c)));
    }

    private static void assertRejected(Case c) throws Exception {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Class<?> group : c.groups()) {
            if (c.methods().isEmpty()) {
                selectors.add(selectNestedClass(List.of(SelfTestTck.class), group));
            }
            for (String method : c.methods()) {
                selectors.add(SelfTestRun.selectTest(group, method));
            }
        }
        // Only the tests citing the broken rule or clause run: the verdict below counts no other
        // failure, and a broken implementation makes many other tests wait out their windows.
        PostDiscoveryFilter citing = descriptor -> {
            if (descriptor.getSource().orElse(null) instanceof MethodSource source) {
                List<String> cited = TestInventory.rulesOf(source.getJavaMethod());
                boolean keep = cited.contains(c.rule()) || cited.stream().map(SpecClause::ruleOf).anyMatch(c.rule()::equals);
                return FilterResult.includedIf(keep, () -> "cites " + c.rule(), () -> "does not cite " + c.rule());
            }
            return FilterResult.included("container");
        };
        String name = c.broken().getSimpleName();
        SelfTestRun.Outcome outcome = SelfTestRun.run(SelfTestRun.instantiate(c.broken()), selectors, citing);
        // A race test that the machine was too busy for passed nothing and failed nothing: run the
        // case again (the load of a parallel build comes and goes), and if it stays inconclusive,
        // say so instead of judging the TCK on it.
        for (int run = 1; outcome.inconclusive() && run < INCONCLUSIVE_RUNS; run++) {
            outcome = SelfTestRun.run(SelfTestRun.instantiate(c.broken()), selectors, citing);
        }
        assumeFalse(outcome.inconclusive(), name + ": inconclusive in " + INCONCLUSIVE_RUNS
                + " runs, the machine too busy for " + outcome.tooBusy());
        assertThat(outcome.executed()).as("tests run against " + name).isPositive();
        assertThat(outcome.rejected()).as(name + " must be rejected by the TCK, but passed all " + outcome.executed()
                + " tests of " + c.groups().stream().map(Class::getSimpleName).toList()).isTrue();
        assertThat(outcome.failedRules()).as(name + " must fail a test of " + (c.isClause() ? "clause " : "rule ")
                + c.rule() + "; the failed tests were " + outcome.sortedMessages()).contains(c.rule());
    }
}
