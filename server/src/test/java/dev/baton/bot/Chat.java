package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/** A story set up through the API, and a visitor talking to it through the public API. */
public final class Chat {

    static final Duration WAIT = Duration.ofSeconds(15);

    final Fixtures.World world;
    final Fixtures.Visitor visitor;
    final long id;
    /** The administrator's client, on the node this chat talks to. */
    private final Api admin;

    private Chat(Fixtures.World world, Fixtures.Visitor visitor, long id, Api admin) {
        this.world = world;
        this.visitor = visitor;
        this.id = id;
        this.admin = admin;
    }

    /** The same chat, through another node of the cluster (visitor and administrator alike). */
    Chat via(int port) {
        Fixtures.Visitor moved = new Fixtures.Visitor(visitor.sourceId(), visitor.pubsubToken(), visitor.contactId(),
                new Api(port), visitor.path());
        return new Chat(world, moved, id, new Api(port).withToken(world.admin.token()));
    }

    /** Single quotes for readability in test sources. */
    static JsonNode json(String text) {
        return Api.JSON.readTree(text.replace('\'', '"'));
    }

    /** The demo story in its four languages (ADR 0054). */
    public static JsonNode demoStory() {
        try (InputStream in = new ClassPathResource("demo/story.json").getInputStream()) {
            return Api.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates and publishes a story; returns its id. */
    public static long publish(Fixtures.World world, JsonNode definition) {
        Api admin = world.admin.api();
        Api.Response created = admin.post(world.path("/stories"), Map.of("name", "Story", "definition", definition));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        long storyId = created.json().path("id").asLong();
        Api.Response published = admin.post(world.path("/stories/" + storyId + "/publish"), Map.of());
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        return storyId;
    }

    /** The inbox runs the story (and hands over to the team, when given). */
    public static void automate(Fixtures.World world, Map<String, Object> automation) {
        Api.Response put = world.admin.api().put(world.path("/inboxes/" + world.inbox.id() + "/automation"), automation);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    /** A new visitor opens a conversation (without a first message: the story speaks first). */
    static Chat open(Fixtures.World world, String visitorName) {
        return open(world, visitorName, Map.of());
    }

    /** The same, with the widget's request body (its {@code language}, say). */
    static Chat open(Fixtures.World world, String visitorName, Map<String, Object> body) {
        Fixtures.Visitor visitor = world.visitor(visitorName);
        Api.Response created = visitor.api().post(visitor.path() + "/conversations", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return new Chat(world, visitor, created.json().path("id").asLong(), world.admin.api());
    }

    String base() {
        return visitor.path() + "/conversations/" + id;
    }

    /** The visitor writes; returns the message's id. */
    long say(String text) {
        Api.Response posted = visitor.api().post(base() + "/messages", Map.of("content", text));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        return posted.json().path("id").asLong();
    }

    /** Every message the visitor can see, oldest first. */
    List<JsonNode> visitorMessages() {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = visitor.api().get(base() + "/messages?after=" + after).json();
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
            after = page.get(page.size() - 1).path("id").asLong();
        }
    }

    /** Every message an agent can see (private notes included), oldest first. */
    List<JsonNode> agentMessages() {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = admin.get(world.path("/conversations/" + id + "/messages?after=" + after)).json()
                    .path("payload");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
            after = page.get(page.size() - 1).path("id").asLong();
        }
    }

    static boolean fromBot(JsonNode m) {
        return "agent_bot".equals(m.path("sender").path("type").asString());
    }

    /** The bot's texts the visitor sees, oldest first. */
    List<String> botTexts() {
        return visitorMessages().stream().filter(Chat::fromBot).map(m -> m.path("content").asString()).toList();
    }

    /** Waits for a bot message with this text after the message {@code afterId}; returns it. */
    JsonNode awaitBot(long afterId, String text) {
        return await(() -> visitorMessages().stream().filter(m -> m.path("id").asLong() > afterId && fromBot(m)
                        && text.equals(m.path("content").asString())).findFirst().orElse(null),
                m -> m != null, "the bot to say \"" + text + "\" after message " + afterId + "; it said " + botTexts());
    }

    JsonNode awaitBot(String text) {
        return awaitBot(0, text);
    }

    /** The visitor answers and waits for the bot's next text. */
    JsonNode answer(String text, String expectedReply) {
        return awaitBot(say(text), expectedReply);
    }

    JsonNode conversation() {
        return admin.get(world.path("/conversations/" + id)).json();
    }

    JsonNode awaitConversation(Predicate<JsonNode> condition, String what) {
        return await(this::conversation, condition, what);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (last: " + value + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = probe.get();
        }
        return value;
    }

    /** Waits until nothing new has arrived for a moment (to check that the bot says nothing more). */
    void settle() {
        int before = -1;
        int now = visitorMessages().size();
        while (now != before) {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            before = now;
            now = visitorMessages().size();
        }
    }

    /** A team of licensed agents who are members of the inbox and available; returns the team's id. */
    static long team(Fixtures.World world, List<Fixtures.Person> agents, int handoffTimeoutSeconds) {
        Api admin = world.admin.api();
        Api.Response team = admin.post(world.path("/teams"), Map.of("name", "Support", "offer_mode", "sequential",
                "handoff_timeout_seconds", handoffTimeoutSeconds));
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        long teamId = team.json().path("id").asLong();
        for (Fixtures.Person p : agents) {
            assertThat(admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true)).status()).isEqualTo(200);
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
            assertThat(p.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
        }
        return teamId;
    }

    /** Waits for the agent's offer for this conversation. */
    JsonNode awaitOffer(Fixtures.Person agent) {
        return await(() -> {
            for (JsonNode offer : agent.api().get(world.path("/offers")).json().path("payload")) {
                if (offer.path("conversation_id").asLong() == id) {
                    return offer;
                }
            }
            return null;
        }, o -> o != null, "an offer to " + agent.email());
    }
}
