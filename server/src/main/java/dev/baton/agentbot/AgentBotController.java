package dev.baton.agentbot;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.baton.account.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's account agent bots ({@code /agent_bots}, answered as bare objects and arrays as Chatwoot does) and
 * the inbox's bot ({@code set_agent_bot}, {@code agent_bot}); docs/api.md#agent-bots, docs/bots.md.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}")
class AgentBotController {

    record BotBody(String name, String description, String outgoingUrl, String avatarUrl, List<String> events,
                   Integer maxFailures, Integer replyDeadlineSeconds, Object botType, Map<String, Object> botConfig,
                   BotBody agentBot) {

        AgentBotService.Draft draft() {
            BotBody b = agentBot != null ? agentBot : this;
            return new AgentBotService.Draft(b.name, b.description, b.outgoingUrl, b.avatarUrl, b.events, b.maxFailures,
                    b.replyDeadlineSeconds);
        }
    }

    record SetBotBody(@JsonAlias("agent_bot_id") Long agentBot, List<Long> secondaryAgentBots) {
    }

    record ThreadBody(String target, Long agentBotId, Long teamId, Map<String, Object> metadata, Long expiresIn) {
    }

    private final AgentBotService service;
    private final ThreadControl threads;
    private final dev.baton.conversation.ConversationViews views;

    AgentBotController(AgentBotService service, ThreadControl threads, dev.baton.conversation.ConversationViews views) {
        this.service = service;
        this.threads = threads;
        this.views = views;
    }

    @GetMapping("/agent_bots")
    List<Map<String, Object>> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return service.list(accountId, user).stream().map(AgentBotController::view).toList();
    }

    @PostMapping("/agent_bots")
    Map<String, Object> create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody BotBody body) {
        return view(service.create(accountId, user, body.draft()));
    }

    @GetMapping("/agent_bots/{botId}")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return view(service.get(accountId, user, botId));
    }

    @PatchMapping("/agent_bots/{botId}")
    Map<String, Object> update(@PathVariable long accountId, @PathVariable long botId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody BotBody body) {
        return view(service.update(accountId, user, botId, body.draft()));
    }

    @PutMapping("/agent_bots/{botId}")
    Map<String, Object> replace(@PathVariable long accountId, @PathVariable long botId, @AuthenticationPrincipal CurrentUser user,
                                @RequestBody BotBody body) {
        return update(accountId, botId, user, body);
    }

    @DeleteMapping("/agent_bots/{botId}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        service.delete(accountId, user, botId);
        return ResponseEntity.ok().build();
    }

    @PostMapping("/agent_bots/{botId}/reset_access_token")
    Map<String, Object> resetAccessToken(@PathVariable long accountId, @PathVariable long botId,
                                         @AuthenticationPrincipal CurrentUser user) {
        return view(service.resetAccessToken(accountId, user, botId));
    }

    @PostMapping("/inboxes/{inboxId}/set_agent_bot")
    ResponseEntity<Void> setAgentBot(@PathVariable long accountId, @PathVariable long inboxId,
                                     @AuthenticationPrincipal CurrentUser user, @RequestBody SetBotBody body) {
        service.setInboxBot(accountId, user, inboxId, body.agentBot(), body.secondaryAgentBots());
        return ResponseEntity.noContent().build();
    }

    // ---- the handover protocol (docs/bots.md#handover-protocol): agent bots only

    @PostMapping("/conversations/{conversationId}/pass_thread_control")
    Object pass(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                @RequestBody ThreadBody body) {
        return views.conversation(threads.pass(accountId, user, conversationId,
                new ThreadControl.Pass(body.target(), body.agentBotId(), body.teamId(), body.metadata(), body.expiresIn())));
    }

    @PostMapping("/conversations/{conversationId}/take_thread_control")
    Object take(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                @RequestBody(required = false) ThreadBody body) {
        return views.conversation(threads.take(accountId, user, conversationId, body == null ? null : body.metadata()));
    }

    @PostMapping("/conversations/{conversationId}/release_thread_control")
    Object release(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                   @RequestBody(required = false) ThreadBody body) {
        return views.conversation(threads.release(accountId, user, conversationId, body == null ? null : body.metadata()));
    }

    @PostMapping("/conversations/{conversationId}/request_thread_control")
    Object request(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                   @RequestBody(required = false) ThreadBody body) {
        return views.conversation(threads.request(accountId, user, conversationId, body == null ? null : body.metadata()));
    }

    @GetMapping("/inboxes/{inboxId}/agent_bot")
    ResponseEntity<Map<String, Object>> inboxBot(@PathVariable long accountId, @PathVariable long inboxId,
                                                 @AuthenticationPrincipal CurrentUser user) {
        return service.ofInbox(accountId, user, inboxId).map(full -> {
                    Map<String, Object> m = view(full);
                    m.put("secondary_agent_bots", service.secondaries(inboxId));
                    return ResponseEntity.ok(m);
                })
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /**
     * Chatwoot's {@code AgentBot} JSON, plus Baton's {@code secret} (the signing secret of its deliveries),
     * {@code avatar_url} and {@code events}. {@code access_token} only when it was just made (stored hashed).
     */
    static Map<String, Object> view(AgentBotService.Full full) {
        AgentBot b = full.bot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("name", b.name());
        m.put("description", b.description() == null ? "" : b.description());
        m.put("thumbnail", b.avatarUrl() == null ? "" : b.avatarUrl());
        m.put("outgoing_url", b.outgoingUrl());
        m.put("bot_type", "webhook");
        m.put("bot_config", Map.of());
        m.put("account_id", b.accountId());
        m.put("access_token", full.accessToken());
        m.put("system_bot", false);
        m.put("secret", full.endpoint().secret());
        m.put("avatar_url", b.avatarUrl());
        m.put("events", b.events());
        m.put("max_failures", b.maxFailures());
        m.put("reply_deadline_seconds", b.replyDeadlineSeconds());
        m.put("enabled", full.endpoint().enabled());
        m.put("created_at", b.createdAt().getEpochSecond());
        m.put("updated_at", b.updatedAt().getEpochSecond());
        return m;
    }
}
