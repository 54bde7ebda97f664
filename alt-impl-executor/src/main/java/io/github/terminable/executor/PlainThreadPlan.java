package io.github.terminable.executor;

/**
 * The worker plan of a plain terminable thread: run the body once, then end.
 *
 * <p>The body is the pool's first task and the pool is shut down right after it is submitted,
 * so the worker runs the body and then finds no more work and ends. An exception thrown by the
 * body propagates out of the worker, so the thread dies with it and its uncaught-exception
 * handler reports it, exactly as for a plain {@link Thread}.
 *
 * <p><b>Thread-safety.</b> Immutable.
 */
final class PlainThreadPlan implements WorkerPlan {

    private final String name;
    private final Runnable body;

    PlainThreadPlan(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public void launch(SingleWorkerPool pool) {
        pool.execute(body);
        pool.shutdown();
    }

    @Override
    public void afterWorkerExit() {
        // nothing to clean up
    }

    @Override
    public String rejectionMessage() {
        return "terminable thread '" + name + "' accepts no further work";
    }
}
