package io.github.terminable.reference;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Creates virtual threads where the runtime has them, without linking against any Java 21 API
 * (rules 6.1 and 6.2).
 *
 * <p>This module is compiled with {@code --release 17}, where {@code Thread.ofVirtual()} does not
 * exist. The three methods needed ({@code Thread.ofVirtual()}, {@code Thread.Builder.name(String)}
 * and {@code Thread.Builder.unstarted(Runnable)}) are looked up once, reflectively, with
 * {@link MethodHandles#publicLookup()}, and {@code Thread.ofVirtual()} is then <em>called</em>
 * once: support means that this call succeeds (rule 6.2). On Java 19 and 20 without
 * {@code --enable-preview} the method exists but throws {@link UnsupportedOperationException},
 * and {@link #isSupported()} is then {@code false}; on Java 17 and 18 the lookup fails.
 *
 * <p><b>Thread-safety.</b> Immutable after class initialisation; safe from any thread.
 */
final class VirtualThreads {

    /** The first Java feature release with final virtual threads, named in the error message. */
    static final int REQUIRED_FEATURE = 21;

    /** {@code () -> Thread.Builder.OfVirtual}, or null if unsupported. */
    private static final MethodHandle OF_VIRTUAL;
    /** {@code (Thread.Builder, String) -> Thread.Builder}, or null if unsupported. */
    private static final MethodHandle NAME;
    /** {@code (Thread.Builder, Runnable) -> Thread}, or null if unsupported. */
    private static final MethodHandle UNSTARTED;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle unstarted = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
            Object probe = ofVirtual.invoke(); // rule 6.2: a preview runtime without --enable-preview throws here
            if (probe == null) {
                ofVirtual = null;
            }
        } catch (Throwable notThere) { // ReflectiveOperationException, LinkageError, UnsupportedOperationException
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = ofVirtual == null ? null : name;
        UNSTARTED = ofVirtual == null ? null : unstarted;
    }

    private VirtualThreads() {
    }

    /**
     * Returns whether this runtime can create virtual threads.
     *
     * @return whether calling {@code Thread.ofVirtual()} succeeded
     */
    static boolean isSupported() {
        return OF_VIRTUAL != null;
    }

    /**
     * Returns the exception thrown when a virtual thread is asked for on a runtime without them
     * (rule 6.2).
     *
     * @return a new exception naming the Java version required
     */
    static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("virtual terminable threads need a runtime where Thread.ofVirtual()"
                + " succeeds (Java " + REQUIRED_FEATURE + " or newer); this runtime is Java " + Runtime.version().feature());
    }

    /**
     * Creates an unstarted virtual thread.
     *
     * @param name the thread's name
     * @param task what it runs
     * @return the unstarted virtual thread
     * @throws UnsupportedOperationException if the runtime has no virtual threads
     */
    static Thread newUnstarted(String name, Runnable task) {
        if (!isSupported()) {
            throw unsupported();
        }
        try {
            Object builder = OF_VIRTUAL.invoke();
            builder = NAME.invoke(builder, name);
            return (Thread) UNSTARTED.invoke(builder, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException("could not create a virtual thread", impossible);
        }
    }
}
