/**
 * Scenario programs that the TCK runs in child JVMs, for the rules that can only be observed in
 * a process of their own: quiescence and the completion order after {@code main}, the
 * quiescence deadline and its exit status, {@code System.exit}, signals, deadlines, jshell,
 * coordinators attached to the global one, the main thread, lazy installation, the settings
 * the global coordinator reads and reports, and discovery (rules 2.7, 3.2, sections 4, 7 and 9).
 * Each prints {@code READY} once set up (those that only install print their result), and one
 * line per observable event, which the parent test reads. Not exported: child JVMs use the class
 * path.
 */
package io.github.terminable.tck.child;
