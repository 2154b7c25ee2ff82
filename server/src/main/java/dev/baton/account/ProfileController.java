package dev.baton.account;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The signed-in person's own profile and preferences (Chatwoot's {@code /api/v1/profile}). */
@RestController
@RequestMapping("/api/v1/profile")
class ProfileController {

    /** The person's own fields; the preferences apply to {@code account_id} (their current account when left out). */
    record ProfileChange(String name, String displayName, String avatarUrl, String locale, String currentPassword,
                         String password, Long accountId,
                         @JsonDeserialize(using = StrictBoolean.class) Boolean showBotConversations,
                         @JsonDeserialize(using = StrictBoolean.class) Boolean emailOnNewHandoff) {
    }

    private final AccountService accounts;

    ProfileController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    AccountViews.ProfileView show(@AuthenticationPrincipal CurrentUser user) {
        return AccountViews.ProfileView.of(accounts.profile(user.id()));
    }

    @PutMapping
    AccountViews.ProfileView update(@AuthenticationPrincipal CurrentUser user, @RequestBody ProfileChange body) {
        return AccountViews.ProfileView.of(accounts.updateProfile(user.id(), body.name(), body.displayName(),
                body.avatarUrl(), body.locale(), body.currentPassword(), body.password(), body.accountId(),
                new Preferences.Change(body.showBotConversations(), body.emailOnNewHandoff())));
    }
}
