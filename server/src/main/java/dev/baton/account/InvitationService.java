package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import dev.baton.shared.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People join an account by invitation (ADR 0021). An administrator who adds someone who already has a user (of any
 * account), or someone new without giving a password, sends an invitation: the person accepts by the e-mailed link,
 * signing in or signing up, and nothing of theirs is visible to the account until then.
 */
@Service
public class InvitationService {

    /** What adding a member did: the member joined at once, or an invitation went out. */
    public sealed interface Added permits Joined, Invited {
    }

    public record Joined(AgentService.Created created) implements Added {
    }

    public record Invited(Invitation invitation) implements Added {
    }

    /** What the link shows before it is accepted: which account, who invited, and whether the invitee signs up. */
    public record Preview(Invitation invitation, String accountName, String inviterName, boolean signUp) {
    }

    static final Duration VALID_FOR = Duration.ofDays(7);

    private final InvitationRepository repository;
    private final AccountRepository users;
    private final AccountService accounts;
    private final AgentService agents;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InvitationService(InvitationRepository repository, AccountRepository users, AccountService accounts, AgentService agents,
                      ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.users = users;
        this.accounts = accounts;
        this.agents = agents;
        this.events = events;
        this.clock = clock;
    }

    /**
     * {@code POST /agents}: a new person with a password joins at once (the administrator creates their user); anyone
     * else is invited. An existing user's password is never taken from the request.
     */
    @Transactional
    public Added add(long accountId, CurrentUser actor, AgentService.NewAgent request) {
        accounts.requireAdministrator(accountId, actor);
        String email = AccountService.normalizeEmail(request.email());
        Optional<AccountRepository.UserRow> existing = users.findUserByEmail(email);
        if (existing.isEmpty() && request.password() != null) {
            AgentService.Created created = agents.addMember(accountId, request);
            agents.added(accountId, actor, created.agent());
            return new Joined(created);
        }
        if (existing.isPresent() && users.findMembership(accountId, existing.get().id()).isPresent()) {
            throw new BatonException(ErrorCode.ALREADY_MEMBER);
        }
        if (repository.findByEmail(accountId, email).isPresent()) {
            throw new BatonException(ErrorCode.ALREADY_INVITED);
        }
        agents.checkNewMember(accountId, request);
        Role role = request.role() == null ? Role.AGENT : Role.fromWire(request.role());
        Preferences preferences = Preferences.defaultsFor(role)
                .with(new Preferences.Change(request.showBotConversations(), request.emailOnNewHandoff()));
        Instant now = clock.instant();
        String displayName = request.displayName() == null || request.displayName().isBlank() ? null
                : AccountService.requireText("display_name", request.displayName(), 200);
        Invitation draft = new Invitation(0, accountId, email, AccountService.requireText("name", request.name(), 200),
                displayName, role, Boolean.TRUE.equals(request.licensed()), request.capacity() == null ? 3 : request.capacity(),
                preferences.showBotConversations(), preferences.emailOnNewHandoff(), actor.id(), now, now, now.plus(VALID_FOR));
        String token = Tokens.random(32);
        Invitation invitation = repository.find(accountId, repository.insert(draft, Tokens.hash(token))).orElseThrow();
        issue(invitation, actor, token, existing.isEmpty());
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.INVITATION, invitation.id(), invitation.name(), AccountChanged.CREATE,
                Map.of(), AccountChanged.shown(invitation)));
        return new Invited(invitation);
    }

    /** Pending invitations of the account, oldest first, after {@code afterId} (keyset paging). */
    public List<Invitation> pending(long accountId, CurrentUser actor, long afterId, int limit) {
        accounts.requireAdministrator(accountId, actor);
        return repository.page(accountId, afterId, limit);
    }

    /** A new link (the old one stops working) and a new week, by e-mail again. */
    @Transactional
    public Invitation resend(long accountId, CurrentUser actor, long invitationId) {
        accounts.requireAdministrator(accountId, actor);
        Invitation invitation = repository.find(accountId, invitationId).orElseThrow(() -> BatonException.notFound("Invitation"));
        String token = Tokens.random(32);
        Instant now = clock.instant();
        repository.resent(invitationId, Tokens.hash(token), now, now.plus(VALID_FOR));
        Invitation resent = repository.find(accountId, invitationId).orElseThrow();
        issue(resent, actor, token, users.findUserByEmail(resent.email()).isEmpty());
        return resent;
    }

    @Transactional
    public void revoke(long accountId, CurrentUser actor, long invitationId) {
        accounts.requireAdministrator(accountId, actor);
        Invitation invitation = repository.find(accountId, invitationId).orElseThrow(() -> BatonException.notFound("Invitation"));
        if (!repository.delete(accountId, invitationId)) {
            throw BatonException.notFound("Invitation");
        }
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.INVITATION, invitationId, invitation.name(), AccountChanged.DESTROY,
                AccountChanged.shown(invitation), Map.of()));
    }

    /** What the link shows; an unknown, used, revoked or expired link is one 404. */
    public Preview preview(String token) {
        Invitation invitation = valid(token == null ? Optional.empty() : repository.findByTokenHash(Tokens.hash(token)));
        return preview(invitation);
    }

    /**
     * Accepts the invitation: as the signed-in invitee ({@code signedIn}), as the invitee signing in here with their
     * password (throttled as any sign-in, from {@code client}), or, when the e-mail has no user yet, by signing up
     * with a password. Returns who is now a member, to be signed in.
     */
    @Transactional
    public CurrentUser accept(String token, CurrentUser signedIn, String name, String password, String client) {
        Invitation invitation = valid(token == null ? Optional.empty() : repository.lockByTokenHash(Tokens.hash(token)));
        Optional<AccountRepository.UserRow> existing = users.findUserByEmail(invitation.email());
        CurrentUser member;
        if (existing.isPresent()) {
            if (signedIn != null && signedIn.id() == existing.get().id()) {
                member = signedIn;
            } else if (password != null) {
                member = accounts.signIn(invitation.email(), password, client);
            } else {
                throw new BatonException(ErrorCode.SIGN_IN_REQUIRED, invitation.email());
            }
        } else {
            if (password == null) {
                throw BatonException.invalid("password", "required", "Choose a password to create your user");
            }
            AccountService.NewUser created = accounts.createUser(invitation.email(),
                    name == null || name.isBlank() ? invitation.name() : name, null, password);
            AccountRepository.UserRow row = users.findUser(created.id()).orElseThrow();
            member = new CurrentUser(row.id(), row.email(), row.name());
        }
        Agent joined = agents.join(invitation, member.id());
        repository.delete(invitation.accountId(), invitation.id());
        Map<String, Object> accepted = new java.util.LinkedHashMap<>(AccountChanged.shown(invitation));
        accepted.put("user_id", joined.id());
        events.publishEvent(new AccountChanged(invitation.accountId(), member, AccountChanged.INVITATION, invitation.id(),
                invitation.name(), AccountChanged.ACCEPT, Map.of(), accepted));
        return member;
    }

    private Invitation valid(Optional<Invitation> found) {
        return found.filter(i -> !i.expired(clock.instant())).orElseThrow(() -> new BatonException(ErrorCode.INVITATION_INVALID));
    }

    private Preview preview(Invitation invitation) {
        String inviter = invitation.invitedBy() == null ? null
                : agents.find(invitation.accountId(), invitation.invitedBy()).map(Agent::availableName).orElse(null);
        return new Preview(invitation, accounts.account(invitation.accountId()).name(), inviter,
                users.findUserByEmail(invitation.email()).isEmpty());
    }

    private void issue(Invitation invitation, CurrentUser actor, String token, boolean signUp) {
        Account account = accounts.account(invitation.accountId());
        String inviter = agents.find(invitation.accountId(), actor.id()).map(Agent::availableName).orElse(actor.name());
        String locale = users.findUserByEmail(invitation.email()).map(AccountRepository.UserRow::locale)
                .filter(l -> l != null && !l.isBlank()).orElse(account.locale());
        events.publishEvent(new InvitationIssued(invitation.accountId(), invitation.id(), invitation.email(), invitation.name(),
                account.name(), inviter, locale, token, signUp));
    }
}
