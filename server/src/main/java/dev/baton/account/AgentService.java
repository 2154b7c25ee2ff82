package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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

    /** The created agent; {@code generatedPassword} is set once when none was given. */
    public record Created(Agent agent, String generatedPassword) {
    }

    private final AccountRepository repository;
    private final AccountService accounts;
    private final Clock clock;

    AgentService(AccountRepository repository, AccountService accounts, Clock clock) {
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
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

    @Transactional
    public Created add(long accountId, CurrentUser actor, NewAgent request) {
        accounts.requireAdministrator(accountId, actor);
        return addMember(accountId, request);
    }

    /** Adds a member without an acting administrator (first start, demo data). */
    @Transactional
    public Created addMember(long accountId, NewAgent request) {
        repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        Role role = request.role() == null ? Role.AGENT : Role.fromWire(request.role());
        int capacity = checkCapacity(request.capacity() == null ? 3 : request.capacity());
        String email = AccountService.normalizeEmail(request.email());
        String generated = null;
        long userId;
        Optional<AccountRepository.UserRow> existing = repository.findUserByEmail(email);
        if (existing.isPresent()) {
            userId = existing.get().id();
            if (repository.findMembership(accountId, userId).isPresent()) {
                throw BatonException.conflict("already_member", "This person is already a member of the account");
            }
        } else {
            String password = request.password();
            if (password == null) {
                generated = Tokens.random(12);
                password = generated;
            }
            userId = accounts.createUser(email, request.name(), request.displayName(), password);
        }
        boolean licensed = Boolean.TRUE.equals(request.licensed());
        if (licensed) {
            requireFreeSeat(accountId);
        }
        Preferences preferences = Preferences.defaultsFor(role)
                .with(new Preferences.Change(request.showBotConversations(), request.emailOnNewHandoff()));
        repository.insertMembership(accountId, userId, role, licensed, capacity, preferences, clock.instant());
        accounts.membershipChanged(accountId, userId);
        return new Created(get(accountId, userId), generated);
    }

    @Transactional
    public Agent update(long accountId, CurrentUser actor, long userId, AgentChange change) {
        accounts.requireAdministrator(accountId, actor);
        repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        Agent current = get(accountId, userId);
        Role role = change.role() == null ? current.role() : Role.fromWire(change.role());
        if (current.role() == Role.ADMINISTRATOR && role != Role.ADMINISTRATOR && repository.countAdministrators(accountId) <= 1) {
            throw BatonException.conflict("last_administrator", "The account needs at least one administrator");
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
            accounts.updateProfile(userId, change.name(), change.displayName(), change.avatarUrl(), null, null, null);
        }
        accounts.membershipChanged(accountId, userId);
        return get(accountId, userId);
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
            throw BatonException.conflict("last_administrator", "The account needs at least one administrator");
        }
        repository.deleteMembership(accountId, userId);
        accounts.membershipChanged(accountId, userId);
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
            throw BatonException.conflict("licence_seats_exhausted",
                    "All " + account.licenceSeats() + " licence seats of this account are in use");
        }
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 0 || capacity > 100) {
            throw BatonException.invalid("capacity", "range", "capacity must be between 0 and 100");
        }
        return capacity;
    }
}
