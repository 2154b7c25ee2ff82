package dev.baton.bot;

import dev.baton.account.AccountService;
import dev.baton.contact.ContactField;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Actor;
import dev.baton.conversation.ConversationOpened;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.Owner;
import dev.baton.conversation.Status;
import dev.baton.conversation.Transition;
import dev.baton.conversation.VisitorMessageReceived;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.notify.Mail;
import dev.baton.notify.MailOutbox;
import dev.baton.routing.Handoff;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.HandoffRequested;
import dev.baton.routing.RoutingService;
import dev.baton.shared.Templates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs a conversation's story while the bot has the hand: writes its messages, asks and checks answers,
 * keeps the variables, hands over to people and goes on along the handoff's outcome (ARCHITECTURE.md
 * section 5). Each reaction is durable ({@code @ApplicationModuleListener}: recorded with the event, run
 * after commit in a transaction of its own, run again if it fails or its node dies) and idempotent: the
 * {@code bot_session} row, locked, says where the story is, which visitor message it read last and which
 * handoff it follows, so a reaction delivered twice or late does nothing the second time. A step's
 * messages, the session and the handoff it asks for commit together.
 */
@Component
class StoryRunner {

    private static final Logger log = LoggerFactory.getLogger(StoryRunner.class);
    private static final int MAX_STEPS_PER_RUN = 50;
    private static final int MESSAGES_PER_REACTION = 50;
    /**
     * A refused handoff takes the no_agent exit at once; if that path asks for a handoff that is
     * refused again (say, a deleted team), the story would loop in one call. Two refusals in a row end it.
     */
    private static final int MAX_REFUSED_HANDOFFS_IN_A_ROW = 2;

    private final SessionRepository sessions;
    private final StoryService stories;
    private final InboxService inboxes;
    private final AccountService accounts;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final RoutingService routing;
    private final MailOutbox mail;
    private final ContactService contacts;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    StoryRunner(SessionRepository sessions, StoryService stories, InboxService inboxes, AccountService accounts,
                ConversationService conversations, ConversationQueries queries, RoutingService routing, MailOutbox mail,
                ContactService contacts, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.contacts = contacts;
        this.events = events;
        this.sessions = sessions;
        this.stories = stories;
        this.inboxes = inboxes;
        this.accounts = accounts;
        this.conversations = conversations;
        this.queries = queries;
        this.routing = routing;
        this.mail = mail;
        this.clock = clock;
        texts.setBasename("i18n/bot");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
    }

    // ---- what wakes the runner

    /** The story starts when a visitor opens a conversation in an inbox that runs one (the widget does on opening). */
    @ApplicationModuleListener
    void onOpened(ConversationOpened e) {
        if (e.owner() == Owner.BOT) {
            session(e.accountId(), e.conversationId(), e.inboxId());
        }
    }

    /**
     * The visitor wrote while the bot had the conversation: every message after the last one read, in order,
     * answers the question asked (or starts the story, or asks for a person with a handover keyword).
     */
    @ApplicationModuleListener
    void onVisitorMessage(VisitorMessageReceived e) {
        if (session(e.accountId(), e.conversationId(), e.inboxId()).isEmpty()) {
            return;
        }
        for (Message m : queries.visitorMessagesAfter(e.conversationId(),
                sessions.lock(e.conversationId()).orElseThrow().handledMessageId(), MESSAGES_PER_REACTION)) {
            if (m.id() > e.messageId()) {
                break; // its own event reads it
            }
            SessionRepository.Session s = sessions.lock(e.conversationId()).orElseThrow();
            if (m.id() <= s.handledMessageId()) {
                continue;
            }
            if ("handoff".equals(s.waiting())) {
                // Written while the handoff is still open (the bot took the conversation back a moment ago):
                // kept unread for the step the no_agent or declined exit leads to.
                break;
            }
            sessions.markRead(s.conversationId(), m.id());
            answer(s, m, e.inboxId());
        }
    }

