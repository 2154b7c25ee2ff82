package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.Paging;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The people of an account: roles, licences (seats), capacity and activity. */
@Service
public class AgentService {

    /** A new member; preferences left out take the role's defaults ({@link Preferences#defaultsFor}). */
    public record NewAgent(String name, String email, String role, String displayName, String password,
                           Boolean licensed, Integer capacity,
                           @JsonDeserialize(using = StrictBoolean.class) Boolean showBotConversations,
                           @JsonDeserialize(using = StrictBoolean.class) Boolean emailOnNewHandoff) {

        public NewAgent(String name, String email, String role, String displayName, String password, Boolean licensed,
                        Integer capacity) {
            this(name, email, role, displayName, password, licensed, capacity, null, null);
        }
    }

    /** An administrator's change to a member; a null field keeps its value. */
    public record AgentChange(String name, String displayName, String role, Boolean licensed, Integer capacity,
                              String avatarUrl,
                              @JsonDeserialize(using = StrictBoolean.class) Boolean showBotConversations,
                              @JsonDeserialize(using = StrictBoolean.class) Boolean emailOnNewHandoff) {
    }

    /**
     * The created agent; {@code generatedPassword} is set once when none was given (first start), and
     * {@code accessToken} once when the person is new.
     */
    public record Created(Agent agent, String generatedPassword, String accessToken) {
    }

    private final AccountRepository repository;
    private final AccountService accounts;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AgentService(AccountRepository repository, AccountService accounts, Clock clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
        this.events = events;
    }

    public List<Agent> list(long accountId, CurrentUser actor, Paging paging) {
        accounts.requireMember(accountId, actor);
        return repository.agents(accountId, paging.size(), paging.offset());
    }

    public Agent get(long accountId, long userId) {
        return repository.agent(accountId, userId).orElseThrow(() -> BatonException.notFound("Agent"));
    }

    public Optional<Agent> find(long accountId, long userId) {
        return repository.agent(accountId, userId);
    }

    /** Several agents in one query (no N+1 when rendering lists). */
    public List<Agent> agents(long accountId, Collection<Long> userIds) {
        return repository.agentsByIds(accountId, userIds);
    }

    /** Administrators and supervisors: they see every inbox of the account. */
    public List<Long> supervisingUserIds(long accountId) {
        return repository.userIdsWithRoles(accountId, List.of(Role.ADMINISTRATOR.wire(), Role.SUPERVISOR.wire()));
    }


    /** Adds a member without an acting administrator (first start, demo data). */
    @Transactional
    public Created addMember(long accountId, NewAgent request) {
        repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        Role role = request.role() == null ? Role.AGENT : Role.fromWire(request.role());
        int capacity = checkCapacity(request.capacity() == null ? 3 : request.capacity());
        String email = AccountService.normalizeEmail(request.email());
        String generated = null;
        String token = null;
        long userId;
        Optional<AccountRepository.UserRow> existing = repository.findUserByEmail(email);
        if (existing.isPresent()) {
            userId = existing.get().id();
            if (repository.findMembership(accountId, userId).isPresent()) {
                throw new BatonException(ErrorCode.ALREADY_MEMBER);
            }
        } else {
            String password = request.password();
            if (password == null) {
                generated = Tokens.random(12);
                password = generated;
            }
            AccountService.NewUser created = accounts.createUser(email, request.name(), request.displayName(), password);
            userId = created.id();
            token = created.accessToken();
        }
        boolean licensed = Boolean.TRUE.equals(request.licensed());
        if (licensed) {
            requireFreeSeat(accountId);
        }
        Preferences preferences = Preferences.defaultsFor(role)
                .with(new Preferences.Change(request.showBotConversations(), request.emailOnNewHandoff()));
        repository.insertMembership(accountId, userId, role, licensed, capacity, preferences, clock.instant());
        accounts.membershipChanged(accountId, userId);
        return new Created(get(accountId, userId), generated, token);
    }

    /**
     * An accepted invitation: the person joins with what the invitation says, under the account row lock. Without a
     * free seat any more, they join unlicensed (an administrator grants the licence when one is free).
     */
    @Transactional
    public Agent join(Invitation invitation, long userId) {
        repository.lockAccount(invitation.accountId()).orElseThrow(() -> BatonException.notFound("Account"));
        if (repository.findMembership(invitation.accountId(), userId).isEmpty()) {
            Account account = accounts.account(invitation.accountId());
            boolean licensed = invitation.licensed() && repository.countLicensed(invitation.accountId()) < account.licenceSeats();
            repository.insertMembership(invitation.accountId(), userId, invitation.role(), licensed, invitation.capacity(),
                    new Preferences(invitation.showBotConversations(), invitation.emailOnNewHandoff()), clock.instant());
            if (invitation.displayName() != null) {
                repository.updateMemberNames(invitation.accountId(), userId, null, invitation.displayName(), null);
            }
            accounts.membershipChanged(invitation.accountId(), userId);
        }
        return get(invitation.accountId(), userId);
    }

