package dev.baton.conversation;

import dev.baton.shared.ErrorCode;
import java.util.List;

/** What {@link Transitions#decide} says about a transition from a locked state. */
public sealed interface Decision {

    /** Allowed: the new state and the activity line ("{0} took the conversation") that records it. */
    record Allowed(ConversationState next, String activityKey, List<Object> activityArgs) implements Decision {
    }

    /** Allowed, and nothing changes (already so, or a transition that is only checked). */
    record Unchanged() implements Decision {
    }

    /** Refused with a stable code (a 409 conflict, or 403 when the actor may not do it at all). */
    record Refused(ErrorCode code, List<Object> args) implements Decision {
    }

    default boolean allowed() {
        return !(this instanceof Refused);
    }
}
