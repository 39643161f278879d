package dev.portalkit.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method parameter that may be {@code null}, with the meaning its documentation
 * gives ("top level", "append", "every status"). Every other parameter of a service method, the
 * {@link CallContext} included, is required: {@code null} is refused with a
 * {@link ValidationException} naming the parameter, before anything runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Nullable {
}
