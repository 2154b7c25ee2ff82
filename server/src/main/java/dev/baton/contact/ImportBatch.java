package dev.baton.contact;

import dev.baton.shared.BatonException;
import dev.baton.shared.FieldProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one batch of import rows, inside the batch's transaction. Each row is checked whole first (every
 * cell against the same rules as the API and the custom attribute definitions); a row with a refused cell is
 * not written at all. A row is matched by identifier, else by e-mail (update), else created; each row's
 * writes (contact, attribute index, labels) run under a savepoint, so a row that fails leaves nothing behind
 * and the others go on. A row that changes nothing is not written: importing a file again writes nothing.
 */
@Component
class ImportBatch {

    /** A row read from the file. {@code number}: the spreadsheet's row number (the header is row 1). */
    record Row(long number, CSVRecord record) {
    }

    /** A row whose cells were all accepted. */
    private record Checked(long number, ContactData data, List<String> labels) {
    }

    private final ContactRepository contacts;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    ImportBatch(ContactRepository contacts, PlatformTransactionManager transactions, Clock clock,
                org.springframework.context.ApplicationEventPublisher events) {
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Writes the rows; returns what they did and the errors to record. */
    ContactImportRepository.Progress write(long accountId, ImportMapping mapping, Map<String, AttributeDefinition> definitions,
                                           List<Row> rows, List<ContactImportRepository.RowError> errors) {
        List<Checked> checked = new ArrayList<>();
        long failed = 0;
        for (Row row : rows) {
            int before = errors.size();
            Checked c = check(mapping, definitions, row, errors);
            if (errors.size() > before || c == null) {
                failed++;
            } else {
                checked.add(c);
            }
        }
        Known known = new Known(contacts.byIdentifiersOrEmails(accountId,
                checked.stream().map(c -> c.data().identifier()).filter(Objects::nonNull).distinct().toList(),
                checked.stream().map(c -> c.data().email()).filter(Objects::nonNull).distinct().toList()));
        Map<Long, List<String>> labels = contacts.labels(known.ids());
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        for (Checked row : checked) {
            Outcome outcome;
            try {
                outcome = savepoint.execute(status -> writeRow(accountId, mapping, row, known, labels, errors));
            } catch (ContactRepository.Taken e) {
                // Another writer (a concurrent import, a visitor) took this identifier or e-mail since the batch
                // looked: look again and match the row to what it wrote.
                known.add(contacts.byIdentifiersOrEmails(accountId, optional(row.data().identifier()),
                        optional(row.data().email())));
                labels.putAll(contacts.labels(known.ids()));
                try {
                    outcome = savepoint.execute(status -> writeRow(accountId, mapping, row, known, labels, errors));
                } catch (ContactRepository.Taken again) {
                    errors.add(new ContactImportRepository.RowError(row.number(), null,
                            "another contact took this e-mail or identifier while the row was written"));
                    outcome = Outcome.FAILED;
                }
            }
            switch (Objects.requireNonNull(outcome)) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case FAILED -> failed++;
            }
        }
        return new ContactImportRepository.Progress(rows.size(), created, updated, unchanged, failed);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED, FAILED }

    private Outcome writeRow(long accountId, ImportMapping mapping, Checked row, Known known, Map<Long, List<String>> labels,
                             List<ContactImportRepository.RowError> errors) {
        ContactData d = row.data();
        Contact byIdentifier = d.identifier() == null ? null : known.byIdentifier.get(d.identifier());
        Contact byEmail = d.email() == null ? null : known.byEmail.get(d.email());
        Contact target = byIdentifier;
        if (target == null && byEmail != null) {
            if (byEmail.identifier() != null && d.identifier() != null) {
                errors.add(error(mapping, row, "identifier", "the e-mail " + d.email()
                        + " belongs to the contact with identifier " + byEmail.identifier()));
                return Outcome.FAILED;
            }
            target = byEmail;
        }
        if (target != null && byEmail != null && byEmail.id() != target.id()) {
            errors.add(error(mapping, row, "email", "the e-mail " + d.email() + " belongs to another contact"));
            return Outcome.FAILED;
        }
        if (target == null) {
            java.time.Instant now = clock.instant();
            long id = contacts.insertUnderCallersSavepoint(accountId, d, now, null);
            contacts.addLabels(accountId, id, row.labels());
            Contact created = new Contact(id, accountId, d.name(), d.email(), d.phoneNumber(), d.identifier(), null,
                    d.customAttributes() == null ? Map.of() : d.customAttributes(), Map.of(), null, now);
            known.add(List.of(created));
            labels.put(id, row.labels());
            events.publishEvent(new ContactCreated(accountId, id)); // webhooks hear imported contacts too
            return Outcome.CREATED;
        }
        Map<String, Object> custom = new LinkedHashMap<>(target.customAttributes());
        if (d.customAttributes() != null) {
            custom.putAll(d.customAttributes());
        }
        Contact next = new Contact(target.id(), accountId, d.name() != null ? d.name() : target.name(),
                d.email() != null ? d.email() : target.email(), d.phoneNumber() != null ? d.phoneNumber() : target.phoneNumber(),
                d.identifier() != null ? d.identifier() : target.identifier(), target.avatarUrl(), custom,
                target.additionalAttributes(), target.lastActivityAt(), target.createdAt());
        List<String> current = labels.getOrDefault(target.id(), List.of());
        LinkedHashSet<String> union = new LinkedHashSet<>(current);
        union.addAll(row.labels());
        boolean contactChanged = !ContactService.same(next, target);
        boolean labelsChanged = union.size() != current.size();
        if (!contactChanged && !labelsChanged) {
            return Outcome.UNCHANGED;
        }
        if (labelsChanged && union.size() > ContactService.MAX_LABELS) {
            errors.add(error(mapping, row, "labels", "a contact may have at most " + ContactService.MAX_LABELS + " labels"));
            return Outcome.FAILED;
        }
        if (contactChanged) {
            contacts.update(next, clock.instant());
            ContactChanges.between(target, next).ifPresent(events::publishEvent);
        }
        if (labelsChanged) {
            contacts.replaceLabels(accountId, target.id(), List.copyOf(union));
        }
        known.add(List.of(next));
        labels.put(target.id(), List.copyOf(union));
        return Outcome.UPDATED;
    }

