package dev.baton.account;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to an account's members, invitations or settings, with who made it ({@code actor}, null for the system)
 * and the shown values before and after (never secrets: no passwords, tokens or their hashes). Published inside the
 * change's transaction; {@code audit} hears it there, so the audit entry commits with the change (docs/adr/0048).
 * {@code subject} is Chatwoot's model name ({@link #ACCOUNT}, {@link #ACCOUNT_USER}, {@link #INVITATION});
 * {@code subjectName} names it as it reads to people; {@code before} is empty for a creation and {@code after} for a removal.
 */
public record AccountChanged(long accountId, CurrentUser actor, String subject, long subjectId, String subjectName, String action,
                             Map<String, Object> before, Map<String, Object> after) {

    public static final String ACCOUNT = "Account";
    public static final String ACCOUNT_USER = "AccountUser";
    public static final String INVITATION = "Invitation";

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DESTROY = "destroy";
    /** An invitation the invitee accepted. */
    public static final String ACCEPT = "accept";

    static Map<String, Object> shown(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("locale", a.locale());
        m.put("max_message_length", a.maxMessageLength());
        m.put("licence_seats", a.licenceSeats());
        m.put("wrap_up_required", a.wrapUpRequired());
        m.put("time_zone", a.timeZone());
        m.put("escalation_label", a.escalationLabel());
        return m;
    }

    static Map<String, Object> shown(Agent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", a.id());
        m.put("name", a.name());
        m.put("display_name", a.displayName());
        m.put("email", a.email());
        m.put("avatar_url", a.avatarUrl());
        m.put("role", a.role().wire());
        m.put("licensed", a.licensed());
        m.put("capacity", a.capacity());
        m.put("show_bot_conversations", a.showBotConversations());
        m.put("email_on_new_handoff", a.emailOnNewHandoff());
        return m;
    }

    static Map<String, Object> shown(Invitation i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", i.email());
        m.put("name", i.name());
        m.put("display_name", i.displayName());
        m.put("role", i.role().wire());
        m.put("licensed", i.licensed());
        m.put("capacity", i.capacity());
        return m;
    }
}
