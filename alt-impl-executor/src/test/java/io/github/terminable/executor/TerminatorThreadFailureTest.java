package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A terminator whose thread cannot be created is left idle, not stuck "driving"; the next step retries. */
class TerminatorThreadFailureTest {

    @Test
    void aFailedTerminatorStartIsRetriedByTheNextStep() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Terminator terminator = new Terminator("oom-test-terminator", Duration.ofSeconds(30), name -> {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, InternalThreads.IDLE_MILLIS, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        if (attempts.incrementAndGet() == 1) {
                            throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
                        }
                        return InternalThreads.newDaemon(task, name);
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        });
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        assertThatThrownBy(() -> terminator.execute(next -> {
            ran.add("first");
            both.countDown();
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(ran).isEmpty();
        terminator.execute(next -> {
            ran.add("second");
            both.countDown();
        });
        assertThat(both.await(awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ran).containsExactly("first", "second");
        terminator.close();
    }
}