    /** Every cell of the row against the API's rules; null (with errors added) when one is refused. */
    private Checked check(ImportMapping mapping, Map<String, AttributeDefinition> definitions, Row row,
                          List<ContactImportRepository.RowError> errors) {
        String name = null;
        String email = null;
        String phone = null;
        String identifier = null;
        List<String> labels = List.of();
        Map<String, Object> custom = new LinkedHashMap<>();
        int before = errors.size();
        CSVRecord record = row.record();
        for (int i = 0; i < mapping.targets().size(); i++) {
            String target = mapping.targets().get(i);
            String value = i < record.size() ? record.get(i).strip() : "";
            if (target.equals(ImportMapping.IGNORE) || value.isEmpty()) {
                continue;
            }
            String column = mapping.header(i);
            try {
                switch (target) {
                    case "name" -> name = ContactService.clean(new ContactData(value, null, null, null, null, null, null)).name();
                    case "email" -> email = ContactService.clean(new ContactData(null, value, null, null, null, null, null)).email();
                    case "phone_number" -> phone = ContactService.clean(new ContactData(null, null, value, null, null, null, null))
                            .phoneNumber();
                    case "identifier" -> identifier = ContactService.clean(new ContactData(null, null, null, value, null, null,
                            null)).identifier();
                    case "labels" -> labels = ContactService.labels("labels", List.of(value.split("\\s*[;,]\\s*")));
                    default -> {
                        String key = target.substring(ImportMapping.ATTRIBUTE.length());
                        AttributeDefinition d = definitions.get(key);
                        if (d == null) {
                            if (value.length() > AttributeValues.MAX_TEXT) {
                                throw BatonException.invalid(column, "length", "must have at most " + AttributeValues.MAX_TEXT
                                        + " characters");
                            }
                            custom.put(key, value);
                        } else {
                            custom.put(key, AttributeValues.normalise(d, value));
                        }
                    }
                }
            } catch (BatonException e) {
                errors.add(new ContactImportRepository.RowError(row.number(), column, reason(e)));
            } catch (AttributeValues.Refused e) {
                AttributeDefinition d = definitions.get(target.substring(ImportMapping.ATTRIBUTE.length()));
                errors.add(new ContactImportRepository.RowError(row.number(), column, d.displayName() + " " + e.getMessage()));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        if (email == null && identifier == null) {
            int column = mapping.column("email") >= 0 ? mapping.column("email") : mapping.column("identifier");
            errors.add(new ContactImportRepository.RowError(row.number(), mapping.header(column),
                    "the row needs an e-mail or an identifier to be matched"));
            return null;
        }
        if (labels.size() > ContactService.MAX_LABELS) {
            errors.add(new ContactImportRepository.RowError(row.number(), mapping.header(mapping.column("labels")),
                    "a contact may have at most " + ContactService.MAX_LABELS + " labels"));
            return null;
        }
        return new Checked(row.number(), new ContactData(name, email, phone, identifier, null,
                custom.isEmpty() ? null : custom, null), labels);
    }

    private static String reason(BatonException e) {
        return e.fieldErrors().stream().map(FieldProblem::message).findFirst().orElse(e.getMessage());
    }

    private static ContactImportRepository.RowError error(ImportMapping mapping, Checked row, String field, String reason) {
        int column = mapping.column(field);
        return new ContactImportRepository.RowError(row.number(), column < 0 ? null : mapping.header(column), reason);
    }

    private static List<String> optional(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** The contacts this batch matches against, by identifier and by e-mail, kept current as rows are written. */
    private static final class Known {
        final Map<String, Contact> byIdentifier = new HashMap<>();
        final Map<String, Contact> byEmail = new HashMap<>();

        Known(List<Contact> found) {
            add(found);
        }

        void add(List<Contact> found) {
            for (Contact c : found) {
                byIdentifier.values().removeIf(k -> k.id() == c.id());
                byEmail.values().removeIf(k -> k.id() == c.id());
                Optional.ofNullable(c.identifier()).ifPresent(i -> byIdentifier.put(i, c));
                Optional.ofNullable(c.email()).ifPresent(e -> byEmail.put(e, c));
            }
        }

        List<Long> ids() {
            LinkedHashSet<Long> ids = new LinkedHashSet<>();
            byIdentifier.values().forEach(c -> ids.add(c.id()));
            byEmail.values().forEach(c -> ids.add(c.id()));
            return List.copyOf(ids);
        }
    }
}
