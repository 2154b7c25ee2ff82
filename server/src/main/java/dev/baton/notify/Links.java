package dev.baton.notify;

import dev.baton.shared.BatonProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where links in e-mails (and Slack's OAuth redirect) point: {@code baton.public-url}, or this server on localhost when it
 * is not set.
 */
@Component
public class Links {

    private final BatonProperties properties;
    private final Environment environment;

    Links(BatonProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** Without a trailing slash. */
    public String baseUrl() {
        String url = properties.publicUrl() == null ? "" : properties.publicUrl().strip();
        if (url.isEmpty()) {
            url = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
