package dev.baton.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.shared.BatonProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A flood of sign-ins runs at most the configured number of password hashes at once (issue 10). */
class PasswordChecksTests {

    /** An encoder that counts how many run at once and holds each until the test lets it go. */
    static final class CountingEncoder implements PasswordEncoder {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String encode(CharSequence raw) {
            return "x";
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return false;
        }
    }

    private static BatonProperties withConcurrentChecks(int checks) {
        return new BatonProperties(BatonProperties.Mode.DEVELOPMENT, Path.of("data"), "", "", null, null, null,
                new BatonProperties.RateLimits(120, 30, 10, Duration.ofMinutes(15), 100, Duration.ofMinutes(15), checks,
                        Duration.ofSeconds(1)),
                null, null, null, null, null);
    }

    @Test
    void runsAtMostTheConfiguredNumberOfHashesAtOnce() throws Exception {
        CountingEncoder encoder = new CountingEncoder();
        PasswordChecks checks = new PasswordChecks(encoder, withConcurrentChecks(2));
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                results.add(threads.submit(() -> checks.matches("guess", "hash")));
            }
            while (encoder.running.get() < 2) {
                Thread.onSpinWait(); // the first two are hashing; the other 98 wait for a permit
            }
            assertThat(encoder.running.get()).isEqualTo(2);
            encoder.release.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isFalse();
            }
        }
        assertThat(encoder.mostAtOnce.get()).isEqualTo(2);
    }
}
