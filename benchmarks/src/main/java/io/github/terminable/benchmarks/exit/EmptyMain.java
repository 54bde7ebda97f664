package io.github.terminable.benchmarks.exit;

/**
 * Row 5 of the benchmark table, the floor: a {@code main} that does nothing, from the same jar. Its
 * wall time is the JVM's own start and exit, which the other exit programs share.
 */
public final class EmptyMain {

    private EmptyMain() {
    }

    /**
     * Returns at once.
     *
     * @param args {@code [--verbose]}
     */
    public static void main(String[] args) {
        if (ExitPrograms.verbose(args)) {
            System.out.println("empty main returns");
        }
    }
}
