package io.github.terminable.reference.scenarios;

/** main returns while 50 terminable threads run: quiescence terminates them (rule 4.2). */
public final class MainReturns {
    public static void main(String[] args) {
        Workers.start(50);
        System.out.println("READY");
    }
}
