package dev.baton.contact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What an update changed in a contact, as {@link ContactUpdated}; empty when nothing did. */
final class ContactChanges {

    private ContactChanges() {
    }

    static Optional<ContactUpdated> between(Contact before, Contact after) {
        List<String> changed = new ArrayList<>();
        Map<String, String> previous = new LinkedHashMap<>();
        scalar("name", before.name(), after.name(), changed, previous);
        scalar("email", before.email(), after.email(), changed, previous);
        scalar("phone_number", before.phoneNumber(), after.phoneNumber(), changed, previous);
        scalar("identifier", before.identifier(), after.identifier(), changed, previous);
        scalar("avatar_url", before.avatarUrl(), after.avatarUrl(), changed, previous);
        if (!Objects.equals(before.customAttributes(), after.customAttributes())) {
            changed.add("custom_attributes");
        }
        if (!Objects.equals(before.additionalAttributes(), after.additionalAttributes())) {
            changed.add("additional_attributes");
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContactUpdated(UUID.randomUUID(), after.accountId(), after.id(), List.copyOf(changed), previous));
    }

    private static void scalar(String name, String before, String after, List<String> changed, Map<String, String> previous) {
        if (!Objects.equals(before, after)) {
            changed.add(name);
            previous.put(name, before);
        }
    }
}
