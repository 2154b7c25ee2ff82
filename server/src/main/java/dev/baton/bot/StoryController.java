package dev.baton.bot;

import dev.baton.account.CurrentUser;
import dev.baton.shared.Paging;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /stories}: drafts, publishing, and the JSON Schema of the format. */
@RestController
class StoryController {

    record StoryBody(String name, JsonNode definition) {
    }

    record StoryView(long id, long accountId, String name, JsonNode definition, Integer publishedVersion, long updatedAt) {
    }

    private final StoryService stories;
    private final JsonMapper json;

    StoryController(StoryService stories, JsonMapper json) {
        this.stories = stories;
        this.json = json;
    }

    @GetMapping("/api/v1/accounts/{accountId}/stories")
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) Integer page) {
        List<StoryView> views = stories.list(accountId, user, Paging.of(page, 50)).stream().map(this::view).toList();
        return Map.of("payload", views);
    }

    @GetMapping("/api/v1/accounts/{accountId}/stories/{storyId}")
    StoryView show(@PathVariable long accountId, @PathVariable long storyId, @AuthenticationPrincipal CurrentUser user) {
        return view(stories.get(accountId, user, storyId));
    }

    @PostMapping("/api/v1/accounts/{accountId}/stories")
    StoryView create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody StoryBody body) {
        return view(stories.create(accountId, user, body.name(), body.definition()));
    }

    @PatchMapping("/api/v1/accounts/{accountId}/stories/{storyId}")
    StoryView update(@PathVariable long accountId, @PathVariable long storyId, @AuthenticationPrincipal CurrentUser user,
                     @RequestBody StoryBody body) {
        return view(stories.update(accountId, user, storyId, body.name(), body.definition()));
    }

    @PostMapping("/api/v1/accounts/{accountId}/stories/{storyId}/publish")
    StoryView publish(@PathVariable long accountId, @PathVariable long storyId, @AuthenticationPrincipal CurrentUser user) {
        return view(stories.publish(accountId, user, storyId));
    }

    @DeleteMapping("/api/v1/accounts/{accountId}/stories/{storyId}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long storyId, @AuthenticationPrincipal CurrentUser user) {
        stories.delete(accountId, user, storyId);
        return ResponseEntity.ok().build();
    }

    /** The story format as JSON Schema (public: editors and bot builders fetch it). */
    @GetMapping(value = "/public/api/v1/story-schema.json", produces = "application/schema+json")
    ResponseEntity<String> schema() throws IOException {
        try (InputStream in = new ClassPathResource("story.schema.json").getInputStream()) {
            return ResponseEntity.ok().contentType(MediaType.valueOf("application/schema+json"))
                    .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private StoryView view(Story s) {
        return new StoryView(s.id(), s.accountId(), s.name(), json.readTree(s.draft()), s.publishedVersion(),
                s.updatedAt().getEpochSecond());
    }
}
