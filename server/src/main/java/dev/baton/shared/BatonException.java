package dev.baton.shared;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A failure the caller can act on: a stable {@link ErrorCode}, whose one message is rendered with
 * the arguments given here, and for {@link ErrorCode#VALIDATION_FAILED} (and the other 422s) the
 * rejected fields. {@link ProblemResponses} turns it into RFC 9457 problem+json exactly once.
 */
public class BatonException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldProblem> fieldErrors;
    private final Object[] args;

    public BatonException(ErrorCode code, Object... args) {
        this(code, List.of(), args);
    }

    public BatonException(ErrorCode code, List<FieldProblem> fieldErrors, Object... args) {
        super(code.message(args));
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.args = args == null ? new Object[0] : args.clone();
    }

    /** The detail in {@code locale}'s language (English, the {@link #getMessage() message}, where Baton has none). */
    public String detail(Locale locale) {
        return code.message(locale, args);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldProblem> fieldErrors() {
        return fieldErrors;
    }

    /** A resource that does not exist, or that belongs to another account: never tell which. */
    public static BatonException notFound(String resource) {
        return new BatonException(ErrorCode.NOT_FOUND, resource);
    }

    /** {@code validation_failed} for one field: its name, a field code ({@code required}, {@code length}, ...) and a sentence. */
    public static BatonException invalid(String field, String fieldCode, String message) {
        return invalid(List.of(new FieldProblem(field, fieldCode, message)));
    }

    /** {@code validation_failed}; the detail lists the fields' messages, so that a single one reads as the whole answer. */
    public static BatonException invalid(List<FieldProblem> fields) {
        return new BatonException(ErrorCode.VALIDATION_FAILED, fields, summary(fields));
    }

    /** {@code forbidden}: "Only {@code who} may {@code what}". */
    public static BatonException forbidden(String who, String what) {
        return new BatonException(ErrorCode.FORBIDDEN, who, what);
    }

    /** Each field's message, prefixed with the field unless it starts with it ("name is required"). */
    static String summary(List<FieldProblem> fields) {
        return fields.stream().map(f -> {
            String message = f.message() == null || f.message().isBlank() ? f.code() : f.message();
            String field = f.field() == null ? "" : f.field();
            String name = field.substring(field.lastIndexOf('.') + 1);
            return name.isEmpty() || message.startsWith(name + " ") ? message : field + ": " + message;
        }).distinct().collect(Collectors.joining("; "));
    }
}
