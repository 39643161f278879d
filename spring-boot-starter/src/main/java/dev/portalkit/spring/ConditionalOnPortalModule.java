package dev.portalkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the PortalKit module is to be installed: {@code portalkit.modules} names it, or is unset
 * (then every module on the classpath is; pair with {@code @ConditionalOnClass} of the module class).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnPortalModuleCondition.class)
public @interface ConditionalOnPortalModule {

    /** The module's name: auth, billing, content or messaging. */
    String value();
}
