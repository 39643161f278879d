package dev.portalkit.core.spi;

import dev.portalkit.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort key of a page's last row, encoded so callers do not build them.
 * A cursor that does not decode is a {@link ValidationException} on field {@code cursor}.
 */
public final class Cursors {

    private static final String SEPARATOR = "\u001f";

    private Cursors() {
    }

    public static String encode(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(SEPARATOR);
            }
            b.append(parts[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of {@code cursor}; {@code null} stays {@code null} (the first page). */
    public static List<String> decode(String cursor, int expectedParts) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(text.split(SEPARATOR, -1));
            if (parts.size() == expectedParts) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the typed error
        }
        throw new ValidationException("cursor", "is not a cursor returned by a previous page");
    }

    /** A one-part cursor holding a number. */
    public static Long decodeLong(String cursor) {
        List<String> parts = decode(cursor, 1);
        if (parts == null) {
            return null;
        }
        try {
            return Long.parseLong(parts.get(0));
        } catch (NumberFormatException e) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
    }
}
