package dev.baton.channel.slack;

import dev.baton.account.CurrentUser;
import dev.baton.notify.Links;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Add to Slack", Slack's OAuth v2 install flow (docs/slack.md#add-to-slack, adr/0049): an administrator gets Slack's
 * authorize URL with a signed, single-use, expiring {@code state} bound to them, the account and the inbox or team
 * (adr/0051); Slack
 * sends the browser back to {@code /slack/oauth/callback}, where the code is exchanged with {@code oauth.v2.access}
 * and the bot token stored encrypted, as a pasted one is.
 */
@Service
class SlackInstall {

    /** The bot scopes the bridge needs; the manifest in docs/slack.md asks for the same. */
    static final List<String> SCOPES = List.of("channels:read", "channels:join", "channels:manage", "channels:history",
            "chat:write", "files:read", "files:write", "users:read", "users:read.email", "commands");

    static final String CALLBACK = "/slack/oauth/callback";

    private final SlackSettings settings;
    private final SlackRepository repository;
    private final SlackAccounts slackAccounts;
    private final SlackApi slack;
    private final TokenCipher cipher;
    private final SlackConnections connections;
    private final Links links;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SlackInstall(SlackSettings settings, SlackRepository repository, SlackAccounts slackAccounts, SlackApi slack, TokenCipher cipher,
                 SlackConnections connections, Links links, Clock clock) {
        this.settings = settings;
        this.repository = repository;
        this.slackAccounts = slackAccounts;
        this.slack = slack;
        this.cipher = cipher;
        this.connections = connections;
        this.links = links;
        this.clock = clock;
    }

    /** Slack's authorize URL for this administrator and inbox or team. */
    @Transactional
    String start(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        connections.requireAdmin(accountId, user, holder);
        if (!settings.installable()) {
            throw new BatonException(ErrorCode.SLACK_INSTALL_UNAVAILABLE);
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.installWindow());
        repository.insertInstallState(nonce, accountId, holder, user.id(), expires, now);
        String data = accountId + "." + holderInState(holder) + "." + user.id() + "." + expires.getEpochSecond() + "." + nonce;
        String state = data + "." + cipher.sign(data);
        return settings.authorizeUrl() + "?client_id=" + encode(settings.clientId()) + "&scope=" + encode(String.join(",", SCOPES))
                + "&redirect_uri=" + encode(redirectUri()) + "&state=" + encode(state);
    }

    /** An inbox as its id, a team as {@code t} and its id: the state names what is being connected. */
    private static String holderInState(SlackRepository.Holder holder) {
        return holder.inboxId() != null ? String.valueOf(holder.inboxId()) : "t" + holder.batonTeamId();
    }

    /**
     * Where the administrator lands after Slack: the inbox's Slack settings or the team's page, with {@code slack} or
     * {@code slack_error}.
     */
    record Outcome(long accountId, SlackRepository.Holder holder, String error) {
        String location() {
            return "/app/accounts/" + accountId + (holder.inboxId() != null ? "/settings/slack?inbox=" + holder.inboxId()
                    : "/settings/teams?team=" + holder.batonTeamId()) + (error == null ? "&slack=connected" : "&slack_error=" + error);
        }
    }

    /**
     * Slack sent the browser back. A state that is missing, not Baton's, expired, used, or made for another user is
     * {@code 400 slack_install_state_invalid}; Slack's {@code error} (the admin cancelled: {@code access_denied}) and
     * a code Slack refuses ({@code invalid_code}) lead back to the settings with that code. Nothing is stored unless
     * Slack gave a bot token.
     */
    Outcome finish(CurrentUser user, String state, String code, String error) {
        if (state == null || state.isBlank()) {
            throw invalidState("missing");
        }
        String[] parts = state.split("\\.");
        if (parts.length != 6) {
            throw invalidState("not Baton's");
        }
        String data = String.join(".", parts[0], parts[1], parts[2], parts[3], parts[4]);
        if (!cipher.signed(data, parts[5])) {
            throw invalidState("not Baton's");
        }
        long accountId = Long.parseLong(parts[0]);
        SlackRepository.Holder holder = parts[1].startsWith("t") ? SlackRepository.Holder.team(Long.parseLong(parts[1].substring(1)))
                : SlackRepository.Holder.inbox(Long.parseLong(parts[1]));
        long userId = Long.parseLong(parts[2]);
        if (clock.instant().getEpochSecond() > Long.parseLong(parts[3])) {
            throw invalidState("expired");
        }
        if (user == null) {
            throw new BatonException(ErrorCode.UNAUTHORIZED);
        }
        if (user.id() != userId) {
            throw invalidState("made for another user");
        }
        if (!repository.takeInstallState(parts[4], accountId, holder, userId)) {
            throw invalidState("used");
        }
        connections.requireAdmin(accountId, user, holder);
        if (error != null && !error.isBlank()) {
            return new Outcome(accountId, holder, error.matches("[a-z_]{1,40}") ? error : "access_denied");
        }
        if (code == null || code.isBlank()) {
            return new Outcome(accountId, holder, "invalid_code");
        }
        SlackApi.Installation installed;
        try {
            installed = slack.install(settings.clientId(), settings.clientSecret(), code, redirectUri());
        } catch (SlackFailure e) {
            return new Outcome(accountId, holder, e.error.matches("[a-z_]{1,40}") ? e.error : "slack_unavailable");
        }
        SlackApi.Identity who = installed.identity();
        repository.saveConnection(accountId, holder, who.teamId(), who.teamName(), who.botUserId(),
                cipher.encrypt(installed.botToken()), clock.instant());
        slackAccounts.connectionSaved(accountId);
        return new Outcome(accountId, holder, null);
    }

    private String redirectUri() {
        return links.baseUrl() + CALLBACK;
    }

    private static BatonException invalidState(String why) {
        return new BatonException(ErrorCode.SLACK_INSTALL_STATE_INVALID, why);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
