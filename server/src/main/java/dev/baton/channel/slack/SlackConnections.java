package dev.baton.channel.slack;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.inbox.InboxService;
import dev.baton.routing.TeamService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.time.Clock;
import dev.baton.audit.AuditLog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.account.Role;
import dev.baton.notify.Mail;
import dev.baton.notify.MailOutbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connecting an inbox or a team to a Slack workspace (docs/slack.md#connecting): a pasted bot token is checked with
 * {@code auth.test} and stored encrypted; the request channel is picked from the workspace's public channels
 * (private channels and direct messages are refused, as in seed 000) and joined. Only administrators.
 */
@Service
class SlackConnections {

    private static final Logger log = LoggerFactory.getLogger(SlackConnections.class);

    /** What the seed tells admins, word for word in spirit: requests need a channel every member can see. */
    static final String NOT_PUBLIC = "Please choose a public channel from the list: private channels and direct messages "
            + "do not work, because the request must be visible to every member who may accept it.";

    /** restricted_action in plain words, for the admin page and the API. */
    static final String RESTRICTED = "The Slack workspace does not let the app do this. In Slack's settings "
            + "(Settings & administration → Workspace settings → Permissions → Channel management) allow "
            + "\"Everyone, except guests\" to create public channels and to archive channels.";

    private final SlackRepository repository;
    private final SlackAccounts slackAccounts;
    private final SlackApi slack;
    private final TokenCipher cipher;
    private final AccountService accounts;
    private final InboxService inboxes;
    private final TeamService teams;
    private final AgentService agents;
    private final MailOutbox mails;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final AuditLog audit;

    SlackConnections(SlackRepository repository, SlackAccounts slackAccounts, SlackApi slack, TokenCipher cipher, AccountService accounts,
                     InboxService inboxes, TeamService teams, AgentService agents, MailOutbox mails, Clock clock,
                     PlatformTransactionManager transactions, AuditLog audit) {
        this.audit = audit;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.repository = repository;
        this.slackAccounts = slackAccounts;
        this.slack = slack;
        this.cipher = cipher;
        this.accounts = accounts;
        this.inboxes = inboxes;
        this.teams = teams;
        this.agents = agents;
        this.mails = mails;
        this.clock = clock;
    }

    Optional<SlackRepository.Connection> get(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        requireAdmin(accountId, user, holder);
        return repository.connectionOf(holder);
    }

    @Transactional
    SlackRepository.Connection connect(long accountId, CurrentUser user, SlackRepository.Holder holder, String botToken) {
        requireAdmin(accountId, user, holder);
        if (botToken == null || botToken.isBlank()) {
            throw BatonException.invalid("bot_token", "required", "Paste the app's bot token (xoxb-…)");
        }
        String token = botToken.trim();
        if (!token.startsWith("xoxb-") || token.length() > 300) {
            throw BatonException.invalid("bot_token", "format", "A bot token starts with xoxb-");
        }
        SlackApi.Identity who;
        try {
            who = slack.identify(token);
        } catch (SlackFailure e) {
            if (e.revokes()) {
                throw BatonException.invalid("bot_token", "invalid_auth", "Slack does not accept this token (" + e.error + ")");
            }
            throw slackError(e);
        }
        Optional<SlackRepository.Connection> before = repository.connectionOf(holder);
        repository.saveConnection(accountId, holder, who.teamId(), who.teamName(), who.botUserId(), cipher.encrypt(token),
                clock.instant());
        slackAccounts.connectionSaved(accountId);
        SlackRepository.Connection connected = repository.connectionOf(holder).orElseThrow();
        Map<String, Object> changes = audited(connected);
        changes.put("bot_token", AuditLog.REDACTED);
        audit.record(accountId, user, AuditLog.SLACK_CONNECTION, connected.id(), shownName(connected),
                before.isPresent() ? AuditLog.UPDATE : AuditLog.CREATE,
                before.isPresent() ? AuditLog.diff(audited(before.get()), changes) : changes);
        return connected;
    }

    List<SlackApi.Channel> publicChannels(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        SlackRepository.Connection c = activeConnection(accountId, user, holder);
        try {
            return slack.publicChannels(cipher.decrypt(c.tokenEnc()));
        } catch (SlackFailure e) {
            throw failed(c, e);
        }
    }

    @Transactional
    SlackRepository.Connection chooseChannel(long accountId, CurrentUser user, SlackRepository.Holder holder, String channelId) {
        SlackRepository.Connection c = activeConnection(accountId, user, holder);
        if (channelId == null || channelId.isBlank()) {
            throw BatonException.invalid("channel_id", "required", "Choose the channel for requests");
        }
        if (channelId.startsWith("D") || channelId.startsWith("G")) {
            throw BatonException.invalid("channel_id", "not_public", NOT_PUBLIC);
        }
        String token = cipher.decrypt(c.tokenEnc());
        SlackApi.Channel channel;
        try {
            channel = slack.channel(token, channelId);
        } catch (SlackFailure e) {
            if ("channel_not_found".equals(e.error)) {
                throw BatonException.invalid("channel_id", "unknown", "Slack knows no channel " + channelId);
            }
            throw failed(c, e);
        }
        if (channel.isPrivate() || channel.isIm()) {
            throw BatonException.invalid("channel_id", "not_public", NOT_PUBLIC);
        }
        if (channel.archived()) {
            throw BatonException.invalid("channel_id", "archived", "The channel is archived");
        }
        try {
            slack.join(token, channelId);
        } catch (SlackFailure e) {
            throw failed(c, e);
        }
        repository.setRequestChannel(c.id(), channel.id(), channel.name(), clock.instant());
        SlackRepository.Connection chosen = repository.connection(c.id()).orElseThrow();
        audit.record(accountId, user, AuditLog.SLACK_CONNECTION, c.id(), shownName(c), AuditLog.UPDATE,
                AuditLog.diff(audited(c), audited(chosen)));
        return chosen;
    }

    @Transactional
    void disconnect(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        requireAdmin(accountId, user, holder);
        repository.connectionOf(holder).ifPresent(c -> {
            repository.deleteConnection(c.id());
            audit.record(accountId, user, AuditLog.SLACK_CONNECTION, c.id(), shownName(c), AuditLog.DESTROY, audited(c));
        });
    }

    /** A connection as the audit log shows it: never its token. */
    private static Map<String, Object> audited(SlackRepository.Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inbox_id", c.inboxId());
        m.put("baton_team_id", c.batonTeamId());
        m.put("team_id", c.teamId());
        m.put("team_name", c.teamName());
        m.put("bot_user_id", c.botUserId());
        m.put("status", c.status());
        m.put("request_channel_id", c.requestChannelId());
        m.put("request_channel_name", c.requestChannelName());
        return m;
    }

    private static String shownName(SlackRepository.Connection c) {
        return c.teamName() == null ? c.teamId() : c.teamName();
    }

    /**
     * Turns the connection off because Slack says its token is gone, and tells the admins by e-mail. Idempotent; in a
     * transaction of its own, so that it stays done when the request that found out fails.
     */
    void revoke(SlackRepository.Connection c, String reason) {
        ownTransaction.executeWithoutResult(status -> disable(c, reason));
    }

    private void disable(SlackRepository.Connection c, String reason) {
        if (repository.disable(c.id(), reason, clock.instant())) {
            repository.failPending(c.id(), reason);
            Map<String, Object> revoked = new LinkedHashMap<>();
            revoked.put("status", Arrays.asList(c.status(), SlackRepository.Connection.DISABLED));
            revoked.put("disabled_reason", Arrays.asList(c.disabledReason(), reason));
            audit.record(c.accountId(), null, AuditLog.SLACK_CONNECTION, c.id(), shownName(c), AuditLog.REVOKE, revoked);
            String inbox = c.inboxId() != null ? "the inbox " + inboxes.byId(c.inboxId()).map(i -> i.name()).orElse("#" + c.inboxId())
                    : "the team " + teams.require(c.accountId(), c.batonTeamId()).name();
            log.warn("Slack connection {} of {} disabled: {}", c.id(), inbox, reason);
            for (Agent admin : agents.agents(c.accountId(), agents.supervisingUserIds(c.accountId()))) {
                if (admin.role() == Role.ADMINISTRATOR && admin.email() != null) {
                    mails.queue(c.accountId(), new Mail(admin.email(), "Slack is disconnected from " + inbox,
                            "Baton stopped using the Slack workspace " + (c.teamName() == null ? c.teamId() : c.teamName())
                                    + " for " + inbox + ": " + reason + ".\n\n" + explain(reason)
                                    + "\n\nNew handoffs go to the agents in Baton (or down the no-agent path) until an "
                                    + "administrator connects Slack again in its settings."));
                }
            }
        }
    }

    private BatonException failed(SlackRepository.Connection c, SlackFailure e) {
        if (e.revokes()) {
            revoke(c, e.error);
        }
        return slackError(e);
    }

    static BatonException slackError(SlackFailure e) {
        return new BatonException(ErrorCode.SLACK_ERROR, e.error, explain(e.error));
    }

    static String explain(String error) {
        return switch (error) {
            case "restricted_action" -> RESTRICTED;
            case "invalid_auth", "token_revoked", "account_inactive", "app_uninstalled", "not_authed", "token_expired" ->
                    "The app was removed from the workspace or its token revoked: connect again with a new token.";
            case "missing_scope" -> "The app lacks a permission: install it with the manifest in docs/slack.md.";
            case "ratelimited" -> "Slack asks to slow down: try again in a minute.";
            default -> "Slack did not do it; try again, and check the app's settings if it goes on.";
        };
    }

    private SlackRepository.Connection activeConnection(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        requireAdmin(accountId, user, holder);
        SlackRepository.Connection c = repository.connectionOf(holder)
                .orElseThrow(() -> new BatonException(ErrorCode.SLACK_NOT_CONNECTED));
        if (!c.active()) {
            throw new BatonException(ErrorCode.SLACK_NOT_CONNECTED);
        }
        return c;
    }

    void requireAdmin(long accountId, CurrentUser user, SlackRepository.Holder holder) {
        accounts.requireAdministrator(accountId, user);
        if (holder.inboxId() != null) {
            inboxes.require(accountId, holder.inboxId());
        } else {
            teams.require(accountId, holder.batonTeamId());
        }
    }
}
