package io.github.terminable.reference;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The O(1) registry of live threads (rules 2.1 and 2.2). */
class RegistryTest {

    @Test
    void keepsRegistrationOrderAndRemovesFromAnywhere() {
        Registry<String> r = new Registry<>();
        Registry.Node<String> a = r.add("a");
        Registry.Node<String> b = r.add("b");
        Registry.Node<String> c = r.add("c");
        Registry.Node<String> d = r.add("d");
        assertThat(r.oldestFirst()).containsExactly("a", "b", "c", "d");
        assertThat(r.newestFirst()).containsExactly("d", "c", "b", "a");
        assertThat(r.remove(b)).isTrue();
        assertThat(r.remove(b)).as("second removal").isFalse();
        assertThat(r.remove(a)).isTrue();
        assertThat(r.remove(d)).isTrue();
        assertThat(r.oldestFirst()).containsExactly("c");
        assertThat(r.newestFirst()).containsExactly("c");
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.remove(c)).isTrue();
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.oldestFirst()).isEmpty();
        r.add("e");
        assertThat(r.oldestFirst()).containsExactly("e");
    }

    @Test
    void removedNodesDropTheirLinks() {
        Registry<Integer> r = new Registry<>();
        List<Registry.Node<Integer>> nodes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nodes.add(r.add(i));
        }
        for (int i = 0; i < 100; i += 2) {
            r.remove(nodes.get(i));
        }
        for (int i = 0; i < 100; i += 2) {
            assertThat(nodes.get(i).previous).isNull();
            assertThat(nodes.get(i).next).isNull();
        }
        assertThat(r.size()).isEqualTo(50);
        assertThat(r.oldestFirst()).allSatisfy(v -> assertThat(v % 2).isEqualTo(1));
    }
}
