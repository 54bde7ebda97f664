package io.github.terminable.tck.broken;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopTask;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deliberately broken implementations of the TCK's self-test. Each is the reference
 * implementation behind forwarding wrappers that break exactly one behaviour.
 */
public final class Broken {

    private Broken() {
    }

    /** Terminates in registration (FIFO) order instead of reverse order: breaks rule 3.2. */
    public static final class FifoOrder extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                private final AtomicBoolean first = new AtomicBoolean(true);

                @Override
                public ShutdownCompletion shutdown() {
                    if (first.compareAndSet(true, false)) {
                        for (TerminableThread t : liveThreads()) { // registration order
                            t.terminate();
                        }
                    }
                    return super.shutdown();
                }
            };
        }
    }

    /** Invokes every callback twice: breaks rule 1.2. */
    public static final class DoubleCallback extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback once = super.wrapCallback(callback);
                    return t -> {
                        once.onTerminate(t);
                        once.onTerminate(t);
                    };
                }
            };
        }
    }

    /** Drops a terminate() made before start(), while still answering true: breaks rule 1.4. */
    public static final class LostPreStartRequest extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        private final AtomicBoolean dropped = new AtomicBoolean();

                        @Override
                        public boolean terminate() {
                            if (delegate.state() == ThreadState.NEW) {
                                return dropped.compareAndSet(false, true); // the request is "recorded" nowhere
                            }
                            return delegate.terminate();
                        }

                        @Override
                        public boolean isTerminationRequested() {
                            return dropped.get() || delegate.isTerminationRequested();
                        }
                    };
                }
            };
        }
    }

    /** Runs a thread started during shutdown as a plain, unregistered thread: breaks rule 2.3. */
    public static final class LateRegistrationLeftRunning extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        @Override
                        public void start() {
                            if (coordinator.phase() != io.github.terminable.CoordinatorPhase.OPEN && this.body != null) {
                                Thread plain = new Thread(this.body, name() + "-unregistered");
                                plain.setDaemon(true);
                                plain.start();
                                return;
                            }
                            super.start();
                        }
                    };
                }
            };
        }
    }

    /** Once a callback has thrown, skips every later callback of the coordinator: breaks rule 3.5. */
    public static final class SkipAfterFailure extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                private final AtomicBoolean failed = new AtomicBoolean();

                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback inner = super.wrapCallback(callback);
                    return t -> {
                        if (failed.get()) {
                            return;
                        }
                        try {
                            inner.onTerminate(t);
                        } catch (Exception | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    };
                }
            };
        }
    }

    /** Hands out loop futures that never complete when their task is cancelled: breaks rule 5.2. */
    public static final class FutureNeverCompleted extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                protected BackgroundLoop wrapLoop(BackgroundLoop loop) {
                    return new ForwardingLoop(this, loop) {
                        @Override
                        public <T> Future<T> submit(Callable<T> task) {
                            CompletableFuture<T> future = new CompletableFuture<>();
                            delegate.submit(() -> {
                                try {
                                    T value = task.call();
                                    future.complete(value);
                                    return value;
                                } catch (Exception e) {
                                    future.completeExceptionally(e);
                                    throw e;
                                }
                            });
                            return future; // never completed if the task is cancelled before it runs
                        }

                        @Override
                        public <T> Future<T> submitWithContext(LoopTask<T> task) {
                            CompletableFuture<T> future = new CompletableFuture<>();
                            delegate.submitWithContext(ctx -> {
                                T value = task.run(ctx);
                                future.complete(value);
                                return value;
                            });
                            return future;
                        }
                    };
                }
            };
        }
    }

    /** Makes terminate() wait until the callback has finished: breaks rule 1.2 (and 1.6). */
    public static final class BlockingTerminate extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    TerminationCallback inner = super.wrapCallback(callback);
                    return t -> {
                        try {
                            inner.onTerminate(t);
                        } finally {
                            finished.computeIfAbsent(t.name(), k -> new CountDownLatch(1)).countDown();
                        }
                    };
                }

                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        @Override
                        public boolean terminate() {
                            boolean accepted = delegate.terminate();
                            if (accepted && this.callback != null && delegate.state() != ThreadState.NEW) {
                                try {
                                    finished.computeIfAbsent(name(), k -> new CountDownLatch(1)).await(10, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return accepted;
                        }
                    };
                }
            };
        }
    }

    /** Returns a new completion handle from every shutdown() call: breaks rule 3.1. */
    public static final class NewHandlePerCall extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            return new ForwardingCoordinator(c) {
                @Override
                public ShutdownCompletion shutdown() {
                    ShutdownCompletion real = super.shutdown();
                    return new ShutdownCompletion() {
                        @Override
                        public ShutdownTrigger trigger() {
                            return real.trigger();
                        }

                        @Override
                        public boolean isDone() {
                            return real.isDone();
                        }

                        @Override
                        public ShutdownReport await(Duration deadline) throws InterruptedException {
                            return real.await(deadline);
                        }

                        @Override
                        public CompletionStage<ShutdownReport> toCompletionStage() {
                            return real.toCompletionStage();
                        }
                    };
                }
            };
        }
    }

    /** Runs the callback on the thread that called terminate(): breaks rule 1.8. */
    public static final class CallbackOnCaller extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            Map<TerminableThread, AtomicBoolean> ranOnCaller = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
            return new ForwardingCoordinator(c) {
                @Override
                protected TerminationCallback wrapCallback(TerminationCallback callback) {
                    return inner -> {
                        ForwardingThread w = wrap(inner, null, null);
                        if (!ranOnCaller.computeIfAbsent(w, k -> new AtomicBoolean()).get()) {
                            callback.onTerminate(w);
                        }
                    };
                }

                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        @Override
                        public boolean terminate() {
                            boolean started = delegate.state() != ThreadState.NEW;
                            AtomicBoolean flag = ranOnCaller.computeIfAbsent(this, k -> new AtomicBoolean());
                            if (started) {
                                flag.set(true);
                            }
                            boolean accepted = delegate.terminate();
                            if (accepted && started && this.callback != null) {
                                try {
                                    this.callback.onTerminate(this); // on the caller's thread
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            return accepted;
                        }
                    };
                }
            };
        }
    }

    /** Never forgets a thread: liveThreads() keeps every thread ever started: breaks rule 2.2. */
    public static final class NeverForgets extends ForwardingProvider {
        @Override
        protected ForwardingCoordinator wrap(TerminationCoordinator c) {
            List<TerminableThread> everStarted = java.util.Collections.synchronizedList(new ArrayList<>());
            return new ForwardingCoordinator(c) {
                @Override
                protected ForwardingThread newThread(TerminableThread inner, Runnable body, TerminationCallback callback) {
                    return new ForwardingThread(this, inner, body, callback) {
                        @Override
                        public void start() {
                            super.start();
                            everStarted.add(this);
                        }
                    };
                }

                @Override
                public List<TerminableThread> liveThreads() {
                    synchronized (everStarted) {
                        return List.copyOf(everStarted);
                    }
                }
            };
        }
    }
}
