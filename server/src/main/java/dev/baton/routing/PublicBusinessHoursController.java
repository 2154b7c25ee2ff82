package dev.baton.routing;

import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whether people work now in the queue the widget's "Talk to a person" would reach (the inbox's team, else the
 * account's default hours), so that the widget can say when they are back before the visitor asks.
 */
@RestController
class PublicBusinessHoursController {

    private final InboxService inboxes;
    private final TeamService teams;
    private final Clock clock;

    PublicBusinessHoursController(InboxService inboxes, TeamService teams, Clock clock) {
        this.inboxes = inboxes;
        this.teams = teams;
        this.clock = clock;
    }

    @GetMapping("/public/api/v1/inboxes/{inboxIdentifier}/business_hours")
    Map<String, Object> show(@PathVariable String inboxIdentifier) {
        Inbox inbox = inboxes.byIdentifier(inboxIdentifier).orElseThrow(() -> BatonException.notFound("Inbox"));
        return view(teams.openingAt(inbox.accountId(), null, inbox.id(), clock.instant()));
    }

    /** {@code open}, and when closed {@code opens_at} (ISO-8601, UTC; null when it never opens). */
    static Map<String, Object> view(TeamService.Opening opening) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("open", opening.open());
        if (!opening.open()) {
            view.put("opens_at", opening.opensAt() == null ? null : opening.opensAt().toString());
        }
        return view;
    }
}
