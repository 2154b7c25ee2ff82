package dev.baton.testing;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Checks that a failure is RFC 9457 problem+json with a stable code, and never leaks a stack trace. */
public final class Problems {

    private Problems() {
    }

    public static JsonNode assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("code").asString(null)).as("code of %s", response).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asString("")).isNotBlank();
        assertThat(body.path("title").asString("")).isNotBlank();
        assertThat(body.path("detail").asString("")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        return body;
    }

    /** A 422 (or other) problem naming the rejected field with its code. */
    public static JsonNode assertFieldProblem(Api.Response response, int status, String code, String field, String fieldCode) {
        JsonNode body = assertProblem(response, status, code);
        assertThat(body.path("errors").valueStream()
                .anyMatch(e -> field.equals(e.path("field").asString()) && fieldCode.equals(e.path("code").asString())
                        && !e.path("message").asString("").isBlank()))
                .as("errors of %s name %s/%s", response, field, fieldCode).isTrue();
        return body;
    }
}
