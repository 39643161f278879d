package dev.portalkit.core.spi;

import dev.portalkit.core.Page;
import dev.portalkit.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Opaque keyset cursors: the sort key of a page's last row, encoded so callers do not build them.
 * A cursor that does not decode is a {@link ValidationException} on field {@code cursor}. A list
 * fetches {@code limit + 1} rows after the decoded key and hands them to {@link #page}:
 *
 * <pre>{@code
 * Cursors.TimeKey after = Cursors.timeKey(page.cursor());
 * List<User> rows = mapper.list(after.at(), after.id(), page.limit() + 1);
 * return Cursors.page(rows, page.limit(), u -> Cursors.encode(u.createdAt(), u.id()));
 * }</pre>
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

    /**
     * The key {@code parser} reads from the cursor's parts; {@code null} for the first page. Whatever
     * the parser throws becomes the typed error, so a forged cursor never leaks a parse exception.
     */
    public static <K> K decode(String cursor, int expectedParts, Function<List<String>, K> parser) {
        List<String> parts = decode(cursor, expectedParts);
        if (parts == null) {
            return null;
        }
        try {
            return parser.apply(parts);
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
    }

    /** The most common key: a timestamp and the row's id, both {@code null} on the first page. */
    public record TimeKey(Instant at, UUID id) {

        static final TimeKey FIRST = new TimeKey(null, null);
    }

    /** A cursor made by {@code encode(instant, uuid)}; both parts null on the first page. */
    public static TimeKey timeKey(String cursor) {
        TimeKey key = decode(cursor, 2, p -> new TimeKey(Instant.parse(p.get(0)), UUID.fromString(p.get(1))));
        return key == null ? TimeKey.FIRST : key;
    }

    /**
     * The page of {@code rows}, fetched as {@code limit + 1} rows: the first {@code limit}, and when
     * there were more, the cursor {@code cursorOf} makes from the last row kept.
     */
    public static <T> Page<T> page(List<T> rows, int limit, Function<? super T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(items.size() - 1)));
    }

    /** A one-part cursor holding a number. */
    public static Long decodeLong(String cursor) {
        return decode(cursor, 1, p -> Long.parseLong(p.get(0)));
    }
}
