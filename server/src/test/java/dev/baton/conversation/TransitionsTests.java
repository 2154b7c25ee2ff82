package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Decision.Allowed;
import dev.baton.conversation.Decision.Refused;
import dev.baton.conversation.Transition.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The conversation state machine's table: every transition (with the actor who asks) from every kind of
 * state, with what follows. A cell is the new state, {@code =} for "allowed, nothing changes", or the
 * refusal's code. Agents: A (1) has the conversation where one has it, B (2) is another agent, C (3) is
 * in the conference, D (4) is a fourth agent, S (9) is a supervisor. Team 5 is the conversation's, 7
 * another. States read: owner (bot, queue, agent:N), {@code *} a handoff is open, {@code +N} conference
 * participants, {@code @N} the team; a status other than open comes first.
 */
class TransitionsTests {

    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    /** The columns: a conversation in each kind of state. */
    private static final Map<String, ConversationState> STATES = new LinkedHashMap<>();

    static {
        STATES.put("bot", state(Status.OPEN, Owner.BOT, null, false, Set.of(), true));
        STATES.put("waiting", state(Status.OPEN, Owner.QUEUE, null, true, Set.of(), true));
        STATES.put("unassigned", state(Status.OPEN, Owner.QUEUE, null, false, Set.of(), true));
        STATES.put("A's", state(Status.OPEN, Owner.AGENT, 1L, false, Set.of(3L), true));
        STATES.put("B's", state(Status.OPEN, Owner.AGENT, 2L, false, Set.of(), true));
        STATES.put("snoozed", state(Status.SNOOZED, Owner.AGENT, 1L, false, Set.of(), true));
        STATES.put("resolved", state(Status.RESOLVED, Owner.AGENT, 1L, false, Set.of(), true));
        STATES.put("waiting/no bot", state(Status.OPEN, Owner.QUEUE, null, true, Set.of(), false));
        STATES.put("A's/no bot", state(Status.OPEN, Owner.AGENT, 1L, false, Set.of(), false));
        STATES.put("resolved/no bot", state(Status.RESOLVED, Owner.BOT, null, false, Set.of(), false));
    }

    private static final Actor A = Actor.agent(1, "Anna", false);
    private static final Actor B = Actor.agent(2, "Ben", false);
    private static final Actor C = Actor.agent(3, "Cleo", false);
    private static final Actor S = Actor.agent(9, "Sam", true);
    private static final Actor V = Actor.visitor(50);
    private static final Actor BOT = Actor.bot(null);
    private static final Actor SYS = Actor.SYSTEM;

    /** The rows: a transition and who asks for it. */
    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    private record Row(Transition transition, Actor actor) {
    }

