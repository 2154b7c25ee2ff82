package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts, users, who may enter which account, and sign-in. */
@Service
public class AccountService {

    /** A user as the sign-in and profile endpoints show them (Chatwoot's shape). */
    public record Profile(long id, String name, String displayName, String email, String avatarUrl,
                          String accessToken, String locale, List<AccountRole> accounts) {
    }

    /** One account of the person: its language, their role and their preferences there. */
    public record AccountRole(long id, String name, String locale, Role role, Preferences preferences) {
    }

    /** Changes to an account's settings; a null field keeps its value. */
    public record SettingsChange(String name, String locale, Integer maxMessageLength, Integer licenceSeats,
                                 Boolean wrapUpRequired) {
    }

    private final AccountRepository repository;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final int maxMessageLengthCeiling;
    private final String dummyHash;

    AccountService(AccountRepository repository, PasswordEncoder passwords, Clock clock, ApplicationEventPublisher events,
                   dev.baton.shared.BatonProperties properties) {
        this.repository = repository;
        this.passwords = passwords;
        this.clock = clock;
        this.events = events;
        this.maxMessageLengthCeiling = properties.limits().maxMessageLengthCeiling();
        this.dummyHash = passwords.encode(Tokens.random(12));
    }

    @Transactional
    public Account createAccount(String name, String locale) {
        String lang = checkLocale(locale == null ? "en" : locale);
        long id = repository.insertAccount(name, lang, 1000, 5, clock.instant());
        return repository.findAccount(id).orElseThrow();
    }

    public boolean anyAccountExists() {
        return repository.anyAccount();
    }

    public Account account(long accountId) {
        return repository.findAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
    }

    /** The caller's membership; an account they are not in does not exist for them. */
    public Membership requireMember(long accountId, CurrentUser user) {
        return repository.findMembership(accountId, user.id()).orElseThrow(() -> BatonException.notFound("Account"));
    }

    public Membership requireAdministrator(long accountId, CurrentUser user) {
        Membership membership = requireMember(accountId, user);
        if (!membership.isAdministrator()) {
            throw BatonException.forbidden("Only administrators may do this");
        }
        return membership;
    }

    public List<Membership> membershipsOf(long userId) {
        return repository.membershipsOf(userId);
    }

    public Optional<Membership> membership(long accountId, long userId) {
        return repository.findMembership(accountId, userId);
    }

    @Transactional
    public Account updateSettings(long accountId, CurrentUser actor, SettingsChange change) {
        requireAdministrator(accountId, actor);
        Account current = repository.lockAccount(accountId).orElseThrow(() -> BatonException.notFound("Account"));
        String name = change.name() == null ? current.name() : requireText("name", change.name(), 200);
        String locale = change.locale() == null ? current.locale() : checkLocale(change.locale());
        int maxLength = current.maxMessageLength();
        if (change.maxMessageLength() != null) {
            if (change.maxMessageLength() < 1 || change.maxMessageLength() > maxMessageLengthCeiling) {
                throw BatonException.invalid("max_message_length", "range",
                        "max_message_length must be between 1 and " + maxMessageLengthCeiling);
            }
            maxLength = change.maxMessageLength();
        }
        int seats = current.licenceSeats();
        if (change.licenceSeats() != null) {
            if (change.licenceSeats() < 0 || change.licenceSeats() > 100_000) {
                throw BatonException.invalid("licence_seats", "range", "licence_seats must be between 0 and 100000");
            }
            int used = repository.countLicensed(accountId);
            if (change.licenceSeats() < used) {
                throw BatonException.conflict("licence_seats_in_use",
                        used + " seats are in use; withdraw licences before lowering the number of seats to " + change.licenceSeats());
            }
            seats = change.licenceSeats();
        }
        Account updated = new Account(accountId, name, locale, maxLength, seats,
                change.wrapUpRequired() == null ? current.wrapUpRequired() : change.wrapUpRequired(), current.createdAt());
        repository.updateAccount(updated);
        return updated;
    }

    // ---- users and sign-in

    @Transactional
    public long createUser(String email, String name, String displayName, String rawPassword) {
        String normalized = normalizeEmail(email);
        if (repository.findUserByEmail(normalized).isPresent()) {
            throw BatonException.conflict("email_taken", "A user with this e-mail already exists");
        }
        checkPassword(rawPassword);
        return repository.insertUser(normalized, requireText("name", name, 200), displayName,
                passwords.encode(rawPassword), Tokens.random(24), clock.instant());
    }

    public Optional<Long> userIdByEmail(String email) {
        return repository.findUserByEmail(normalizeEmail(email)).map(AccountRepository.UserRow::id);
    }

