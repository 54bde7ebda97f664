package io.github.terminable.reference.scenarios;

/** main throws while terminable threads run (rule 4.3). */
public final class MainThrows {
    public static void main(String[] args) {
        Workers.start(3);
        System.out.println("READY");
        throw new IllegalStateException("main failed on purpose");
    }
}
