package dev.baton.realtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * A node that stops drains its sockets: once the web server has stopped taking connections (Spring Boot's graceful
 * shutdown, which runs first), every socket is closed with {@value #CLOSE_CODE} ("service restart"). The clients
 * reconnect at once, through the load balancer to another node, and resume from the event log; a socket that still
 * opens here meanwhile is sent away the same way. See docs/operations.md.
 */
@Component
class SocketDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SocketDrain.class);
    /** RFC 6455's "Service Restart": the clients reconnect at once, without their backoff. */
    static final int CLOSE_CODE = 1012;
    static final CloseStatus CLOSE = new CloseStatus(CLOSE_CODE, "node stopping; reconnect");
    private static final long WAIT_MILLIS = 5_000;

    private final Sockets sockets;
    private volatile boolean running = true; // from the start: the web server takes sockets before lifecycles start

    SocketDrain(Sockets sockets) {
        this.sockets = sockets;
    }

    /** After the graceful shutdown of the web server (no new connections), before the server itself stops. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether this node sends new sockets away. */
    boolean draining() {
        return !running;
    }

    @Override
    public void stop() {
        running = false;
        List<Socket> open = new ArrayList<>();
        sockets.forEach(open::add);
        log.info("Draining {} sockets: clients reconnect to another node", open.size());
        open.forEach(socket -> socket.close(CLOSE));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        // The close handshakes end on the container's threads, which also count the visitors' presence down.
        while (sockets.hasAnySocket() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
