package dev.portalkit.examples.spring;

import dev.portalkit.billing.PaymentDeclinedException;
import dev.portalkit.content.SubmissionRejectedException;
import dev.portalkit.core.AuthenticationException;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure as the plain example answers it: {@code {"error": {status, code, message, fields?,
 * requestId}}}, never a stack trace. {@link ValidationException} 400 with every field;
 * {@link AuthenticationException} or no valid session 401 (the cookie cleared); a role too low 403;
 * {@link NotFoundException} or an unknown path 404; a wrong method 405; a declined card 402;
 * {@link ConflictException} 409; a rate-limited form 429; a retryable failure 503 with
 * {@code Retry-After}; anything else 500, whose cause goes to the log under the same request id.
 */
@RestControllerAdvice
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final SessionCookies cookies;

    ApiErrors(SessionCookies cookies) {
        this.cookies = cookies;
    }

    @ExceptionHandler(HttpError.class)
    ResponseEntity<Object> host(HttpError e, HttpServletRequest request) {
        ResponseEntity.BodyBuilder r = ResponseEntity.status(e.status);
        if (e.status == 401) {
            r.header(HttpHeaders.SET_COOKIE, cookies.cleared());
        }
        return json(r, e.status, e.code, e.getMessage(), List.of(), request);
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<Object> invalid(ValidationException e, HttpServletRequest request) {
        List<Map<String, String>> fields = e.errors().stream()
                .map(f -> Map.of("field", f.field(), "message", f.message())).toList();
        return json(ResponseEntity.status(400), 400, e.code().id(), "Some fields are not valid", fields, request);
    }

    @ExceptionHandler(PortalException.class)
    ResponseEntity<Object> portal(PortalException p, HttpServletRequest request) {
        int status = statusOf(p);
        if (status < 500) {
            ResponseEntity.BodyBuilder r = ResponseEntity.status(status);
            if (status == 401) {
                r.header(HttpHeaders.SET_COOKIE, cookies.cleared());
            }
            return json(r, status, p.code().id(), message(p), List.of(), request);
        }
        // The log gets the whole story; the client only the code and the request id.
        if (p.isRetryable()) {
            LOG.warn("Request {} {} hit a retryable failure [{}]: {}", request.getMethod(), request.getRequestURI(),
                    RequestLog.requestId(request), p.getMessage());
            return json(ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, "1"), status, p.code().id(),
                    "Temporarily unavailable: try again", List.of(), request);
        }
        LOG.error("Request {} {} failed [{}]", request.getMethod(), request.getRequestURI(),
                RequestLog.requestId(request), p);
        return json(ResponseEntity.status(status), status, p.code().id(), "Internal error", List.of(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return json(ResponseEntity.status(405), 405, "METHOD_NOT_ALLOWED", request.getMethod() + " is not allowed here",
                List.of(), request);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Object> unknownPath(Exception e, HttpServletRequest request) {
        return json(ResponseEntity.status(404), 404, "NOT_FOUND", "No such page or API: " + request.getRequestURI(),
                List.of(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Request {} {} failed [{}]", request.getMethod(), request.getRequestURI(),
                RequestLog.requestId(request), e);
        return json(ResponseEntity.status(500), 500, "INTERNAL", "Internal error", List.of(), request);
    }

    static int statusOf(PortalException p) {
        if (p instanceof AuthenticationException) {
            return 401;
        }
        if (p instanceof NotFoundException) {
            return 404;
        }
        if (p instanceof PaymentDeclinedException) {
            return 402;
        }
        if (p instanceof SubmissionRejectedException s) {
            return s.reason() == SubmissionRejectedException.Reason.RATE_LIMITED ? 429 : 400;
        }
        if (p.isRetryable()) {
            return 503;
        }
        if (p instanceof ConflictException) {
            return 409;
        }
        if (p.code() == CoreError.INVALID_ARGUMENT) {
            return 400;
        }
        return 500;
    }

    /** PortalKit's messages without the "[PK-nnnn] " prefix: the code travels in its own field. */
    private static String message(PortalException p) {
        String m = p.getMessage();
        return m.startsWith("[") && m.indexOf("] ") > 0 ? m.substring(m.indexOf("] ") + 2) : m;
    }

    private static ResponseEntity<Object> json(ResponseEntity.BodyBuilder r, int status, String code, String message,
                                               List<?> fields, HttpServletRequest request) {
        return r.contentType(MediaType.APPLICATION_JSON).body(errorBody(status, code, message, fields,
                RequestLog.requestId(request)));
    }

    static Map<String, Object> errorBody(int status, String code, String message, List<?> fields, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("code", code);
        error.put("message", message);
        if (!fields.isEmpty()) {
            error.put("fields", fields);
        }
        error.put("requestId", requestId);
        return Map.of("error", error);
    }
}
