package dev.baton.realtime;

/** One node: signals go straight to this node's fan-out ({@link SignalsChoice} chooses). */
class LocalSignals implements Signals {

    private final Fanout fanout;

    LocalSignals(Fanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public void committed(long conversationId, long seq) {
        fanout.signal(conversationId, seq);
    }

    @Override
    public void soft(SoftEvent e) {
        fanout.deliverSoft(e.accountId(), e.inboxId(), e.contactInboxId(), e.conversationId(), e.type(), e.data(),
                e.toAgents(), e.toVisitor(), e.exceptUserId(), e.userIds());
    }

    @Override
    public void audienceChanged(Long inboxId) {
        fanout.audienceChanged(inboxId);
    }

    @Override
    public void signedOut(long userId) {
        fanout.signedOut(userId);
    }

    @Override
    public void userChanged(long userId) {
        fanout.userChanged(userId);
    }
}
