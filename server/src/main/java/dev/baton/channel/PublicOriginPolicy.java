package dev.baton.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxChanged;
import dev.baton.inbox.InboxService;
import dev.baton.shared.AfterCommit;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The widget runs on the customer's site, so the public API answers cross-origin requests (CORS) —
 * but only from the inbox's allowed origins when it lists any. Settings are cached for a few seconds: this node
 * forgets them as soon as an inbox's change commits, other nodes within those seconds.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PublicOriginPolicy extends OncePerRequestFilter {

    private static final Pattern INBOX_PATH = Pattern.compile("^/public/api/v1/inboxes/([^/]+)(/.*)?$");

    private final InboxService inboxes;
    private final JsonMapper json;
    private final Cache<String, Optional<Inbox>> cache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(10)).build();

    PublicOriginPolicy(InboxService inboxes, JsonMapper json) {
        this.inboxes = inboxes;
        this.json = json;
    }

    /** An administrator's change of the allowed origins holds on this node from the next request. */
    @EventListener
    void on(InboxChanged e) {
        AfterCommit.run(cache::invalidateAll);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/public/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        Matcher m = INBOX_PATH.matcher(request.getRequestURI());
        if (origin != null && m.matches()) {
            Optional<Inbox> inbox = cache.get(m.group(1), inboxes::byIdentifier);
            if (inbox.isPresent() && !inbox.get().allowsOrigin(origin)) {
                ProblemResponses.write(request, response, json, new BatonException(ErrorCode.ORIGIN_NOT_ALLOWED, origin));
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.addHeader("Vary", "Origin");
            if ("OPTIONS".equals(request.getMethod())) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, PATCH, OPTIONS");
                response.setHeader("Access-Control-Allow-Headers", "Content-Type");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(HttpStatus.NO_CONTENT.value());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
