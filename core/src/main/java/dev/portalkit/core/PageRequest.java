package dev.portalkit.core;

/**
 * Which page of a list to read. Lists use keyset pagination: the cursor is the opaque
 * {@link Page#nextCursor()} of the previous page, so a page costs the same wherever it is.
 *
 * @param cursor {@code null} for the first page
 * @param limit  1 to 500
 */
public record PageRequest(String cursor, int limit) {

    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && (cursor.isBlank() || cursor.length() > 200)) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    public PageRequest next(Page<?> page) {
        return new PageRequest(page.nextCursor(), limit);
    }
}
