package dev.baton.channel.email;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.baton.BatonApplication;
import dev.baton.bot.Chat;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import dev.baton.testing.SocketClient;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Follow-up by e-mail (docs/adr/0052), with real SMTP and IMAP on loopback (GreenMail): a handoff that found nobody
 * puts the conversation in the Follow up list, an agent's reply goes out by mail with the transcript and a link that
 * reopens the chat, and the visitor's answer, fetched by IMAP, comes back into the same conversation. The test polls
 * the mailbox itself ({@link ReplyMailbox#poll}, which returns once every fetched mail was taken in or refused).
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.public-url=https://chat.shop.example/",
                "baton.smtp.host=127.0.0.1",
                "baton.smtp.starttls=false",
                "baton.smtp.from=Shop <chat@shop.example>",
                "baton.outbox.interval=200ms",
                "baton.follow-up.reply-address=reply@shop.example",
                "baton.follow-up.imap.enabled=true",
                "baton.follow-up.imap.host=127.0.0.1",
                "baton.follow-up.imap.username=reply",
                "baton.follow-up.imap.password=reply-secret",
                "baton.follow-up.imap.tls=false",
                // the test polls; the background poll would race it for the same mails
                "baton.follow-up.imap.interval=1h"
        })
class FollowUpMailIntegrationTests extends IntegrationTest {

    private static final GreenMail MAIL = LocalSmtp.startWithImap("reply@shop.example", "reply", "reply-secret");
    private static final Pattern LINK = Pattern.compile("(https?://\\S+)#baton_resume=(\\S+)");

    @Autowired
    private ReplyMailbox mailbox;

    @Autowired
    private FollowUpReplies replies;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("baton.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("baton.follow-up.imap.port", () -> MAIL.getImap().getPort());
    }

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    /** A conversation whose handoff found nobody (the account is closed all week), from a visitor who left an address. */
    private record Case(Fixtures.World world, Fixtures.Visitor visitor, long conversationId, String email) {
    }

    private Case noAgentWithEmail() {
        return noAgentWithEmail(fixtures.world());
    }

