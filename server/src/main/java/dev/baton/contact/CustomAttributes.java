package dev.baton.contact;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import dev.baton.shared.FieldProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Custom attribute definitions (Chatwoot's {@code /custom_attribute_definitions}): administrators define
 * them, every member reads them, and every write of a contact's or conversation's custom attributes is
 * checked against them. Keys without a definition stay free-form, as in Chatwoot.
 */
@Service
public class CustomAttributes {

    /** A create or update request; {@code type} and {@code model} take Chatwoot's numbers or the names. */
    public record Change(String displayName, Object type, String description, String key, Object model,
                         List<String> values, String regexPattern, String regexCue) {
    }

    private static final Pattern KEY = Pattern.compile("[a-z0-9_]{1,100}");
    private static final int MAX_LIST_VALUES = 100;

    private final AttributeDefinitionRepository repository;
    private final AccountService accounts;
    private final Clock clock;

    private final AuditLog audit;

    CustomAttributes(AttributeDefinitionRepository repository, AccountService accounts, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    public List<AttributeDefinition> list(long accountId, CurrentUser actor, String model) {
        accounts.requireMember(accountId, actor);
        AttributeModel m = model == null || model.isBlank() ? null : AttributeModel.parse(model).orElseThrow(() ->
                BatonException.invalid("attribute_model", "inclusion",
                        "attribute_model must be 0 (conversation_attribute) or 1 (contact_attribute)"));
        return repository.list(accountId, m);
    }

    public AttributeDefinition get(long accountId, CurrentUser actor, long id) {
        accounts.requireMember(accountId, actor);
        return require(accountId, id);
    }

    @Transactional
    public AttributeDefinition create(long accountId, CurrentUser actor, Change change) {
        accounts.requireAdministrator(accountId, actor);
        List<FieldProblem> problems = new ArrayList<>();
        AttributeModel model = AttributeModel.parse(change.model()).orElse(null);
        if (model == null) {
            problems.add(new FieldProblem("attribute_model", change.model() == null ? "required" : "inclusion",
                    "attribute_model must be 0 (conversation_attribute) or 1 (contact_attribute)"));
        }
        String displayName = displayName(change.displayName(), problems);
        String key = change.key() == null || change.key().isBlank() ? derivedKey(displayName) : change.key().strip();
        if (key == null || !KEY.matcher(key).matches()) {
            problems.add(new FieldProblem("attribute_key", key == null ? "required" : "format",
                    "attribute_key has 1 to 100 lower-case letters, digits or '_'"));
        }
        AttributeDefinition d = definition(accountId, 0, model, key, displayName, change, null, problems);
        if (repository.count(accountId) >= AttributeDefinitionRepository.MAX_PER_ACCOUNT) {
            throw BatonException.invalid("attribute_key", "limit",
                    "an account may define at most " + AttributeDefinitionRepository.MAX_PER_ACCOUNT + " custom attributes");
        }
        try {
            AttributeDefinition created = require(accountId, repository.insert(d, clock.instant()));
            audit.record(accountId, actor, AuditLog.CUSTOM_ATTRIBUTE_DEFINITION, created.id(), created.displayName(),
                    AuditLog.CREATE, audited(created));
            return created;
        } catch (AttributeDefinitionRepository.KeyTaken e) {
            throw BatonException.invalid("attribute_key", "taken", "this attribute_key is already defined for " + model.wire());
        }
    }

    @Transactional
    public AttributeDefinition update(long accountId, CurrentUser actor, long id, Change change) {
        accounts.requireAdministrator(accountId, actor);
        AttributeDefinition current = require(accountId, id);
        List<FieldProblem> problems = new ArrayList<>();
        if (change.key() != null && !change.key().strip().equals(current.key())) {
            problems.add(new FieldProblem("attribute_key", "immutable", "attribute_key cannot change; define a new attribute"));
        }
        if (change.model() != null && AttributeModel.parse(change.model()).orElse(null) != current.model()) {
            problems.add(new FieldProblem("attribute_model", "immutable", "attribute_model cannot change"));
        }
        String displayName = change.displayName() == null ? current.displayName() : displayName(change.displayName(), problems);
        AttributeDefinition d = definition(accountId, id, current.model(), current.key(), displayName, change, current, problems);
        repository.update(d, clock.instant());
        AttributeDefinition updated = require(accountId, id);
        audit.record(accountId, actor, AuditLog.CUSTOM_ATTRIBUTE_DEFINITION, id, current.displayName(), AuditLog.UPDATE,
                AuditLog.diff(audited(current), audited(updated)));
        return updated;
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long id) {
        accounts.requireAdministrator(accountId, actor);
        AttributeDefinition gone = require(accountId, id);
        if (!repository.delete(accountId, id)) {
            throw BatonException.notFound("Custom attribute");
        }
        audit.record(accountId, actor, AuditLog.CUSTOM_ATTRIBUTE_DEFINITION, id, gone.displayName(), AuditLog.DESTROY,
                audited(gone));
    }

    /** Chatwoot's fields of a definition, as the audit log shows them. */
    private static Map<String, Object> audited(AttributeDefinition d) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("attribute_display_name", d.displayName());
        m.put("attribute_key", d.key());
        m.put("attribute_model", d.model().wire());
        m.put("attribute_display_type", d.type().wire());
        m.put("attribute_description", d.description());
        m.put("attribute_values", d.values());
        m.put("regex_pattern", d.regexPattern());
        m.put("regex_cue", d.regexCue());
        return m;
    }

    /** The account's definitions of one model by key. */
    public Map<String, AttributeDefinition> definitions(long accountId, AttributeModel model) {
        return repository.list(accountId, model).stream()
                .collect(Collectors.toMap(AttributeDefinition::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * Checks {@code values} against the account's definitions of {@code model} and returns them in canonical
     * form (a null value stays null: the caller removes that key). Every refused value is one field problem
     * {@code custom_attributes.<key>}; nothing is written when one is refused.
     */
    public Map<String, Object> check(long accountId, AttributeModel model, Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            return values;
        }
        return check(definitions(accountId, model), values);
    }

    static Map<String, Object> check(Map<String, AttributeDefinition> definitions, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        values.forEach((key, raw) -> {
            AttributeDefinition d = definitions.get(key);
            if (raw == null || d == null || (raw instanceof String s && s.isBlank())) {
                out.put(key, raw instanceof String s && s.isBlank() && d != null ? null : raw);
                return;
            }
            try {
                out.put(key, AttributeValues.normalise(d, raw));
            } catch (AttributeValues.Refused e) {
                problems.add(new FieldProblem("custom_attributes." + key, e.code, d.displayName() + " " + e.getMessage()));
            }
        });
        if (!problems.isEmpty()) {
            throw BatonException.invalid(problems);
        }
        return out;
    }

    private AttributeDefinition require(long accountId, long id) {
        return repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Custom attribute"));
    }

    private static AttributeDefinition definition(long accountId, long id, AttributeModel model, String key,
                                                  String displayName, Change change, AttributeDefinition current,
                                                  List<FieldProblem> problems) {
        AttributeType type = current == null ? null : current.type();
        if (change.type() != null || current == null) {
            type = AttributeType.parse(change.type()).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem("attribute_display_type", change.type() == null ? "required" : "inclusion",
                        "attribute_display_type must be text, number, currency, percent, link, date, list or checkbox (0 to 7)"));
            }
        }
        String description = change.description() == null ? (current == null ? null : current.description())
                : limited("attribute_description", change.description(), 1000, problems);
        List<String> values = change.values() == null ? (current == null ? List.of() : current.values())
                : listValues(change.values(), problems);
        if (type == AttributeType.LIST && values.isEmpty()) {
            problems.add(new FieldProblem("attribute_values", "required", "a list attribute needs at least one value"));
        }
        String regex = change.regexPattern() == null ? (current == null ? null : current.regexPattern())
                : limited("regex_pattern", change.regexPattern(), 500, problems);
        if (regex != null && !regex.isBlank()) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add(new FieldProblem("regex_pattern", "format", "regex_pattern is not a valid regular expression"));
            }
        }
        String cue = change.regexCue() == null ? (current == null ? null : current.regexCue())
                : limited("regex_cue", change.regexCue(), 500, problems);
        if (!problems.isEmpty()) {
            throw BatonException.invalid(problems);
        }
        return new AttributeDefinition(id, accountId, model, key, displayName, type, blankToNull(description),
                type == AttributeType.LIST ? values : List.of(), type == AttributeType.TEXT ? blankToNull(regex) : null,
                type == AttributeType.TEXT ? blankToNull(cue) : null, null, null);
    }

    private static String displayName(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem("attribute_display_name", "required", "attribute_display_name is required"));
            return null;
        }
        return limited("attribute_display_name", value.strip(), 200, problems);
    }

    private static List<String> listValues(List<String> values, List<FieldProblem> problems) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank() || v.strip().length() > 200) {
                problems.add(new FieldProblem("attribute_values", "length", "each value has 1 to 200 characters"));
                return List.of();
            }
            if (seen.add(v.strip().toLowerCase(Locale.ROOT))) {
                out.add(v.strip());
            }
        }
        if (out.size() > MAX_LIST_VALUES) {
            problems.add(new FieldProblem("attribute_values", "length", "a list has at most " + MAX_LIST_VALUES + " values"));
        }
        return out;
    }

    private static String limited(String field, String value, int max, List<FieldProblem> problems) {
        if (value.length() > max) {
            problems.add(new FieldProblem(field, "length", field + " must have at most " + max + " characters"));
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** "Customer since" → "customer_since", as Chatwoot's form suggests the key. */
    static String derivedKey(String displayName) {
        if (displayName == null) {
            return null;
        }
        String key = java.text.Normalizer.normalize(displayName, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (key.length() > 100) {
            key = key.substring(0, 100);
        }
        return key.isEmpty() ? null : key;
    }
}
