package io.github.terminable.benchmarks.exit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the whole-process exit programs share: their command line, and their cleanup action.
 *
 * <p>Every program takes {@code [loops] [--verbose]}: how many background loops to start (default
 * {@value #DEFAULT_LOOPS}), and whether to print what it did (off when timed, so the measured
 * processes write nothing).
 *
 * <p>The programs create every lambda and cleanup object in {@code main}, never first on the loop
 * threads: a call site first reached by many threads at once may spin several classes, one per
 * racing thread, which would make the class counts of {@code process-exit.sh} vary from run to run.
 */
final class ExitPrograms {

    /** The number of loops of row 5 of the benchmark table. */
    static final int DEFAULT_LOOPS = 100;

    private ExitPrograms() {
    }

    /**
     * Reads the loop count.
     *
     * @param args the program's arguments
     * @return the number of loops
     * @throws IllegalArgumentException if the count is not a positive integer
     */
    static int loops(String[] args) {
        for (String a : args) {
            if (!a.startsWith("--")) {
                try {
                    int n = Integer.parseInt(a);
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("the loop count must be a positive integer, got '" + a + "'");
            }
        }
        return DEFAULT_LOOPS;
    }

    /**
     * Reads the verbosity flag.
     *
     * @param args the program's arguments
     * @return whether {@code --verbose} was given
     */
    static boolean verbose(String[] args) {
        return flag(args, "--verbose");
    }

    /**
     * Reads a flag.
     *
     * @param args the program's arguments
     * @param flag the flag, such as {@code --timeline}
     * @return whether it was given
     */
    static boolean flag(String[] args, String flag) {
        for (String a : args) {
            if (a.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cleanup action every loop of a program defers (one shared instance): counts the loops
     * cleaned up, and, with {@code --verbose}, the last one prints {@code cleaned up <n> <what>},
     * which the smoke tests and {@code process-exit.sh} check before anything is timed.
     *
     * <p><b>Thread-safety.</b> Run concurrently by the loops' threads; the count is atomic.
     */
    static final class Cleanup implements Runnable, AutoCloseable {
        private final AtomicInteger cleaned = new AtomicInteger();
        private final int loops;
        private final boolean verbose;
        private final String what;

        Cleanup(int loops, boolean verbose, String what) {
            this.loops = loops;
            this.verbose = verbose;
            this.what = what;
        }

        @Override
        public void run() {
            if (cleaned.incrementAndGet() == loops && verbose) {
                System.out.println("cleaned up " + loops + " " + what);
            }
        }

        /** Runs the cleanup, for the terminable programs' {@code deferCleanup}. */
        @Override
        public void close() {
            run();
        }
    }
}
