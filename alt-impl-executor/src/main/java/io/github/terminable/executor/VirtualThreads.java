package io.github.terminable.executor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds the JDK 21 virtual-thread builder reflectively (rules 6.1 and 6.2).
 *
 * <p>The module compiles with {@code --release 17}, so it cannot link against
 * {@code Thread.ofVirtual()}. At class initialisation it looks the three members it needs up
 * through {@link MethodHandles#publicLookup()} and then calls {@code Thread.ofVirtual()} once
 * (rule 6.2: support means that this call succeeds). On a runtime older than Java 19 the lookup
 * fails; on Java 19 or 20 without {@code --enable-preview} the call throws; either way
 * {@link #isAvailable()} is {@code false}.
 *
 * <p><b>Thread-safety.</b> Immutable after class initialisation (the JLS guarantees that the
 * static final handles are visible to every thread that uses the class).
 */
final class VirtualThreads {

    /** The Java feature release that made virtual threads final. */
    static final int REQUIRED_FEATURE = 21;

    /** {@code Thread.ofVirtual()}, or null. */
    private static final MethodHandle OF_VIRTUAL;
    /** {@code Thread.Builder.OfVirtual.name(String)}, or null. */
    private static final MethodHandle NAME;
    /** {@code Thread.Builder.unstarted(Runnable)}, or null. */
    private static final MethodHandle UNSTARTED;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle unstarted = null;
        if (Runtime.version().feature() >= 19) { // Thread.ofVirtual() appeared (as a preview) in Java 19
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
                ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
                name = lookup.findVirtual(ofVirtualType, "name", MethodType.methodType(ofVirtualType, String.class));
                unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
                // Rule 6.2: support means that calling Thread.ofVirtual() succeeds. On Java 19 and
                // 20 without --enable-preview it exists but throws UnsupportedOperationException.
                ofVirtual.invoke();
            } catch (Throwable unavailable) {
                ofVirtual = null;
                name = null;
                unstarted = null;
            }
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        UNSTARTED = unstarted;
    }

    private VirtualThreads() {
    }

    /**
     * Returns whether this runtime can create virtual threads.
     *
     * @return {@code true} if {@code Thread.ofVirtual()} succeeded once (Java 21 or newer, or a
     *     preview runtime with preview features enabled)
     */
    static boolean isAvailable() {
        return OF_VIRTUAL != null;
    }

    /**
     * Throws unless virtual threads are available (rule 6.2).
     *
     * @throws UnsupportedOperationException naming the Java version required
     */
    static void requireAvailable() {
        if (!isAvailable()) {
            throw new UnsupportedOperationException("virtual terminable threads need Java " + REQUIRED_FEATURE
                    + " or newer (or Java 19/20 with --enable-preview); this runtime is Java "
                    + Runtime.version().feature());
        }
    }

    /**
     * Creates an unstarted virtual thread.
     *
     * @param name its name
     * @param body what it runs
     * @return the new, unstarted virtual thread
     * @throws UnsupportedOperationException if virtual threads are not available
     */
    static Thread unstarted(String name, Runnable body) {
        requireAvailable();
        try {
            Object builder = OF_VIRTUAL.invoke();
            builder = NAME.invoke(builder, name);
            return (Thread) UNSTARTED.invoke(builder, body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException("could not create a virtual thread", impossible);
        }
    }
}
