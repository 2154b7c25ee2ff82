package dev.baton.account;

/**
 * An invitation was made or sent again: the invitee gets the link by e-mail, in the same transaction (notify queues
 * it in its outbox). {@code token} is the link's secret, known only to this event and the e-mail; {@code signUp}
 * tells whether the invitee has no user yet.
 */
public record InvitationIssued(long accountId, long invitationId, String email, String name, String accountName,
                               String inviterName, String locale, String token, boolean signUp) {
}
