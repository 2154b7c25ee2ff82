package dev.baton.account;

import java.time.Instant;
import java.util.List;

/** Wire shapes of this feature (Chatwoot's where it has one; snake_case by the global naming strategy). */
final class AccountViews {

    private AccountViews() {
    }

    /**
     * Chatwoot's profile. {@code role}, {@code show_bot_conversations} and {@code email_on_new_handoff} at the top
     * belong to the current account ({@code account_id}); each entry of {@code accounts} carries its own.
     */
    record ProfileView(long id, String name, String displayName, String availableName, String email, String avatarUrl,
                       String accessToken, Long accountId, String locale, String role, Boolean showBotConversations,
                       Boolean emailOnNewHandoff, Boolean soundOnNewMessage, Integer soundVolume, List<AccountRoleView> accounts) {

        /** {@code ""} without a picture, as Chatwoot sends it. */
        ProfileView {
            avatarUrl = avatarUrl == null ? "" : avatarUrl;
        }

        static ProfileView of(AccountService.Profile p) {
            AccountService.AccountRole first = p.accounts().isEmpty() ? null : p.accounts().getFirst();
            return new ProfileView(p.id(), p.name(), p.displayName(),
                    p.displayName() == null ? p.name() : p.displayName(), p.email(), p.avatarUrl(), p.accessToken(),
                    first == null ? null : first.id(), p.locale() != null ? p.locale() : first == null ? "en" : first.locale(),
                    first == null ? null : first.role().wire(),
                    first == null ? null : first.preferences().showBotConversations(),
                    first == null ? null : first.preferences().emailOnNewHandoff(),
                    first == null ? null : first.sound().onNewMessage(), first == null ? null : first.sound().volume(),
                    p.accounts().stream().map(a -> new AccountRoleView(a.id(), a.name(), a.role().wire(), a.locale(), "active",
                            a.preferences().showBotConversations(), a.preferences().emailOnNewHandoff(),
                            a.sound().onNewMessage(), a.sound().volume())).toList());
        }
    }

    record AccountRoleView(long id, String name, String role, String locale, String status, boolean showBotConversations,
                           boolean emailOnNewHandoff, boolean soundOnNewMessage, int soundVolume) {
    }

    record AccountView(long id, String name, String locale, int maxMessageLength, int licenceSeats, int licencesUsed,
                       boolean wrapUpRequired, String timeZone, String escalationLabel, long createdAt,
                       boolean workingHoursEnabled, List<BusinessHours.Day> workingHours, java.util.Collection<String> holidays,
                       int maxLicenceSeats) {
    }

    record AgentView(long id, long accountId, String name, String displayName, String availableName, String email,
                     String role, String thumbnail, String avatarUrl, boolean confirmed, String availabilityStatus,
                     boolean licensed, int capacity, Long lastActivityAt, long messageCount,
                     boolean showBotConversations, boolean emailOnNewHandoff, String password) {

        AgentView {
            thumbnail = thumbnail == null ? "" : thumbnail;
            avatarUrl = avatarUrl == null ? "" : avatarUrl;
        }

        static AgentView of(Agent a) {
            return of(a, null);
        }

        static AgentView of(Agent a, String generatedPassword) {
            return new AgentView(a.id(), a.accountId(), a.name(), a.displayName(), a.availableName(), a.email(),
                    a.role().wire(), a.avatarUrl(), a.avatarUrl(), true, a.availability().wire(), a.licensed(), a.capacity(),
                    epoch(a.lastActivityAt()), a.messageCount(), a.showBotConversations(), a.emailOnNewHandoff(),
                    generatedPassword);
        }
    }

    /** A pending invitation, for the account's administrators. */
    record InvitationView(long id, long accountId, String email, String name, String displayName, String role,
                          boolean licensed, int capacity, Long invitedBy, long createdAt, long sentAt, long expiresAt,
                          String status) {

        static InvitationView of(Invitation i) {
            return new InvitationView(i.id(), i.accountId(), i.email(), i.name(), i.displayName(), i.role().wire(),
                    i.licensed(), i.capacity(), i.invitedBy(), i.createdAt().getEpochSecond(), i.sentAt().getEpochSecond(),
                    i.expiresAt().getEpochSecond(), "pending");
        }
    }

    /** What the invitation link shows to whoever holds it. */
    record InvitationPreviewView(long accountId, String accountName, String email, String name, String role,
                                 String inviterName, long expiresAt, boolean signUp) {

        static InvitationPreviewView of(InvitationService.Preview p) {
            return new InvitationPreviewView(p.invitation().accountId(), p.accountName(), p.invitation().email(), p.invitation().name(),
                    p.invitation().role().wire(), p.inviterName(), p.invitation().expiresAt().getEpochSecond(), p.signUp());
        }
    }

    static Long epoch(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
