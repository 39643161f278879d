package dev.portalkit.examples.spring;

import dev.portalkit.core.ValidationException;
import dev.portalkit.examples.HttpError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request's JSON object, read on first use, so a member's endpoint answers 401 before it looks at
 * the body. The plain example's rules: a body must be {@code application/json} (which a cross-site
 * HTML form cannot send: 415 otherwise), at most 64 KB (413), a JSON object (400 on {@code body}).
 * Read by hand rather than with {@code @RequestBody}, whose binding would turn a missing or wrong-typed
 * field into an error of its own: here every field goes to PortalKit as given, and PortalKit's
 * {@code ValidationException} names each bad one.
 */
final class JsonBody {

    static final int MAX_BYTES = 64 * 1024;

    private final HttpServletRequest request;
    private final JsonMapper json;
    private JsonNode body;

    JsonBody(HttpServletRequest request, JsonMapper json) {
        this.request = request;
        this.json = json;
    }

    JsonNode node() {
        if (body != null) {
            return body;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new HttpError(413, "BODY_TOO_LARGE", "The request body is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (JacksonException e) {
            throw new ValidationException("body", "is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("body", "must be a JSON object");
        }
        body = node;
        return body;
    }

    /** A field as text (a number or boolean as its text, an object or array as JSON), or null. */
    String text(String field) {
        JsonNode n = node().get(field);
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asString() : n.toString();
    }

    boolean flag(String field) {
        JsonNode n = node().get(field);
        return n != null && n.asBoolean(false);
    }
}
