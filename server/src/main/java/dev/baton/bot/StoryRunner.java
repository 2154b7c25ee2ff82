package dev.baton.bot;

import dev.baton.account.AccountService;
import dev.baton.conversation.ConversationOpened;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.Owner;
import dev.baton.conversation.Status;
import dev.baton.conversation.VisitorMessageReceived;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.notify.Mail;
import dev.baton.notify.MailOutbox;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.HandoffRequested;
import dev.baton.routing.RoutingService;
import dev.baton.shared.Templates;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs a conversation's story while the bot has the hand: writes its messages, asks and checks answers,
 * keeps the variables, hands over to people and goes on along the handoff's outcome (ARCHITECTURE.md
 * section 5). One conversation's events are handled one after another (a lane per conversation, and the
 * bot_session row lock across nodes); a handoff is requested only after the step's transaction committed.
 */
@Component
class StoryRunner {

    private static final Logger log = LoggerFactory.getLogger(StoryRunner.class);
    private static final int MAX_STEPS_PER_RUN = 50;
    /**
     * A refused handoff takes the no_agent exit at once; if that path asks for a handoff that is
     * refused again (say, a deleted team), the story would loop in one call. Two refusals in a row end it.
     */
    private static final int MAX_REFUSED_HANDOFFS_IN_A_ROW = 2;
    static final List<String> DEFAULT_KEYWORDS = List.of("agent", "human", "person", "mitarbeiter", "mensch", "conseiller",
            "humain", "operatore");

    private final SessionRepository sessions;
    private final StoryService stories;
    private final InboxService inboxes;
    private final AccountService accounts;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final RoutingService routing;
    private final MailOutbox mail;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
    private final ExecutorService[] lanes = new ExecutorService[4];

