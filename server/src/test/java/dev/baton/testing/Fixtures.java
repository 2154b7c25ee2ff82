package dev.baton.testing;

import dev.baton.account.Account;
import dev.baton.account.AccountService;
import dev.baton.account.AgentService;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestComponent;
import tools.jackson.databind.JsonNode;

/** Builds isolated accounts, agents, inboxes and visitors for one test, through the real services and API. */
@TestComponent
public class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private int port;

    Fixtures(AccountService accounts, AgentService agents, InboxService inboxes) {
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
    }

    void port(int port) {
        this.port = port;
    }

    /** Fixtures for a server started by the test itself (several nodes). */
    public static Fixtures on(org.springframework.context.ApplicationContext context, int port) {
        Fixtures fixtures = new Fixtures(context.getBean(AccountService.class), context.getBean(AgentService.class),
                context.getBean(InboxService.class));
        fixtures.port(port);
        return fixtures;
    }

    public record Person(long id, String email, String password, String token, Api api) {
    }

    public record Visitor(String sourceId, String pubsubToken, long contactId, Api api, String base) {
        /** The visitor's conversations path in the public API. */
        public String path() {
            return base;
        }
    }

    /** A fresh account with an administrator and one web-widget inbox the administrator belongs to. */
    public final class World {
        public final Account account;
        public final Person admin;
        public final Inbox inbox;

        World(Account account, Person admin, Inbox inbox) {
            this.account = account;
            this.admin = admin;
            this.inbox = inbox;
        }

        public long id() {
            return account.id();
        }

        public String path(String rest) {
            return "/api/v1/accounts/" + account.id() + rest;
        }

        /** An agent of this account, member of the world's inbox. */
        public Person agent(String name) {
            return member(name, "agent", true);
        }

        public Person member(String name, String role, boolean inInbox) {
            Person person = person(account.id(), name, role);
            if (inInbox) {
                inboxes.addMember(account.id(), inbox.id(), person.id());
            }
            return person;
        }

        public Visitor visitor(String name) {
            return Fixtures.this.visitor(inbox.identifier(), name);
        }

        /** A visitor's new conversation with one message; returns the conversation id. */
        public long conversationFrom(Visitor visitor, String text) {
            JsonNode conversation = visitor.api().post(visitor.path() + "/conversations", Map.of()).json();
            long id = conversation.path("id").asLong();
            visitor.api().post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", text));
            return id;
        }
    }

    public World world() {
        int n = SEQUENCE.incrementAndGet();
        Account account = accounts.createAccount("Account " + n, "en");
        Person admin = person(account.id(), "Admin " + n, "administrator");
        Inbox inbox = inboxes.createInbox(account.id(), new InboxService.InboxSettings("Website " + n, "web_widget",
                "https://shop" + n + ".example", null, null, null, null, null, null, List.of(), false));
        inboxes.addMember(account.id(), inbox.id(), admin.id());
        return new World(account, admin, inbox);
    }

    public Visitor visitor(String inboxIdentifier, String name) {
        Api api = new Api(port);
        Api.Response created = api.post("/public/api/v1/inboxes/" + inboxIdentifier + "/contacts",
                name == null ? Map.of() : Map.of("name", name));
        if (created.status() != 200) {
            throw new AssertionError("visitor not created: " + created);
        }
        JsonNode body = created.json();
        String source = body.path("source_id").asString();
        return new Visitor(source, body.path("pubsub_token").asString(), body.path("id").asLong(), api,
                "/public/api/v1/inboxes/" + inboxIdentifier + "/contacts/" + source);
    }

    private Person person(long accountId, String name, String role) {
        String email = "p" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        String password = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        var created = agents.addMember(accountId, new AgentService.NewAgent(name, email, role, null, password, false, 3));
        String token = created.accessToken();
        return new Person(created.agent().id(), email, password, token, new Api(port).withToken(token));
    }
}
