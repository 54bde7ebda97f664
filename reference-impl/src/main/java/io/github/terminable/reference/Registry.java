package io.github.terminable.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * The live threads of one coordinator, in registration order (rules 2.1 and 2.2): a doubly
 * linked list with O(1) {@link #add} and {@link #remove}, so memory is bounded by the threads
 * that are registered and not yet ended, never by the threads ever created.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: every method must be called with the owning
 * coordinator's lock held. {@link Node}s are handed out to the caller, which keeps one per
 * registered element to remove it later.
 *
 * @param <T> the element type
 */
final class Registry<T> {

    /**
     * One registration: links, and whether it is still in the list.
     *
     * @param <T> the element type
     */
    static final class Node<T> {
        final T value;
        Node<T> previous;
        Node<T> next;
        boolean linked;

        private Node(T value) {
            this.value = value;
        }
    }

    private Node<T> first;
    private Node<T> last;
    private int size;

    /**
     * Appends {@code value} after every element registered before it.
     *
     * @param value the element
     * @return its node, to pass to {@link #remove}
     */
    Node<T> add(T value) {
        Node<T> node = new Node<>(value);
        node.previous = last;
        if (last == null) {
            first = node;
        } else {
            last.next = node;
        }
        last = node;
        node.linked = true;
        size++;
        return node;
    }

    /**
     * Unlinks {@code node}; does nothing if it was already removed.
     *
     * @param node a node returned by {@link #add}
     * @return whether it was linked
     */
    boolean remove(Node<T> node) {
        if (!node.linked) {
            return false;
        }
        if (node.previous == null) {
            first = node.next;
        } else {
            node.previous.next = node.next;
        }
        if (node.next == null) {
            last = node.previous;
        } else {
            node.next.previous = node.previous;
        }
        node.previous = null;
        node.next = null;
        node.linked = false;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the elements, oldest registration first.
     *
     * @return a new list
     */
    List<T> oldestFirst() {
        List<T> out = new ArrayList<>(size);
        for (Node<T> n = first; n != null; n = n.next) {
            out.add(n.value);
        }
        return out;
    }

    /**
     * Returns the elements, newest registration first.
     *
     * @return a new list
     */
    List<T> newestFirst() {
        List<T> out = new ArrayList<>(size);
        for (Node<T> n = last; n != null; n = n.previous) {
            out.add(n.value);
        }
        return out;
    }
}
