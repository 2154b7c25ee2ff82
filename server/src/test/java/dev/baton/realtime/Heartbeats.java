package dev.baton.realtime;

import java.util.List;
import org.springframework.context.ApplicationContext;

/** For tests that move the clock: the presence heartbeat of connected workspaces, run on demand. */
public final class Heartbeats {

    private Heartbeats() {
    }

    /** What {@code SocketEndpoints.heartbeat} does every 15 s: connected agents are seen now. */
    public static void beat(ApplicationContext context) {
        context.getBean(SocketEndpoints.class).heartbeat();
    }

    /** The agents with a workspace socket connected to this node. */
    public static List<Long> connectedAgents(ApplicationContext context) {
        return context.getBean(Sockets.class).connectedAgents();
    }
}
