package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.List;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's canned responses. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/canned_responses")
class CannedResponseController {

    private final CannedResponses canned;

    CannedResponseController(CannedResponses canned) {
        this.canned = canned;
    }

    @GetMapping
    List<CannedResponse> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                              @RequestParam(required = false) String search) {
        return canned.list(accountId, user, search);
    }

    @PostMapping
    CannedResponse create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                          @RequestBody CannedResponses.Change body) {
        return canned.create(accountId, user, body);
    }

    @PatchMapping("/{id}")
    CannedResponse update(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                          @RequestBody CannedResponses.Change body) {
        return canned.update(accountId, user, id, body);
    }

    @PutMapping("/{id}")
    CannedResponse replace(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                           @RequestBody CannedResponses.Change body) {
        return canned.update(accountId, user, id, body);
    }

    @DeleteMapping("/{id}")
    Map<String, Object> delete(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        canned.delete(accountId, user, id);
        return Map.of();
    }
}
