package dev.baton.channel.slack;

import dev.baton.account.CurrentUser;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where Slack sends the administrator's browser after "Add to Slack" (docs/slack.md#add-to-slack): back to the inbox's
 * Slack settings, connected or with Slack's error code. The browser comes with the administrator's session, which
 * must be the one the state was made for.
 */
@RestController
class SlackInstallController {

    private final SlackInstall install;

    SlackInstallController(SlackInstall install) {
        this.install = install;
    }

    @GetMapping(SlackInstall.CALLBACK)
    ResponseEntity<Void> callback(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String state,
                                  @RequestParam(required = false) String code, @RequestParam(required = false) String error) {
        return ResponseEntity.status(302).location(URI.create(install.finish(user, state, code, error).location())).build();
    }
}
