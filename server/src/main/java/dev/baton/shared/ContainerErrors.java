package dev.baton.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that never reach a controller still answer problem+json with a code: requests the container refuses before
 * any filter (an encoded slash or NUL in the path, bytes that are not UTF-8), URLs Spring Security's firewall rejects,
 * and whatever else ends in the container's error page. Each is one short, rate-limited log line (ADR 0021).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    /** The container's own error page (Tomcat's HTML "HTTP Status 400") becomes problem+json. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(RefusedRequests refused) {
        return factory -> factory.addContextCustomizers((TomcatContextCustomizer) context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.getPipeline().addValve(new ProblemReport(refused));
                host.setErrorReportValveClass(ProblemReport.class.getName()); // so the host adds no HTML one
            }
        });
    }

    /** URLs the firewall rejects ({@code ..}, {@code //}, {@code ;}, ...): 400 {@code bad_request}. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json, RefusedRequests refused) {
        return (request, response, e) -> {
            refused.log(request, 400, ErrorCode.BAD_REQUEST.code());
            ProblemResponses.write(request, response, json, new BatonException(ErrorCode.BAD_REQUEST));
        };
    }

    /** Spring Boot's {@code /error}, for errors sent with sendError outside Spring MVC's handlers. */
    @RestController
    static class ErrorEndpoint implements ErrorController {
        @RequestMapping("/error")
        ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            BatonException problem = problemFor(status instanceof Integer i ? i : 500, request.getMethod());
            return ResponseEntity.status(problem.code().status()).contentType(ProblemResponses.PROBLEM_JSON)
                    .body(ProblemResponses.problem(problem, RequestLanguage.of(request)));
        }
    }

    /** The problem for a status the container (or a sendError) chose. */
    static BatonException problemFor(int status, String method) {
        return switch (status) {
            case 401 -> new BatonException(ErrorCode.UNAUTHORIZED);
            case 403 -> new BatonException(ErrorCode.CSRF_OR_ACCESS_DENIED);
            case 404 -> BatonException.notFound("Resource");
            case 405 -> new BatonException(ErrorCode.METHOD_NOT_ALLOWED, method);
            case 414 -> new BatonException(ErrorCode.URI_TOO_LONG);
            case 431 -> new BatonException(ErrorCode.HEADERS_TOO_LARGE);
            default -> new BatonException(status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR);
        };
    }

    /** Tomcat's error report valve, writing problem+json instead of HTML and never a stack trace. */
    public static final class ProblemReport extends ErrorReportValve {

        private final RefusedRequests refused;

        public ProblemReport() {
            this(null);
        }

        ProblemReport(RefusedRequests refused) {
            this.refused = refused;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            BatonException problem = problemFor(status, request.getMethod());
            if (refused != null && status < 500) {
                refused.log(request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), status, problem.code().code());
            }
            String code = problem.code().code();
            String body = "{\"type\":\"https://baton.dev/problems/" + code + "\",\"title\":\""
                    + HttpStatus.valueOf(problem.code().status()).getReasonPhrase() + "\",\"status\":" + problem.code().status()
                    + ",\"detail\":\"" + problem.detail(RequestLanguage.of(request)).replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"code\":\"" + code + "\"}";
            try {
                response.setStatus(problem.code().status());
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone; nothing to tell
            }
        }
    }
}
