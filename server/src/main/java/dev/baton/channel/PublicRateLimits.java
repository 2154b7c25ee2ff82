package dev.baton.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.ProblemResponses;
import dev.baton.shared.RateLimited;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits of the public API (Bucket4j): every request per client address, and messages per visitor.
 * Buckets live in memory per node; a cluster multiplies the allowance by its node count.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class PublicRateLimits extends OncePerRequestFilter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(5)).build();
    private final long perIp;
    private final long messagesPerVisitor;
    private final JsonMapper json;

    PublicRateLimits(BatonProperties properties, JsonMapper json) {
        this.perIp = properties.rateLimits().publicRequestsPerMinutePerIp();
        this.messagesPerVisitor = properties.rateLimits().visitorMessagesPerMinute();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/public/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe = bucket("ip:" + request.getRemoteAddr(), perIp).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            ProblemResponses.write(request, response, json, new RateLimited(retryAfterSeconds(probe)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** One message more for this visitor, or 429. */
    void consumeMessage(long contactInboxId) {
        ConsumptionProbe probe = bucket("visitor:" + contactInboxId, messagesPerVisitor).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimited(retryAfterSeconds(probe));
        }
    }

    /** Whole seconds until a token is back, rounded up so that a client waiting that long succeeds. */
    private static long retryAfterSeconds(ConsumptionProbe probe) {
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
    }

    private Bucket bucket(String key, long perMinute) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
    }
}
