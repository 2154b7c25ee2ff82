package dev.baton.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query parameters reach SQL as text, where PostgreSQL refuses NUL (a 500). An encoded NUL
 * ({@code %00}) in the query string is refused at the edge, like {@link TextInput} does for bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class QueryTextCheck extends OncePerRequestFilter {

    private final JsonMapper json;

    QueryTextCheck(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            ProblemResponses.write(response, json, HttpStatus.BAD_REQUEST, "invalid_characters",
                    "Query parameters may not contain NUL characters");
            return;
        }
        chain.doFilter(request, response);
    }
}
