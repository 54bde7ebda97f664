package io.github.terminable.reference.scenarios;

import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

/**
 * On the quiescence path a thread that ignores termination: the watcher reports the missed
 * deadline once and ends the JVM with {@code deadlineExitStatus} (rule 4.12); the hook that
 * System.exit runs neither waits nor reports again. With {@code block-listener}, the listener told
 * of the missed deadline never returns; with {@code block-listener exit}, main calls
 * {@code System.exit(5)} so the hook path reports it.
 */
public final class QuiescenceDeadline {
    public static void main(String[] args) {
        boolean blockListener = args.length > 0 && args[0].equals("block-listener");
        boolean exitFromMain = args.length > 1 && args[1].equals("exit");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("JVM-HOOK")));
        Terminables.global().addListener(new TerminationListener() {
            @Override
            public void deadlineMissed(ShutdownReport report) {
                System.out.println("LISTENER deadlineMissed " + report.unfinished().size());
                if (blockListener) {
                    try {
                        new java.util.concurrent.CountDownLatch(1).await(); // rule 4.8/4.12: waited for at most 1 s
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        Terminables.global().threadBuilder().name("stubborn").start(StubbornThread::ignoreEveryInterrupt);
        System.out.println("READY");
        if (exitFromMain) {
            System.exit(5); // the hook path instead (rule 4.8)
        }
    }
}
