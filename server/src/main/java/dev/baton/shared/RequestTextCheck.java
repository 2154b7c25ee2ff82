package dev.baton.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parameters must be text: percent-encoding that decodes to UTF-8, without NUL (PostgreSQL refuses NUL in text, and
 * the container refuses to decode the rest). Checked first of all filters, for every path (actuator included), in
 * the query string, its parameter names and a form body, so a bad request is a 400 problem instead of a failure
 * deep inside a later filter with a stack trace in the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class RequestTextCheck extends OncePerRequestFilter {

    private final JsonMapper json;
    private final RefusedRequests refused;

    RequestTextCheck(JsonMapper json, RefusedRequests refused) {
        this.json = json;
        this.refused = refused;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = queryProblem(request.getQueryString());
        if (problem == null && isForm(request)) {
            problem = formProblem(request);
        }
        if (problem != null) {
            refused.log(request, 400, "invalid_characters");
            ProblemResponses.write(request, response, json, new BatonException(ErrorCode.INVALID_CHARACTERS));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the query string is not text, or null when it is. */
    static String queryProblem(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            for (String part : eq < 0 ? new String[] {pair} : new String[] {pair.substring(0, eq), pair.substring(eq + 1)}) {
                String decoded = decode(part);
                if (decoded == null) {
                    return "Query parameters must be percent-encoded UTF-8";
                }
                if (decoded.indexOf('\0') >= 0) {
                    return "Query parameters may not contain NUL characters";
                }
            }
        }
        return null;
    }

    /** Percent-decodes strictly ('+' is a space); null for a broken escape or bytes that are not UTF-8. */
    static String decode(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    return null;
                }
                int high = Character.digit(part.charAt(i + 1), 16);
                int low = Character.digit(part.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The container decodes form bodies itself, and says so by throwing when it cannot. */
    private static String formProblem(HttpServletRequest request) {
        try {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                if (parameter.getKey().indexOf('\0') >= 0) {
                    return "Form parameters may not contain NUL characters";
                }
                for (String value : parameter.getValue()) {
                    if (value != null && value.indexOf('\0') >= 0) {
                        return "Form parameters may not contain NUL characters";
                    }
                }
            }
            return null;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return "Form parameters must be percent-encoded UTF-8";
        }
    }
}
