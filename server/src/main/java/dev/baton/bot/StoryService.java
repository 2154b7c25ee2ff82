package dev.baton.bot;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.FieldProblem;
import dev.baton.shared.Paging;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stories: drafts that are saved only when valid, and immutable published versions. A conversation keeps
 * running on the version it started with.
 */
@Service
public class StoryService {

    private final StoryRepository repository;
    private final AccountService accounts;
    private final JsonMapper json;
    private final Clock clock;

    private final AuditLog audit;

    StoryService(StoryRepository repository, AccountService accounts, JsonMapper json, Clock clock, AuditLog audit) {
        this.repository = repository;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    public List<Story> list(long accountId, CurrentUser actor, Paging paging) {
        accounts.requireMember(accountId, actor);
        return repository.list(accountId, paging.size(), paging.offset());
    }

    public Story get(long accountId, CurrentUser actor, long storyId) {
        accounts.requireMember(accountId, actor);
        return require(accountId, storyId);
    }

    public Story require(long accountId, long storyId) {
        return repository.find(accountId, storyId).orElseThrow(() -> BatonException.notFound("Story"));
    }

    /** The story, or empty when it was deleted. */
    Optional<Story> find(long accountId, long storyId) {
        return repository.find(accountId, storyId);
    }

    @Transactional
    public Story create(long accountId, CurrentUser actor, String name, JsonNode definition) {
        accounts.requireAdministrator(accountId, actor);
        Story created = createStory(accountId, name, definition);
        audit.record(accountId, actor, AuditLog.STORY, created.id(), created.name(), AuditLog.CREATE, audited(created));
        return created;
    }

    /** Without an acting administrator (the demo story at first start). */
    @Transactional
    public Story createStory(long accountId, String name, JsonNode definition) {
        String clean = validName(name);
        String draft = validDefinition(definition);
        long id = repository.insert(accountId, clean, draft, clock.instant());
        return require(accountId, id);
    }

    @Transactional
    public Story update(long accountId, CurrentUser actor, long storyId, String name, JsonNode definition) {
        accounts.requireAdministrator(accountId, actor);
        Story story = repository.lock(accountId, storyId).orElseThrow(() -> BatonException.notFound("Story"));
        repository.update(accountId, storyId, name == null ? story.name() : validName(name),
                definition == null ? story.draft() : validDefinition(definition), clock.instant());
        Story updated = require(accountId, storyId);
        audit.record(accountId, actor, AuditLog.STORY, storyId, story.name(), AuditLog.UPDATE,
                AuditLog.diff(audited(story), audited(updated)));
        return updated;
    }

    /** Publishes the draft as the next version; new conversations start on it. */
    @Transactional
    public Story publish(long accountId, CurrentUser actor, long storyId) {
        accounts.requireAdministrator(accountId, actor);
        Integer before = require(accountId, storyId).publishedVersion();
        Story published = publishStory(accountId, storyId);
        audit.record(accountId, actor, AuditLog.STORY, storyId, published.name(), AuditLog.PUBLISH,
                Map.of("published_version", Arrays.asList(before, published.publishedVersion())));
        return published;
    }

    @Transactional
    public Story publishStory(long accountId, long storyId) {
        Story story = repository.lock(accountId, storyId).orElseThrow(() -> BatonException.notFound("Story"));
        validDefinition(json.readTree(story.draft()));
        int version = story.publishedVersion() == null ? 1 : story.publishedVersion() + 1;
        repository.publish(storyId, version, story.draft(), clock.instant());
        return require(accountId, storyId);
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long storyId) {
        accounts.requireAdministrator(accountId, actor);
        Story gone = require(accountId, storyId);
        if (!repository.delete(accountId, storyId)) {
            throw BatonException.notFound("Story");
        }
        audit.record(accountId, actor, AuditLog.STORY, storyId, gone.name(), AuditLog.DESTROY, audited(gone));
    }

    /** A story as the audit log shows it: the draft by its size, not its text. */
    private static Map<String, Object> audited(Story story) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", story.name());
        m.put("draft_size", story.draft().length());
        m.put("published_version", story.publishedVersion());
        return m;
    }

    /** A published version's definition. */
    Optional<JsonNode> version(long storyId, int version) {
        return repository.version(storyId, version).map(json::readTree);
    }

    private String validDefinition(JsonNode definition) {
        List<FieldProblem> problems = StoryValidator.validate(definition);
        if (!problems.isEmpty()) {
            throw new BatonException(ErrorCode.INVALID_STORY, problems, problems.size());
        }
        String text = json.writeValueAsString(definition);
        if (text.length() > 200_000) {
            throw BatonException.invalid("definition", "length", "a story is at most 200,000 characters of JSON");
        }
        return text;
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw BatonException.invalid("name", "length", "name has 1 to 200 characters");
        }
        return name.strip();
    }
}
