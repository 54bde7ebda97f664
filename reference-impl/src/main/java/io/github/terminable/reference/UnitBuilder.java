package io.github.terminable.reference;

import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * The settings that {@link ReferenceThreadBuilder} and {@link ReferenceLoopBuilder} share, with
 * their setters: the name (clauses 1.10.a and 1.10.b), the owner, held only through a
 * {@link WeakReference} (clause 2.6.a: a builder kept in a variable must not keep the owner
 * alive), and whether the unit's turn waits for its thread to end (rule 3.11, default
 * {@code true}). Each subclass adds its own settings and the method that builds.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Every setter
 * validates first and changes nothing when it throws (clause 1.10.d).
 *
 * @param <B> the public builder interface the subclass implements; the setters return the
 *     builder as that type
 */
abstract class UnitBuilder<B> {

    /** The coordinator of the units built. */
    final ReferenceCoordinator coordinator;
    private String name;
    private WeakReference<Object> owner;
    private boolean awaitedInTurn = true;

    /**
     * Creates a builder.
     *
     * @param coordinator the coordinator of the units built
     */
    UnitBuilder(ReferenceCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Returns this builder as its public interface, for the setters' return value. The cast is
     * safe: each subclass implements {@code B} itself.
     */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B name(String name) {
        this.name = Arguments.requireName(name);
        return self();
    }

    public B owner(Object owner) {
        this.owner = new WeakReference<>(Objects.requireNonNull(owner, "owner must not be null"));
        return self();
    }

    /**
     * Sets whether the unit's turn waits for its thread to end. Default {@code true}: the turn
     * waits until its thread has ended (rules 3.2 and 3.11); for a loop, that is after its last
     * task and every deferred cleanup.
     */
    public B awaitedInTurn(boolean awaited) {
        this.awaitedInTurn = awaited;
        return self();
    }

    /**
     * Returns the name set, or else the coordinator's next default name for this kind of unit;
     * a named unit takes no number.
     */
    final String unitName() {
        if (name != null) {
            return name;
        }
        return nextDefaultName();
    }

    /** Returns the coordinator's next default name for the kind of unit this builder builds. */
    abstract String nextDefaultName();

    /** Returns the weak reference to the owner set, or {@code null} if none was (rule 2.6). */
    final WeakReference<Object> ownerReference() {
        return owner;
    }

    /** Returns whether the unit's turn waits for its thread to end (rule 3.11). */
    final boolean awaited() {
        return awaitedInTurn;
    }
}
