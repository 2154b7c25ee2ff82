package dev.baton.realtime;

/**
 * How nodes tell each other that something is to be delivered: in-process on a single node, through
 * Redis pub/sub when several nodes share the database (ARCHITECTURE.md section 6).
 */
interface Signals {

    /** Entries up to {@code seq} of the conversation were committed. */
    void committed(long conversationId, long seq);

    /** A soft event (typing) for every node's sockets. */
    void soft(SoftEvent event);

    /** Who may see an inbox changed ({@code inboxId} null: any inbox): every node drops what it cached. */
    void audienceChanged(Long inboxId);

    /** The user was signed out everywhere: every node closes their workspace sockets. */
    void signedOut(long userId);

    /** The user's access token or name changed: every node forgets what it cached of them. */
    void userChanged(long userId);

    /** {@code userIds} set: only those agents' sockets; otherwise the inbox's agents and/or the visitor. */
    record SoftEvent(long accountId, long inboxId, long contactInboxId, long conversationId, String type, String data,
                     boolean toAgents, boolean toVisitor, Long exceptUserId, java.util.List<Long> userIds) {
    }
}