    StoryRunner(SessionRepository sessions, StoryService stories, InboxService inboxes, AccountService accounts,
                ConversationService conversations, ConversationQueries queries, RoutingService routing, MailOutbox mail,
                Clock clock, PlatformTransactionManager transactionManager) {
        this.sessions = sessions;
        this.stories = stories;
        this.inboxes = inboxes;
        this.accounts = accounts;
        this.conversations = conversations;
        this.queries = queries;
        this.routing = routing;
        this.mail = mail;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        texts.setBasename("i18n/bot");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("story-" + i).daemon().factory());
        }
    }

    // ---- what wakes the runner

    /** The story starts when a visitor opens a conversation in an inbox that runs one (the widget does on opening). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onOpened(ConversationOpened e) {
        if (e.owner() == Owner.BOT) {
            lane(e.conversationId(), () -> {
                if (!sessions.exists(e.conversationId())) {
                    start(e.accountId(), e.conversationId(), e.inboxId());
                }
            });
        } else {
            // "Live chat only": with a team set on the inbox, the conversation goes straight to its queue.
            Long team = inboxes.byId(e.inboxId()).map(i -> i.automation().teamId()).orElse(null);
            if (team != null) {
                lane(e.conversationId(), () -> requestHandoff(e.accountId(), e.conversationId(), team, 0, "new_chat"));
            }
        }
    }

    /**
     * A visitor message answers the question the bot asked. A message in a bot conversation whose story has not
     * started (opened by an API client that wrote at once) starts it rather than answering its first question.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onVisitorMessage(VisitorMessageReceived e) {
        lane(e.conversationId(), () -> {
            if (!sessions.exists(e.conversationId())) {
                boolean botOwned = queries.find(e.accountId(), e.conversationId()).map(c -> c.owner() == Owner.BOT).orElse(false);
                if (botOwned) {
                    start(e.accountId(), e.conversationId(), e.inboxId());
                    if (isHandoverKeyword(e.inboxId(), e.content() == null ? "" : e.content())) {
                        askedForPerson(e);
                    }
                }
                return;
            }
            answer(e);
        });
    }

    /**
     * A handoff the story did not ask for (the visitor's "talk to a person" in the widget, an API client):
     * the story follows it as if it had reached its own handoff step, so that the handled, declined and
     * no_agent paths run afterwards. The story's own handoffs find the session waiting already.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onHandoffRequested(HandoffRequested e) {
        lane(e.conversationId(), () -> transactions.executeWithoutResult(status -> sessions.lock(e.conversationId()).ifPresent(s -> {
            if ("input".equals(s.waiting()) || "none".equals(s.waiting())) {
                sessions.save(s.at(firstHandoffStep(definition(s)), "handoff", 0), clock.instant());
            }
        })));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onHandoffEnded(HandoffEnded e) {
        if ("handoff".equals(e.kind())) {
            lane(e.conversationId(), () -> outcome(e.accountId(), e.conversationId(), e.outcome()));
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onStateChanged(ConversationStateChanged e) {
        boolean backToBot = e.owner() == Owner.BOT && e.previousOwner() != Owner.BOT;
        boolean ended = e.status() == Status.RESOLVED && e.previousStatus() != Status.RESOLVED;
        if (backToBot || ended) {
            lane(e.conversationId(), () -> returned(e.accountId(), e.conversationId()));
        }
    }

    // ---- the work

    private void start(long accountId, long conversationId, long inboxId) {
        Inbox inbox = inboxes.byId(inboxId).orElseThrow();
        Long storyId = inbox.automation().storyId();
        Optional<Story> story = storyId == null ? Optional.empty() : stories.find(accountId, storyId);
        if (story.isEmpty() || story.get().publishedVersion() == null) {
            log.warn("Inbox {} names no published story: conversation {} goes to people", inboxId, conversationId);
            requestHandoff(accountId, conversationId, null);
            return;
        }
        List<Long> handoffAfter = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            JsonNode definition = stories.version(story.get().id(), story.get().publishedVersion()).orElseThrow();
            SessionRepository.Session s = new SessionRepository.Session(conversationId, accountId, story.get().id(),
                    story.get().publishedVersion(), definition.path("start").asString(), "none", 0, null, new LinkedHashMap<>());
            sessions.insert(s, clock.instant());
            run(sessions.lock(conversationId).orElseThrow(), definition, handoffAfter);
        });
        afterCommit(accountId, conversationId, handoffAfter);
    }

    private void answer(VisitorMessageReceived e) {
        List<Long> handoffAfter = new ArrayList<>();
        transactions.executeWithoutResult(status -> sessions.lock(e.conversationId()).ifPresent(s -> {
            JsonNode definition = definition(s);
            String text = e.content() == null ? "" : e.content().strip();
            if ("done".equals(s.waiting())) {
                run(s.at(definition.path("start").asString(), "none", 0), definition, handoffAfter);
                return;
            }
            if (!"input".equals(s.waiting())) {
                return; // people have the conversation, or a handoff is under way
            }
            JsonNode step = definition.path("steps").path(s.stepId());
            boolean pressedButton = "choice".equals(step.path("type").asString()) && choose(step.path("options"), text) != null;
            if (!pressedButton && isHandoverKeyword(e.inboxId(), text)) {
                jumpToHandoff(s, definition, handoffAfter);
                return;
            }
            if (s.askedMessageId() != null && e.messageId() < s.askedMessageId()) {
                return; // written before the question was asked: not its answer (agents still see it)
            }
            String locale = accounts.account(s.accountId()).locale();
            if ("ask".equals(step.path("type").asString())) {
                if (!AnswerCheck.valid(step.path("validate").asString("text"), step.path("pattern").asString(""), text)) {
                    String retry = text.length() > AnswerCheck.MAX_ANSWER ? text(locale, "too_long", AnswerCheck.MAX_ANSWER)
                            : step.path("retry").isString() ? Templates.interpolate(step.path("retry").asString(), s.variables())
                            : text(locale, "retry");
                    conversations.postAsBot(s.accountId(), s.conversationId(), retry, "text", Map.of());
                    sessions.save(s.at(s.stepId(), "input", s.retries() + 1), clock.instant());
                    return;
                }
                s.variables().put(step.path("variable").asString(), text);
                conversations.setVariables(s.accountId(), s.conversationId(), Map.of(step.path("variable").asString(), text));
                run(s.at(step.path("next").asString(), "none", 0), definition, handoffAfter);
            } else if ("choice".equals(step.path("type").asString())) {
                JsonNode chosen = choose(step.path("options"), text);
                if (chosen == null) {
                    conversations.postAsBot(s.accountId(), s.conversationId(), text(locale, "choose"), "input_select",
                            Map.of("items", items(step.path("options"))));
                    sessions.save(s.at(s.stepId(), "input", s.retries() + 1), clock.instant());
                    return;
                }
                if (step.has("variable")) {
                    String title = chosen.path("title").asString();
                    s.variables().put(step.path("variable").asString(), title);
                    conversations.setVariables(s.accountId(), s.conversationId(), Map.of(step.path("variable").asString(), title));
                }
                run(s.at(chosen.path("next").asString(), "none", 0), definition, handoffAfter);
            }
        }));
        afterCommit(e.accountId(), e.conversationId(), handoffAfter);
    }

    /** A handover keyword in the message that opened the conversation: straight to the story's handoff. */
    private void askedForPerson(VisitorMessageReceived e) {
        List<Long> handoffAfter = new ArrayList<>();
        transactions.executeWithoutResult(status -> sessions.lock(e.conversationId()).ifPresent(s -> {
            if (!"input".equals(s.waiting())) {
                return;
            }
            jumpToHandoff(s, definition(s), handoffAfter);
        }));
        afterCommit(e.accountId(), e.conversationId(), handoffAfter);
    }

    /** A handover keyword: to the story's (first) handoff step, or a plain handoff when the story has none. */
    private void jumpToHandoff(SessionRepository.Session s, JsonNode definition, List<Long> handoffAfter) {
        String handoffStep = firstHandoffStep(definition);
        if (handoffStep != null) {
            run(s.at(handoffStep, "none", 0), definition, handoffAfter);
        } else {
            sessions.save(s.at(null, "handoff", 0), clock.instant());
            handoffAfter.add(-1L);
        }
    }

    private void outcome(long accountId, long conversationId, String outcome) {
        outcome(accountId, conversationId, outcome, 0);
    }

    private void outcome(long accountId, long conversationId, String outcome, int refusals) {
        List<Long> handoffAfter = new ArrayList<>();
        transactions.executeWithoutResult(status -> sessions.lock(conversationId).ifPresent(s -> {
            if (!"handoff".equals(s.waiting())) {
                return;
            }
            if ("handled".equals(outcome)) {
                sessions.save(s.at(s.stepId(), "agent", 0), clock.instant());
                return;
            }
            JsonNode definition = definition(s);
            sessions.save(s.at(s.stepId(), "none", 0), clock.instant());
            conversations.toBot(accountId, conversationId, "back_to_bot");
            String next = s.stepId() == null ? definition.path("start").asString()
                    : definition.path("steps").path(s.stepId()).path("exits").path(outcome).asString();
            run(s.at(next, "none", 0), definition, handoffAfter);
        }));
        afterCommit(accountId, conversationId, handoffAfter, refusals);
    }

    /** The agent ended the chat or handed back, or the visitor pressed "back to the bot": the handled path. */
    private void returned(long accountId, long conversationId) {
        List<Long> handoffAfter = new ArrayList<>();
        transactions.executeWithoutResult(status -> sessions.lock(conversationId).ifPresent(s -> {
            if (!"agent".equals(s.waiting())) {
                return;
            }
            JsonNode definition = definition(s);
            sessions.save(s.at(s.stepId(), "none", 0), clock.instant());
            conversations.toBot(accountId, conversationId, "back_to_bot");
            String next = s.stepId() == null ? definition.path("start").asString()
                    : definition.path("steps").path(s.stepId()).path("exits").path("handled").asString();
            run(s.at(next, "none", 0), definition, handoffAfter);
        }));
        afterCommit(accountId, conversationId, handoffAfter);
    }

    /** Runs steps until one waits (for the visitor or for people) or the story ends. */
    private void run(SessionRepository.Session start, JsonNode definition, List<Long> handoffAfter) {
        SessionRepository.Session s = start;
        long accountId = s.accountId();
        long conversationId = s.conversationId();
        for (int i = 0; i < MAX_STEPS_PER_RUN; i++) {
            JsonNode step = definition.path("steps").path(s.stepId());
            Map<String, Object> vars = s.variables();
            switch (step.path("type").asString("")) {
                case "message" -> {
                    conversations.postAsBot(accountId, conversationId, say(step.path("text"), vars), "text", Map.of());
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "ask" -> {
                    Message question = conversations.postAsBot(accountId, conversationId, say(step.path("text"), vars), "text", Map.of());
                    sessions.save(s.at(s.stepId(), "input", 0).asked(question.id()), clock.instant());
                    return;
                }
                case "choice" -> {
                    Message question = conversations.postAsBot(accountId, conversationId, say(step.path("text"), vars),
                            "input_select", Map.of("items", items(step.path("options"))));
                    sessions.save(s.at(s.stepId(), "input", 0).asked(question.id()), clock.instant());
                    return;
                }
                case "condition" -> {
                    String next = step.path("else").asString();
                    for (JsonNode rule : step.path("rules")) {
                        if (matches(rule, vars)) {
                            next = rule.path("next").asString();
                            break;
                        }
                    }
                    s = s.at(next, "none", 0);
                }
                case "set" -> {
                    String value = Templates.interpolate(step.path("value").asString(), vars);
                    vars.put(step.path("variable").asString(), value);
                    conversations.setVariables(accountId, conversationId, Map.of(step.path("variable").asString(), value));
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "note" -> {
                    conversations.botNote(accountId, conversationId, say(step.path("text"), vars));
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "handoff" -> {
                    if (step.path("text").isString()) {
                        conversations.postAsBot(accountId, conversationId, say(step.path("text"), vars), "text", Map.of());
                    }
                    sessions.save(s.at(s.stepId(), "handoff", 0), clock.instant());
                    handoffAfter.add(step.path("team_id").isIntegralNumber() ? step.path("team_id").asLong() : -1L);
                    return;
                }
                case "email" -> {
                    sendMail(s, step);
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "goto" -> s = s.at(step.path("target").asString(), "none", 0);
                case "end" -> {
                    if (step.path("text").isString()) {
                        conversations.postAsBot(accountId, conversationId, say(step.path("text"), vars), "text", Map.of());
                    }
                    sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
                    conversations.resolveBySystem(accountId, conversationId, "story_ended");
                    return;
                }
                default -> {
                    log.warn("Story step {} of conversation {} is unknown; the story stops", s.stepId(), conversationId);
                    sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
                    return;
                }
            }
        }
        log.warn("Conversation {}: story ran {} steps without waiting; stopped", conversationId, MAX_STEPS_PER_RUN);
        sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
    }

    /** Handoffs are asked for after the step's transaction committed (routing runs its own transactions). */
    private void afterCommit(long accountId, long conversationId, List<Long> handoffAfter) {
        afterCommit(accountId, conversationId, handoffAfter, 0);
    }

    private void afterCommit(long accountId, long conversationId, List<Long> handoffAfter, int refusals) {
        for (long team : handoffAfter) {
            requestHandoff(accountId, conversationId, team < 0 ? null : team, refusals, "bot");
        }
    }

    private void requestHandoff(long accountId, long conversationId, Long teamId) {
        requestHandoff(accountId, conversationId, teamId, 0, "bot");
    }

    /** {@code reason} tells agents where the handoff came from: "bot" (the story), "new_chat" (a live-chat-only inbox). */
    private void requestHandoff(long accountId, long conversationId, Long teamId, int refusals, String reason) {
        try {
            Long team = teamId;
            if (team == null) {
                team = queries.find(accountId, conversationId).flatMap(c -> inboxes.byId(c.inboxId()))
                        .map(i -> i.automation().teamId()).orElse(null);
            }
            routing.requestHandoffBySystem(accountId, conversationId, new RoutingService.HandoffRequest(team, null, reason, null));
        } catch (RuntimeException e) {
            if (refusals + 1 >= MAX_REFUSED_HANDOFFS_IN_A_ROW) {
                log.warn("Conversation {}: the story asked again for a handoff that routing refuses ({}); the story stops here. "
                        + "Check the handoff step's team_id", conversationId, e.getMessage());
                return;
            }
            log.info("Handoff for conversation {} was refused ({}): taking the no_agent path", conversationId, e.getMessage());
            outcome(accountId, conversationId, "no_agent", refusals + 1);
        }
    }

    private void sendMail(SessionRepository.Session s, JsonNode step) {
        String locale = accounts.account(s.accountId()).locale();
        String to = step.path("to").asString("inbox");
        if ("inbox".equals(to)) {
            to = queries.find(s.accountId(), s.conversationId()).flatMap(c -> inboxes.byId(c.inboxId()))
                    .map(i -> i.automation().noAgentEmail()).orElse(null);
        } else {
            to = Templates.interpolate(to, s.variables());
        }
        if (to == null || !to.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            log.warn("Conversation {}: e-mail step {} has no usable address; skipped", s.conversationId(), s.stepId());
            return;
        }
        StringBuilder body = new StringBuilder(text(locale, "mail_intro", s.conversationId())).append("\n\n")
                .append(text(locale, "mail_variables")).append('\n');
        s.variables().forEach((k, v) -> body.append("  ").append(k).append(": ").append(v).append('\n'));
        body.append('\n').append(text(locale, "mail_transcript")).append('\n');
        for (Message m : queries.recentMessages(s.conversationId(), 200)) {
            if (m.isPrivate() || m.type() == MessageType.ACTIVITY) {
                continue;
            }
            String who = switch (m.senderType()) {
                case CONTACT -> text(locale, "mail_visitor");
                case AGENT_BOT -> "Bot";
                default -> text(locale, "mail_agent");
            };
            body.append("  ").append(who).append(": ").append(m.content()).append('\n');
        }
        String subject = step.path("subject").isString() ? Templates.interpolate(step.path("subject").asString(), s.variables())
                : text(locale, "mail_subject", s.conversationId());
        mail.queue(s.accountId(), new Mail(to, subject, body.toString()));
    }

    // ---- helpers

    private JsonNode definition(SessionRepository.Session s) {
        return stories.version(s.storyId(), s.version()).orElseThrow();
    }

    private boolean isHandoverKeyword(long inboxId, String text) {
        List<String> keywords = inboxes.byId(inboxId).map(i -> i.automation().handoverKeywords()).filter(k -> !k.isEmpty())
                .orElse(DEFAULT_KEYWORDS);
        String lower = text.toLowerCase(Locale.ROOT);
        for (String keyword : keywords) {
            if (Pattern.compile("(^|[^\\p{L}\\p{N}])" + Pattern.quote(keyword) + "($|[^\\p{L}\\p{N}])").matcher(lower).find()) {
                return true;
            }
        }
        return false;
    }

    private static String firstHandoffStep(JsonNode definition) {
        for (String id : definition.path("steps").propertyNames()) {
            if ("handoff".equals(definition.path("steps").path(id).path("type").asString())) {
                return id;
            }
        }
        return null;
    }

    /** A button's title (case-insensitive) or its number counts as choosing it. */
    private static JsonNode choose(JsonNode options, String text) {
        for (int i = 0; i < options.size(); i++) {
            JsonNode option = options.get(i);
            if (option.path("title").asString().equalsIgnoreCase(text) || String.valueOf(i + 1).equals(text)) {
                return option;
            }
        }
        return null;
    }

    private static List<Map<String, String>> items(JsonNode options) {
        List<Map<String, String>> items = new ArrayList<>();
        options.forEach(o -> items.add(Map.of("title", o.path("title").asString(), "value", o.path("title").asString())));
        return items;
    }

    private static boolean matches(JsonNode rule, Map<String, Object> vars) {
        Object raw = vars.get(rule.path("variable").asString());
        String value = raw == null ? "" : raw.toString();
        String expected = Templates.interpolate(rule.path("value").asString(""), vars);
        return switch (rule.path("op").asString()) {
            case "equals" -> value.equalsIgnoreCase(expected);
            case "not_equals" -> !value.equalsIgnoreCase(expected);
            case "contains" -> value.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
            case "empty" -> value.isBlank();
            case "not_empty" -> !value.isBlank();
            case "greater_than" -> number(value) != null && number(expected) != null && number(value) > number(expected);
            case "less_than" -> number(value) != null && number(expected) != null && number(value) < number(expected);
            default -> false;
        };
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String say(JsonNode text, Map<String, Object> vars) {
        return Templates.interpolate(text.asString(""), vars);
    }

    private String text(String locale, String key, Object... args) {
        return texts.getMessage("bot." + key, args, Locale.forLanguageTag(locale == null ? "en" : locale));
    }

    private void lane(long conversationId, Runnable work) {
        lanes[(int) Math.floorMod(conversationId, (long) lanes.length)].execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Story of conversation {} failed", conversationId, e);
            }
        });
    }

    @PreDestroy
    void stop() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
    }
}
