package io.github.terminable.reference.scenarios;

/** System.exit(3) while terminable threads run: the hook path (rule 4.6). */
public final class ExitsWithThree {
    public static void main(String[] args) {
        Workers.start(5);
        System.out.println("READY");
        System.exit(3);
    }
}
