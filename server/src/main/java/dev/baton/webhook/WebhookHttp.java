package dev.baton.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs a delivery. Apache HttpClient rather than the JDK's: its {@link DnsResolver} lets every connection go
 * to exactly the addresses {@link AddressGuard} checked (the JDK client resolves by itself, so a name could
 * rebind between check and connect; docs/adr/0026). Redirects are not followed, nothing is retried here
 * (the worker retries), cookies are not kept, and a whole call is cut off after connect plus request timeout.
 * Called on virtual threads, never on a request thread.
 */
@Component
class WebhookHttp implements DisposableBean {

    /** What an attempt got: the status (null when no answer came), why it failed, and the Retry-After asked. */
    record Answer(Integer status, String error, Duration retryAfter, int durationMillis) {

        boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private static final int ERROR_BODY_CHARS = 300;

    /** Built with the first delivery (most nodes never send one, and building it costs the start class loading). */
    private final java.util.function.Supplier<CloseableHttpClient> build;
    private volatile CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;
    private final Duration deadline;
    private final Clock clock;

    WebhookHttp(WebhookSettings settings, AddressGuard guard, Clock clock) {
        this.clock = clock;
        this.deadline = settings.connectTimeout().plus(settings.requestTimeout());
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.resolveForDelivery(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // never used for webhooks (no Kerberos), and never a second lookup
            }
        };
        this.build = () -> HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(Math.max(8, settings.maxInFlight() * 2))
                        .setMaxConnPerRoute(Math.max(4, settings.maxInFlight()))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.requestTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(settings.requestTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Baton-Webhooks/1.0")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("webhook-deadlines").factory());
    }

    private CloseableHttpClient client() {
        CloseableHttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    client = built = build.get();
                }
            }
        }
        return built;
    }

    Answer post(String url, Map<String, String> headers, String body) {
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        long started = System.nanoTime();
        ScheduledFuture<?> cutOff = deadlines.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return client().execute(post, response -> {
                int status = response.getCode();
                String error = null;
                if (status >= 300 && status < 400) {
                    Header location = response.getFirstHeader("Location");
                    error = "HTTP " + status + ": redirected to " + (location == null ? "nowhere" : location.getValue())
                            + "; webhooks do not follow redirects";
                } else if (status < 200 || status >= 300) {
                    error = "HTTP " + status + errorBody(response.getEntity());
                }
                Header retry = response.getFirstHeader("Retry-After");
                return new Answer(status, error, retry == null ? null : retryAfter(retry.getValue()), millisSince(started));
            });
        } catch (AddressGuard.Refused e) {
            return new Answer(null, e.getMessage(), null, millisSince(started));
        } catch (UnknownHostException e) {
            return new Answer(null, "cannot resolve " + e.getMessage(), null, millisSince(started));
        } catch (SocketTimeoutException e) {
            return new Answer(null, "timed out: " + e.getMessage(), null, millisSince(started));
        } catch (ConnectException e) {
            return new Answer(null, "cannot connect: " + e.getMessage(), null, millisSince(started));
        } catch (InterruptedIOException e) {
            return new Answer(null, post.isCancelled() ? "timed out after " + deadline.toSeconds() + " s" : "interrupted", null,
                    millisSince(started));
        } catch (IOException | RuntimeException e) {
            if (post.isCancelled()) {
                return new Answer(null, "timed out after " + deadline.toSeconds() + " s", null, millisSince(started));
            }
            return new Answer(null, e.getClass().getSimpleName() + ": " + e.getMessage(), null, millisSince(started));
        } finally {
            cutOff.cancel(false);
        }
    }

    private static String errorBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] head = in.readNBytes(ERROR_BODY_CHARS * 4);
            String text = new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                return "";
            }
            return ": " + (text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text);
        }
    }

    /** Retry-After as seconds or as an HTTP date; null when it is neither. */
    Duration retryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        CloseableHttpClient built = client;
        if (built != null) {
            built.close();
        }
    }
}
