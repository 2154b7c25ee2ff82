package dev.baton.channel.slack;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.baton.shared.BytesInputStream;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the raw bytes of Slack's requests before any filter reads them as form parameters (which would consume a
 * form POST's body): the signature covers exactly these bytes. Only {@code POST /slack/*}, at most 1 MiB.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SlackRawBody extends OncePerRequestFilter {

    static final int MAX_BODY = 1 << 20;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/slack/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                return new BytesInputStream(body);
            }
        }, response);
    }
}
