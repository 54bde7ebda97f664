/**
 * The terminable TCK: JUnit Jupiter tests that check an implementation against every rule of the
 * spec, and the runner that prints a rule-by-rule compliance table.
 *
 * <p>Two packages are exported: {@code io.github.terminable.tck}, with the entry class
 * {@link io.github.terminable.tck.TerminableTck}, its test groups and the
 * {@link io.github.terminable.tck.SpecRule} annotation; and {@code io.github.terminable.tck.harness},
 * the test harness (child JVMs, the time factor, a recording listener, gates) that the other
 * modules' tests use in test scope; its package documentation says which of its classes are that
 * contract. Test classes and the harness's JUnit extension are opened to JUnit, which
 * instantiates them reflectively.
 */
module io.github.terminable.tck {
    requires transitive io.github.terminable.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    requires org.junit.platform.reporting;
    requires org.assertj.core;
    requires awaitility;
    requires quicktheories;
    requires java.management;
    requires jdk.jfr;

    exports io.github.terminable.tck;
    exports io.github.terminable.tck.harness;

    opens io.github.terminable.tck to org.junit.platform.commons;
    opens io.github.terminable.tck.harness to org.junit.platform.commons;
}