    static {
        ROWS.put("hand_off by visitor", new Row(new HandOff(null, "Support", null), V));
        ROWS.put("hand_off to team 7 by bot", new Row(new HandOff(7L, "Sales", "bot"), BOT));
        ROWS.put("hand_off by agent B", new Row(new HandOff(null, "Support", null), B));
        ROWS.put("open by bot", new Row(new Open(null), BOT));
        ROWS.put("open by agent B", new Row(new Open(null), B));
        ROWS.put("leave_queue no_agent by system", new Row(new LeaveQueue("no_agent"), SYS));
        ROWS.put("leave_queue declined by system", new Row(new LeaveQueue("declined"), SYS));
        ROWS.put("leave_queue by agent A", new Row(new LeaveQueue("no_agent"), A));
        ROWS.put("overflow to 7 by system", new Row(new Overflow(7, "Support", "Sales"), SYS));
        ROWS.put("requeue to 5 by system", new Row(new Requeue(5, "Anna"), SYS));
        ROWS.put("take by A", new Row(new Assign(1, "Anna", Via.TAKE, null), A));
        ROWS.put("take by B", new Row(new Assign(2, "Ben", Via.TAKE, null), B));
        ROWS.put("take by supervisor", new Row(new Assign(9, "Sam", Via.TAKE, null), S));
        ROWS.put("take for B by A", new Row(new Assign(2, "Ben", Via.TAKE, null), A));
        ROWS.put("assign D by supervisor", new Row(new Assign(4, "Dora", Via.ASSIGN, "Sam"), S));
        ROWS.put("assign D by agent B", new Row(new Assign(4, "Dora", Via.ASSIGN, "Ben"), B));
        ROWS.put("assign D by bot", new Row(new Assign(4, "Dora", Via.ASSIGN, "FAQ bot"), BOT));
        ROWS.put("offer to D accepted", new Row(new Assign(4, "Dora", Via.OFFER, null), SYS));
        ROWS.put("transfer to D accepted", new Row(new Assign(4, "Dora", Via.TRANSFER, "Anna"), SYS));
        ROWS.put("unassign by A", new Row(new Unassign(), A));
        ROWS.put("unassign by B", new Row(new Unassign(), B));
        ROWS.put("unassign by supervisor", new Row(new Unassign(), S));
        ROWS.put("set_team 7 by B", new Row(new SetTeam(7L, "Sales"), B));
        ROWS.put("set_team none by B", new Row(new SetTeam(null, null), B));
        ROWS.put("set_team 7 by bot", new Row(new SetTeam(7L, "Sales"), BOT));
        ROWS.put("transfer_to_team 7 by A", new Row(new TransferToTeam(7, "Sales", null), A));
        ROWS.put("transfer_to_team 7 by B", new Row(new TransferToTeam(7, "Sales", null), B));
        ROWS.put("transfer_to_team 7 by supervisor", new Row(new TransferToTeam(7, "Sales", null), S));
        ROWS.put("transfer_to_agent D by A", new Row(new TransferToAgent(4), A));
        ROWS.put("transfer_to_agent D by B", new Row(new TransferToAgent(4), B));
        ROWS.put("invite D by A", new Row(new Invite(4), A));
        ROWS.put("add_participant D by system", new Row(new AddParticipant(4, "Dora"), SYS));
        ROWS.put("add_participant A by system", new Row(new AddParticipant(1, "Anna"), SYS));
        ROWS.put("remove_participant C by C", new Row(new RemoveParticipant(3, "Cleo"), C));
        ROWS.put("remove_participant C by B", new Row(new RemoveParticipant(3, "Cleo"), B));
        ROWS.put("remove_participant D by supervisor", new Row(new RemoveParticipant(4, "Dora"), S));
        ROWS.put("to_bot by A", new Row(new ToBot(), A));
        ROWS.put("to_bot by B", new Row(new ToBot(), B));
        ROWS.put("to_bot by visitor", new Row(new ToBot(), V));
        ROWS.put("to_bot by bot", new Row(new ToBot(), BOT));
        ROWS.put("pass_to_bot by bot", new Row(new PassToBot(5, "Survey"), BOT));
        ROWS.put("pass_to_bot by agent A", new Row(new PassToBot(5, "Survey"), A));
        ROWS.put("take_by_bot by bot", new Row(new TakeByBot(5, "Concierge"), BOT));
        ROWS.put("resolve by B", new Row(new Resolve(null), B));
        ROWS.put("resolve by visitor", new Row(new Resolve(null), V));
        ROWS.put("resolve by bot", new Row(new Resolve(null), BOT));
        ROWS.put("reopen for A by A", new Row(new Reopen(1L), A));
        ROWS.put("reopen for B by A", new Row(new Reopen(2L), A));
        ROWS.put("reopen for D by supervisor", new Row(new Reopen(4L), S));
        ROWS.put("reopen by visitor", new Row(new Reopen(null), V));
        ROWS.put("reopen by mail answer", new Row(new Reopen(null, true), V));
        ROWS.put("reopen by bot", new Row(new Reopen(null), BOT));
        ROWS.put("reopen by agent B", new Row(new Reopen(null), B));
        ROWS.put("reopen_to_queue 5 by B", new Row(new ReopenToQueue(5L, "Support"), B));
        ROWS.put("reopen_to_queue by visitor", new Row(new ReopenToQueue(null, "Support"), V));
        ROWS.put("snooze by B", new Row(new Snooze(LATER), B));
        ROWS.put("snooze by visitor", new Row(new Snooze(LATER), V));
    }

