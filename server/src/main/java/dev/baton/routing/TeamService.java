package dev.baton.routing;

import dev.baton.account.Account;
import dev.baton.account.AccountService;
import dev.baton.account.BusinessHours;
import dev.baton.audit.AuditLog;
import dev.baton.inbox.InboxService;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.baton.account.AgentMembershipChanged;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Teams and their members (Chatwoot's {@code /teams} and {@code /team_members}). */
@Service
public class TeamService {

    public record TeamSettings(String name, String description, Boolean allowAutoAssign, String offerMode,
                               Integer offerTimeoutSeconds, Integer handoffTimeoutSeconds, Long overflowTeamId,
                               String onDisconnect,
                               @Schema(description = "Keep business hours (docs/routing.md#business-hours); off: the account's default applies")
                               Boolean workingHoursEnabled,
                               @Schema(description = "IANA time zone of the team's hours; \"\" clears it (the account's time_zone applies)",
                                       example = "Europe/Zurich")
                               String timezone,
                               @Schema(description = "The week, Chatwoot's working_hours; replaces the whole week, a day left out is closed")
                               List<BusinessHours.DayInput> workingHours,
                               @Schema(description = "Dates closed all day (at most 200); replaces the list", example = "[\"2026-12-25\"]")
                               List<String> holidays) {
    }

    /** Whether a queue is open at an instant, and if not, when it opens next (null: never). */
    public record Opening(boolean open, Instant opensAt) {
    }

    private final TeamRepository repository;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final Clock clock;
    private final AuditLog audit;

    TeamService(TeamRepository repository, AccountService accounts, AgentService agents, InboxService inboxes, Clock clock,
                AuditLog audit) {
        this.inboxes = inboxes;
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
        this.agents = agents;
        this.clock = clock;
    }

    public List<Team> list(long accountId, CurrentUser actor, Paging paging) {
        accounts.requireMember(accountId, actor);
        return repository.list(accountId, paging.size(), paging.offset());
    }

    public Team get(long accountId, CurrentUser actor, long teamId) {
        accounts.requireMember(accountId, actor);
        return require(accountId, teamId);
    }

    public Team require(long accountId, long teamId) {
        return repository.find(accountId, teamId).orElseThrow(() -> BatonException.notFound("Team"));
    }

    public List<Long> teamIdsOf(long userId) {
        return repository.teamIdsOf(userId);
    }

    @Transactional
    public Team create(long accountId, CurrentUser actor, TeamSettings settings) {
        accounts.requireAdministrator(accountId, actor);
        try {
            long id = repository.insert(accountId, name(settings.name()), description(settings.description()),
                    settings.allowAutoAssign() == null || settings.allowAutoAssign(), clock.instant());
            Team created = require(accountId, id);
            Team configured = withRouting(created, settings);
            repository.update(configured);
            audit.record(accountId, actor, AuditLog.TEAM, id, configured.name(), AuditLog.CREATE, audited(configured));
            return configured;
        } catch (TeamRepository.NameTaken e) {
            throw BatonException.invalid("name", "taken", "a team with this name already exists");
        }
    }

    @Transactional
    public Team update(long accountId, CurrentUser actor, long teamId, TeamSettings s) {
        accounts.requireAdministrator(accountId, actor);
        Team t = require(accountId, teamId);
        Team renamed = new Team(t.id(), t.accountId(), s.name() == null ? t.name() : name(s.name()),
                s.description() == null ? t.description() : description(s.description()),
                s.allowAutoAssign() == null ? t.allowAutoAssign() : s.allowAutoAssign(), t.offerMode(),
                t.offerTimeoutSeconds(), t.handoffTimeoutSeconds(), t.overflowTeamId(), t.onDisconnect(), t.timezone(), t.hours());
        Team updated = withRouting(renamed, s);
        try {
            repository.update(updated);
        } catch (TeamRepository.NameTaken e) {
            throw BatonException.invalid("name", "taken", "a team with this name already exists");
        }
        audit.record(accountId, actor, AuditLog.TEAM, teamId, t.name(), AuditLog.UPDATE, AuditLog.diff(audited(t), audited(updated)));
        return updated;
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long teamId) {
        accounts.requireAdministrator(accountId, actor);
        Team gone = require(accountId, teamId);
        if (!repository.delete(accountId, teamId)) {
            throw BatonException.notFound("Team");
        }
        audit.record(accountId, actor, AuditLog.TEAM, teamId, gone.name(), AuditLog.DESTROY, audited(gone));
    }

    public List<Long> members(long accountId, CurrentUser actor, long teamId) {
        get(accountId, actor, teamId);
        return repository.memberIds(teamId);
    }

    @Transactional
    public List<Long> addMembers(long accountId, CurrentUser actor, long teamId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, teamId);
        checkedAgents(accountId, userIds).forEach(userId -> repository.addMember(teamId, userId));
        return repository.memberIds(teamId);
    }

    @Transactional
    public List<Long> replaceMembers(long accountId, CurrentUser actor, long teamId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, teamId);
        List<Long> wanted = checkedAgents(accountId, userIds);
        List<Long> gone = new ArrayList<>(repository.memberIds(teamId));
        gone.removeAll(wanted);
        repository.removeMembers(teamId, gone);
        wanted.forEach(userId -> repository.addMember(teamId, userId));
        return repository.memberIds(teamId);
    }

    @Transactional
    public List<Long> removeMembers(long accountId, CurrentUser actor, long teamId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, teamId);
        repository.removeMembers(teamId, userIds == null ? List.of() : userIds);
        return repository.memberIds(teamId);
    }

    /** A person removed from the account leaves its teams too. */
    @EventListener
    void onMembershipChanged(AgentMembershipChanged event) {
        if (accounts.membership(event.accountId(), event.userId()).isEmpty()) {
            repository.removeFromAccount(event.accountId(), event.userId());
        }
    }

    /** A team by id alone, for routing work that already knows the account. */
    Optional<Team> byId(long teamId) {
        return repository.findById(teamId);
    }

    /**
     * The business hours a queue keeps at {@code t}: for a team's queue its team's, for an inbox queue (no team) the
     * hours of the inbox's team (its automation {@code team_id}), which is where the widget's "Talk to a person" and a
     * story's handoff point (docs/routing.md#business-hours).
     */
    public Opening openingAt(long accountId, Long teamId, Long inboxId, Instant t) {
        if (teamId == null && inboxId != null) {
            teamId = inboxes.byId(inboxId).map(i -> i.automation().teamId()).orElse(null);
        }
        Team team = teamId == null ? null : repository.findById(teamId).filter(x -> x.accountId() == accountId).orElse(null);
        return openingAt(accountId, team, t);
    }

    /**
     * The same for a team already read (the router has it under the queue lock): the team's hours when it enabled its
     * own (in the team's time zone, else the account's), otherwise the account's default in the account's time zone.
     */
    Opening openingAt(long accountId, Team team, Instant t) {
        Account account = accounts.account(accountId);
        boolean own = team != null && team.hours().enabled();
        BusinessHours hours = own ? team.hours() : account.businessHours();
        ZoneId zone = own && team.timezone() != null ? ZoneId.of(team.timezone()) : account.zone();
        boolean open = hours.isOpen(t, zone);
        return new Opening(open, open ? null : hours.nextOpening(t, zone).orElse(null));
    }

    List<Long> memberIds(long teamId) {
        return repository.memberIds(teamId);
    }

    private Team withRouting(Team t, TeamSettings s) {
        String mode = s.offerMode() == null ? t.offerMode() : s.offerMode();
        if (!Team.SEQUENTIAL.equals(mode) && !Team.BROADCAST.equals(mode)) {
            throw BatonException.invalid("offer_mode", "inclusion", "offer_mode must be sequential or broadcast");
        }
        int offerTimeout = s.offerTimeoutSeconds() == null ? t.offerTimeoutSeconds() : s.offerTimeoutSeconds();
        if (offerTimeout < 5 || offerTimeout > 600) {
            throw BatonException.invalid("offer_timeout_seconds", "range", "offer_timeout_seconds must be between 5 and 600");
        }
        int handoffTimeout = s.handoffTimeoutSeconds() == null ? t.handoffTimeoutSeconds() : s.handoffTimeoutSeconds();
        if (handoffTimeout < 10 || handoffTimeout > 86_400) {
            throw BatonException.invalid("handoff_timeout_seconds", "range", "handoff_timeout_seconds must be between 10 and 86400");
        }
        Long overflow = s.overflowTeamId() == null ? t.overflowTeamId() : (s.overflowTeamId() <= 0 ? null : s.overflowTeamId());
        if (overflow != null && (overflow == t.id() || repository.find(t.accountId(), overflow).isEmpty())) {
            throw BatonException.invalid("overflow_team_id", "unknown", "overflow_team_id must name another team of this account");
        }
        String onDisconnect = s.onDisconnect() == null ? t.onDisconnect() : s.onDisconnect();
        if (!"keep".equals(onDisconnect) && !"requeue".equals(onDisconnect)) {
            throw BatonException.invalid("on_disconnect", "inclusion", "on_disconnect must be keep or requeue");
        }
        // "" clears the team's own zone: the account's applies again.
        String zone = s.timezone() == null ? t.timezone() : s.timezone().isBlank() ? null
                : BusinessHours.checkZone("timezone", s.timezone()).getId();
        BusinessHours hours = BusinessHours.check(t.hours(), s.workingHoursEnabled(), s.workingHours(), s.holidays());
        return new Team(t.id(), t.accountId(), t.name(), t.description(), t.allowAutoAssign(), mode, offerTimeout,
                handoffTimeout, overflow, onDisconnect, zone, hours);
    }

    private List<Long> checkedAgents(long accountId, Collection<Long> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw BatonException.invalid("user_ids", "required", "user_ids must name at least one agent");
        }
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(userIds));
        if (agents.agents(accountId, distinct).size() != distinct.size()) {
            throw BatonException.invalid("user_ids", "unknown_agent", "user_ids names someone who is not an agent of this account");
        }
        return distinct;
    }

    private static String name(String value) {
        if (value == null || value.isBlank()) {
            throw BatonException.invalid("name", "required", "name is required");
        }
        if (value.strip().length() > 100) {
            throw BatonException.invalid("name", "length", "name must have at most 100 characters");
        }
        return value.strip();
    }

    private static String description(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 1000) {
            throw BatonException.invalid("description", "length", "description must have at most 1000 characters");
        }
        return value.strip();
    }

    /** A team's settings as the audit log shows them. */
    static java.util.Map<String, Object> audited(Team t) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", t.name());
        m.put("description", t.description());
        m.put("allow_auto_assign", t.allowAutoAssign());
        m.put("offer_mode", t.offerMode());
        m.put("offer_timeout_seconds", t.offerTimeoutSeconds());
        m.put("handoff_timeout_seconds", t.handoffTimeoutSeconds());
        m.put("overflow_team_id", t.overflowTeamId());
        m.put("on_disconnect", t.onDisconnect());
        m.put("working_hours_enabled", t.hours().enabled());
        m.put("timezone", t.timezone());
        m.put("working_hours", t.hours().weekText());
        m.put("holidays", t.hours().holidaysText());
        return m;
    }
}
