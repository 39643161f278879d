package dev.portalkit.examples;

import dev.portalkit.billing.PaymentActionRequiredException;
import dev.portalkit.billing.PaymentDeclinedException;
import dev.portalkit.content.SubmissionRejectedException;
import dev.portalkit.core.AuthenticationException;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How both example portals answer a failure: {@code {"error": {status, code, message, fields?,
 * requestId}}}, never a stack trace. {@link ValidationException} 400 with every field error;
 * {@link AuthenticationException} 401; {@link NotFoundException} 404; a declined payment 402;
 * {@link ConflictException} 409; a rate-limited form 429; a retryable failure 503; anything else 500,
 * whose message the client never sees (the log gets it, under the same request id).
 */
public final class Errors {

    private Errors() {
    }

    public static int status(PortalException p) {
        if (p instanceof ValidationException) {
            return 400;
        }
        if (p instanceof AuthenticationException) {
            return 401;
        }
        if (p instanceof NotFoundException) {
            return 404;
        }
        if (p instanceof PaymentDeclinedException || p instanceof PaymentActionRequiredException) {
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

    /** The error body of {@code p} as the client sees it. */
    public static Map<String, Object> body(PortalException p, String requestId) {
        if (p instanceof ValidationException v) {
            List<Map<String, String>> fields = v.errors().stream()
                    .map(f -> Map.of("field", f.field(), "message", f.message())).toList();
            return body(400, v.code().id(), "Some fields are not valid", fields, requestId);
        }
        int status = status(p);
        String message = status < 500 ? withoutCode(p)
                : p.isRetryable() ? "Temporarily unavailable: try again" : "Internal error";
        return body(status, p.code().id(), message, List.of(), requestId);
    }

    public static Map<String, Object> body(int status, String code, String message, List<?> fields, String requestId) {
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

    /** PortalKit's messages without the "[PK-nnnn] " prefix: the code travels in its own field. */
    private static String withoutCode(PortalException p) {
        String m = p.getMessage();
        return m.startsWith("[") && m.indexOf("] ") > 0 ? m.substring(m.indexOf("] ") + 2) : m;
    }
}