    /**
     * A handoff the story did not ask for (the visitor's "talk to a person" in the widget, an API client):
     * the story follows it as if it had reached its own handoff step, so that the handled, declined and
     * no_agent paths run afterwards. The story's own handoffs find the session following them already.
     */
    @ApplicationModuleListener
    void onHandoffRequested(HandoffRequested e) {
        sessions.lock(e.conversationId()).ifPresent(s -> {
            if (!"input".equals(s.waiting()) && !"none".equals(s.waiting()) && !"done".equals(s.waiting())) {
                return;
            }
            sessions.save(s.at(firstHandoffStep(definition(s)), "handoff", 0).following(e.handoffId()), clock.instant());
            // Delivered late, after the handoff already ended: go on along its outcome now.
            routing.outcomeOf(e.handoffId()).ifPresent(outcome -> outcome(e.accountId(), e.conversationId(), e.handoffId(), outcome,
                    routing.outcomeReasonOf(e.handoffId()).filter(Handoff.CLOSED::equals).isPresent(), 0));
        });
    }

    @ApplicationModuleListener
    void onHandoffEnded(HandoffEnded e) {
        if ("handoff".equals(e.kind())) {
            outcome(e.accountId(), e.conversationId(), e.handoffId(), e.outcome(), e.closed(), 0);
        }
    }

    /**
     * The agent ended the chat or handed back, or the visitor pressed "back to the bot": the handled path. Decided at
     * publication (ADR 0060): every other transition (each handoff, each offer accepted) writes no event publication
     * and runs no transaction of its own for nothing.
     */
    @ApplicationModuleListener(condition = "#a0.backToBot() || #a0.resolved()")
    void onStateChanged(ConversationStateChanged e) {
        if (e.backToBot() || e.resolved()) {
            returned(e.accountId(), e.conversationId());
        }
    }

    // ---- the work

    /** The conversation's session, locked; started now when the bot has the conversation and none exists yet. */
    private Optional<SessionRepository.Session> session(long accountId, long conversationId, long inboxId) {
        Optional<SessionRepository.Session> existing = sessions.lock(conversationId);
        if (existing.isPresent() && !SessionRepository.NEW.equals(existing.get().waiting())) {
            return existing;
        }
        boolean botOwned = queries.find(accountId, conversationId).map(c -> c.owner() == Owner.BOT && c.status() == Status.OPEN)
                .orElse(false);
        if (!botOwned) {
            return existing;
        }
        Inbox inbox = inboxes.byId(inboxId).orElseThrow();
        if (inbox.automation().agentBotId() != null) {
            return existing; // an external agent bot answers in this inbox (agentbot), not a story
        }
        Long storyId = inbox.automation().storyId();
        Optional<Story> story = storyId == null ? Optional.empty() : stories.find(accountId, storyId);
        if (story.isEmpty() || story.get().publishedVersion() == null) {
            log.warn("Inbox {} names no published story: conversation {} goes to people", inboxId, conversationId);
            routing.tryHandoffByBot(accountId, conversationId, inbox.automation().teamId(), "bot");
            return Optional.empty();
        }
        JsonNode definition = stories.version(story.get().id(), story.get().publishedVersion()).orElseThrow();
        // Two reactions may race to start it: the first insert wins, the row lock orders the rest.
        sessions.insertIfAbsent(new SessionRepository.Session(conversationId, accountId, story.get().id(),
                story.get().publishedVersion(), definition.path("start").asString(), SessionRepository.NEW, 0, null,
                new LinkedHashMap<>(), 0, null), clock.instant());
        SessionRepository.Session s = sessions.lock(conversationId).orElseThrow();
        if (SessionRepository.NEW.equals(s.waiting())) {
            drive(s.at(s.stepId(), "none", 0), definitionOf(s), 0);
        }
        return sessions.lock(conversationId);
    }

