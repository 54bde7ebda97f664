/**
 * Scenario programs that the TCK runs in child JVMs, for the rules that can only be observed in
 * a process of their own: quiescence, {@code System.exit}, signals, deadlines, jshell, lazy
 * installation and discovery (sections 4 and 7). Each prints {@code READY} once set up, and
 * one line per observable event, which the parent test reads. Not exported: child JVMs use the
 * class path.
 */
package io.github.terminable.tck.child;
