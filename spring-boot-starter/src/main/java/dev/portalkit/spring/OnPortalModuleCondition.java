package dev.portalkit.spring;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** {@link ConditionalOnPortalModule}: reads {@code portalkit.modules} as the properties class binds it. */
final class OnPortalModuleCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnPortalModule.class.getName());
        String module = (String) attributes.get("value");
        List<String> listed = listed(Binder.get(context.getEnvironment()));
        if (listed == null) {
            return ConditionOutcome.match("portalkit.modules is unset: every module on the classpath, " + module + " too");
        }
        return listed.contains(module)
                ? ConditionOutcome.match("portalkit.modules names " + module)
                : ConditionOutcome.noMatch("portalkit.modules " + listed + " does not name " + module);
    }

    /** The module names, trimmed and lowercase; null when the property is unset. */
    static List<String> listed(Binder binder) {
        return binder.bind("portalkit.modules", Bindable.listOf(String.class))
                .map(names -> names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).toList())
                .orElse(null);
    }
}
