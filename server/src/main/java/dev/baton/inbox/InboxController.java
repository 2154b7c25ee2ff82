package dev.baton.inbox;

import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.Paging;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Chatwoot's {@code /inboxes}: {@code channel.type} is {@code web_widget} or {@code api}. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/inboxes")
class InboxController {

    record ChannelBody(String type, String websiteUrl, String webhookUrl, String widgetColor, String welcomeTitle,
                       String welcomeTagline, Boolean hmacMandatory) {
    }

    record InboxBody(String name, ChannelBody channel, String greetingMessage, String locale,
                     List<String> allowedOrigins, Boolean hmacMandatory) {

        InboxService.InboxSettings settings() {
            ChannelBody c = channel == null ? new ChannelBody(null, null, null, null, null, null, null) : channel;
            return new InboxService.InboxSettings(name, c.type(), c.websiteUrl(), c.webhookUrl(), c.widgetColor(),
                    c.welcomeTitle(), c.welcomeTagline(), greetingMessage, locale, allowedOrigins,
                    hmacMandatory != null ? hmacMandatory : c.hmacMandatory());
        }
    }

    record InboxView(long id, long accountId, String name, String channelType, String websiteToken,
                     String inboxIdentifier, String websiteUrl, String webhookUrl, String widgetColor,
                     String welcomeTitle, String welcomeTagline, String greetingMessage, boolean greetingEnabled,
                     String locale, List<String> allowedOrigins, String hmacToken, boolean hmacMandatory,
                     String webWidgetScript, long createdAt) {
    }

    private final InboxService inboxes;
    private final dev.baton.account.AccountService accounts;
    private final BatonProperties properties;

    InboxController(InboxService inboxes, dev.baton.account.AccountService accounts, BatonProperties properties) {
        this.inboxes = inboxes;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) Integer page) {
        return Map.of("payload", inboxes.list(accountId, user, Paging.of(page, 100)).stream().map(i -> view(i, user)).toList());
    }

    @GetMapping("/{inboxId}")
    InboxView show(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user) {
        return view(inboxes.get(accountId, user, inboxId), user);
    }

    @PostMapping
    InboxView create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody InboxBody body) {
        return view(inboxes.create(accountId, user, body.settings()), true);
    }

    @PatchMapping("/{inboxId}")
    InboxView update(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user,
                     @RequestBody InboxBody body) {
        return view(inboxes.update(accountId, user, inboxId, body.settings()), true);
    }

    private InboxView view(Inbox i, CurrentUser viewer) {
        // The identity secret signs visitors' identities: only administrators may read it.
        boolean admin = accounts.requireMember(i.accountId(), viewer).isAdministrator();
        return view(i, admin);
    }

    private InboxView view(Inbox i, boolean withSecret) {
        boolean widget = i.channelType() == ChannelType.WEB_WIDGET;
        String base = properties.publicUrl().isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() : properties.publicUrl();
        String script = widget ? WidgetSnippet.of(base, i.identifier()) : null;
        return new InboxView(i.id(), i.accountId(), i.name(), i.channelType().chatwootName(),
                widget ? i.identifier() : null, widget ? null : i.identifier(), i.websiteUrl(), i.webhookUrl(),
                i.widgetColor(), i.welcomeTitle(), i.welcomeTagline(), i.greetingMessage(), i.greetingMessage() != null,
                i.locale(), i.allowedOrigins(), withSecret ? i.hmacToken() : null, i.hmacMandatory(), script, i.createdAt().getEpochSecond());
    }
}
