package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.Map;
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

/** Chatwoot's account labels. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/labels")
class LabelController {

    private final Labels labels;

    LabelController(Labels labels) {
        this.labels = labels;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", labels.list(accountId, user));
    }

    @GetMapping("/{id}")
    Label show(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return labels.get(accountId, user, id);
    }

    @PostMapping
    Label create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody Labels.Change body) {
        return labels.create(accountId, user, body);
    }

    @PatchMapping("/{id}")
    Label update(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                 @RequestBody Labels.Change body) {
        return labels.update(accountId, user, id, body);
    }

    @PutMapping("/{id}")
    Label replace(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                  @RequestBody Labels.Change body) {
        return labels.update(accountId, user, id, body);
    }

    @DeleteMapping("/{id}")
    Map<String, Object> delete(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        labels.delete(accountId, user, id);
        return Map.of();
    }
}
