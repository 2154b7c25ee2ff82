package dev.baton.bot;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.routing.RoutingService;
import dev.baton.routing.TeamService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An inbox's automation (its story, live-chat team, handover keywords, pseudonym template, no-agent
 * address) and the visitor's "back to the bot".
 */
@RestController
class AutomationController {

    record AutomationBody(Long storyId, Long teamId, List<String> handoverKeywords, String pseudonymTemplate,
                          String noAgentEmail) {
    }

    private final InboxService inboxes;
    private final StoryService stories;
    private final TeamService teams;
    private final AccountService accounts;
    private final ContactService contacts;
    private final ConversationQueries queries;
    private final ConversationService conversations;
    private final RoutingService routing;

    AutomationController(InboxService inboxes, StoryService stories, TeamService teams, AccountService accounts,
                         ContactService contacts, ConversationQueries queries, ConversationService conversations,
                         RoutingService routing) {
        this.inboxes = inboxes;
        this.stories = stories;
        this.teams = teams;
        this.accounts = accounts;
        this.contacts = contacts;
        this.queries = queries;
        this.conversations = conversations;
        this.routing = routing;
    }

    @GetMapping("/api/v1/accounts/{accountId}/inboxes/{inboxId}/automation")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user) {
        return view(inboxes.get(accountId, user, inboxId));
    }

    @PutMapping("/api/v1/accounts/{accountId}/inboxes/{inboxId}/automation")
    Map<String, Object> update(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody AutomationBody body) {
        accounts.requireAdministrator(accountId, user);
        if (body.storyId() != null) {
            Story story = stories.require(accountId, body.storyId());
            if (story.publishedVersion() == null) {
                throw BatonException.invalid("story_id", "unpublished", "publish the story before an inbox runs it");
            }
        }
        if (body.teamId() != null) {
            teams.get(accountId, user, body.teamId());
        }
        return view(inboxes.updateAutomation(accountId, inboxId, new Inbox.Automation(body.storyId(), body.teamId(),
                body.handoverKeywords(), body.pseudonymTemplate(), body.noAgentEmail())));
    }

    /** The visitor's "back to the bot": a waiting handoff ends as declined, an agent's chat ends as handled. */
    @PostMapping("/public/api/v1/inboxes/{inboxIdentifier}/contacts/{sourceId}/conversations/{conversationId}/back_to_bot")
    Map<String, Object> backToBot(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                  @PathVariable long conversationId) {
        Inbox inbox = inboxes.byIdentifier(inboxIdentifier).orElseThrow(() -> BatonException.notFound("Inbox"));
        ContactInbox visitor = contacts.publicVisitor(inbox, sourceId);
        queries.visitorConversation(visitor, conversationId);
        if (inbox.automation().storyId() == null) {
            throw new BatonException(ErrorCode.NO_BOT);
        }
        routing.backToBotByVisitor(visitor, conversationId);
        return Map.of("conversation_id", conversationId, "owner", "bot");
    }

    private static Map<String, Object> view(Inbox inbox) {
        Inbox.Automation a = inbox.automation();
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("inbox_id", inbox.id());
        view.put("story_id", a.storyId());
        view.put("agent_bot_id", a.agentBotId());
        view.put("team_id", a.teamId());
        view.put("handover_keywords", a.keywordsInEffect());
        view.put("pseudonym_template", a.pseudonymTemplate());
        view.put("no_agent_email", a.noAgentEmail());
        return view;
    }
}