    /** One visitor message, read in order. */
    private void answer(SessionRepository.Session s, Message m, long inboxId) {
        JsonNode definition = definition(s);
        String text = m.content() == null ? "" : m.content().strip();
        if ("done".equals(s.waiting())) {
            drive(s.at(definition.path("start").asString(), "none", 0), definition, 0);
            return;
        }
        if (!"input".equals(s.waiting())) {
            return; // people have the conversation, or a handoff is under way: the agents read it
        }
        JsonNode step = definition.path("steps").path(s.stepId());
        String language = language(s, definition);
        boolean pressedButton = "choice".equals(step.path("type").asString()) && choose(step.path("options"), text) != null;
        if (!pressedButton && isHandoverKeyword(inboxId, text)) {
            jumpToHandoff(s, definition);
            return;
        }
        if (s.askedMessageId() != null && m.id() < s.askedMessageId()) {
            return; // written before the question was asked: not its answer (agents still see it)
        }
        Accepted accepted = accept(step, text, language);
        if (accepted != null) {
            store(s, step, accepted, m, inboxId);
            drive(s.at(accepted.next(), "none", 0), definition, 0);
            return;
        }
        // The bot's own words in the story's language; a story with one text per field speaks the account's.
        String locale = language != null ? language : accounts.account(s.accountId()).locale();
        if ("ask".equals(step.path("type").asString())) {
            String retry = text.length() > AnswerCheck.MAX_ANSWER ? text(locale, "too_long", AnswerCheck.MAX_ANSWER)
                    : step.has("retry") ? say(step.path("retry"), language, s.variables())
                    : text(locale, "retry");
            conversations.postAsBot(s.accountId(), s.conversationId(), retry, "text", Map.of());
            sessions.save(s.at(s.stepId(), "input", s.retries() + 1), clock.instant());
        } else if ("choice".equals(step.path("type").asString())) {
            conversations.postAsBot(s.accountId(), s.conversationId(), text(locale, "choose"), "input_select",
                    Map.of("items", items(step.path("options"), language)));
            sessions.save(s.at(s.stepId(), "input", s.retries() + 1), clock.instant());
        }
    }

    /** An answer an {@code ask} or {@code choice} step takes: the value for its variable (null: none) and the next step. */
    private record Accepted(String value, String next) {
    }

    /** What the step makes of the text, or null when it does not take it (fails the check, matches no button). */
    private static Accepted accept(JsonNode step, String text, String language) {
        if ("ask".equals(step.path("type").asString())) {
            return AnswerCheck.valid(step.path("validate").asString("text"), step.path("pattern").asString(""), text)
                    ? new Accepted(text, step.path("next").asString()) : null;
        }
        if ("choice".equals(step.path("type").asString())) {
            JsonNode chosen = choose(step.path("options"), text);
            if (chosen == null) {
                return null;
            }
            // The variable keeps the option's value, else its title in the conversation's language.
            String value = chosen.path("value").isString() ? chosen.path("value").asString()
                    : StoryLanguage.text(chosen.path("title"), language);
            return new Accepted(step.has("variable") ? value : null, chosen.path("next").asString());
        }
        return null;
    }

    /** Keeps a taken answer in the step's variable, and on the contact when the step maps it to a contact field. */
    private void store(SessionRepository.Session s, JsonNode step, Accepted accepted, Message m, long inboxId) {
        if (accepted.value() == null) {
            return;
        }
        String variable = step.path("variable").asString();
        s.variables().put(variable, accepted.value());
        conversations.setVariables(s.accountId(), s.conversationId(), Map.of(variable, accepted.value()));
        surveyAnswer(s, m, inboxId, variable, accepted.value());
        ContactField.fromWire(step.path("contact_field").asString("")).ifPresent(field -> {
            long contactId = queries.find(s.accountId(), s.conversationId()).orElseThrow().contactId();
            if (!contacts.fillFromVisitor(s.accountId(), contactId, field, accepted.value())) {
                log.info("Conversation {}: the answer to step {} was not written to the contact's {}", s.conversationId(),
                        s.stepId(), field.wire());
            }
        });
    }

