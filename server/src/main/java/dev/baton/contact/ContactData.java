package dev.baton.contact;

import java.util.Map;

/** Contact fields as a client sends them; null keeps the current value. */
public record ContactData(String name, String email, String phoneNumber, String identifier, String avatarUrl,
                          Map<String, Object> customAttributes, Map<String, Object> additionalAttributes) {
}
