package dev.baton.shared;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The log's line for a request refused at the edge (bad encoding, a rejected URL, ...): one short line, never a stack
 * trace, and at most {@value #PER_MINUTE} a minute, so that one client sending garbage cannot fill the disk. Lines
 * left out are counted in the next line written.
 */
@Component
public class RefusedRequests {

    static final int PER_MINUTE = 20;
    private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);

    private final Bucket lines = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(PER_MINUTE).refillGreedy(PER_MINUTE, Duration.ofMinutes(1)).build())
            .build();
    private final AtomicLong suppressed = new AtomicLong();

    public void log(HttpServletRequest request, int status, String code) {
        log(request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), status, code);
    }

    void log(String method, String path, String client, int status, String code) {
        if (!lines.tryConsume(1)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        log.warn("Refused {} {} from {}: {} {}{}", method, shorten(path), client, status, code,
                skipped == 0 ? "" : " (" + skipped + " more refused requests not logged)");
    }

    /** At most 120 characters of the path, with control characters shown as '?'. */
    static String shorten(String path) {
        if (path == null) {
            return "";
        }
        String cut = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
