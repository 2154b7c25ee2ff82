package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests shaped by Chatwoot's OpenAPI description (src/test/resources/chatwoot/chatwoot-swagger.json, verbatim),
 * each answer validated against the schema Chatwoot documents for that operation and status (JSON Schema 2020-12,
 * which OpenAPI 3.1 schemas are), with the networknt validator.
 */
class ChatwootSchemaIntegrationTests extends IntegrationTest {

    /**
     * Where Baton's answer differs from Chatwoot's description on purpose, or the description differs from what
     * Chatwoot itself answers; each is listed in docs/api.md ("Differences from Chatwoot's description").
     */
    private static final Map<String, String> KNOWN = Map.of(
            "GET /api/v1/profile 200: /access_token: null found",
            "tokens are stored hashed: shown once, by reset_access_token",
            "/meta/agent_last_seen_at: integer found",
            "Baton's timestamps are Unix seconds everywhere (Chatwoot's message list meta has a date string)",
            "/created_at: integer found, string expected",
            "Baton's timestamps are Unix seconds everywhere (Chatwoot's account is the one string)",
            "/widget_color: null found",
            "an inbox without a chosen colour; the widget uses its own",
            "custom_attribute_definitions 200: ",
            "the description types attribute_values as a string and regex fields as non-null; Chatwoot answers an array and nulls, as Baton",
            "POST /api/v1/accounts/{account_id}/contacts 200: /payload: object found, array expected",
            "the description's extended_contact contradicts Chatwoot's own create.json.jbuilder ({payload: {contact, contact_inbox}})");