    /** A satisfaction survey's answer (docs/reports.md) is announced for the reports. */
    private void surveyAnswer(SessionRepository.Session s, Message m, long inboxId, String variable, String answer) {
        int rating = SurveyAnswered.rating(answer);
        if (SurveyAnswered.isSurvey(variable) && rating > 0) {
            events.publishEvent(new SurveyAnswered(s.accountId(), s.conversationId(), inboxId, m.id(), rating));
        }
    }

    /** A handover keyword: to the story's (first) handoff step, or a plain handoff when the story has none. */
    private void jumpToHandoff(SessionRepository.Session s, JsonNode definition) {
        String handoffStep = firstHandoffStep(definition);
        if (handoffStep != null) {
            drive(s.at(handoffStep, "none", 0), definition, 0);
        } else {
            sessions.save(s.at(null, "handoff", 0), clock.instant());
            handOff(sessions.lock(s.conversationId()).orElseThrow(), definition, null, 0);
        }
    }

    /**
     * A handoff ended: the story goes on at the exit named by its outcome (handled waits for the agent); a no_agent
     * outcome outside business hours ({@code closed}) takes the step's {@code closed} exit when it has one.
     */
    private void outcome(long accountId, long conversationId, long handoffId, String outcome, boolean closed, int refusals) {
        sessions.lock(conversationId).ifPresent(s -> {
            if (!"handoff".equals(s.waiting()) || (s.handoffId() != null && s.handoffId() != handoffId)) {
                return; // not following this handoff (any more)
            }
            if (Handoff.HANDLED.equals(outcome)) {
                sessions.save(s.at(s.stepId(), "agent", 0), clock.instant());
                // The agent may be done already (a late delivery): then the handled path runs now.
                boolean agentDone = queries.find(accountId, conversationId)
                        .map(c -> c.owner() != Owner.AGENT || c.status() == Status.RESOLVED).orElse(false);
                if (agentDone) {
                    returned(accountId, conversationId);
                }
                return;
            }
            if (Handoff.VISITOR_LEFT.equals(outcome)) {
                sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
                return;
            }
            boolean closedExit = closed && s.stepId() != null
                    && definition(s).path("steps").path(s.stepId()).path("exits").has(Handoff.CLOSED);
            String exit = Handoff.DECLINED.equals(outcome) ? Handoff.DECLINED : closedExit ? Handoff.CLOSED : Handoff.NO_AGENT;
            continueAt(s, exit, refusals);
        });
    }

    /** The agent is done (ended the chat or handed back): the handled path, with the conversation the bot's again. */
    private void returned(long accountId, long conversationId) {
        sessions.lock(conversationId).ifPresent(s -> {
            if (!"agent".equals(s.waiting())) {
                return;
            }
            // Ended by the agent: the bot reopens it for what follows (a survey). Handed back: it has it already.
            conversations.apply(accountId, conversationId, Actor.bot(null),
                    state -> state.status() == Status.RESOLVED ? new Transition.Reopen(null) : null);
            continueAt(s, Handoff.HANDLED, 0);
        });
    }

    private void continueAt(SessionRepository.Session s, String exit, int refusals) {
        // What the visitor wrote while people had the conversation was for them, not an answer to the story.
        // What they wrote while nobody took it (no_agent, declined) goes to the step that asks next.
        List<Message> waitingText = Handoff.HANDLED.equals(exit) ? List.of()
                : queries.visitorMessagesAfter(s.conversationId(), s.handledMessageId(), MESSAGES_PER_REACTION);
        sessions.markRead(s.conversationId(), queries.lastVisitorMessageId(s.conversationId()));
        JsonNode definition = definition(s);
        String next = s.stepId() == null ? definition.path("start").asString()
                : definition.path("steps").path(s.stepId()).path("exits").path(exit).asString();
        drive(s.at(next, "none", 0), definition, refusals, waitingText);
    }

