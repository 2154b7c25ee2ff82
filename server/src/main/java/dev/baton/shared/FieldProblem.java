package dev.baton.shared;

/** One rejected field of a request: its JSON name, a stable code and a human sentence. */
public record FieldProblem(String field, String code, String message) {
}
