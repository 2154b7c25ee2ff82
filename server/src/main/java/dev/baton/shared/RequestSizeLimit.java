package dev.baton.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses bodies over {@code baton.limits.max-request-bytes}, declared or streamed (chunked). A
 * multipart/form-data message post (images) may have up to {@code baton.limits.max-upload-bytes}, a CSV
 * import of contacts up to {@code baton.limits.max-import-bytes}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimit extends OncePerRequestFilter {

    /** The message endpoints that take images, agent side and visitor side. */
    private static final java.util.regex.Pattern UPLOAD_PATHS = java.util.regex.Pattern.compile(
            "^(/api/v1/accounts/\\d+/conversations/\\d+/messages|/public/api/v1/inboxes/[^/]+/contacts/[^/]+/conversations/\\d+/messages)/?$");

    /** The CSV import of contacts (a file of up to baton.limits.max-import-bytes). */
    private static final java.util.regex.Pattern IMPORT_PATH = java.util.regex.Pattern.compile(
            "^/api/v1/accounts/\\d+/contacts/import/?$");

    private final long requestLimit;
    private final long uploadLimit;
    private final long importLimit;
    private final JsonMapper json;

    RequestSizeLimit(BatonProperties properties, JsonMapper json) {
        this.requestLimit = properties.limits().maxRequestBytes();
        this.uploadLimit = Math.max(requestLimit, properties.limits().maxUploadBytes());
        this.importLimit = Math.max(requestLimit, properties.limits().maxImportBytes());
        this.json = json;
    }

    static boolean isUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                && UPLOAD_PATHS.matcher(request.getRequestURI()).matches();
    }

    static boolean isImport(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                && IMPORT_PATH.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = isImport(request) ? importLimit : isUpload(request) ? uploadLimit : requestLimit;
        if (request.getContentLengthLong() > limit) {
            ProblemResponses.write(request, response, json, new BatonException(ErrorCode.PAYLOAD_TOO_LARGE, limit));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /** Thrown while reading; ProblemResponses recognises it in the cause chain. */
    static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit) {
            super("The request body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > limit) {
                            throw new TooLarge(limit);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int off, int len) throws IOException {
                        int n = in.read(buffer, off, len);
                        if (n > 0 && (count += n) > limit) {
                            throw new TooLarge(limit);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
