package io.github.terminable.tck.harness;

/** Prints the time factor this JVM resolved; run in a child JVM by {@link TckTimeTest}. */
public final class TimeFactorProbe {

    private TimeFactorProbe() {
    }

    /**
     * Prints {@code FACTOR <x>}.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("FACTOR " + TckTime.factor());
    }
}
