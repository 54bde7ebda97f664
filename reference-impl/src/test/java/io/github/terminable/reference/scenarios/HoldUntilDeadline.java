package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

import java.util.concurrent.CountDownLatch;

/**
 * On the quiescence path the last thread ends at once, but its callback then blocks far longer
 * than the shutdown deadline: the hold of rule 4.11 keeps the JVM alive only until the watcher
 * reports the missed deadline (rule 4.12); with {@code deadlineExitStatus=none} the JVM then ends
 * normally, long before the callback's bound.
 */
public final class HoldUntilDeadline {
    public static void main(String[] args) {
        Terminables.global().threadBuilder().name("quick").onTerminate(t -> {
            t.thread().interrupt();
            System.out.println("CALLBACK quick blocks");
            new CountDownLatch(1).await();
        }).start(Workers::waitThenClean);
        System.out.println("READY");
    }
}
