package dev.baton.inbox;

import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code /inbox_members}: add, replace, remove and list the agents of an inbox. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/inbox_members")
class InboxMemberController {

    record MembersBody(Long inboxId, List<Long> userIds) {
        long inbox() {
            if (inboxId == null) {
                throw dev.baton.shared.BatonException.invalid("inbox_id", "required", "inbox_id is required");
            }
            return inboxId;
        }
    }

    record MemberView(long id, String name, String availableName, String email, String role, String thumbnail) {
        MemberView {
            thumbnail = thumbnail == null ? "" : thumbnail;
        }
    }

    private final InboxService inboxes;
    private final AgentService agents;

    InboxMemberController(InboxService inboxes, AgentService agents) {
        this.inboxes = inboxes;
        this.agents = agents;
    }

    @GetMapping("/{inboxId}")
    Map<String, Object> list(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user) {
        return payload(accountId, inboxes.members(accountId, user, inboxId));
    }

    @PostMapping
    Map<String, Object> add(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return payload(accountId, inboxes.addMembers(accountId, user, body.inbox(), body.userIds()));
    }

    @PatchMapping
    Map<String, Object> replace(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return payload(accountId, inboxes.replaceMembers(accountId, user, body.inbox(), body.userIds()));
    }

    @DeleteMapping
    Map<String, Object> remove(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return payload(accountId, inboxes.removeMembers(accountId, user, body.inbox(), body.userIds()));
    }

    private Map<String, Object> payload(long accountId, List<Long> userIds) {
        return Map.of("payload", agents.agents(accountId, userIds).stream()
                .map(a -> new MemberView(a.id(), a.name(), a.availableName(), a.email(), a.role().wire(), a.avatarUrl()))
                .toList());
    }
}