    private static JsonNode swagger;
    private static SchemaRegistry registry;
    private final List<String> problems = new ArrayList<>();
    private int checked;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ChatwootSchemaIntegrationTests.class.getResourceAsStream("/chatwoot/chatwoot-swagger.json")) {
            swagger = Api.JSON.readTree(in);
        }
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    @Test
    void agentSideAnswersMatchChatwootsSchemas() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();
        String a = "/api/v1/accounts/{account_id}";
        Fixtures.Visitor visitor = world.visitor("Vic");
        long conversation = world.conversationFrom(visitor, "Where is my order?");

        check("get", "/api/v1/profile", api.get("/api/v1/profile"));
        check("get", a, api.get(world.path("")));
        check("get", a + "/agents", api.get(world.path("/agents")));
        check("get", a + "/inboxes", api.get(world.path("/inboxes")));
        check("get", a + "/inboxes/{id}", api.get(world.path("/inboxes/" + world.inbox.id())));
        check("get", a + "/inbox_members/{inbox_id}", api.get(world.path("/inbox_members/" + world.inbox.id())));
        Api.Response team = api.post(world.path("/teams"), Map.of("name", "Support", "description", "First line"));
        check("post", a + "/teams", team);
        long teamId = team.json().path("id").asLong();
        check("get", a + "/teams", api.get(world.path("/teams")));
        check("get", a + "/teams/{team_id}", api.get(world.path("/teams/" + teamId)));
        check("post", a + "/teams/{team_id}/team_members",
                api.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(world.admin.id()))));
        check("get", a + "/teams/{team_id}/team_members", api.get(world.path("/teams/" + teamId + "/team_members")));

        Api.Response label = api.post(world.path("/labels"), Map.of("title", "billing", "description", "Invoices",
                "color", "#ff0000", "show_on_sidebar", true));
        check("post", a + "/labels", label);
        check("get", a + "/labels", api.get(world.path("/labels")));
        check("get", a + "/labels/{id}", api.get(world.path("/labels/" + label.json().path("id").asLong())));
        Api.Response canned = api.post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Hello!"));
        check("post", a + "/canned_responses", canned);
        check("get", a + "/canned_responses", api.get(world.path("/canned_responses")));
        Api.Response attribute = api.post(world.path("/custom_attribute_definitions"), Map.of("attribute_display_name", "Plan",
                "attribute_display_type", 0, "attribute_description", "The plan", "attribute_key", "plan", "attribute_model", 1));
        check("post", a + "/custom_attribute_definitions", attribute);
        check("get", a + "/custom_attribute_definitions", api.get(world.path("/custom_attribute_definitions?attribute_model=1")));

        // Contacts
        Api.Response contact = api.post(world.path("/contacts"), Map.of("inbox_id", world.inbox.id(), "name", "Alice",
                "email", "alice@acme.example", "phone_number", "+123456789", "identifier", "1234567890",
                "custom_attributes", Map.of("plan", "gold")));
        check("post", a + "/contacts", contact);
        long contactId = contact.json().path("payload").path("contact").path("id").asLong();
        check("get", a + "/contacts", api.get(world.path("/contacts")));
        check("get", a + "/contacts/{id}", api.get(world.path("/contacts/" + contactId)));
        check("get", a + "/contacts/{id}", api.get(world.path("/contacts/" + visitor.contactId())));
        check("get", a + "/contacts/search", api.get(world.path("/contacts/search?q=" + URLEncoder.encode("Alice", StandardCharsets.UTF_8))));
        check("post", a + "/contacts/{id}/labels", api.post(world.path("/contacts/" + contactId + "/labels"),
                Map.of("labels", List.of("vip"))));
        check("get", a + "/contacts/{id}/labels", api.get(world.path("/contacts/" + contactId + "/labels")));
        check("post", a + "/contacts/{id}/contact_inboxes", api.post(world.path("/contacts/" + contactId + "/contact_inboxes"),
                Map.of("inbox_id", world.inbox.id(), "source_id", "alice-crm")));
        check("get", a + "/contacts/{id}/contactable_inboxes", api.get(world.path("/contacts/" + contactId + "/contactable_inboxes")));
        check("get", a + "/contacts/{id}/conversations", api.get(world.path("/contacts/" + visitor.contactId() + "/conversations")));

        // Conversations
        String c = a + "/conversations/{conversation_id}";
        String path = world.path("/conversations/" + conversation);
        check("get", a + "/conversations", api.get(world.path("/conversations?status=all")));
        check("get", c, api.get(path));
        check("post", c + "/messages", api.post(path + "/messages", Map.of("content", "Let me check.",
                "message_type", "outgoing", "private", false, "content_type", "text")));
        check("get", c + "/messages", api.get(path + "/messages"));
        check("post", c + "/labels", api.post(path + "/labels", Map.of("labels", List.of("billing"))));
        check("get", c + "/labels", api.get(path + "/labels"));
        check("post", c + "/custom_attributes", api.post(path + "/custom_attributes",
                Map.of("custom_attributes", Map.of("order_id", "A-1"))));
        check("post", c + "/assignments", api.post(path + "/assignments", Map.of("assignee_id", world.admin.id())));
        check("post", c + "/toggle_priority", api.post(path + "/toggle_priority", Map.of("priority", "high")));
        check("post", a + "/conversations/filter", api.post(world.path("/conversations/filter"), Map.of("payload",
                List.of(Map.of("attribute_key", "labels", "filter_operator", "equal_to", "values", List.of("billing"))))));
        check("post", a + "/contacts/filter", api.post(world.path("/contacts/filter"), Map.of("payload",
                List.of(Map.of("attribute_key", "labels", "filter_operator", "equal_to", "values", List.of("vip"))))));
        long message = api.post(path + "/messages", Map.of("content", "oops")).json().path("id").asLong();
        check("delete", c + "/messages/{message_id}", api.delete(path + "/messages/" + message));
        check("post", c + "/toggle_status", api.post(path + "/toggle_status", Map.of("status", "resolved")));

        assertThat(checked).isGreaterThanOrEqualTo(30);
        assertThat(problems).as("answers that do not match Chatwoot's schemas").isEmpty();
    }

    @Test
    void publicClientAnswersMatchChatwootsSchemas() {
        Fixtures.World world = fixtures.world();
        String i = "/public/api/v1/inboxes/{inbox_identifier}";
        String base = "/public/api/v1/inboxes/" + world.inbox.identifier();

        check("get", i, anonymous.get(base));
        Api.Response created = anonymous.post(base + "/contacts", Map.of("name", "Alice", "email", "alice@acme.example"));
        check("post", i + "/contacts", created);
        String source = created.json().path("source_id").asString();
        String contact = base + "/contacts/" + source;
        check("get", i + "/contacts/{contact_identifier}", anonymous.get(contact));
        check("patch", i + "/contacts/{contact_identifier}", anonymous.patch(contact, Map.of("name", "Alice B.")));
        Api.Response opened = anonymous.post(contact + "/conversations", Map.of());
        String cv = i + "/contacts/{contact_identifier}/conversations";
        check("post", cv, opened);
        long id = opened.json().path("id").asLong();
        check("get", cv, anonymous.get(contact + "/conversations"));
        check("get", cv + "/{conversation_id}", anonymous.get(contact + "/conversations/" + id));
        check("post", cv + "/{conversation_id}/messages", anonymous.post(contact + "/conversations/" + id + "/messages",
                Map.of("content", "Hello")));
        check("get", cv + "/{conversation_id}/messages", anonymous.get(contact + "/conversations/" + id + "/messages"));
        check("post", cv + "/{conversation_id}/toggle_status", anonymous.post(contact + "/conversations/" + id + "/toggle_status", Map.of()));

        assertThat(problems).as("answers that do not match Chatwoot's schemas").isEmpty();
    }

    /** Validates the answer against the schema Chatwoot documents for the operation and the answer's status. */
    private void check(String method, String template, Api.Response response) {
        checked++;
        JsonNode operation = swagger.path("paths").path(template).path(method);
        assertThat(operation.isMissingNode()).as("%s %s is in Chatwoot's description", method, template).isFalse();
        String status = String.valueOf(response.status());
        if (!status.startsWith("2")) {
            problems.add(method.toUpperCase() + " " + template + ": " + response);
            return;
        }
        JsonNode schemaNode = operation.path("responses").path(status).path("content").path("application/json").path("schema");
        if (schemaNode.isMissingNode()) {
            return;
        }
        String pointer = "#/paths/" + escape(template) + "/" + method + "/responses/" + status
                + "/content/application~1json/schema";
        ObjectNode root = (ObjectNode) swagger.deepCopy();
        root.put("$ref", pointer);
        Schema schema = registry.getSchema(SchemaLocation.of("https://chatwoot.example/swagger.json"), root);
        var errors = schema.validate(response.json());
        for (var error : errors) {
            String problem = method.toUpperCase() + " " + template + " " + status + ": " + error;
            if (KNOWN.keySet().stream().noneMatch(problem::contains)) {
                problems.add(problem);
            }
        }
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
