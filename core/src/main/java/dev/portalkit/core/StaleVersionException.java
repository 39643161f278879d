package dev.portalkit.core;

/** An optimistic update carried a version that is no longer current: re-read and try again. */
public class StaleVersionException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public StaleVersionException(String entity, Object id, long expected, long actual) {
        super(CoreError.STALE_VERSION, entity, id, expected, actual);
    }
}
