package io.github.terminable.tck;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.broken.Broken;
import io.github.terminable.tck.harness.TckKnobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures how often the TCK's race tests catch the self-test's racy broken implementations, as
 * documented in {@code tck/README.md} ("Races and repetitions"). Not part of the build: run with
 * {@code -Dterminable.selftest.measure=<runs>} (and {@code -Dtest=RaceDetectionRates}). Each
 * race test is run {@code runs} times with one repetition against its broken implementation;
 * the fraction of failed runs is the detection rate p of one repetition, and the rate of a run
 * with the default repetitions R is 1 - (1 - p)^R.
 */
@EnabledIfSystemProperty(named = "terminable.selftest.measure", matches = "\\d+")
class RaceDetectionRates {

    private record Race(Class<? extends TerminableProvider> broken, Class<?> group, String method) {
    }

    /**
     * The race test of each racy case of the self-test, which must catch its break on every run,
     * then other tests that can catch the same breaks, measured for comparison.
     */
    private static List<Race> races() {
        List<Race> races = new ArrayList<>();
        for (BrokenImplementationsTest.Case c : BrokenImplementationsTest.cases()) {
            if (c.race()) {
                races.add(new Race(c.broken(), c.groups().get(0), c.methods().get(0)));
            }
        }
        races.add(new Race(Broken.RequestLostWhenRacingStart.class, TerminableTck.Threads.class,
                "required_aRequestRacingStartIsHonouredOnce"));
        races.add(new Race(Broken.TerminateCheckThenAct.class, TerminableTck.Threads.class,
                "required_callbackRunsExactlyOnceHoweverManyCallers"));
        races.add(new Race(Broken.AcceptedUntilCallbackStarts.class, TerminableTck.Races.class,
                "stochastic_concurrentTerminateCallersCauseOneCallback"));
        return races;
    }

    @Test
    void measure() throws Exception {
        int runs = Integer.parseInt(System.getProperty("terminable.selftest.measure"));
        String only = System.getProperty("terminable.selftest.only", "");
        String before = System.getProperty(TckKnobs.REPETITIONS_PROPERTY);
        System.setProperty(TckKnobs.REPETITIONS_PROPERTY, "1");
        try {
            for (Race race : races()) {
                if (!only.isBlank() && !List.of(only.split(",")).contains(race.broken().getSimpleName())) {
                    continue;
                }
                int failed = 0;
                int inconclusive = 0;
                long started = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    SelfTestRun.Outcome outcome = run(race);
                    if (outcome.rejected()) {
                        failed++;
                    } else if (outcome.inconclusive()) {
                        inconclusive++;
                    }
                }
                double p = (double) failed / runs;
                int r = TckKnobs.DEFAULT_REPETITIONS;
                System.out.printf(Locale.ROOT, "DETECTION %s %s.%s: %d of %d one-repetition runs failed (p = %.2f),"
                                + " %d aborted as too busy; %d repetitions: %.4f; %.1f s per run%n",
                        race.broken().getSimpleName(), race.group().getSimpleName(), race.method(), failed, runs, p,
                        inconclusive, r, 1 - Math.pow(1 - p, r), (System.nanoTime() - started) / 1e9 / runs);
            }
        } finally {
            if (before == null) {
                System.clearProperty(TckKnobs.REPETITIONS_PROPERTY);
            } else {
                System.setProperty(TckKnobs.REPETITIONS_PROPERTY, before);
            }
        }
    }

    private static SelfTestRun.Outcome run(Race race) throws Exception {
        SelfTestRun.Outcome outcome = SelfTestRun.run(SelfTestRun.instantiate(race.broken()),
                List.of(SelfTestRun.selectTest(race.group(), race.method())));
        if (outcome.executed() != 1) {
            throw new AssertionError("expected to run one test, ran " + outcome.executed() + ": " + race);
        }
        return outcome;
    }
}
