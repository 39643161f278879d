package dev.portalkit.core;

/**
 * A stable, documented error code. Each module has an enum of these with its own range of
 * numbers (core 1000-1999, auth 2000-2999, billing 3000-3999, content 4000-4999,
 * messaging 5000-5999), so a code identifies its module and never changes meaning.
 */
public interface ErrorCode {

    /** The stable number, for example {@code 1020}. */
    int number();

    /** The enum constant's name, for example {@code DUPLICATE}. */
    String name();

    /** A {@link String#format} template for the message; the arguments come from the thrower. */
    String template();

    /** Whether repeating the same call may succeed (a lost race, a dropped connection). */
    default boolean retryable() {
        return false;
    }

    /** The printable form used in messages, for example {@code PK-1020}. */
    default String id() {
        return "PK-" + number();
    }
}
