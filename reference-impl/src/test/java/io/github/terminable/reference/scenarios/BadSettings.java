package io.github.terminable.reference.scenarios;

import io.github.terminable.Terminables;

/** An invalid setting makes globalCoordinator() throw, installs nothing, and is retried (rules 4.1, 9.1). */
public final class BadSettings {
    public static void main(String[] args) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                Terminables.global();
                System.out.println("INSTALLED");
            } catch (IllegalArgumentException e) {
                System.out.println("REJECTED " + attempt + ": " + e.getMessage());
            }
        }
        System.out.println("THREADS " + LazyInstall.terminableThreads());
    }
}
