package dev.baton.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where failures become RFC 9457 problem+json: every answer has an {@link ErrorCode},
 * whose {@link ErrorCode#status()} becomes the HTTP status here and nowhere else. The {@code detail} speaks the
 * request's language ({@link RequestLanguage}); {@code type}, {@code title} and {@code code} never change with it.
 */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final long uploadLimit;

    ProblemResponses(BatonProperties properties) {
        this.uploadLimit = Math.max(properties.limits().maxRequestBytes(), properties.limits().maxUploadBytes());
    }

    @ExceptionHandler(BatonException.class)
    ResponseEntity<ProblemDetail> baton(BatonException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.code().status()).contentType(PROBLEM_JSON);
        if (e instanceof RateLimited limited) {
            response.header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        return response.body(problem(e, LocaleContextHolder.getLocale())); // the request's, set by RequestLanguage
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        return baton(BatonException.invalid(e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(Names.snake(f.getField()), codeOf(f.getCode()), f.getDefaultMessage()))
                .toList()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        return baton(BatonException.invalid(e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldProblem(
                        Names.snake(r.getMethodParameter().getParameterName()),
                        codeOf(err.getCodes() == null || err.getCodes().length == 0 ? null : err.getCodes()[err.getCodes().length - 1]),
                        err.getDefaultMessage())))
                .toList()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        return baton(BatonException.invalid(e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(Names.snake(lastNode(v.getPropertyPath().toString())), "invalid", v.getMessage()))
                .toList()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimit.TooLarge tooLarge) {
                return baton(new BatonException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.limit()));
            }
            if (t instanceof BatonException baton) { // thrown while reading, e.g. by TextInput
                return baton(baton);
            }
        }
        Throwable cause = e.getMostSpecificCause();
        String name = cause.getClass().getSimpleName();
        if (name.contains("Mismatch") || name.contains("InvalidFormat") || name.contains("InvalidType")) {
            return baton(new BatonException(ErrorCode.INVALID_TYPE, jsonPath(cause)));
        }
        return baton(new BatonException(ErrorCode.MALFORMED_JSON));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String parameter = Names.snake(e.getName());
        return baton(new BatonException(ErrorCode.INVALID_TYPE,
                List.of(new FieldProblem(parameter, "invalid_type", "has the wrong type")), parameter));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return baton(new BatonException(ErrorCode.MISSING_PARAMETER,
                List.of(new FieldProblem(e.getParameterName(), "required", "is required")), e.getParameterName()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return baton(new BatonException(ErrorCode.MISSING_HEADER, e.getHeaderName()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return baton(new BatonException(ErrorCode.METHOD_NOT_ALLOWED, e.getMethod()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return baton(new BatonException(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return baton(new BatonException(ErrorCode.NOT_ACCEPTABLE));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return baton(new BatonException(ErrorCode.PAYLOAD_TOO_LARGE, e.getMaxUploadSize() > 0 ? e.getMaxUploadSize() : uploadLimit));
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(org.springframework.web.multipart.MultipartException e) {
        return baton(new BatonException(ErrorCode.MALFORMED_MULTIPART));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return baton(BatonException.notFound("Resource"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return baton(new BatonException(ErrorCode.INTERNAL_ERROR));
    }

    /** The problem+json of {@code e}: its {@code detail} in {@code locale}'s language, the rest stable English identifiers. */
    static ProblemDetail problem(BatonException e, Locale locale) {
        HttpStatus status = HttpStatus.valueOf(e.code().status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.detail(locale));
        problem.setType(URI.create("https://baton.dev/problems/" + e.code().code()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", e.code().code());
        if (!e.fieldErrors().isEmpty()) {
            problem.setProperty("errors", e.fieldErrors().stream()
                    .map(f -> Map.of("field", f.field(), "code", f.code(), "message", f.message() == null ? "" : f.message()))
                    .toList());
        }
        return problem;
    }

    /** For filters, which run outside Spring MVC's exception handling; the detail in the request's language. */
    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json, BatonException e)
            throws IOException {
        response.setStatus(e.code().status());
        if (e instanceof RateLimited limited) {
            response.setHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        ProblemDetail problem = problem(e, RequestLanguage.of(request));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("code", e.code().code());
        response.getWriter().write(json.writeValueAsString(body));
    }

    /** Where in the body Jackson stopped ({@code channel.widget_color}, {@code labels[2]}), in words when at the top. */
    private static String jsonPath(Throwable cause) {
        if (!(cause instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
            return "The request body";
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : jackson.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String codeOf(String constraint) {
        if (constraint == null) {
            return "invalid";
        }
        return switch (constraint) {
            case "NotBlank", "NotNull", "NotEmpty" -> "required";
            case "Size", "Length" -> "length";
            case "Email" -> "email";
            case "Min", "Max", "Positive", "PositiveOrZero", "Range" -> "range";
            case "Pattern" -> "format";
            default -> Names.snake(constraint);
        };
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
