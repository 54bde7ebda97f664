package io.github.terminable.reference.scenarios;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationListener;
import io.github.terminable.Terminables;

/**
 * On the quiescence path, callbacks that go on after interrupting their thread, and the final
 * listener notification, finish before the JVM's own shutdown hooks run (rule 4.11).
 */
public final class CallbackTailBeforeHooks {
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("JVM-HOOK")));
        Terminables.global().addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                System.out.println("LISTENER " + from + "->" + to + " " + trigger);
            }
        });
        for (int i = 0; i < 2; i++) {
            Terminables.global().threadBuilder().name("tail-" + i).onTerminate(t -> {
                t.thread().interrupt();
                Thread.sleep(200); // the callback's tail: slow work after the thread was told to stop
                System.out.println("CALLBACK-TAIL " + t.name());
            }).start(Workers::waitThenClean);
        }
        System.out.println("READY");
    }
}
