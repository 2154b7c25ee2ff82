package dev.baton.routing;

import java.util.Collection;

/**
 * Something for particular agents' sockets (an offer, its withdrawal or expiry, a status change, a failed
 * transfer). Delivered after commit; if missed, {@code GET /offers} and the REST resources tell the same.
 */
public record RoutingNotice(long accountId, Collection<Long> userIds, String type, Object data) {
}
