package io.github.terminable.executor;

import java.util.ArrayList;
import java.util.List;

/**
 * The live units of one coordinator in registration order (rules 2.1, 2.2 and 2.7): an intrusive
 * doubly linked list through {@link Unit#prev} and {@link Unit#next}, so a registration costs no
 * node and no table slot, and a removal is constant time.
 *
 * <p><b>Thread-safety.</b> None of its own: every method must be called while holding this
 * object's monitor, which is the coordinator's registration lock.
 */
final class Registry {

    private Unit head;
    private Unit tail;
    private int size;

    /**
     * Appends {@code unit}, which must not be in any registry.
     *
     * @param unit the unit
     */
    void add(Unit unit) {
        unit.prev = tail;
        unit.next = null;
        if (tail == null) {
            head = unit;
        } else {
            tail.next = unit;
        }
        tail = unit;
        size++;
    }

    /**
     * Removes {@code unit} if it is in this registry; otherwise does nothing.
     *
     * @param unit the unit
     */
    void remove(Unit unit) {
        if (unit.prev == null && head != unit) {
            return; // not registered (a unit is only ever in its own coordinator's registry)
        }
        Unit p = unit.prev;
        Unit n = unit.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        // Unlinked units keep no references: an ended thread must not pin its old neighbours.
        unit.prev = null;
        unit.next = null;
        size--;
    }

    /** Returns the oldest unit, or null when empty; walk on with {@link Unit#next}. */
    Unit first() {
        return head;
    }

    /** Returns whether no unit is registered. */
    boolean isEmpty() {
        return head == null;
    }

    /** Returns how many units are registered. */
    int size() {
        return size;
    }

    /** Returns the units in registration order, as a new list. */
    List<Unit> snapshot() {
        List<Unit> units = new ArrayList<>(size);
        for (Unit u = head; u != null; u = u.next) {
            units.add(u);
        }
        return units;
    }
}
