package dev.baton.account;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
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
                         @JsonDeserialize(using = StrictBoolean.class) Boolean emailOnNewHandoff,
                         @JsonDeserialize(using = StrictBoolean.class) Boolean soundOnNewMessage, Integer soundVolume) {
    }

    private final AccountService accounts;
    private final dev.baton.shared.BatonProperties properties;

    ProfileController(AccountService accounts, dev.baton.shared.BatonProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping
    AccountViews.ProfileView show(@AuthenticationPrincipal CurrentUser user) {
        return AccountViews.ProfileView.of(accounts.profile(user.id()));
    }

    /** A new password ends the user's other sessions (all of them when changed with the access token). */
    @PutMapping
    AccountViews.ProfileView update(@AuthenticationPrincipal CurrentUser user, @RequestBody ProfileChange body,
                                    HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return AccountViews.ProfileView.of(accounts.updateProfile(user.id(), body.name(), body.displayName(),
                body.avatarUrl(), body.locale(), body.currentPassword(), body.password(), body.accountId(),
                new Preferences.Change(body.showBotConversations(), body.emailOnNewHandoff()),
                new Sound.Change(body.soundOnNewMessage(), body.soundVolume()),
                session == null ? null : session.getId()));
    }

    /**
     * A picture as the avatar: multipart field {@code avatar}, checked by content and made 256x256 by the server. The
     * URL is absolute (the widget shows it on other sites): {@code baton.public-url}, else this request's server.
     */
    @PostMapping(path = "/avatar", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    AccountViews.ProfileView uploadAvatar(@AuthenticationPrincipal CurrentUser user,
                                          org.springframework.web.multipart.MultipartHttpServletRequest request) throws java.io.IOException {
        org.springframework.web.multipart.MultipartFile file = request.getFile("avatar");
        if (file == null || file.isEmpty()) {
            throw new dev.baton.shared.BatonException(dev.baton.shared.ErrorCode.MISSING_PARAMETER, "avatar");
        }
        String base = properties.publicUrl().isBlank()
                ? org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : properties.publicUrl().strip();
        return AccountViews.ProfileView.of(accounts.uploadAvatar(user.id(), file.getBytes(),
                base.endsWith("/") ? base.substring(0, base.length() - 1) : base));
    }

    /** Chatwoot's {@code reset_access_token}: a new token, shown in this answer only; the old one stops working. */
    @PostMapping("/reset_access_token")
    AccountViews.ProfileView resetAccessToken(@AuthenticationPrincipal CurrentUser user) {
        return AccountViews.ProfileView.of(accounts.resetAccessToken(user.id()));
    }
}
