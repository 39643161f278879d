package dev.portalkit.examples.spring;

import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.examples.Errors;
import dev.portalkit.examples.HttpError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
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
 * Every failure as the plain example answers it ({@link Errors}: the same statuses and JSON, never a
 * stack trace), plus what only Spring sees: an unknown path 404, a wrong method 405. A 401 clears the
 * session cookie; a 503 carries {@code Retry-After}; a 500's cause goes to the log under the request id.
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
        ResponseEntity.BodyBuilder r = ResponseEntity.status(e.status());
        if (e.status() == 401) {
            r.header(HttpHeaders.SET_COOKIE, cookies.cleared());
        }
        return json(r, e.status(), e.code(), e.getMessage(), List.of(), request);
    }

    /** {@link ValidationException} included: 400 with every field. */
    @ExceptionHandler(PortalException.class)
    ResponseEntity<Object> portal(PortalException p, HttpServletRequest request) {
        int status = Errors.status(p);
        ResponseEntity.BodyBuilder r = ResponseEntity.status(status);
        if (status == 401) {
            r.header(HttpHeaders.SET_COOKIE, cookies.cleared());
        } else if (status == 503) {
            // The log gets the whole story; the client only the code and the request id.
            LOG.warn("Request {} {} hit a retryable failure [{}]: {}", request.getMethod(), request.getRequestURI(),
                    RequestLog.requestId(request), p.getMessage());
            r.header(HttpHeaders.RETRY_AFTER, "1");
        } else if (status >= 500) {
            LOG.error("Request {} {} failed [{}]", request.getMethod(), request.getRequestURI(),
                    RequestLog.requestId(request), p);
        }
        return r.contentType(MediaType.APPLICATION_JSON).body(Errors.body(p, RequestLog.requestId(request)));
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

    private static ResponseEntity<Object> json(ResponseEntity.BodyBuilder r, int status, String code, String message,
                                               List<?> fields, HttpServletRequest request) {
        return r.contentType(MediaType.APPLICATION_JSON).body(Errors.body(status, code, message, fields,
                RequestLog.requestId(request)));
    }
}
