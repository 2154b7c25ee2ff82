package dev.baton.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chatwoot's Rails server reads a form-encoded body as it reads JSON ({@code content=hi&private=true},
 * {@code labels[]=a&labels[]=b}, {@code contact[name]=Ann}), and an empty body with a form content type as no
 * parameters. Many HTTP tools send exactly that (curl's {@code -d}, n8n's "form" body, PHP and Ruby clients). On
 * the API paths such a body is handed to the controllers as the JSON object Rails would make of it, so every
 * endpoint takes both. Values stay strings; the controllers' types convert them as they convert JSON strings.
 * Runs after {@link RequestTextCheck} (which has already refused a form body that is not text).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 12)
class FormBodies extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final JsonMapper json;

    FormBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/public/api/")) || !WITH_BODY.contains(request.getMethod())
                || !isForm(request.getContentType());
    }

    static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ObjectNode body = json.createObjectNode();
        Map<String, Integer> inQuery = queryCounts(request.getQueryString());
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String[] values = parameter.getValue();
            // The container lists a name's query-string values first; the rest came in the body.
            int skip = Math.min(inQuery.getOrDefault(parameter.getKey(), 0), values.length);
            for (int i = skip; i < values.length; i++) {
                put(body, parameter.getKey(), values[i]);
            }
        }
        chain.doFilter(new AsJson(request, json.writeValueAsBytes(body)), response);
    }

    /** How often each parameter name occurs in the query string (decoded as the container decodes it). */
    private static Map<String, Integer> queryCounts(String query) {
        Map<String, Integer> counts = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return counts;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = RequestTextCheck.decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name != null) {
                counts.merge(name, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Puts one Rails-style parameter into the object: {@code a} is a field, {@code a[b]} a field of the object
     * {@code a}, {@code a[]} an element of the array {@code a} ({@code a[][b]} starts a new object when {@code b}
     * is already set in the last one, as Rack does).
     */
    static void put(ObjectNode root, String name, String value) {
        List<String> keys = keys(name);
        JsonNode container = root;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean last = i == keys.size() - 1;
            String next = last ? null : keys.get(i + 1);
            if (container instanceof ObjectNode object) {
                if (last) {
                    object.put(key, value);
                    return;
                }
                JsonNode child = object.get(key);
                if (next.isEmpty()) {
                    if (!(child instanceof ArrayNode)) {
                        child = object.putArray(key);
                    }
                } else if (!(child instanceof ObjectNode)) {
                    child = object.putObject(key);
                }
                container = child;
            } else if (container instanceof ArrayNode array) {
                if (last) {
                    array.add(value);
                    return;
                }
                // a[][b]=...: the element is an object; a key it already has starts the next one.
                JsonNode lastElement = array.isEmpty() ? null : array.get(array.size() - 1);
                if (!(lastElement instanceof ObjectNode object) || (keys.size() == i + 2 && object.has(next))) {
                    lastElement = array.addObject();
                }
                container = lastElement;
            }
        }
    }

    /** {@code a[b][]} → {@code [a, b, ""]}; a name without brackets is one key. */
    static List<String> keys(String name) {
        int open = name.indexOf('[');
        if (open <= 0 || !name.endsWith("]")) {
            return List.of(name);
        }
        List<String> keys = new ArrayList<>();
        keys.add(name.substring(0, open));
        int at = open;
        while (at < name.length()) {
            if (name.charAt(at) != '[') {
                return List.of(name);
            }
            int close = name.indexOf(']', at);
            if (close < 0) {
                return List.of(name);
            }
            keys.add(name.substring(at + 1, close));
            at = close + 1;
        }
        return keys;
    }

    /** The request as if it had come with the JSON body. */
    private static final class AsJson extends HttpServletRequestWrapper {
        private final byte[] body;

        AsJson(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getContentType() {
            return "application/json;charset=UTF-8";
        }

        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            if ("content-type".equalsIgnoreCase(name)) {
                return getContentType();
            }
            if ("content-length".equalsIgnoreCase(name)) {
                return String.valueOf(body.length);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if ("content-type".equalsIgnoreCase(name) || "content-length".equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(getHeader(name)));
            }
            return super.getHeaders(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BytesInputStream(body);
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
