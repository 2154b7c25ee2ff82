package dev.baton.conversation;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import dev.baton.shared.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class ConversationRepository {

    /**
     * The list filters of Chatwoot's conversation index, already checked. {@code unread}: only conversations
     * with visitor messages no agent has seen; {@code search}: a LIKE pattern (lower case, escaped) matched
     * against the contact's name and e-mail and the messages' text.
     */
    record Filter(long accountId, Set<Long> inboxScope, String status, String assigneeType, Long userId, Long inboxId,
                  Long teamId, List<String> labels, boolean unread, String search) {
    }

    record Counts(long mine, long unassigned, long assigned, long all, long unread) {
    }

    /** From this offset on, Chatwoot's {@code page} skips whole days of the tab instead of walking them (docs/adr/0067). */
    static final long DAY_SKIP_FROM = 1_000;

    private final JdbcClient jdbc;
    /** One snapshot for a deep page's two statements (the days it skips and the page), so that they agree. */
    private final TransactionTemplate snapshot;

    ConversationRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    // ---- conversations

    long insert(Conversation c) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO conversation (uuid, account_id, inbox_id, contact_id, contact_inbox_id, status, owner,
                    assignee_id, team_id, additional_attributes, custom_attributes, last_activity_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.uuid(), c.accountId(), c.inboxId(), c.contactId(), c.contactInboxId(), c.status().wire(),
                        c.owner().wire(), c.assigneeId(), c.teamId(), JsonText.write(c.additionalAttributes()),
                        JsonText.write(c.customAttributes()), utc(c.lastActivityAt()), utc(c.createdAt()), utc(c.updatedAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Conversation> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM conversation WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(ConversationRepository::conversation).optional();
    }

    /** As {@link #lock}, found by the account too: a visitor's request reads and locks its conversation at once. */
    Optional<Conversation> lock(long accountId, long id) {
        return jdbc.sql("SELECT * FROM conversation WHERE id = ? AND account_id = ? FOR UPDATE").params(id, accountId)
                .query(ConversationRepository::conversation).optional();
    }

    /** The row lock that serialises every change of one conversation (seq, echo ids, transitions). */
    Optional<Conversation> lock(long id) {
        return jdbc.sql("SELECT * FROM conversation WHERE id = ? FOR UPDATE").param(id)
                .query(ConversationRepository::conversation).optional();
    }

    void updateAdditionalAttributes(long id, Map<String, Object> attributes) {
        jdbc.sql("UPDATE conversation SET additional_attributes = ? WHERE id = ?").params(JsonText.write(attributes), id).update();
    }

    void updateState(Conversation c) {
        updateState(c, Waiting.KEEP, null);
    }

    /**
     * The conversation's row, and with it what a message did to {@code waiting_since} (which {@link Conversation} leaves
     * out): one UPDATE per message instead of two.
     */
    void updateState(Conversation c, Waiting waiting, Instant since) {
        String waitingSince = switch (waiting) {
            case KEEP -> "waiting_since";
            case MARK -> "COALESCE(waiting_since, ?)";
            case CLEAR -> "NULL";
        };
        List<Object> params = new ArrayList<>(List.of(c.status().wire(), c.owner().wire()));
        params.addAll(Arrays.asList(c.assigneeId(), c.teamId(), c.handoffOpen(), c.stateVersion(), utc(c.snoozedUntil()),
                c.lastSeq(), c.lastMessageId(), c.unreadCount(), JsonText.write(c.customAttributes()),
                utc(c.contactLastSeenAt()), utc(c.agentLastSeenAt()), utc(c.firstReplyAt()),
                utc(c.lastActivityAt()), utc(c.updatedAt())));
        if (waiting == Waiting.MARK) {
            params.add(utc(since));
        }
        params.add(c.id());
        jdbc.sql("""
                UPDATE conversation SET status = ?, owner = ?, assignee_id = ?, team_id = ?, handoff_open = ?, state_version = ?, snoozed_until = ?,
                    last_seq = ?,
                    last_message_id = ?, unread_count = ?, custom_attributes = ?, contact_last_seen_at = ?,
                    agent_last_seen_at = ?, first_reply_at = ?, last_activity_at = ?, updated_at = ?,
                    waiting_since = %s
                WHERE id = ?""".formatted(waitingSince))
                .params(params)
                .update();
    }

    /** What a message does to the time since which the visitor waits for an answer. */
    enum Waiting {
        KEEP, MARK, CLEAR
    }

    /**
     * A page of the list, newest activity first. The page's keys are found in {@code conversation_list_idx} alone
     * (an index-only walk past {@code offset} entries for Chatwoot's {@code page}; none with a {@code cursor}), and only
     * the page's rows are read from the table, with their {@code waiting_since} (which {@link Conversation} leaves out).
     * The same statement reads what the page shows from this feature's other tables, each by the row's key: the last
     * message (primary key) and whether it has attachments ({@code attachment_message_idx}), the labels and the
     * conference participants (their primary keys, which start with the conversation), and the tab's counters (the
     * statement of {@link #counts}, joined once to the page's rows): one round trip instead of six (docs/adr/0063).
     * From offset {@link #DAY_SKIP_FROM} on, a {@code page} of a tab without assignee, unread, team, label or search
     * filter first sums {@code conversation_day} from the newest day down to the day that holds row {@code offset},
     * and walks only that day's part of the index (docs/adr/0067): the same rows as the plain OFFSET.
     */
    Page list(Filter f, int limit, long offset, Cursor after) {
        return list(f, limit, offset, after, DAY_SKIP_FROM);
    }

    /** {@link #list}, skipping days from offset {@code daySkipFrom} on (the tests compare both ways). */
    Page list(Filter f, int limit, long offset, Cursor after, long daySkipFrom) {
        if (after != null || offset < daySkipFrom || !daySkippable(f)) {
            return page(f, limit, offset, after, null);
        }
        return snapshot.execute(tx -> {
            DaySkip skip = daySkip(f, offset);
            return page(f, limit, skip.offset(), null, skip.before());
        });
    }

    /** The filters {@code conversation_day} knows: the tab (status, inbox scope, inbox) and no other. */
    private static boolean daySkippable(Filter f) {
        return f.assigneeType().equals("all") && !f.unread() && f.teamId() == null && f.search() == null
                && (f.labels() == null || f.labels().isEmpty());
    }

    /**
     * Where the row at {@code offset} is: the end of its day ({@code last_activity_at} below it) and its offset among
     * the rows before that end. Past the last row, the oldest day (whose walk finds no row at that offset).
     */
    private DaySkip daySkip(Filter f, long offset) {
        Map<String, Object> params = new HashMap<>();
        List<String> clauses = new ArrayList<>();
        tab(f, params, clauses, "c.bot = FALSE", "c.bot = TRUE");
        List<long[]> days = jdbc.sql("SELECT c.activity_day, SUM(c.n) AS n FROM conversation_day c WHERE " + String.join(" AND ", clauses)
                        + " GROUP BY c.activity_day ORDER BY c.activity_day DESC")
                .params(params).query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        long newer = 0;
        DaySkip oldest = new DaySkip(null, offset);
        for (long[] day : days) {
            if (day[1] == 0) {
                continue;
            }
            oldest = new DaySkip(Instant.ofEpochSecond((day[0] + 1) * 86_400L), offset - newer);
            if (newer + day[1] > offset) {
                return oldest;
            }
            newer += day[1];
        }
        return oldest;
    }

    /** The page's rows have {@code last_activity_at} below {@code before} (null: any), {@code offset} of them skipped. */
    private record DaySkip(Instant before, long offset) {
    }

    private Page page(Filter f, int limit, long offset, Cursor after, Instant before) {
        Map<String, Object> params = new HashMap<>();
        String where = where(f, params, true);
        if (before != null) {
            where += " AND c.last_activity_at < :dayEnd";
            params.put("dayEnd", utc(before));
        }
        if (after != null) {
            // the first condition bounds the index range (the OR alone would walk the index from the top)
            where += " AND c.last_activity_at <= :cursorAt"
                    + " AND (c.last_activity_at < :cursorAt OR (c.last_activity_at = :cursorAt AND c.id < :cursorId))";
            params.put("cursorAt", utc(after.lastActivityAt()));
            params.put("cursorId", after.id());
        }
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql("SELECT c.*, " + LAST_MESSAGE_COLUMNS + ","
                        + " EXISTS (SELECT 1 FROM attachment a WHERE a.message_id = m.id) AS lm_files,"
                        + " (SELECT ARRAY_AGG(l.label ORDER BY l.label) FROM conversation_label l"
                        + " WHERE l.conversation_id = c.id) AS page_labels,"
                        + " (SELECT ARRAY_AGG(p.user_id ORDER BY p.joined_at, p.user_id) FROM conversation_participant p"
                        + " WHERE p.conversation_id = c.id) AS page_participants"
                        + ", n.mine AS n_mine, n.unassigned AS n_unassigned, n.assigned AS n_assigned, n.unread AS n_unread,"
                        + " n.total AS n_total"
                        + " FROM conversation c JOIN (SELECT c.id FROM conversation c WHERE " + where
                        + " ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit OFFSET :offset) k ON k.id = c.id"
                        + " CROSS JOIN (" + countsQuery(f, params) + ") n"
                        + " LEFT JOIN message m ON m.id = c.last_message_id"
                        + " ORDER BY c.last_activity_at DESC, c.id DESC")
                .params(params).query(rs -> {
                    List<Conversation> rows = new ArrayList<>();
                    Map<Long, Instant> waiting = new HashMap<>();
                    List<Message> last = new ArrayList<>();
                    Set<Long> withFiles = new java.util.HashSet<>();
                    Map<Long, List<String>> labels = new HashMap<>();
                    Map<Long, List<Long>> participants = new HashMap<>();
                    Counts counts = null;
                    while (rs.next()) {
                        if (counts == null) {
                            counts = new Counts(rs.getLong("n_mine"), rs.getLong("n_unassigned"), rs.getLong("n_assigned"),
                                    rs.getLong("n_total"), rs.getLong("n_unread"));
                        }
                        Conversation c = conversation(rs, rows.size());
                        rows.add(c);
                        Instant since = instant(rs, "waiting_since");
                        if (since != null) {
                            waiting.put(c.id(), since);
                        }
                        rs.getLong("lm_id");
                        if (!rs.wasNull()) {
                            Message m = message(rs, "lm_");
                            last.add(m);
                            if (rs.getBoolean("lm_files") && m.type() != MessageType.ACTIVITY) {
                                withFiles.add(m.id());
                            }
                        }
                        List<Object> l = array(rs, "page_labels");
                        if (!l.isEmpty()) {
                            labels.put(c.id(), l.stream().map(Object::toString).toList());
                        }
                        List<Object> p = array(rs, "page_participants");
                        if (!p.isEmpty()) {
                            participants.put(c.id(), p.stream().map(id -> ((Number) id).longValue()).toList());
                        }
                    }
                    return new Page(rows, waiting, last, withFiles, labels, participants, counts);
                });
    }

    /** The message columns of {@link #message(ResultSet, String)} under the prefix {@code lm_}, from {@code m}. */
    private static final String LAST_MESSAGE_COLUMNS = java.util.stream.Stream.of("id", "account_id", "conversation_id",
                    "seq", "message_type", "private", "content", "content_type", "content_attributes", "sender_type",
                    "sender_id", "echo_id", "source_id", "created_at")
            .map(column -> "m." + column + " AS lm_" + column).collect(java.util.stream.Collectors.joining(", "));

    /** An SQL array (ARRAY_AGG) as a list; none for NULL. */
    private static List<Object> array(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return java.util.Arrays.asList((Object[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /**
     * A page of the list and what was read with it: when each of its waiting conversations started waiting, the
     * rows' last messages, those of them with attachments, each row's labels and conference participants (in the order
     * they joined), and the tab's {@link #counts} (null for an empty page: the counters came with its rows). A row
     * without labels or participants has no entry.
     */
    record Page(List<Conversation> conversations, Map<Long, Instant> waitingSince, List<Message> lastMessages,
                Set<Long> lastMessagesWithFiles, Map<Long, List<String>> labels, Map<Long, List<Long>> participants,
                Counts counts) {

        static final Page EMPTY = new Page(List.of(), Map.of(), List.of(), Set.of(), Map.of(), Map.of(), null);
    }

    /** Where a keyset page ends: the last row's sort key (see {@link ConversationQueries#list}). */
    record Cursor(Instant lastActivityAt, long id) {
    }

    /**
     * The tab's counters, summed from {@code conversation_count} (kept by a trigger, docs/adr/0044): the cost grows with
     * the number of inboxes, teams and agents, not with the number of conversations. A label filter narrows the
     * counters to labelled conversations, which the counter table does not know: then they are counted.
     */
    Counts counts(Filter f) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql(countsQuery(f, params)).params(params).query(ConversationRepository::counts).single();
    }

    /** The counters counted from the conversations themselves (a label filter; and the tests' reference). */
    Counts countRows(Filter f) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql(countRowsQuery(f, params)).params(params).query(ConversationRepository::counts).single();
    }

    /**
     * The statement of {@link #counts} (its parameters put in {@code params}, under the same names and values as the
     * list's): one row with the columns mine, unassigned, assigned, unread and total.
     */
    private static String countsQuery(Filter f, Map<String, Object> params) {
        if (f.labels() != null && !f.labels().isEmpty()) {
            return countRowsQuery(f, params);
        }
        List<String> clauses = new ArrayList<>();
        tab(f, params, clauses, "c.bot = FALSE", "c.bot = TRUE");
        params.put("me", f.userId() == null ? -1L : f.userId());
        return """
                SELECT COALESCE(SUM(CASE WHEN c.assignee_id = :me THEN c.n ELSE 0 END), 0) AS mine,
                       COALESCE(SUM(CASE WHEN c.assignee_id = 0 THEN c.n ELSE 0 END), 0) AS unassigned,
                       COALESCE(SUM(CASE WHEN c.assignee_id <> 0 THEN c.n ELSE 0 END), 0) AS assigned,
                       COALESCE(SUM(CASE WHEN c.unread THEN c.n ELSE 0 END), 0) AS unread,
                       COALESCE(SUM(c.n), 0) AS total
                FROM conversation_count c WHERE\s""" + String.join(" AND ", clauses);
    }

    private static String countRowsQuery(Filter f, Map<String, Object> params) {
        String where = where(f, params, false);
        params.put("me", f.userId() == null ? -1L : f.userId());
        return """
                SELECT COALESCE(SUM(CASE WHEN c.assignee_id = :me THEN 1 ELSE 0 END), 0) AS mine,
                       COALESCE(SUM(CASE WHEN c.assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned,
                       COALESCE(SUM(CASE WHEN c.assignee_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS assigned,
                       COALESCE(SUM(CASE WHEN c.unread_count > 0 THEN 1 ELSE 0 END), 0) AS unread,
                       COUNT(*) AS total
                FROM conversation c WHERE\s""" + where;
    }

    private static Counts counts(ResultSet rs, int row) throws SQLException {
        return new Counts(rs.getLong("mine"), rs.getLong("unassigned"), rs.getLong("assigned"), rs.getLong("total"),
                rs.getLong("unread"));
    }

    /** The tab: account, inbox scope, status ({@code notBot}/{@code bot}: how the table tells a bot's), inbox, team. */
    private static void tab(Filter f, Map<String, Object> params, List<String> clauses, String notBot, String bot) {
        clauses.add("c.account_id = :account");
        params.put("account", f.accountId());
        if (f.inboxScope() != null) {
            clauses.add("c.inbox_id IN (:scope)");
            params.put("scope", f.inboxScope());
        }
        switch (f.status()) {
            case "open" -> clauses.add("c.status = 'open' AND " + notBot);
            case "pending" -> clauses.add("c.status = 'open' AND " + bot);
            case "resolved" -> clauses.add("c.status = 'resolved'");
            case "snoozed" -> clauses.add("c.status = 'snoozed'");
            default -> { }
        }
        if (f.inboxId() != null) {
            clauses.add("c.inbox_id = :inbox");
            params.put("inbox", f.inboxId());
        }
        if (f.teamId() != null) {
            clauses.add("c.team_id = :team");
            params.put("team", f.teamId());
        }
    }

    /** The counters describe the tab (status and scope): the assignee, unread and search filters do not narrow them. */
    private static String where(Filter f, Map<String, Object> params, boolean withAssignee) {
        List<String> clauses = new ArrayList<>();
        tab(f, params, clauses, "c.owner <> 'bot'", "c.owner = 'bot'");
        if (withAssignee) {
            switch (f.assigneeType()) {
                case "me" -> {
                    clauses.add("c.assignee_id = :me");
                    params.put("me", f.userId());
                }
                case "unassigned" -> clauses.add("c.assignee_id IS NULL");
                case "assigned" -> clauses.add("c.assignee_id IS NOT NULL");
                default -> { }
            }
            if (f.unread()) {
                clauses.add("c.unread_count > 0");
            }
            if (f.search() != null) {
                // Walked in the list's index order and stopped at the page's LIMIT: each candidate costs one
                // primary-key lookup of its contact and a scan of its own messages (message_conversation_idx).
                clauses.add("""
                        (EXISTS (SELECT 1 FROM contact ct WHERE ct.id = c.contact_id
                                 AND (LOWER(ct.name) LIKE :q ESCAPE '\\' OR LOWER(ct.email) LIKE :q ESCAPE '\\'))
                         OR EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.message_type <> 'activity'
                                    AND LOWER(m.content) LIKE :q ESCAPE '\\'))""");
                params.put("q", f.search());
            }
        }
        if (f.labels() != null && !f.labels().isEmpty()) {
            clauses.add("EXISTS (SELECT 1 FROM conversation_label l WHERE l.conversation_id = c.id AND l.label IN (:labels))");
            params.put("labels", f.labels());
        }
        return String.join(" AND ", clauses);
    }

    /** Conversations of an account by id, in no particular order (a list another feature keeps, such as Follow up). */
    List<Conversation> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM conversation WHERE account_id = :account AND id IN (:ids)")
                .param("account", accountId).param("ids", ids).query(ConversationRepository::conversation).list();
    }

    /** A contact's conversations in the inboxes of {@code inboxScope} (null: all), newest first. */
    List<Conversation> listForContact(long accountId, long contactId, Set<Long> inboxScope, int limit, long offset) {
        return jdbc.sql("SELECT * FROM conversation WHERE account_id = :account AND contact_id = :contact"
                        + (inboxScope == null ? "" : " AND inbox_id IN (:scope)")
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("account", accountId).param("contact", contactId).param("limit", limit).param("offset", offset)
                .params(inboxScope == null ? Map.of() : Map.of("scope", inboxScope))
                .query(ConversationRepository::conversation).list();
    }

    // ---- waiting for an answer (the "left unanswered" cue)

    /** Since when each of these conversations waits for an answer (absent: it does not). */
    Map<Long, Instant> waitingSince(Collection<Long> conversationIds) {
        Map<Long, Instant> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT id, waiting_since FROM conversation WHERE id IN (:ids) AND waiting_since IS NOT NULL")
                .param("ids", conversationIds)
                .query((rs, row) -> Map.entry(rs.getLong("id"), instant(rs, "waiting_since"))).list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    List<Conversation> listForVisitor(long contactInboxId, int limit) {
        return jdbc.sql("SELECT * FROM conversation WHERE contact_inbox_id = ? ORDER BY id DESC LIMIT ?")
                .params(contactInboxId, limit).query(ConversationRepository::conversation).list();
    }

    Map<Long, List<Long>> newestIdsForVisitors(java.util.Collection<Long> contactInboxIds, int limit) {
        Map<Long, List<Long>> ids = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT contact_inbox_id, id FROM (
                    SELECT contact_inbox_id, id, ROW_NUMBER() OVER (PARTITION BY contact_inbox_id ORDER BY id DESC) AS n
                    FROM conversation WHERE contact_inbox_id IN (:ids)) newest
                WHERE n <= :limit ORDER BY contact_inbox_id, id DESC""")
                .param("ids", contactInboxIds).param("limit", limit)
                .query(rs -> {
                    ids.computeIfAbsent(rs.getLong("contact_inbox_id"), k -> new ArrayList<>()).add(rs.getLong("id"));
                });
        return ids;
    }

    static Conversation conversation(ResultSet rs, int row) throws SQLException {
        long assignee = rs.getLong("assignee_id");
        boolean noAssignee = rs.wasNull();
        long team = rs.getLong("team_id");
        boolean noTeam = rs.wasNull();
        long lastMessage = rs.getLong("last_message_id");
        boolean noLastMessage = rs.wasNull();
        return new Conversation(rs.getLong("id"), rs.getString("uuid"), rs.getLong("account_id"), rs.getLong("inbox_id"),
                rs.getLong("contact_id"), rs.getLong("contact_inbox_id"), Status.fromWire(rs.getString("status")),
                Owner.fromWire(rs.getString("owner")), noAssignee ? null : assignee, noTeam ? null : team,
                rs.getBoolean("handoff_open"), rs.getLong("state_version"), instant(rs, "snoozed_until"), rs.getLong("last_seq"), noLastMessage ? null : lastMessage,
                rs.getInt("unread_count"), JsonText.readMap(rs.getString("additional_attributes")),
                JsonText.readMap(rs.getString("custom_attributes")), instant(rs, "contact_last_seen_at"),
                instant(rs, "agent_last_seen_at"), instant(rs, "first_reply_at"), instant(rs, "last_activity_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("priority"));
    }

    void setWrapUpReason(long conversationId, Long reasonId) {
        jdbc.sql("UPDATE conversation SET wrap_up_reason_id = ? WHERE id = ?").params(reasonId, conversationId).update();
    }

    // ---- participants (conference)

    void addParticipant(long conversationId, long userId, Instant now) {
        jdbc.sql("""
                INSERT INTO conversation_participant (conversation_id, user_id, joined_at)
                SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM conversation_participant WHERE conversation_id = ? AND user_id = ?)""")
                .params(conversationId, userId, utc(now), conversationId, userId).update();
    }

    boolean removeParticipant(long conversationId, long userId) {
        return jdbc.sql("DELETE FROM conversation_participant WHERE conversation_id = ? AND user_id = ?")
                .params(conversationId, userId).update() > 0;
    }

    boolean isParticipant(long conversationId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_participant WHERE conversation_id = ? AND user_id = ?")
                .params(conversationId, userId).query(Long.class).single() > 0;
    }

    List<Long> participants(long conversationId) {
        return jdbc.sql("SELECT user_id FROM conversation_participant WHERE conversation_id = ? ORDER BY joined_at")
                .param(conversationId).query(Long.class).list();
    }

    /** The conference participants of many conversations in one query, each list in the order they joined. */
    Map<Long, List<Long>> participantsOf(Collection<Long> conversationIds) {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT conversation_id, user_id FROM conversation_participant WHERE conversation_id IN (:ids)
                ORDER BY conversation_id, joined_at, user_id""")
                .param("ids", conversationIds)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getLong(2))).list()
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    /** Open conversations each agent has (assigned, or joined in a conference): their load against capacity. */
    Map<Long, Long> contactInboxIds(long accountId, Collection<Long> conversationIds) {
        Map<Long, Long> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT id, contact_inbox_id FROM conversation WHERE account_id = :account AND id IN (:ids)")
                .param("account", accountId).param("ids", conversationIds)
                .query((rs, row) -> Map.entry(rs.getLong("id"), rs.getLong("contact_inbox_id"))).list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Map<Long, Integer> load(long accountId, Collection<Long> userIds) {
        Map<Long, Integer> load = new HashMap<>();
        if (userIds.isEmpty()) {
            return load;
        }
        jdbc.sql("""
                SELECT assignee_id AS user_id, COUNT(*) AS n FROM conversation
                WHERE account_id = :account AND status = 'open' AND assignee_id IN (:users) GROUP BY assignee_id""")
                .param("account", accountId).param("users", userIds)
                .query((rs, row) -> Map.entry(rs.getLong("user_id"), rs.getInt("n"))).list()
                .forEach(e -> load.merge(e.getKey(), e.getValue(), Integer::sum));
        jdbc.sql("""
                SELECT p.user_id, COUNT(*) AS n FROM conversation_participant p JOIN conversation c ON c.id = p.conversation_id
                WHERE c.account_id = :account AND c.status = 'open' AND p.user_id IN (:users) GROUP BY p.user_id""")
                .param("account", accountId).param("users", userIds)
                .query((rs, row) -> Map.entry(rs.getLong("user_id"), rs.getInt("n"))).list()
                .forEach(e -> load.merge(e.getKey(), e.getValue(), Integer::sum));
        return load;
    }

    /** The open conversations an agent is assigned to (for requeueing when they go offline). */
    List<Long> openAssignedTo(long accountId, long userId, int limit) {
        return jdbc.sql("SELECT id FROM conversation WHERE account_id = ? AND assignee_id = ? AND status = 'open' ORDER BY id LIMIT ?")
                .params(accountId, userId, limit).query(Long.class).list();
    }

    // ---- labels

    Map<Long, List<String>> labels(Collection<Long> conversationIds) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT conversation_id, label FROM conversation_label WHERE conversation_id IN (:ids) ORDER BY label")
                .param("ids", conversationIds)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    void replaceLabels(long conversationId, Collection<String> labels) {
        jdbc.sql("DELETE FROM conversation_label WHERE conversation_id = ?").param(conversationId).update();
        for (String label : labels) {
            jdbc.sql("INSERT INTO conversation_label (conversation_id, label) VALUES (?, ?)").params(conversationId, label).update();
        }
    }

    // ---- messages

    /**
     * Writes the message; empty when its {@code echo_id} is already the conversation's (the unique
     * {@code message_echo_unique} index refused it), so that a first try pays no look-up (docs/adr/0069).
     */
    OptionalLong insertMessage(Message m) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        // Without an echo_id nothing may conflict: a conflict then is an error, not a repeat to swallow.
        String onConflict = m.echoId() == null ? "" : " ON CONFLICT DO NOTHING";
        int written = jdbc.sql("""
                INSERT INTO message (account_id, conversation_id, seq, message_type, private, content, content_type,
                    content_attributes, sender_type, sender_id, echo_id, source_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""" + onConflict)
                .params(m.accountId(), m.conversationId(), m.seq(), m.type().wire(), m.isPrivate(), m.content(),
                        m.contentType(), JsonText.write(m.contentAttributes()), m.senderType().wire(), m.senderId(),
                        m.echoId(), m.sourceId(), utc(m.createdAt()), utc(m.createdAt()))
                .update(keys, "id");
        return written == 0 ? OptionalLong.empty() : OptionalLong.of(keys.getKey().longValue());
    }

    Optional<Message> message(long conversationId, long id) {
        return jdbc.sql("SELECT * FROM message WHERE id = ? AND conversation_id = ?").params(id, conversationId)
                .query(ConversationRepository::message).optional();
    }

    void updateMessage(long id, String content, String contentType, Map<String, Object> contentAttributes) {
        jdbc.sql("UPDATE message SET content = ?, content_type = ?, content_attributes = ? WHERE id = ?")
                .params(content, contentType, JsonText.write(contentAttributes), id).update();
    }

    void updatePriority(long id, String priority, Instant now) {
        jdbc.sql("UPDATE conversation SET priority = ?, updated_at = ? WHERE id = ?").params(priority, utc(now), id).update();
    }

    Optional<Message> messageByEcho(long conversationId, String echoId) {
        return jdbc.sql("SELECT * FROM message WHERE conversation_id = ? AND echo_id = ?").params(conversationId, echoId)
                .query(ConversationRepository::message).optional();
    }

    Optional<Instant> eventTime(long conversationId, long seq) {
        return jdbc.sql("SELECT created_at FROM conversation_event WHERE conversation_id = ? AND seq = ?")
                .params(conversationId, seq).query((rs, row) -> instant(rs, "created_at")).optional();
    }

    /** The first public reply of a person after {@code afterSeq} and before {@code beforeSeq} (by the unique seq index). */
    Optional<Message> firstAgentReply(long conversationId, long afterSeq, long beforeSeq) {
        return jdbc.sql("""
                SELECT * FROM message WHERE conversation_id = ? AND seq > ? AND seq < ? AND message_type = ?
                  AND sender_type = ? AND private = FALSE ORDER BY seq LIMIT 1""")
                .params(conversationId, afterSeq, beforeSeq, MessageType.OUTGOING.wire(), SenderType.USER.wire())
                .query(ConversationRepository::message).optional();
    }

    long lastIncomingMessageId(long conversationId) {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM message WHERE conversation_id = ? AND message_type = 'incoming'")
                .param(conversationId).query(Long.class).single();
    }

    List<Message> messagesByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM message WHERE id IN (:ids)").param("ids", ids)
                .query(ConversationRepository::message).list();
    }

    /** Newest page first from the index, returned oldest first; {@code before}/{@code after} are message ids. */
    List<Message> messages(long conversationId, Long before, Long after, boolean withPrivate, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM message WHERE conversation_id = :c");
        Map<String, Object> params = new HashMap<>();
        params.put("c", conversationId);
        params.put("limit", limit);
        if (before != null) {
            sql.append(" AND id < :before");
            params.put("before", before);
        }
        if (after != null) {
            sql.append(" AND id > :after");
            params.put("after", after);
        }
        if (!withPrivate) {
            sql.append(" AND private = FALSE AND message_type <> 'activity'"); // the visitor's view
        }
        List<Message> page;
        if (after != null) {
            page = jdbc.sql(sql + " ORDER BY id ASC LIMIT :limit").params(params).query(ConversationRepository::message).list();
        } else {
            page = new ArrayList<>(jdbc.sql(sql + " ORDER BY id DESC LIMIT :limit").params(params)
                    .query(ConversationRepository::message).list());
            java.util.Collections.reverse(page);
        }
        return page;
    }

    private static Message message(ResultSet rs, int row) throws SQLException {
        return message(rs, "");
    }

    /** A message from columns named {@code prefix} + the table's column name. */
    private static Message message(ResultSet rs, String prefix) throws SQLException {
        long sender = rs.getLong(prefix + "sender_id");
        boolean noSender = rs.wasNull();
        return new Message(rs.getLong(prefix + "id"), rs.getLong(prefix + "account_id"), rs.getLong(prefix + "conversation_id"),
                rs.getLong(prefix + "seq"),
                MessageType.valueOf(rs.getString(prefix + "message_type").toUpperCase(java.util.Locale.ROOT)),
                rs.getBoolean(prefix + "private"), rs.getString(prefix + "content"), rs.getString(prefix + "content_type"),
                JsonText.readMap(rs.getString(prefix + "content_attributes")),
                SenderType.fromWire(rs.getString(prefix + "sender_type")), noSender ? null : sender,
                rs.getString(prefix + "echo_id"), rs.getString(prefix + "source_id"), instant(rs, prefix + "created_at"));
    }

    // ---- event log

    void appendEvent(Conversation c, long seq, String type, String agentPayload, String visitorPayload, Instant now) {
        jdbc.sql("""
                INSERT INTO conversation_event (conversation_id, seq, account_id, inbox_id, contact_inbox_id, type,
                    agent_payload, visitor_payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), seq, c.accountId(), c.inboxId(), c.contactInboxId(), type, agentPayload, visitorPayload,
                        utc(now))
                .update();
    }

    List<LoggedEvent> eventsSince(long conversationId, long afterSeq, Instant notBefore, int limit) {
        return jdbc.sql("""
                SELECT * FROM conversation_event WHERE conversation_id = ? AND seq > ? AND created_at >= ?
                ORDER BY seq LIMIT ?""")
                .params(conversationId, afterSeq, utc(notBefore), limit)
                .query((rs, row) -> new LoggedEvent(rs.getLong("conversation_id"), rs.getLong("seq"),
                        rs.getLong("account_id"), rs.getLong("inbox_id"), rs.getLong("contact_inbox_id"),
                        rs.getString("type"), rs.getString("agent_payload"), rs.getString("visitor_payload")))
                .list();
    }

    /** The conversation's last seq; 0 for a conversation that does not exist (any more). */
    long lastSeq(long conversationId) {
        return jdbc.sql("SELECT last_seq FROM conversation WHERE id = ?").param(conversationId).query(Long.class)
                .optional().orElse(0L);
    }

    /** Deletes the log entries written before {@code cutoff} (index conversation_event_created_idx, V70). */
    int trimEvents(Instant cutoff) {
        return jdbc.sql("DELETE FROM conversation_event WHERE created_at < ?").param(utc(cutoff)).update();
    }
}
