package dev.baton.shared;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller can act on. Each carries a stable {@code code} that clients may branch on;
 * {@link ProblemResponses} turns it into RFC 9457 problem+json exactly once.
 */
public class BatonException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldProblem> fieldErrors;

    public BatonException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public BatonException(HttpStatus status, String code, String detail, List<FieldProblem> fieldErrors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> fieldErrors() {
        return fieldErrors;
    }

    /** A resource that does not exist, or that belongs to another account: never tell which. */
    public static BatonException notFound(String resource) {
        return new BatonException(HttpStatus.NOT_FOUND, "not_found", resource + " not found");
    }

    public static BatonException invalid(String field, String code, String message) {
        return new BatonException(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", message,
                List.of(new FieldProblem(field, code, message)));
    }

    public static BatonException conflict(String code, String detail) {
        return new BatonException(HttpStatus.CONFLICT, code, detail);
    }

    public static BatonException forbidden(String detail) {
        return new BatonException(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public static BatonException unauthorized(String code, String detail) {
        return new BatonException(HttpStatus.UNAUTHORIZED, code, detail);
    }
}
