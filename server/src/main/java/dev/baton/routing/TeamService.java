package dev.baton.routing;

import dev.baton.account.AccountService;
import dev.baton.account.AgentMembershipChanged;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Teams and their members (Chatwoot's {@code /teams} and {@code /team_members}). */
@Service
public class TeamService {

    public record TeamSettings(String name, String description, Boolean allowAutoAssign, String offerMode,
                               Integer offerTimeoutSeconds, Integer handoffTimeoutSeconds, Long overflowTeamId,
                               String onDisconnect) {
    }

    private final TeamRepository repository;
    private final AccountService accounts;
    private final AgentService agents;
    private final Clock clock;

    TeamService(TeamRepository repository, AccountService accounts, AgentService agents, Clock clock) {
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
                t.offerTimeoutSeconds(), t.handoffTimeoutSeconds(), t.overflowTeamId(), t.onDisconnect());
        Team updated = withRouting(renamed, s);
        try {
            repository.update(updated);
        } catch (TeamRepository.NameTaken e) {
            throw BatonException.invalid("name", "taken", "a team with this name already exists");
        }
        return updated;
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long teamId) {
        accounts.requireAdministrator(accountId, actor);
        if (!repository.delete(accountId, teamId)) {
            throw BatonException.notFound("Team");
        }
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
    java.util.Optional<Team> byId(long teamId) {
        return repository.findById(teamId);
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
        return new Team(t.id(), t.accountId(), t.name(), t.description(), t.allowAutoAssign(), mode, offerTimeout,
                handoffTimeout, overflow, onDisconnect);
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
}