    private static final String TABLE = """
            transition                         | bot                      | waiting                  | unassigned               | A's                      | B's                      | snoozed                  | resolved                 | waiting/no bot           | A's/no bot               | resolved/no bot
            hand_off by visitor                | queue*                   | handoff_in_progress      | queue*                   | conversation_has_agent   | conversation_has_agent   | conversation_has_agent   | conversation_resolved    | handoff_in_progress      | conversation_has_agent   | conversation_resolved
            hand_off to team 7 by bot          | queue*@7                 | handoff_in_progress      | queue*@7                 | conversation_has_agent   | conversation_has_agent   | conversation_has_agent   | conversation_resolved    | handoff_in_progress      | conversation_has_agent   | conversation_resolved
            hand_off by agent B                | queue*                   | handoff_in_progress      | queue*                   | conversation_has_agent   | conversation_has_agent   | conversation_has_agent   | conversation_resolved    | handoff_in_progress      | conversation_has_agent   | conversation_resolved
            open by bot                        | queue*                   | =                        | =                        | =                        | =                        | agent:1                  | bot                      | =                        | =                        | queue
            open by agent B                    | queue*                   | =                        | =                        | =                        | =                        | agent:1                  | bot                      | =                        | =                        | queue
            leave_queue no_agent by system     | no_handoff               | bot                      | no_handoff               | no_handoff               | no_handoff               | no_handoff               | conversation_resolved    | queue                    | no_handoff               | conversation_resolved
            leave_queue declined by system     | no_handoff               | bot                      | no_handoff               | no_handoff               | no_handoff               | no_handoff               | conversation_resolved    | queue                    | no_handoff               | conversation_resolved
            leave_queue by agent A             | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            overflow to 7 by system            | no_handoff               | queue*@7                 | no_handoff               | no_handoff               | no_handoff               | no_handoff               | conversation_resolved    | queue*@7                 | no_handoff               | conversation_resolved
            requeue to 5 by system             | not_with_an_agent        | not_with_an_agent        | not_with_an_agent        | queue*                   | queue*                   | queue*                   | conversation_resolved    | not_with_an_agent        | queue*                   | conversation_resolved
            take by A                          | agent:1                  | agent:1                  | agent:1                  | =                        | conversation_has_agent   | =                        | conversation_resolved    | agent:1                  | =                        | conversation_resolved
            take by B                          | agent:2                  | agent:2                  | agent:2                  | conversation_has_agent   | =                        | conversation_has_agent   | conversation_resolved    | agent:2                  | conversation_has_agent   | conversation_resolved
            take by supervisor                 | agent:9                  | agent:9                  | agent:9                  | agent:9+3                | agent:9                  | agent:9                  | conversation_resolved    | agent:9                  | agent:9                  | conversation_resolved
            take for B by A                    | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            assign D by supervisor             | agent:4                  | agent:4                  | agent:4                  | agent:4+3                | agent:4                  | agent:4                  | conversation_resolved    | agent:4                  | agent:4                  | conversation_resolved
            assign D by agent B                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            assign D by bot                    | agent:4                  | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | conversation_resolved    | not_owned_by_bot         | not_owned_by_bot         | conversation_resolved
            offer to D accepted                | no_handoff               | agent:4                  | no_handoff               | conversation_has_agent   | conversation_has_agent   | conversation_has_agent   | conversation_resolved    | agent:4                  | conversation_has_agent   | conversation_resolved
            transfer to D accepted             | not_with_an_agent        | not_with_an_agent        | not_with_an_agent        | agent:4+3                | agent:4                  | agent:4                  | conversation_resolved    | not_with_an_agent        | agent:4                  | conversation_resolved
            unassign by A                      | forbidden                | forbidden                | forbidden                | queue                    | forbidden                | snoozed:queue            | conversation_resolved    | forbidden                | queue                    | forbidden
            unassign by B                      | forbidden                | forbidden                | forbidden                | forbidden                | queue                    | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            unassign by supervisor             | =                        | =                        | =                        | queue                    | queue                    | snoozed:queue            | conversation_resolved    | =                        | queue                    | conversation_resolved
            set_team 7 by B                    | bot@7                    | handoff_in_progress      | queue@7                  | agent:1+3@7              | agent:2@7                | snoozed:agent:1@7        | resolved:agent:1@7       | handoff_in_progress      | agent:1@7                | resolved:bot@7
            set_team none by B                 | bot@null                 | handoff_in_progress      | queue@null               | agent:1+3@null           | agent:2@null             | snoozed:agent:1@null     | resolved:agent:1@null    | handoff_in_progress      | agent:1@null             | resolved:bot@null
            set_team 7 by bot                  | bot@7                    | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | resolved:bot@7
            transfer_to_team 7 by A            | forbidden                | forbidden                | forbidden                | queue*@7                 | forbidden                | queue*@7                 | conversation_resolved    | forbidden                | queue*@7                 | forbidden
            transfer_to_team 7 by B            | forbidden                | forbidden                | forbidden                | forbidden                | queue*@7                 | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            transfer_to_team 7 by supervisor   | not_with_an_agent        | not_with_an_agent        | not_with_an_agent        | queue*@7                 | queue*@7                 | queue*@7                 | conversation_resolved    | not_with_an_agent        | queue*@7                 | conversation_resolved
            transfer_to_agent D by A           | forbidden                | forbidden                | forbidden                | =                        | forbidden                | =                        | conversation_resolved    | forbidden                | =                        | forbidden
            transfer_to_agent D by B           | forbidden                | forbidden                | forbidden                | forbidden                | =                        | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            invite D by A                      | forbidden                | forbidden                | forbidden                | =                        | forbidden                | =                        | conversation_resolved    | forbidden                | =                        | forbidden
            add_participant D by system        | not_with_an_agent        | not_with_an_agent        | not_with_an_agent        | agent:1+3+4              | agent:2+4                | snoozed:agent:1+4        | conversation_resolved    | not_with_an_agent        | agent:1+4                | conversation_resolved
            add_participant A by system        | not_with_an_agent        | not_with_an_agent        | not_with_an_agent        | =                        | agent:2+1                | =                        | conversation_resolved    | not_with_an_agent        | =                        | conversation_resolved
            remove_participant C by C          | not_a_participant        | not_a_participant        | not_a_participant        | agent:1                  | not_a_participant        | not_a_participant        | conversation_resolved    | not_a_participant        | not_a_participant        | conversation_resolved
            remove_participant C by B          | forbidden                | forbidden                | forbidden                | forbidden                | not_a_participant        | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            remove_participant D by supervisor | not_a_participant        | not_a_participant        | not_a_participant        | not_a_participant        | not_a_participant        | not_a_participant        | conversation_resolved    | not_a_participant        | not_a_participant        | conversation_resolved
            to_bot by A                        | forbidden                | forbidden                | forbidden                | bot                      | forbidden                | bot                      | conversation_resolved    | forbidden                | bot                      | forbidden
            to_bot by B                        | forbidden                | forbidden                | forbidden                | forbidden                | bot                      | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            to_bot by visitor                  | =                        | bot                      | bot                      | bot                      | bot                      | bot                      | conversation_resolved    | no_bot                   | no_bot                   | conversation_resolved
            to_bot by bot                      | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            pass_to_bot by bot                 | bot                      | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | not_owned_by_bot         | conversation_resolved    | not_owned_by_bot         | not_owned_by_bot         | conversation_resolved
            pass_to_bot by agent A             | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            take_by_bot by bot                 | bot                      | bot                      | bot                      | bot                      | bot                      | bot                      | conversation_resolved    | no_bot                   | no_bot                   | conversation_resolved
            resolve by B                       | resolved:bot             | resolved:queue           | resolved:queue           | resolved:agent:1         | resolved:agent:2         | resolved:agent:1         | =                        | resolved:queue           | resolved:agent:1         | =
            resolve by visitor                 | resolved:bot             | resolved:queue           | resolved:queue           | resolved:agent:1         | resolved:agent:2         | resolved:agent:1         | =                        | resolved:queue           | resolved:agent:1         | =
            resolve by bot                     | resolved:bot             | resolved:queue           | resolved:queue           | resolved:agent:1         | resolved:agent:2         | resolved:agent:1         | =                        | resolved:queue           | resolved:agent:1         | =
            reopen for A by A                  | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | agent:1                  | agent:1                  | conversation_open        | conversation_open        | agent:1
            reopen for B by A                  | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            reopen for D by supervisor         | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | agent:4                  | agent:4                  | conversation_open        | conversation_open        | agent:4
            reopen by visitor                  | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | agent:1                  | bot                      | conversation_open        | conversation_open        | queue
            reopen by mail answer              | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | agent:1                  | queue                    | conversation_open        | conversation_open        | queue
            reopen by bot                      | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | agent:1                  | bot                      | conversation_open        | conversation_open        | queue
            reopen by agent B                  | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            reopen_to_queue 5 by B             | conversation_open        | conversation_open        | conversation_open        | conversation_open        | conversation_open        | queue*                   | queue*                   | conversation_open        | conversation_open        | queue*
            reopen_to_queue by visitor         | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            snooze by B                        | snoozed:bot              | handoff_in_progress      | snoozed:queue            | snoozed:agent:1+3        | snoozed:agent:2          | =                        | conversation_resolved    | handoff_in_progress      | snoozed:agent:1          | conversation_resolved
            snooze by visitor                  | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden                | forbidden
            """;

