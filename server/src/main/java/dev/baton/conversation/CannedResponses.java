package dev.baton.conversation;

import dev.baton.account.Account;
import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account's canned responses: administrators write them, every member reads them. */
@Service
public class CannedResponses {

    public record Change(String shortCode, String content) {
    }

    private static final int MAX_SEARCH = 200;

    private final CannedResponseRepository repository;
    private final AccountService accounts;
    private final Clock clock;
    private final AuditLog audit;

    CannedResponses(CannedResponseRepository repository, AccountService accounts, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    public List<CannedResponse> list(long accountId, CurrentUser actor, String search) {
        accounts.requireMember(accountId, actor);
        if (search != null && search.length() > MAX_SEARCH) {
            throw BatonException.invalid("search", "length", "search must have at most " + MAX_SEARCH + " characters");
        }
        return repository.list(accountId, search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT));
    }

    @Transactional
    public CannedResponse create(long accountId, CurrentUser actor, Change change) {
        accounts.requireAdministrator(accountId, actor);
        Account account = accounts.account(accountId);
        String shortCode = shortCode(change.shortCode());
        String content = content(account, change.content());
        try {
            long id = repository.insert(accountId, shortCode, content, clock.instant());
            CannedResponse created = repository.find(accountId, id).orElseThrow();
            audit.record(accountId, actor, AuditLog.CANNED_RESPONSE, id, shortCode, AuditLog.CREATE, audited(created));
            return created;
        } catch (CannedResponseRepository.ShortCodeTaken e) {
            throw taken();
        }
    }

    @Transactional
    public CannedResponse update(long accountId, CurrentUser actor, long id, Change change) {
        accounts.requireAdministrator(accountId, actor);
        CannedResponse current = require(accountId, id);
        Account account = accounts.account(accountId);
        CannedResponse updated = new CannedResponse(current.id(), accountId,
                change.shortCode() == null ? current.shortCode() : shortCode(change.shortCode()),
                change.content() == null ? current.content() : content(account, change.content()));
        try {
            repository.update(updated, clock.instant());
        } catch (CannedResponseRepository.ShortCodeTaken e) {
            throw taken();
        }
        audit.record(accountId, actor, AuditLog.CANNED_RESPONSE, id, current.shortCode(), AuditLog.UPDATE,
                AuditLog.diff(audited(current), audited(updated)));
        return updated;
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long id) {
        accounts.requireAdministrator(accountId, actor);
        CannedResponse gone = require(accountId, id);
        repository.delete(accountId, id);
        audit.record(accountId, actor, AuditLog.CANNED_RESPONSE, id, gone.shortCode(), AuditLog.DESTROY, audited(gone));
    }

    private static java.util.Map<String, Object> audited(CannedResponse r) {
        return java.util.Map.of("short_code", r.shortCode(), "content", r.content());
    }

    private CannedResponse require(long accountId, long id) {
        return repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Canned response"));
    }

    private static BatonException taken() {
        return BatonException.invalid("short_code", "taken", "a canned response with this short code already exists");
    }

    private static String shortCode(String value) {
        if (value == null || value.isBlank()) {
            throw BatonException.invalid("short_code", "required", "short_code is required");
        }
        String code = value.strip();
        if (code.length() > 50) {
            throw BatonException.invalid("short_code", "length", "short_code must have at most 50 characters");
        }
        if (!code.matches("[a-z0-9_-]+")) {
            throw BatonException.invalid("short_code", "format", "short_code may only have a-z, 0-9, '_' and '-'");
        }
        return code;
    }

    private static String content(Account account, String value) {
        if (value == null || value.isBlank()) {
            throw BatonException.invalid("content", "required", "content is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length > account.maxMessageLength()) {
            throw BatonException.invalid("content", "length",
                    "content must have at most " + account.maxMessageLength() + " characters");
        }
        return value;
    }
}
