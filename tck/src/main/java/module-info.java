/**
 * The terminable TCK: JUnit Jupiter tests that check an implementation against every rule of the
 * spec, and the runner that prints a rule-by-rule compliance table.
 *
 * <p>Only {@code io.github.terminable.tck} is exported: the entry class
 * {@link io.github.terminable.tck.TerminableTck}, its test groups and the
 * {@link io.github.terminable.tck.SpecRule} annotation. Test classes and the harness's JUnit
 * extension are opened to JUnit, which instantiates them reflectively.
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

    opens io.github.terminable.tck to org.junit.platform.commons;
    opens io.github.terminable.tck.harness to org.junit.platform.commons;
}
