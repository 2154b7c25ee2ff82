package dev.baton.conversation;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account's labels: administrators write them, every member reads them. */
@Service
public class Labels {

    public record Change(String title, String description, String color, Boolean showOnSidebar) {
    }

    static final String DEFAULT_COLOR = "#1f93ff";

    private final LabelRepository repository;
    private final AccountService accounts;
    private final Clock clock;
    private final AuditLog audit;

    Labels(LabelRepository repository, AccountService accounts, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    public List<Label> list(long accountId, CurrentUser actor) {
        accounts.requireMember(accountId, actor);
        return repository.list(accountId);
    }

    public Label get(long accountId, CurrentUser actor, long id) {
        accounts.requireMember(accountId, actor);
        return require(accountId, id);
    }

    @Transactional
    public Label create(long accountId, CurrentUser actor, Change change) {
        accounts.requireAdministrator(accountId, actor);
        Label label = new Label(0, title(change.title()), description(change.description()),
                change.color() == null ? DEFAULT_COLOR : color(change.color()),
                change.showOnSidebar() == null || change.showOnSidebar());
        try {
            long id = repository.insert(accountId, label, clock.instant());
            Label created = require(accountId, id);
            audit.record(accountId, actor, AuditLog.LABEL, id, created.title(), AuditLog.CREATE, audited(created));
            return created;
        } catch (LabelRepository.TitleTaken e) {
            throw taken();
        }
    }

    @Transactional
    public Label update(long accountId, CurrentUser actor, long id, Change change) {
        accounts.requireAdministrator(accountId, actor);
        Label current = require(accountId, id);
        Label updated = new Label(id, change.title() == null ? current.title() : title(change.title()),
                change.description() == null ? current.description() : description(change.description()),
                change.color() == null ? current.color() : color(change.color()),
                change.showOnSidebar() == null ? current.showOnSidebar() : change.showOnSidebar());
        try {
            repository.update(accountId, updated);
        } catch (LabelRepository.TitleTaken e) {
            throw taken();
        }
        audit.record(accountId, actor, AuditLog.LABEL, id, current.title(), AuditLog.UPDATE,
                AuditLog.diff(audited(current), audited(updated)));
        return updated;
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long id) {
        accounts.requireAdministrator(accountId, actor);
        Label gone = require(accountId, id);
        repository.delete(accountId, id);
        audit.record(accountId, actor, AuditLog.LABEL, id, gone.title(), AuditLog.DESTROY, audited(gone));
    }

    private static java.util.Map<String, Object> audited(Label l) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("title", l.title());
        m.put("description", l.description());
        m.put("color", l.color());
        m.put("show_on_sidebar", l.showOnSidebar());
        return m;
    }

    private Label require(long accountId, long id) {
        return repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Label"));
    }

    private static BatonException taken() {
        return BatonException.invalid("title", "taken", "a label with this title already exists");
    }

    private static String title(String value) {
        if (value == null || value.isBlank()) {
            throw BatonException.invalid("title", "required", "title is required");
        }
        String title = value.strip();
        if (!title.matches("[\\p{L}\\p{N}_-]{1,100}")) {
            throw BatonException.invalid("title", "format", "title has 1 to 100 letters, digits, '-' or '_'");
        }
        return title.toLowerCase(Locale.ROOT);
    }

    private static String description(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > 1000) {
            throw BatonException.invalid("description", "length", "description must have at most 1000 characters");
        }
        return value;
    }

    private static String color(String value) {
        if (!value.matches("#[0-9a-fA-F]{6}")) {
            throw BatonException.invalid("color", "format", "color must be #rrggbb");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