    @Test
    void everyTransitionFromEveryStateIsDecidedAsTheTableSays() {
        Map<String, List<String>> expected = parse(TABLE);
        assertThat(expected.keySet()).containsExactlyElementsOf(ROWS.keySet());
        List<String> mismatches = new ArrayList<>();
        ROWS.forEach((name, row) -> {
            List<String> cells = expected.get(name);
            int column = 0;
            for (Map.Entry<String, ConversationState> state : STATES.entrySet()) {
                String actual = describe(state.getValue(), Transitions.decide(state.getValue(), row.transition(), row.actor()));
                if (!actual.equals(cells.get(column))) {
                    mismatches.add(name + " from " + state.getKey() + ": table says " + cells.get(column) + ", decided " + actual);
                }
                column++;
            }
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theTableCoversEveryTransitionAndEveryKindOfActor() {
        Set<String> transitions = ROWS.values().stream().map(r -> r.transition().getClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = Arrays.stream(Transition.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(transitions).isEqualTo(all);
        assertThat(ROWS.values().stream().map(r -> r.actor().kind()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Actor.Kind.values());
        assertThat(Arrays.stream(Via.values()).allMatch(via -> ROWS.values().stream()
                .anyMatch(r -> r.transition() instanceof Assign a && a.via() == via))).isTrue();
    }

    @Test
    void everyAllowedTransitionWritesAnActivityLineInEveryLanguage() throws Exception {
        Map<String, java.util.Properties> bundles = new LinkedHashMap<>();
        for (String suffix : List.of("", "_de", "_fr", "_it")) {
            java.util.Properties p = new java.util.Properties();
            try (var in = getClass().getResourceAsStream("/i18n/activity" + suffix + ".properties")) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            bundles.put(suffix, p);
        }
        ROWS.forEach((name, row) -> STATES.values().forEach(state -> {
            if (Transitions.decide(state, row.transition(), row.actor()) instanceof Allowed allowed) {
                bundles.forEach((suffix, p) -> assertThat(p.getProperty("activity." + allowed.activityKey()))
                        .as("activity.%s in activity%s.properties (%s)", allowed.activityKey(), suffix, name).isNotBlank());
            }
        }));
    }

    @Test
    void allowedActionsFollowTheTable() {
        assertThat(Transitions.allowedActions(STATES.get("waiting"), A)).containsExactly("take", "resolve");
        assertThat(Transitions.allowedActions(STATES.get("A's"), A))
                .containsExactly("unassign", "transfer", "invite", "remove_participants", "hand_back", "resolve", "snooze");
        assertThat(Transitions.allowedActions(STATES.get("A's"), C)).containsExactly("leave", "resolve", "snooze");
        assertThat(Transitions.allowedActions(STATES.get("B's"), A)).containsExactly("resolve", "snooze");
        assertThat(Transitions.allowedActions(STATES.get("B's"), S))
                .containsExactly("take", "assign", "unassign", "transfer", "invite", "hand_back", "resolve", "snooze");
        assertThat(Transitions.allowedActions(STATES.get("bot"), A)).containsExactly("take", "hand_off", "resolve", "snooze");
        assertThat(Transitions.allowedActions(STATES.get("resolved"), A)).containsExactly("reopen");
        assertThat(Transitions.allowedActions(STATES.get("A's/no bot"), A))
                .containsExactly("unassign", "transfer", "invite", "resolve", "snooze");
    }

    // ---- reading and writing the table

    static String describe(ConversationState before, Decision d) {
        return switch (d) {
            case Decision.Unchanged u -> "=";
            case Refused r -> r.code().code();
            case Allowed a -> describe(a.next(), before.teamId());
        };
    }

    private static String describe(ConversationState s, Long usualTeam) {
        StringBuilder out = new StringBuilder();
        if (s.status() != Status.OPEN) {
            out.append(s.status().wire()).append(':');
        }
        out.append(s.owner() == Owner.AGENT ? "agent:" + s.assigneeId() : s.owner().wire());
        if (s.handoffOpen()) {
            out.append('*');
        }
        new TreeSet<>(s.participants()).forEach(p -> out.append('+').append(p));
        if (!java.util.Objects.equals(s.teamId(), usualTeam)) {
            out.append('@').append(s.teamId());
        }
        return out.toString();
    }

    private static Map<String, List<String>> parse(String table) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : table.strip().split("\n")) {
            if (line.startsWith("transition") || line.startsWith("---")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            rows.put(cells.getFirst(), cells.subList(1, cells.size()));
        }
        return rows;
    }

    /** Prints the table as the code decides it today (to review, then paste above). */
    static String render() {
        Function<String, String> pad = s -> String.format("%-34s", s);
        StringBuilder out = new StringBuilder(pad.apply("transition"));
        STATES.keySet().forEach(k -> out.append(" | ").append(String.format("%-24s", k)));
        out.append('\n');
        ROWS.forEach((name, row) -> {
            out.append(pad.apply(name));
            STATES.values().forEach(state -> out.append(" | ").append(String.format("%-24s",
                    describe(state, Transitions.decide(state, row.transition(), row.actor())))));
            out.append('\n');
        });
        return out.toString();
    }

    private static ConversationState state(Status status, Owner owner, Long assignee, boolean handoffOpen, Set<Long> participants,
                                           boolean bot) {
        return new ConversationState(status, owner, assignee, 5L, handoffOpen, participants, bot,
                status == Status.SNOOZED ? LATER : null);
    }
}
