package dev.baton.conversation;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account's wrap-up reasons. Retired reasons stay (ended chats refer to them) but cannot be chosen. */
@Service
public class WrapUpReasons {

    public record Change(String name, Integer position, Boolean active) {
    }

    private final WrapUpReasonRepository repository;
    private final AccountService accounts;
    private final AuditLog audit;

    WrapUpReasons(WrapUpReasonRepository repository, AccountService accounts, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
    }

    public List<WrapUpReason> list(long accountId, CurrentUser actor) {
        accounts.requireMember(accountId, actor);
        return repository.list(accountId);
    }

    @Transactional
    public WrapUpReason create(long accountId, CurrentUser actor, Change change) {
        accounts.requireAdministrator(accountId, actor);
        try {
            long id = repository.insert(accountId, name(change.name()), change.position() == null ? 0 : change.position());
            WrapUpReason created = repository.find(accountId, id).orElseThrow();
            audit.record(accountId, actor, AuditLog.WRAP_UP_REASON, id, created.name(), AuditLog.CREATE, audited(created));
            return created;
        } catch (WrapUpReasonRepository.NameTaken e) {
            throw BatonException.invalid("name", "taken", "a wrap-up reason with this name already exists");
        }
    }

    @Transactional
    public WrapUpReason update(long accountId, CurrentUser actor, long id, Change change) {
        accounts.requireAdministrator(accountId, actor);
        WrapUpReason r = require(accountId, id);
        WrapUpReason updated = new WrapUpReason(r.id(), r.accountId(), change.name() == null ? r.name() : name(change.name()),
                change.position() == null ? r.position() : change.position(), change.active() == null ? r.active() : change.active());
        try {
            repository.update(updated);
        } catch (WrapUpReasonRepository.NameTaken e) {
            throw BatonException.invalid("name", "taken", "a wrap-up reason with this name already exists");
        }
        audit.record(accountId, actor, AuditLog.WRAP_UP_REASON, id, r.name(), AuditLog.UPDATE,
                AuditLog.diff(audited(r), audited(updated)));
        return updated;
    }

    private static java.util.Map<String, Object> audited(WrapUpReason r) {
        return java.util.Map.of("name", r.name(), "position", r.position(), "active", r.active());
    }

    WrapUpReason require(long accountId, long id) {
        return repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Wrap-up reason"));
    }

    /** The reason to record when ending, or null; refuses a missing reason where the account requires one. */
    WrapUpReason forResolving(long accountId, boolean required, Long reasonId) {
        if (reasonId == null) {
            if (required) {
                throw new BatonException(dev.baton.shared.ErrorCode.WRAP_UP_REASON_REQUIRED,
                        List.of(new dev.baton.shared.FieldProblem("wrap_up_reason_id", "required", "wrap_up_reason_id is required")));
            }
            return null;
        }
        WrapUpReason reason = repository.find(accountId, reasonId).filter(WrapUpReason::active).orElseThrow(() ->
                BatonException.invalid("wrap_up_reason_id", "unknown", "wrap_up_reason_id names no active wrap-up reason"));
        return reason;
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
}
