package dev.baton.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution for outgoing webhooks: the system's, except where a test answers as a rebinding DNS would. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;
}
