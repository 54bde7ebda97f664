package io.github.terminable.tck.property;

import java.util.List;

/**
 * What every scenario driver records besides its own observations, and every {@link Oracle}
 * judges the same way: the helper threads that did not return, and the driver's own faults.
 */
interface Observations {

    /**
     * Returns the helper threads still alive when the driver stopped joining them.
     *
     * @return the stuck helpers; empty when every helper returned
     */
    List<StuckHelper> stuckHelpers();

    /**
     * Returns what went wrong in the driver itself (a helper that threw, an unexpected exception
     * from a call the scenario made), in words, in the order it happened.
     *
     * @return the faults; empty when the driver ran as planned
     */
    List<String> faults();
}