    private void drive(SessionRepository.Session start, JsonNode definition, int refusals) {
        drive(start, definition, refusals, List.of());
    }

    /**
     * Runs steps until one waits; a handoff step asks routing for a person in the same transaction. The first
     * step that asks takes the newest of {@code waitingText} that it accepts instead of asking.
     */
    private void drive(SessionRepository.Session start, JsonNode definition, int refusals, List<Message> waitingText) {
        Long team = run(start, definition, waitingText);
        if (team != null) {
            handOff(sessions.lock(start.conversationId()).orElseThrow(), definition, team < 0 ? null : team, refusals);
        }
    }

    /** The newest message written while waiting that the step accepts, with what it makes of it; null if none. */
    private static Map.Entry<Message, Accepted> takenFrom(List<Message> waitingText, JsonNode step, String language) {
        for (Message m : waitingText.reversed()) {
            Accepted accepted = accept(step, m.content() == null ? "" : m.content().strip(), language);
            if (accepted != null) {
                return Map.entry(m, accepted);
            }
        }
        return null;
    }

    /** {@code teamId} null: the inbox's team. A refused handoff takes the no_agent exit at once. */
    private void handOff(SessionRepository.Session s, JsonNode definition, Long teamId, int refusals) {
        Long team = teamId != null ? teamId : queries.find(s.accountId(), s.conversationId())
                .flatMap(c -> inboxes.byId(c.inboxId())).map(i -> i.automation().teamId()).orElse(null);
        Optional<Handoff> handoff = routing.tryHandoffByBot(s.accountId(), s.conversationId(), team, "bot");
        if (handoff.isPresent()) {
            sessions.save(s.following(handoff.get().id()), clock.instant());
            return;
        }
        if (refusals + 1 >= MAX_REFUSED_HANDOFFS_IN_A_ROW) {
            log.warn("Conversation {}: the story asked again for a handoff that routing refuses; the story stops here. "
                    + "Check the handoff step's team_id", s.conversationId());
            sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
            return;
        }
        log.info("Handoff for conversation {} was refused: taking the no_agent path", s.conversationId());
        continueAt(s, Handoff.NO_AGENT, refusals + 1);
    }

