package dev.baton.shared;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import tools.jackson.databind.json.JsonMapper;

/** The one place where failures become RFC 9457 problem+json with a stable {@code code}. */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    @ExceptionHandler(BatonException.class)
    ResponseEntity<ProblemDetail> baton(BatonException e) {
        if (e instanceof RateLimited limited) {
            return ResponseEntity.status(e.status()).contentType(PROBLEM_JSON)
                    .header("Retry-After", String.valueOf(limited.retryAfterSeconds()))
                    .body(problem(e.status(), e.code(), e.getMessage(), e.fieldErrors()));
        }
        return respond(e.status(), e.code(), e.getMessage(), e.fieldErrors());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        List<FieldProblem> fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(Names.snake(f.getField()), codeOf(f.getCode()), f.getDefaultMessage()))
                .toList();
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", "The request has invalid fields", fields);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        List<FieldProblem> fields = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldProblem(
                        Names.snake(r.getMethodParameter().getParameterName()),
                        codeOf(err.getCodes() == null || err.getCodes().length == 0 ? null : err.getCodes()[err.getCodes().length - 1]),
                        err.getDefaultMessage())))
                .toList();
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", "The request has invalid parameters", fields);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<FieldProblem> fields = e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(Names.snake(lastNode(v.getPropertyPath().toString())), "invalid", v.getMessage()))
                .toList();
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", "The request has invalid fields", fields);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimit.TooLarge) {
                return respond(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", t.getMessage(), List.of());
            }
            if (t instanceof BatonException baton) { // thrown while reading, e.g. by TextInput
                return baton(baton);
            }
        }
        String detail = "The request body is not valid JSON of the expected shape";
        String cause = e.getMostSpecificCause().getClass().getSimpleName();
        if (cause.contains("Mismatch") || cause.contains("InvalidFormat") || cause.contains("InvalidType")) {
            return respond(HttpStatus.BAD_REQUEST, "invalid_type", "A field of the request has the wrong type", List.of());
        }
        if (e.getMessage() != null && e.getMessage().contains("Required request body is missing")) {
            detail = "The request needs a JSON body";
        }
        return respond(HttpStatus.BAD_REQUEST, "malformed_json", detail, List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, "invalid_type", "Parameter '" + Names.snake(e.getName()) + "' has the wrong type",
                List.of(new FieldProblem(Names.snake(e.getName()), "invalid_type", "has the wrong type")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, "missing_parameter", "Parameter '" + e.getParameterName() + "' is required",
                List.of(new FieldProblem(e.getParameterName(), "required", "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return respond(HttpStatus.BAD_REQUEST, "missing_header", "Header '" + e.getHeaderName() + "' is required", List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method " + e.getMethod() + " is not allowed here", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This resource answers in application/json", List.of());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The request body is too large", List.of());
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(org.springframework.web.multipart.MultipartException e) {
        return respond(HttpStatus.BAD_REQUEST, "malformed_multipart", "The multipart/form-data body cannot be read", List.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, "not_found", "No such resource", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side", List.of());
    }

    public static ResponseEntity<ProblemDetail> respond(HttpStatus status, String code, String detail, List<FieldProblem> fields) {
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(problem(status, code, detail, fields));
    }

    public static ProblemDetail problem(HttpStatus status, String code, String detail, List<FieldProblem> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://baton.dev/problems/" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (!fields.isEmpty()) {
            problem.setProperty("errors", fields.stream()
                    .map(f -> Map.of("field", f.field(), "code", f.code(), "message", f.message() == null ? "" : f.message()))
                    .toList());
        }
        return problem;
    }

    /** For filters, which run outside Spring MVC's exception handling. */
    public static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String code, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        ProblemDetail problem = problem(status, code, detail, List.of());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("code", code);
        response.getWriter().write(json.writeValueAsString(body));
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
