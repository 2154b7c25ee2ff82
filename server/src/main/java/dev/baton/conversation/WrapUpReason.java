package dev.baton.conversation;

/** A reason an agent gives when ending a chat (seed 003's "Nachbearbeitungsgründe"). */
public record WrapUpReason(long id, long accountId, String name, int position, boolean active) {
}