    /**
     * Runs steps until one waits (for the visitor or for people) or the story ends. Answers the team of a
     * handoff step it reached (-1: the inbox's), or null.
     */
    private Long run(SessionRepository.Session start, JsonNode definition, List<Message> waitingText) {
        SessionRepository.Session s = start;
        long accountId = s.accountId();
        long conversationId = s.conversationId();
        List<Message> unread = waitingText;
        String language = language(s, definition);
        String agentsLanguage = StoryLanguage.choose(definition, null, accounts.account(accountId).locale());
        for (int i = 0; i < MAX_STEPS_PER_RUN; i++) {
            JsonNode step = definition.path("steps").path(s.stepId());
            Map<String, Object> vars = s.variables();
            String type = step.path("type").asString("");
            if (!unread.isEmpty() && ("ask".equals(type) || "choice".equals(type))) {
                Map.Entry<Message, Accepted> taken = takenFrom(unread, step, language);
                unread = List.of(); // only the first step that asks
                if (taken != null) {
                    Message m = taken.getKey();
                    store(s, step, taken.getValue(), m, queries.find(accountId, conversationId).orElseThrow().inboxId());
                    s = s.at(taken.getValue().next(), "none", 0);
                    continue;
                }
            }
            switch (type) {
                case "message" -> {
                    conversations.postAsBot(accountId, conversationId, say(step.path("text"), language, vars), "text", Map.of());
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "ask" -> {
                    Message question = conversations.postAsBot(accountId, conversationId, say(step.path("text"), language, vars), "text", Map.of());
                    sessions.save(s.at(s.stepId(), "input", 0).asked(question.id()), clock.instant());
                    return null;
                }
                case "choice" -> {
                    Message question = conversations.postAsBot(accountId, conversationId, say(step.path("text"), language, vars),
                            "input_select", Map.of("items", items(step.path("options"), language)));
                    sessions.save(s.at(s.stepId(), "input", 0).asked(question.id()), clock.instant());
                    return null;
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
                    // A note is for the agents: in the account's language.
                    conversations.botNote(accountId, conversationId, say(step.path("text"), agentsLanguage, vars));
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "handoff" -> {
                    if (step.has("text")) {
                        conversations.postAsBot(accountId, conversationId, say(step.path("text"), language, vars), "text", Map.of());
                    }
                    sessions.save(s.at(s.stepId(), "handoff", 0), clock.instant());
                    return step.path("team_id").isIntegralNumber() ? step.path("team_id").asLong() : -1L;
                }
                case "email" -> {
                    sendMail(s, step, agentsLanguage);
                    s = s.at(step.path("next").asString(), "none", 0);
                }
                case "goto" -> s = s.at(step.path("target").asString(), "none", 0);
                case "end" -> {
                    if (step.has("text")) {
                        conversations.postAsBot(accountId, conversationId, say(step.path("text"), language, vars), "text", Map.of());
                    }
                    sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
                    conversations.apply(accountId, conversationId, Actor.bot(null), new Transition.Resolve(null));
                    return null;
                }
                default -> {
                    log.warn("Story step {} of conversation {} is unknown; the story stops", s.stepId(), conversationId);
                    sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
                    return null;
                }
            }
        }
        log.warn("Conversation {}: story ran {} steps without waiting; stopped", conversationId, MAX_STEPS_PER_RUN);
        sessions.save(s.at(s.stepId(), "done", 0), clock.instant());
        return null;
    }

    private void sendMail(SessionRepository.Session s, JsonNode step, String agentsLanguage) {
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
        String subject = step.has("subject") ? say(step.path("subject"), agentsLanguage, s.variables())
                : text(locale, "mail_subject", s.conversationId());
        mail.queue(s.accountId(), new Mail(to, subject, body.toString()));
    }

    // ---- helpers

    private JsonNode definition(SessionRepository.Session s) {
        return definitionOf(s);
    }

    private JsonNode definitionOf(SessionRepository.Session s) {
        return stories.version(s.storyId(), s.version()).orElseThrow();
    }

    private boolean isHandoverKeyword(long inboxId, String text) {
        return inboxes.byId(inboxId).map(i -> i.automation().asksForPerson(text)).orElse(false);
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
            if (StoryLanguage.sameText(option.path("title"), text) || String.valueOf(i + 1).equals(text)) {
                return option;
            }
        }
        return null;
    }

    private static List<Map<String, String>> items(JsonNode options, String language) {
        List<Map<String, String>> items = new ArrayList<>();
        options.forEach(o -> {
            String title = StoryLanguage.text(o.path("title"), language);
            items.add(Map.of("title", title, "value", title));
        });
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

    private static String say(JsonNode text, String language, Map<String, Object> vars) {
        return Templates.interpolate(StoryLanguage.text(text, language), vars);
    }

    /**
     * The language the story speaks with this conversation's visitor (ADR 0054): the one the conversation started
     * with (the widget's), else the account's; null for a story with one text per field.
     */
    private String language(SessionRepository.Session s, JsonNode definition) {
        if (StoryLanguage.of(definition).isEmpty()) {
            return null;
        }
        String started = queries.find(s.accountId(), s.conversationId()).map(c -> c.language()).orElse(null);
        return StoryLanguage.choose(definition, started, accounts.account(s.accountId()).locale());
    }

    private String text(String locale, String key, Object... args) {
        return texts.getMessage("bot." + key, args, Locale.forLanguageTag(locale == null ? "en" : locale));
    }
}
