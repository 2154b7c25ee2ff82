package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts/{accountId}/wrap_up_reasons")
class WrapUpReasonController {

    private final WrapUpReasons reasons;

    WrapUpReasonController(WrapUpReasons reasons) {
        this.reasons = reasons;
    }

    @GetMapping
    List<WrapUpReason> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return reasons.list(accountId, user);
    }

    @PostMapping
    WrapUpReason create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                        @RequestBody WrapUpReasons.Change body) {
        return reasons.create(accountId, user, body);
    }

    @PatchMapping("/{id}")
    WrapUpReason update(@PathVariable long accountId, @PathVariable long id, @AuthenticationPrincipal CurrentUser user,
                        @RequestBody WrapUpReasons.Change body) {
        return reasons.update(accountId, user, id, body);
    }
}