    private Case noAgentWithEmail(Fixtures.World world) {
        List<Map<String, Object>> week = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            week.add(Map.of("day_of_week", d, "closed_all_day", true));
        }
        Map<String, Object> closed = new LinkedHashMap<>(Map.of("working_hours_enabled", true, "working_hours", week));
        assertThat(world.admin.api().patch(world.path(""), closed).status()).isEqualTo(200);
        Fixtures.Visitor visitor = world.visitor("Vera");
        String email = "vera." + world.id() + "@mail.example";
        assertThat(visitor.api().patch(visitor.path(), Map.of("email", email)).status()).isEqualTo(200);
        long conversationId = world.conversationFrom(visitor, "Where is my order 1234?");
        visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff", Map.of());
        eventually("in the Follow up list", () -> followUpIds(world).contains(conversationId));
        return new Case(world, visitor, conversationId, email);
    }

    private List<Long> followUpIds(Fixtures.World world) {
        List<Long> ids = new ArrayList<>();
        world.admin.api().get(world.path("/follow_ups")).json().path("data").path("payload").forEach(c -> ids.add(c.path("id").asLong()));
        return ids;
    }

    private JsonNode followUp(Case c) {
        return c.world.admin.api().get(c.world.path("/conversations/" + c.conversationId + "/follow_up")).json();
    }

    private long reply(Case c, String text, boolean isPrivate) {
        Api.Response posted = c.world.admin.api().post(c.world.path("/conversations/" + c.conversationId + "/messages"),
                Map.of("content", text, "private", isPrivate));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        return posted.json().path("id").asLong();
    }

    private List<JsonNode> messages(Case c) {
        List<JsonNode> list = new ArrayList<>();
        c.world.admin.api().get(c.world.path("/conversations/" + c.conversationId + "/messages")).json().path("payload")
                .forEach(list::add);
        return list;
    }

    private List<String> visitorTexts(Case c) {
        return messages(c).stream().filter(m -> m.path("message_type").asInt() == 0).map(m -> m.path("content").asString()).toList();
    }

    private static MimeMessage awaitMail(String address) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(end)) {
            List<MimeMessage> mails = LocalSmtp.mailsTo(MAIL, address);
            if (!mails.isEmpty()) {
                return mails.getLast();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address + " within 15 s");
    }

    private static void eventually(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 15 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The visitor answers: a mail into Baton's IMAP mailbox, as their mail program writes it. */
    private static void answer(String from, String to, String messageId, String inReplyTo, String text) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("Re: your message");
        m.setText(text, "UTF-8");
        m.saveChanges();
        m.setHeader("Message-ID", "<" + messageId + ">");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", "<" + inReplyTo + ">");
            m.setHeader("References", "<" + inReplyTo + ">");
        }
        MAIL.getUserManager().getUserByEmail("reply@shop.example").deliver(m);
    }

    private String outcome(String messageId) {
        return jdbc.sql("SELECT outcome FROM follow_up_mail WHERE mail_message_id = ?").param(messageId).query(String.class).single();
    }

    /** The mailed reply of a fresh case: its Reply-To and Message-ID. */
    private record Sent(Case c, MimeMessage mail, String replyTo, String messageId) {
    }

    private Sent mailedReply() throws Exception {
        Case c = noAgentWithEmail();
        reply(c, "Your order left our warehouse today.", false);
        MimeMessage mail = awaitMail(c.email);
        String messageId = mail.getMessageID().replaceAll("[<>]", "");
        return new Sent(c, mail, ((InternetAddress) mail.getReplyTo()[0]).getAddress(), messageId);
    }

    @Test
    void aNoAgentConversationWithAnAddressWaitsInTheFollowUpListUntilAnAgentAnswers() {
        Case c = noAgentWithEmail();
        JsonNode list = c.world.admin.api().get(c.world.path("/follow_ups")).json().path("data");
        assertThat(list.path("meta").path("count").asLong()).isEqualTo(1);
        assertThat(list.path("payload").get(0).path("id").asLong()).isEqualTo(c.conversationId);
        assertThat(followUp(c).path("state").asString()).isEqualTo("waiting");
        assertThat(followUp(c).path("replies_by_email").asBoolean()).isTrue();

        reply(c, "We are on it.", false);
        eventually("out of the list", () -> followUpIds(c.world).isEmpty());
        assertThat(c.world.admin.api().get(c.world.path("/follow_ups")).json().path("data").path("meta").path("count").asLong()).isZero();
        assertThat(followUp(c).path("state").asString()).isEqualTo("done");
    }

    @Test
    void theInboxsAgentsAreToldOnTheirSocketWhenAConversationEntersAndLeavesTheFollowUpList() {
        Fixtures.World world = fixtures.world();
        try (SocketClient socket = SocketClient.agent(port, world.admin.token())) {
            socket.send(Map.of("type", "resume", "conversations", Map.of()));
            socket.await("resumed", Duration.ofSeconds(10));
            Case c = noAgentWithEmail(world);
            JsonNode entered = socket.await(m -> "follow_up.changed".equals(m.path("type").asString())
                    && m.path("data").path("conversation_id").asLong() == c.conversationId, Duration.ofSeconds(10));
            assertThat(entered.path("data").path("waiting").asBoolean()).isTrue();

            reply(c, "We are on it.", false);
            JsonNode left = socket.await(m -> "follow_up.changed".equals(m.path("type").asString())
                    && !m.path("data").path("waiting").asBoolean(true), Duration.ofSeconds(10));
            assertThat(left.path("data").path("conversation_id").asLong()).isEqualTo(c.conversationId);
        }
    }

    @Test
    void anAgentsReplyGoesToTheVisitorByMailWithTheTranscriptAndAReplyAddressButNoNotes() throws Exception {
        Case c = noAgentWithEmail();
        reply(c, "Only for colleagues: check the courier", true);
        long replyId = reply(c, "Your order left our warehouse today.", false);
        MimeMessage mail = awaitMail(c.email);

        assertThat(mail.getSubject()).isEqualTo(c.world.inbox.name() + ": a reply to your message");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(c.email);
        String replyTo = ((InternetAddress) mail.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("reply\\+[0-9a-f]{40}@shop\\.example");
        assertThat(mail.getMessageID()).matches("<baton\\." + c.conversationId + "\\." + replyId + "\\.[0-9a-f]+@shop\\.example>");
        String body = String.valueOf(mail.getContent());
        assertThat(body).contains("replied:", "Your order left our warehouse today.", "[You] Where is my order 1234?")
                .doesNotContain("Only for colleagues");
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo(c.world.inbox.websiteUrl());
        assertThat(followUp(c).path("email_message_ids")).extracting(JsonNode::asLong).containsExactly(replyId);
    }

    @Test
    void theLinkInTheMailReopensTheChatInTheWidgetAndAForgedOneIsRefused() throws Exception {
        Sent sent = mailedReply();
        Matcher link = LINK.matcher(String.valueOf(sent.mail.getContent()));
        assertThat(link.find()).isTrue();
        String token = link.group(2);
        String resume = "/public/api/v1/inboxes/" + sent.c.world.inbox.identifier() + "/follow_up/resume";

        Api.Response resumed = anonymous.post(resume, Map.of("token", token));
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().path("source_id").asString()).isEqualTo(sent.c.visitor.sourceId());
        assertThat(resumed.json().path("pubsub_token").asString()).isEqualTo(sent.c.visitor.pubsubToken());
        assertThat(resumed.json().path("conversation_id").asLong()).isEqualTo(sent.c.conversationId);

        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(43);
        assertProblem(anonymous.post(resume, Map.of("token", forged)), 400, "resume_link_invalid");
        String otherConversation = (sent.c.conversationId + 1) + token.substring(token.indexOf('.'));
        assertProblem(anonymous.post(resume, Map.of("token", otherConversation)), 400, "resume_link_invalid");
        assertProblem(anonymous.post(resume, Map.of("token", "not-a-token")), 400, "resume_link_invalid");
        Fixtures.World other = fixtures.world();
        assertProblem(anonymous.post("/public/api/v1/inboxes/" + other.inbox.identifier() + "/follow_up/resume",
                Map.of("token", token)), 400, "resume_link_invalid");
        assertProblem(anonymous.post(resume, Map.of()), 422, "validation_failed");
    }

    @Test
    void theVisitorsAnswerComesBackIntoTheConversationOnceWithoutQuoteOrSignature() throws Exception {
        Sent sent = mailedReply();
        String id = "answer-" + sent.c.conversationId + "@mail.example";
        answer(sent.c.email, sent.replyTo, id, sent.messageId, """
                Thanks! Can you send the tracking number?

                --\u0020
                Vera, sent from the garden

                On Thu, 3 Dec 2026 at 17:00, Shop <chat@shop.example> wrote:
                > Your order left our warehouse today.
                """);
        assertThat(mailbox.poll()).isEqualTo(1);
        assertThat(outcome(id)).isEqualTo("accepted");
        assertThat(visitorTexts(sent.c)).containsExactly("Where is my order 1234?", "Thanks! Can you send the tracking number?");
        assertThat(followUp(sent.c).path("state").asString()).isEqualTo("waiting");
        assertThat(followUpIds(sent.c.world)).containsExactly(sent.c.conversationId);

        // fetched again (a copy, unseen): still one message
        answer(sent.c.email, sent.replyTo, id, sent.messageId, "Thanks! Can you send the tracking number?");
        assertThat(mailbox.poll()).isEqualTo(1);
        assertThat(visitorTexts(sent.c)).hasSize(2);

        // the agent's next reply answers in the same thread
        reply(sent.c, "Tracking number: 99-1234", false);
        eventually("second mail", () -> LocalSmtp.mailsTo(MAIL, sent.c.email).size() == 2);
        MimeMessage second = LocalSmtp.mailsTo(MAIL, sent.c.email).get(1);
        assertThat(second.getHeader("In-Reply-To")[0]).isEqualTo("<" + id + ">");
        assertThat(second.getHeader("References")[0]).contains("<" + sent.messageId + ">", "<" + id + ">");
    }

    @Test
    void mailsFromAStrangerOrWithABadTokenAreRefusedAndChangeNothing() throws Exception {
        Sent sent = mailedReply();
        String stranger = "stranger-" + sent.c.conversationId + "@mail.example";
        answer("mallory@evil.example", sent.replyTo, stranger, sent.messageId, "Please send the parcel to me instead");
        String badToken = "bad-token-" + sent.c.conversationId + "@mail.example";
        answer(sent.c.email, "reply+00000000000000000000000000000000000000ff@shop.example", badToken, sent.messageId, "Hello?");
        String noToken = "no-token-" + sent.c.conversationId + "@mail.example";
        answer(sent.c.email, "reply@shop.example", noToken, "unknown@shop.example", "Hello again?");

        assertThat(mailbox.poll()).isEqualTo(3);
        assertThat(outcome(stranger)).isEqualTo("unknown_sender");
        assertThat(outcome(badToken)).isEqualTo("bad_token");
        assertThat(outcome(noToken)).isEqualTo("bad_token");
        assertThat(visitorTexts(sent.c)).containsExactly("Where is my order 1234?");
    }

    @Test
    void anAnswerToAResolvedConversationReopensIt() throws Exception {
        Sent sent = mailedReply();
        Api.Response resolved = sent.c.world.admin.api().post(
                sent.c.world.path("/conversations/" + sent.c.conversationId + "/toggle_status"), Map.of("status", "resolved"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);

        String id = "late-" + sent.c.conversationId + "@mail.example";
        answer(sent.c.email, sent.replyTo, id, sent.messageId, "It has not arrived yet.");
        assertThat(mailbox.poll()).isEqualTo(1);

        JsonNode conversation = sent.c.world.admin.api().get(sent.c.world.path("/conversations/" + sent.c.conversationId)).json();
        assertThat(conversation.path("status").asString()).isEqualTo("open");
        assertThat(visitorTexts(sent.c)).contains("It has not arrived yet.");
        assertThat(followUpIds(sent.c.world)).contains(sent.c.conversationId);
    }

    @Test
    void anAnswerToAResolvedConversationOfABotInboxReopensItForThePeopleNotTheBot() throws Exception {
        Sent sent = mailedReply();
        assertThat(sent.c.world.admin.api().post(sent.c.world.path("/conversations/" + sent.c.conversationId + "/toggle_status"),
                Map.of("status", "resolved")).status()).isEqualTo(200);
        Chat.automate(sent.c.world, Map.of("story_id", Chat.publish(sent.c.world, Chat.demoStory())));

        String id = "bot-inbox-" + sent.c.conversationId + "@mail.example";
        answer(sent.c.email, sent.replyTo, id, sent.messageId, "Still nothing, can someone check?");
        assertThat(mailbox.poll()).isEqualTo(1);

        // owned by people in the same transaction as the message: the story is never told of it (it reacts only to
        // a visitor message in a conversation the bot owns), so the visitor, away from the widget, is not greeted by it
        JsonNode conversation = sent.c.world.admin.api().get(sent.c.world.path("/conversations/" + sent.c.conversationId)).json();
        assertThat(conversation.path("status").asString()).isEqualTo("open");
        assertThat(conversation.path("owner").asString()).isNotEqualTo("bot");
        assertThat(visitorTexts(sent.c)).contains("Still nothing, can someone check?");
        assertThat(followUpIds(sent.c.world)).contains(sent.c.conversationId);
    }

    @Test
    void theSameAnswerTakenByFourPollersAtOnceIsOneMessage() throws Exception {
        Sent sent = mailedReply();
        FollowUpReplies.Inbound mail = new FollowUpReplies.Inbound("race-" + sent.c.conversationId + "@mail.example", sent.c.email,
                List.of(sent.replyTo), List.of(sent.messageId), "Did it arrive twice?");
        List<String> outcomes = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> takes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                takes.add(pool.submit(() -> {
                    start.await();
                    return replies.take(mail);
                }));
            }
            start.countDown();
            for (var take : takes) {
                outcomes.add(take.get());
            }
        }
        assertThat(outcomes).containsOnlyOnce("accepted").containsOnly("accepted", "duplicate");
        assertThat(visitorTexts(sent.c)).containsOnlyOnce("Did it arrive twice?");
    }

    @Test
    void badListInputIsRefusedWithStableCodes() {
        Fixtures.World world = fixtures.world();
        assertProblem(world.admin.api().get(world.path("/follow_ups?cursor=yesterday")), 422, "validation_failed");
        assertProblem(anonymous.get(world.path("/follow_ups")), 401, "unauthorized");
        Fixtures.World other = fixtures.world();
        assertProblem(world.admin.api().get(other.path("/follow_ups")), 404, "not_found");
    }
}
