package io.github.terminable.executor;

/**
 * The settings that {@link ExecutorThreadBuilder} and {@link ExecutorLoopBuilder} share, with
 * their setters: the name (clauses 1.10.a and 1.10.b), the owner, held weakly from the start
 * (clause 2.6.a: a builder kept in a variable must not keep the owner alive), and whether the
 * unit's terminate-phase turn waits for it to end (rule 3.11; the default is an awaited turn).
 * Each subclass adds its own settings and the method that builds.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an instance to one thread. Each setter
 * validates its argument before changing anything (clause 1.10.d).
 *
 * @param <B> the public builder interface the subclass implements; the setters return the
 *     builder as that type
 */
abstract class UnitBuilder<B> {

    /** The coordinator of the units built. */
    final ExecutorCoordinator coordinator;
    private String name;
    private OwnerReference owner;
    private boolean awaitedInTurn = true;

    /**
     * Creates a builder.
     *
     * @param coordinator the coordinator of the units built
     */
    UnitBuilder(ExecutorCoordinator coordinator) {
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
        this.name = Arguments.notBlank(name, "name");
        return self();
    }

    public B owner(Object owner) {
        this.owner = new OwnerReference(Arguments.notNull(owner, "owner"));
        return self();
    }

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

    /** Returns the owner set, held weakly, or {@code null} if none was (rule 2.6). */
    final OwnerReference ownerReference() {
        return owner;
    }

    /** Returns whether the unit's turn waits for it to end (rule 3.11). */
    final boolean awaited() {
        return awaitedInTurn;
    }
}
