package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.Tokens;
import io.swagger.v3.oas.annotations.media.Schema;
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

    /**
     * A user as the sign-in and profile endpoints show them (Chatwoot's shape). {@code accessToken} is set only
     * when the token was just made: only its hash is stored (ADR 0020).
     */
    public record Profile(long id, String name, String displayName, String email, String avatarUrl,
                          String accessToken, String locale, List<AccountRole> accounts) {

        Profile withAccessToken(String token) {
            return new Profile(id, name, displayName, email, avatarUrl, token, locale, accounts);
        }
    }

    /** A new user and their personal access token, shown this once. */
    public record NewUser(long id, String accessToken) {
    }

    /** One account of the person: its language, their role and their preferences there. */
    public record AccountRole(long id, String name, String locale, Role role, Preferences preferences, Sound sound) {
    }

    /** Changes to an account's settings; a null field keeps its value. */
    public record SettingsChange(String name, String locale, Integer maxMessageLength, Integer licenceSeats,
                                 Boolean wrapUpRequired, String timeZone, String escalationLabel,
                                 @Schema(description = "Keep the default business hours, in time_zone, "
                                         + "for queues without their own (docs/routing.md#business-hours)")
                                 Boolean workingHoursEnabled,
                                 @Schema(description = "The week, Chatwoot's working_hours; replaces "
                                         + "the whole week, a day left out is closed")
                                 List<BusinessHours.DayInput> workingHours,
                                 @Schema(description = "Dates closed all day (at most 200)",
                                         example = "[\"2026-12-25\"]")
                                 List<String> holidays) {
    }

    private final AccountRepository repository;
    private final PasswordChecks passwords;
    private final SignInThrottle throttle;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final int maxMessageLengthCeiling;
    private final int maxLicenceSeats;
    private final AvatarImages avatarImages;
    private final String dummyHash;
    private final AccessTokenCache tokenCache;
    private final AccountCache accountCache;

    AccountService(AccountRepository repository, PasswordChecks passwords, SignInThrottle throttle, PasswordEncoder encoder,
                   Clock clock, ApplicationEventPublisher events, dev.baton.shared.BatonProperties properties,
                   AccessTokenCache tokenCache, AccountCache accountCache, AvatarImages avatarImages) {
        this.avatarImages = avatarImages;
        this.accountCache = accountCache;
        this.repository = repository;
        this.tokenCache = tokenCache;
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
        this.events = events;
        this.maxMessageLengthCeiling = properties.limits().maxMessageLengthCeiling();
        this.maxLicenceSeats = properties.limits().maxLicenceSeats();
        this.dummyHash = encoder.encode(Tokens.random(12));
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

    /**
     * The account as this node last read it, for the hot paths that only need its settings (a message's maximum
     * length): a change made on this node counts from its commit, one made on another node within
     * {@link AccountCache#TTL} (docs/adr/0069).
     */
    public Account cachedAccount(long accountId) {
        return accountCache.get(accountId, repository::findAccount).orElseThrow(() -> BatonException.notFound("Account"));
    }

    /** The caller's membership; an account they are not in does not exist for them. */
    public Membership requireMember(long accountId, CurrentUser user) {
        if (user.isBot()) {
            // A bot belongs to its one account, sees all its inboxes and administers nothing (docs/bots.md).
            if (user.botAccountId() != accountId) {
                throw BatonException.notFound("Account");
            }
            return new Membership(accountId, 0, Role.SUPERVISOR, false, 0, null, 0, true, false, Sound.DEFAULT);
        }
        return repository.findMembership(accountId, user.id()).orElseThrow(() -> BatonException.notFound("Account"));
    }

    public Membership requireAdministrator(long accountId, CurrentUser user) {
        Membership membership = requireMember(accountId, user);
        if (!membership.isAdministrator()) {
            throw BatonException.forbidden("administrators", "do this");
        }
        return membership;
    }

    public List<Membership> membershipsOf(long userId) {
        return repository.membershipsOf(userId);
    }

    public Optional<Membership> membership(long accountId, long userId) {
        return repository.findMembership(accountId, userId);
    }

    /** The most licence seats an administrator may set on this installation ({@code baton.limits.max-licence-seats}). */
    public int maxLicenceSeats() {
        return maxLicenceSeats;
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
        if (change.licenceSeats() != null && change.licenceSeats() != current.licenceSeats()) {
            if (change.licenceSeats() < 0) {
                throw BatonException.invalid("licence_seats", "range", "licence_seats must not be negative");
            }
            // An unchanged number passes even above a limit lowered since (the form sends every field back).
            if (change.licenceSeats() > maxLicenceSeats) {
                throw new BatonException(ErrorCode.LICENCE_SEATS_ABOVE_LIMIT, maxLicenceSeats);
            }
            // Under the account row lock, which licence grants take too: no grant slips in between the count and the change.
            int used = repository.countLicensed(accountId);
            if (change.licenceSeats() < used) {
                throw new BatonException(ErrorCode.LICENCE_SEATS_IN_USE, used, change.licenceSeats());
            }
            seats = change.licenceSeats();
        }
        Account updated = new Account(accountId, name, locale, maxLength, seats,
                change.wrapUpRequired() == null ? current.wrapUpRequired() : change.wrapUpRequired(),
                change.timeZone() == null ? current.timeZone() : checkTimeZone(change.timeZone()),
                change.escalationLabel() == null ? current.escalationLabel() : checkEscalationLabel(change.escalationLabel()),
                current.createdAt(), BusinessHours.check(current.businessHours(), change.workingHoursEnabled(), change.workingHours(),
                        change.holidays()));
        repository.updateAccount(updated);
        dev.baton.shared.AfterCommit.run(() -> accountCache.forget(accountId));
        events.publishEvent(new AccountChanged(accountId, actor, AccountChanged.ACCOUNT, accountId, updated.name(), AccountChanged.UPDATE,
                AccountChanged.shown(current), AccountChanged.shown(updated)));
        return updated;
    }

    // ---- users and sign-in

    @Transactional
    public NewUser createUser(String email, String name, String displayName, String rawPassword) {
        String normalized = normalizeEmail(email);
        if (repository.findUserByEmail(normalized).isPresent()) {
            throw new BatonException(ErrorCode.EMAIL_TAKEN);
        }
        checkPassword(rawPassword);
        String token = Tokens.random(24);
        long id = repository.insertUser(normalized, requireText("name", name, 200),
                displayName == null || displayName.isBlank() ? null : requireText("display_name", displayName, 200),
                passwords.encode(rawPassword), Tokens.hash(token), clock.instant());
        return new NewUser(id, token);
    }

    public Optional<Long> userIdByEmail(String email) {
        return repository.findUserByEmail(normalizeEmail(email)).map(AccountRepository.UserRow::id);
    }

    /**
     * A sign-in from {@code client} (the request's address): throttled (429 {@code too_many_sign_in_attempts}) before
     * the password is checked, 401 {@code invalid_credentials} for a wrong e-mail or password alike.
     */
    public CurrentUser signIn(String email, String rawPassword, String client) {
        throttle.begin(email, client);
        CurrentUser user = authenticate(email, rawPassword)
                .orElseThrow(() -> new BatonException(ErrorCode.INVALID_CREDENTIALS));
        throttle.succeeded(email, client);
        return user;
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
        return tokenCache.get(Tokens.hash(token),
                hash -> repository.findUserByTokenHash(hash).map(u -> new CurrentUser(u.id(), u.email(), u.name())));
    }

    /** The user's token or name changed on some node, committed: this node forgets what it cached of them. */
    public void forgetCachedUser(long userId) {
        tokenCache.forget(userId);
    }

    /**
     * A new personal access token for the user (Chatwoot's {@code reset_access_token}); the old one stops working at
     * once. The profile carries the new token: the only time it is shown.
     */
    @Transactional
    public Profile resetAccessToken(long userId) {
        repository.findUser(userId).orElseThrow(() -> BatonException.notFound("User"));
        String token = Tokens.random(24);
        repository.updateTokenHash(userId, Tokens.hash(token));
        events.publishEvent(new UserAccessChanged(userId));
        return profile(userId).withAccessToken(token);
    }

    /**
     * An administrator signs a member out everywhere: every session of theirs ends and their access token stops
     * working (a new one is made that nobody knows; they make their own after signing in again).
     */
    @Transactional
    public void signOutEverywhere(long accountId, CurrentUser actor, long userId) {
        requireAdministrator(accountId, actor);
        repository.findMembership(accountId, userId).orElseThrow(() -> BatonException.notFound("Agent"));
        repository.updateTokenHash(userId, Tokens.hash(Tokens.random(24)));
        repository.endSessions(userId, null);
        events.publishEvent(new UserAccessChanged(userId));
        events.publishEvent(new UserSignedOut(userId));
    }

    public Profile profile(long userId) {
        AccountRepository.UserRow user = repository.findUser(userId).orElseThrow(() -> BatonException.notFound("User"));
        List<Membership> memberships = repository.membershipsOf(userId);
        List<Account> accounts = repository.accountsOf(userId);
        List<AccountRole> roles = accounts.stream().map(a -> {
            Optional<Membership> m = memberships.stream().filter(x -> x.accountId() == a.id()).findFirst();
            Role role = m.map(Membership::role).orElse(Role.AGENT);
            return new AccountRole(a.id(), a.name(), a.locale(), role, m.map(Preferences::of).orElse(Preferences.defaultsFor(role)),
                    m.map(Membership::sound).orElse(Sound.DEFAULT));
        }).toList();
        return new Profile(user.id(), user.name(), user.displayName(), user.email(), user.avatarUrl(),
                null, user.locale(), roles);
    }

    /**
     * The person's own profile and, when {@code preferences} has a value, their preferences in {@code accountId}
     * (their first account when null). One transaction: a refused field changes nothing.
     */
    /**
     * As below; a new password also ends every other session of the user (all but {@code currentSessionId}, the one
     * that asked, when it is a session) in the same transaction.
     */
    @Transactional
    public Profile updateProfile(long userId, String name, String displayName, String avatarUrl, String locale,
                                 String currentPassword, String newPassword, Long accountId, Preferences.Change preferences,
                                 Sound.Change sound, String currentSessionId) {
        Profile profile = updateProfile(userId, name, displayName, avatarUrl, locale, currentPassword, newPassword, accountId,
                preferences, sound);
        if (newPassword != null) {
            repository.endSessions(userId, currentSessionId);
        }
        return profile;
    }

    @Transactional
    public Profile updateProfile(long userId, String name, String displayName, String avatarUrl, String locale,
                                 String currentPassword, String newPassword, Long accountId, Preferences.Change preferences,
                                 Sound.Change sound) {
        boolean prefs = preferences != null && (preferences.showBotConversations() != null || preferences.emailOnNewHandoff() != null);
        boolean sounds = sound != null && sound.any();
        if (prefs || sounds) {
            List<Membership> memberships = repository.membershipsOf(userId);
            Membership member = (accountId == null ? memberships.stream().findFirst()
                    : memberships.stream().filter(m -> m.accountId() == accountId).findFirst())
                    .orElseThrow(() -> BatonException.invalid("account_id", "unknown", "account_id names no account of yours"));
            if (prefs) {
                repository.updatePreferences(member.accountId(), userId, Preferences.of(member).with(preferences));
            }
            if (sounds) {
                repository.updateSound(member.accountId(), userId, member.sound().with(sound));
            }
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
        events.publishEvent(new UserAccessChanged(userId));
        repository.updateUserProfile(userId,
                name == null ? user.name() : requireText("name", name, 200),
                displayName == null ? user.displayName() : (displayName.isBlank() ? null : requireText("display_name", displayName, 200)),
                avatarUrl == null ? user.avatarUrl() : (avatarUrl.isBlank() ? null : requireText("avatar_url", avatarUrl, 2000)),
                locale == null ? user.locale() : checkLocale(locale));
        return profile(userId);
    }

    /**
     * A new avatar from an uploaded image (checked and made 256x256 first, so a refused file changes nothing), served
     * at {@code base}/avatars/{user}/{version}.png; the profile's {@code avatar_url} names it.
     */
    @Transactional
    public Profile uploadAvatar(long userId, byte[] upload, String base) {
        byte[] png = avatarImages.avatar(upload);
        String version = java.util.HexFormat.of().formatHex(sha256(png), 0, 16);
        repository.findUser(userId).orElseThrow(() -> BatonException.notFound("User"));
        repository.saveAvatar(userId, version, png, base + "/avatars/" + userId + "/" + version + ".png", clock.instant());
        return profile(userId);
    }

    /** A user's avatar PNG by its version (the URL's), for serving. */
    public Optional<byte[]> avatar(long userId, String version) {
        return repository.avatar(userId, version);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** A contact label as contacts' labels are written (letters, digits, _ and -, up to 100), lower-cased; 422 otherwise. */
    static String checkEscalationLabel(String label) {
        String clean = label.strip();
        if (clean.matches("[\\p{L}\\p{N}_-]{1,100}")) {
            return clean.toLowerCase(java.util.Locale.ROOT);
        }
        throw BatonException.invalid("escalation_label", "format", "escalation_label must be a label: letters, digits, _ or -, up to 100");
    }

    /** An IANA time zone id (region ids such as Europe/Zurich, or UTC); 422 otherwise. */
    static String checkTimeZone(String timeZone) {
        String id = timeZone.strip();
        if (java.time.ZoneId.getAvailableZoneIds().contains(id)) {
            return id;
        }
        throw BatonException.invalid("time_zone", "inclusion", "time_zone must be an IANA time zone such as Europe/Zurich");
    }

}
