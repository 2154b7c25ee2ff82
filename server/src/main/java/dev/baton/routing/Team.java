package dev.baton.routing;

/** A group of agents; conversations can be assigned to it. */
public record Team(long id, long accountId, String name, String description, boolean allowAutoAssign) {
}