    /** Empty when the e-mail or password is wrong: the caller cannot tell which. */
    public Optional<CurrentUser> authenticate(String email, String rawPassword) {
        if (email == null || rawPassword == null) {
            return Optional.empty();
        }
        Optional<AccountRepository.UserRow> user = repository.findUserByEmail(normalizeEmail(email));
        if (user.isEmpty()) {
            passwords.matches(rawPassword, dummyHash); // same cost whether or not the user exists
            return Optional.empty();
        }
        if (!passwords.matches(rawPassword, user.get().passwordHash())) {
            return Optional.empty();
        }
        return user.map(u -> new CurrentUser(u.id(), u.email(), u.name()));
    }

    public Optional<CurrentUser> userByAccessToken(String token) {
        if (token == null || token.isBlank() || token.length() > 64) {
            return Optional.empty();
        }
        return repository.findUserByToken(token).map(u -> new CurrentUser(u.id(), u.email(), u.name()));
    }

    public Profile profile(long userId) {
        AccountRepository.UserRow user = repository.findUser(userId).orElseThrow(() -> BatonException.notFound("User"));
        List<Membership> memberships = repository.membershipsOf(userId);
        List<Account> accounts = repository.accountsOf(userId);
        List<AccountRole> roles = accounts.stream().map(a -> {
            Optional<Membership> m = memberships.stream().filter(x -> x.accountId() == a.id()).findFirst();
            Role role = m.map(Membership::role).orElse(Role.AGENT);
            return new AccountRole(a.id(), a.name(), a.locale(), role, m.map(Preferences::of).orElse(Preferences.defaultsFor(role)));
        }).toList();
        return new Profile(user.id(), user.name(), user.displayName(), user.email(), user.avatarUrl(),
                user.accessToken(), user.locale(), roles);
    }

    /**
     * The person's own profile and, when {@code preferences} has a value, their preferences in {@code accountId}
     * (their first account when null). One transaction: a refused field changes nothing.
     */
    @Transactional
    public Profile updateProfile(long userId, String name, String displayName, String avatarUrl, String locale,
                                 String currentPassword, String newPassword, Long accountId, Preferences.Change preferences) {
        if (preferences != null && (preferences.showBotConversations() != null || preferences.emailOnNewHandoff() != null)) {
            List<Membership> memberships = repository.membershipsOf(userId);
            Membership member = (accountId == null ? memberships.stream().findFirst()
                    : memberships.stream().filter(m -> m.accountId() == accountId).findFirst())
                    .orElseThrow(() -> BatonException.invalid("account_id", "unknown", "account_id names no account of yours"));
            repository.updatePreferences(member.accountId(), userId, Preferences.of(member).with(preferences));
        }
        return updateProfile(userId, name, displayName, avatarUrl, locale, currentPassword, newPassword);
    }

    @Transactional
    public Profile updateProfile(long userId, String name, String displayName, String avatarUrl, String locale,
                                 String currentPassword, String newPassword) {
        AccountRepository.UserRow user = repository.findUser(userId).orElseThrow(() -> BatonException.notFound("User"));
        if (newPassword != null) {
            if (currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
                throw BatonException.invalid("current_password", "mismatch", "current_password is wrong");
            }
            checkPassword(newPassword);
            repository.updatePassword(userId, passwords.encode(newPassword));
        }
        repository.updateUserProfile(userId,
                name == null ? user.name() : requireText("name", name, 200),
                displayName == null ? user.displayName() : (displayName.isBlank() ? null : requireText("display_name", displayName, 200)),
                avatarUrl == null ? user.avatarUrl() : (avatarUrl.isBlank() ? null : requireText("avatar_url", avatarUrl, 2000)),
                locale == null ? user.locale() : checkLocale(locale));
        return profile(userId);
    }

    void membershipChanged(long accountId, long userId) {
        events.publishEvent(new AgentMembershipChanged(accountId, userId));
    }

    // ---- rules shared with AgentService

    static String normalizeEmail(String email) {
        if (email == null || email.isBlank()) {
            throw BatonException.invalid("email", "required", "email is required");
        }
        String trimmed = email.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() > 320 || !trimmed.matches("[^@\\s]+@[^@\\s]+")) {
            throw BatonException.invalid("email", "email", "email is not a valid e-mail address");
        }
        return trimmed;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < 8) {
            throw BatonException.invalid("password", "length", "password must have at least 8 characters");
        }
        if (password.length() > 200) {
            throw BatonException.invalid("password", "length", "password must have at most 200 characters");
        }
    }

    static String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw BatonException.invalid(field, "required", field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw BatonException.invalid(field, "length", field + " must have at most " + max + " characters");
        }
        return trimmed;
    }

    static String checkLocale(String locale) {
        if (!Account.LOCALES.contains(locale)) {
            throw BatonException.invalid("locale", "inclusion", "locale must be one of en, de, fr, it");
        }
        return locale;
    }

}
