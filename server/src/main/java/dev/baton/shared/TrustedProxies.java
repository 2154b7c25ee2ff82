package dev.baton.shared;

import java.util.List;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Behind a reverse proxy, the client's address and scheme come from {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}, but only when the request comes from one of {@code baton.http.trusted-proxies}: anyone
 * else could claim any address (and so escape the sign-in throttle and the public rate limits) or HTTPS. Tomcat's
 * remote IP valve does the work before any filter, so the address, {@code isSecure()} and the session cookie's
 * {@code Secure} flag are right everywhere.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);

    private final List<String> proxies;

    TrustedProxies(BatonProperties properties) {
        this.proxies = properties.http().trustedProxies().stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(TrustedProxies::cidr).toList();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (proxies.isEmpty()) {
            return;
        }
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies(String.join(",", proxies)); // with a '/', Tomcat reads CIDR ranges, not a pattern
        valve.setTrustedProxies(null);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        // Without it Tomcat takes 80 (or 443) as the port: a browser's WebSocket Origin with another port (a proxy on
        // :8080) would not be the same origin, and the handshake would be refused.
        valve.setPortHeader("X-Forwarded-Port");
        factory.addEngineValves(valve);
        log.info("Forwarded headers are honoured from {}", proxies);
    }

    /** An address or a CIDR range as a CIDR range; a start-up failure naming the setting for anything else. */
    static String cidr(String proxy) {
        String range = proxy.contains("/") ? proxy : proxy + (proxy.contains(":") ? "/128" : "/32");
        if (!range.matches("[0-9A-Fa-f:.]+/\\d{1,3}")) { // literal addresses only: a host name would need DNS
            throw new IllegalStateException("baton.http.trusted-proxies: '" + proxy + "' is not an IP address or CIDR range");
        }
        try {
            new NetMask(range);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("baton.http.trusted-proxies: '" + proxy + "' is not an IP address or CIDR range", e);
        }
        return range;
    }
}