    /** The rules of a new member, checked before an invitation is sent as when the member is added. */
    void checkNewMember(long accountId, NewAgent request) {
        if (request.role() != null) {
            Role.fromWire(request.role());
        }
        checkCapacity(request.capacity() == null ? 3 : request.capacity());
        AccountService.requireText("name", request.name(), 200);
        if (Boolean.TRUE.equals(request.licensed())) {
            repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
            requireFreeSeat(accountId);
        }
    }

    @Transactional
    public Agent update(long accountId, CurrentUser actor, long userId, AgentChange change) {
        accounts.requireAdministrator(accountId, actor);
        repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        Agent current = get(accountId, userId);
        Role role = change.role() == null ? current.role() : Role.fromWire(change.role());
        if (current.role() == Role.ADMINISTRATOR && role != Role.ADMINISTRATOR && repository.countAdministrators(accountId) <= 1) {
            throw new BatonException(ErrorCode.LAST_ADMINISTRATOR);
        }
        boolean licensed = change.licensed() == null ? current.licensed() : change.licensed();
        if (licensed && !current.licensed()) {
            requireFreeSeat(accountId);
        }
        int capacity = change.capacity() == null ? current.capacity() : checkCapacity(change.capacity());
        repository.updateMembership(accountId, userId, role, licensed, capacity);
        Preferences preferences = Preferences.of(current)
                .with(new Preferences.Change(change.showBotConversations(), change.emailOnNewHandoff()));
        if (!preferences.equals(Preferences.of(current))) {
            repository.updatePreferences(accountId, userId, preferences);
        }
        if (change.name() != null || change.displayName() != null || change.avatarUrl() != null) {
            // The account's names for the member: never the person's own, which other accounts see (ADR 0021).
            AccountRepository.MemberNames names = repository.memberNames(accountId, userId);
            repository.updateMemberNames(accountId, userId,
                    change.name() == null ? names.name() : AccountService.requireText("name", change.name(), 200),
                    change.displayName() == null ? names.displayName()
                            : change.displayName().isBlank() ? null : AccountService.requireText("display_name", change.displayName(), 200),
                    change.avatarUrl() == null ? names.avatarUrl()
                            : change.avatarUrl().isBlank() ? null : AccountService.requireText("avatar_url", change.avatarUrl(), 2000));
        }
        accounts.membershipChanged(accountId, userId);
        Agent updated = get(accountId, userId);
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.ACCOUNT_USER, userId, updated.name(), AccountChanged.UPDATE,
                AccountChanged.shown(current), AccountChanged.shown(updated)));
        return updated;
    }

    /** One member, for whoever may list them all. */
    public Agent get(long accountId, CurrentUser actor, long userId) {
        accounts.requireMember(accountId, actor);
        return get(accountId, userId);
    }

    @Transactional
    public void remove(long accountId, CurrentUser actor, long userId) {
        accounts.requireAdministrator(accountId, actor);
        repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        Agent current = get(accountId, userId);
        if (current.role() == Role.ADMINISTRATOR && repository.countAdministrators(accountId) <= 1) {
            throw new BatonException(ErrorCode.LAST_ADMINISTRATOR);
        }
        repository.deleteMembership(accountId, userId);
        accounts.membershipChanged(accountId, userId);
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.ACCOUNT_USER, userId, current.name(), AccountChanged.DESTROY,
                AccountChanged.shown(current), Map.of()));
    }

    /** An administrator added a member who joined at once (with a password they chose for them). */
    void added(long accountId, CurrentUser actor, Agent agent) {
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.ACCOUNT_USER, agent.id(), agent.name(), AccountChanged.CREATE,
                Map.of(), AccountChanged.shown(agent)));
    }

    /** Routing tells what its status means for Chatwoot's {@code availability_status}; in routing's transaction. */
    @Transactional
    public void recordAvailability(long accountId, long userId, Availability availability) {
        repository.updateAvailability(accountId, userId, availability);
    }

    /** Counts an agent's message for "last activity" and "message count" (seed 001). */
    @Transactional
    public void recordMessage(long accountId, long userId) {
        repository.recordMessage(accountId, userId, clock.instant());
    }

    /** Runs under the account row lock, so concurrent grants cannot exceed the seats. */
    private void requireFreeSeat(long accountId) {
        Account account = accounts.account(accountId);
        int used = repository.countLicensed(accountId);
        if (used >= account.licenceSeats()) {
            throw new BatonException(ErrorCode.LICENCE_SEATS_EXHAUSTED, account.licenceSeats());
        }
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 0 || capacity > 100) {
            throw BatonException.invalid("capacity", "range", "capacity must be between 0 and 100");
        }
        return capacity;
    }
}
