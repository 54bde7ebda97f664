package io.github.terminable.tck.discovery;

import io.github.terminable.Terminables;
import io.github.terminable.TerminableProviderException;

/**
 * Child-JVM program for {@code DiscoveryChildJvmTest}: prints the name of the provider that
 * discovery picks, or the failure message, and exits 0 or 2.
 */
public final class PrintProvider {

    private PrintProvider() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("PROVIDER " + Terminables.provider().name());
            System.out.println("SAME " + (Terminables.provider() == Terminables.provider()));
        } catch (TerminableProviderException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(2);
        }
    }
}
