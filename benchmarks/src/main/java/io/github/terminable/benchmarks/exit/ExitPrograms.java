package io.github.terminable.benchmarks.exit;

/**
 * What the whole-process exit programs share: their command line.
 *
 * <p>Every program takes {@code [loops] [--verbose]}: how many background loops to start (default
 * {@value #DEFAULT_LOOPS}), and whether to print what it did (off when timed, so the measured
 * processes write nothing).
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
}
