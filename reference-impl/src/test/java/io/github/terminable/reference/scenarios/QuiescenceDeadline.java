package io.github.terminable.reference.scenarios;

import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

/**
 * On the quiescence path a thread that ignores termination: the watcher reports the missed
 * deadline once and ends the JVM with {@code deadlineExitStatus} (rule 4.12); the hook that
 * System.exit runs neither waits nor reports again.
 */
public final class QuiescenceDeadline {
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("JVM-HOOK")));
        Terminables.global().addListener(new TerminationListener() {
            @Override
            public void deadlineMissed(ShutdownReport report) {
                System.out.println("LISTENER deadlineMissed " + report.unfinished().size());
            }
        });
        Terminables.global().threadBuilder().name("stubborn").start(StubbornThread::ignoreEveryInterrupt);
        System.out.println("READY");
    }
}
