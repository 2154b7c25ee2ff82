package dev.baton.realtime;

import dev.baton.account.AgentMembershipChanged;
import dev.baton.account.UserAccessChanged;
import dev.baton.account.UserSignedOut;
import dev.baton.inbox.InboxMembersChanged;
import dev.baton.shared.AfterCommit;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who may see what changed, once the change committed and on every node. Inbox members or memberships
 * changed: every node drops its cached audience, so a removed member stops getting the inbox's events at
 * once (before commit a reader could cache the old audience again; on one node only, the others would keep
 * it until it expires). A user signed out everywhere: every node closes their workspace sockets. A user's token or
 * name changed: every node forgets the user its access tokens named (docs/adr/0057).
 */
@Component
class AccessChanges {

    private final Signals signals;

    AccessChanges(Signals signals) {
        this.signals = signals;
    }

    @EventListener
    void onInboxMembers(InboxMembersChanged event) {
        AfterCommit.run(() -> signals.audienceChanged(event.inboxId()));
    }

    @EventListener
    void onMembership(AgentMembershipChanged event) {
        AfterCommit.run(() -> signals.audienceChanged(null));
    }

    @EventListener
    void onUserChanged(UserAccessChanged event) {
        AfterCommit.run(() -> signals.userChanged(event.userId()));
    }

    @EventListener
    void onSignedOut(UserSignedOut event) {
        AfterCommit.run(() -> signals.signedOut(event.userId()));
    }
}
