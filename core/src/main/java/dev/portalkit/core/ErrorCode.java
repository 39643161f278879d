package dev.portalkit.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stable, documented error code. Each module has an enum of these with its own range of
 * numbers (core 1000-1999, auth 2000-2999, billing 3000-3999, content 4000-4999,
 * messaging 5000-5999), so a code identifies its module and never changes meaning. Each constant
 * carries its number and, in a {@link Message}, its message template and whether it is retryable:
 *
 * <pre>
 * public enum AuthError implements ErrorCode {
 *     &#64;Message("The e-mail address is already used by another account")
 *     EMAIL_TAKEN(2000),
 *     &#64;Message(value = "Every password hashing slot stayed busy for %d ms: try again", retryable = true)
 *     HASHING_BUSY(2006);
 *     ...
 * }</pre>
 */
public interface ErrorCode {

    /** The message template of an error-code enum constant, and whether calling again may succeed. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Message {

        /** A {@link String#format} template; the arguments come from the thrower. */
        String value();

        /** Whether repeating the same call may succeed (a lost race, a dropped connection). */
        boolean retryable() default false;
    }

    /** The stable number, for example {@code 1020}. */
    int number();

    /** The enum constant's name, for example {@code DUPLICATE}. */
    String name();

    /** A {@link String#format} template for the message: the constant's {@link Message}. */
    default String template() {
        return ErrorMessages.of(this).value();
    }

    /** Whether repeating the same call may succeed: the constant's {@link Message#retryable()}. */
    default boolean retryable() {
        return ErrorMessages.of(this).retryable();
    }

    /** The printable form used in messages, for example {@code PK-1020}. */
    default String id() {
        return "PK-" + number();
    }
}
