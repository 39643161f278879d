package dev.portalkit.core.internal;

import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The modules a host installed, checked and put in dependency order ({@link PortalModule#requires()}
 * first), and how a module is named to the host in messages. Not API.
 */
public final class ModuleGraph {

    private ModuleGraph() {
    }

    /**
     * The installed modules, each after the ones it requires; notes a null, a module installed twice,
     * an invalid name, a required module that is not installed and a cycle as {@code problems}.
     */
    public static List<PortalModule> order(List<PortalModule> installed, Problems problems) {
        Map<Class<?>, PortalModule> byClass = new LinkedHashMap<>();
        Map<String, PortalModule> byName = new HashMap<>();
        for (PortalModule m : installed) {
            if (m == null) {
                problems.check(false, "install(...) was given null");
                continue;
            }
            boolean first = byClass.putIfAbsent(m.getClass(), m) == null;
            problems.check(first && byName.putIfAbsent(m.name(), m) == null,
                    "module %s is installed twice: install it once", m.name());
            problems.check(m.name() != null && m.name().matches("[a-z][a-z0-9_]{0,30}") && !m.name().equals("core"),
                    "module %s has an invalid name '%s'", m.getClass().getName(), m.name());
        }
        for (PortalModule m : byClass.values()) {
            for (Class<? extends PortalModule> required : m.requires()) {
                // A module that is not installed has no instance to ask for its artifactId().
                problems.check(byClass.containsKey(required), "%s needs %s: add the dependency %s and .install(new %s(), ...)",
                        m.getClass().getSimpleName(), required.getSimpleName(), artifactOf(required), required.getSimpleName());
            }
        }
        List<PortalModule> ordered = new ArrayList<>();
        Set<Class<?>> visiting = new HashSet<>();
        for (PortalModule m : byClass.values()) {
            visit(m, byClass, visiting, ordered, problems);
        }
        return ordered;
    }

    private static void visit(PortalModule m, Map<Class<?>, PortalModule> byClass, Set<Class<?>> visiting,
                              List<PortalModule> ordered, Problems problems) {
        if (ordered.contains(m)) {
            return;
        }
        if (!visiting.add(m.getClass())) {
            problems.check(false, "modules require each other in a cycle through %s", m.name());
            return;
        }
        for (Class<? extends PortalModule> required : m.requires()) {
            PortalModule r = byClass.get(required);
            if (r != null) {
                visit(r, byClass, visiting, ordered, problems);
            }
        }
        ordered.add(m);
    }

    /** An installed module as messages name it: {@code billing (portalkit-billing)}. */
    public static String describe(PortalModule module) {
        return module.name() + " (" + module.artifactId() + ")";
    }

    /**
     * The PortalKit module of a class in {@code dev.portalkit.<module>} or a sub-package of it, for
     * messages about a module that is not installed; null for a class outside PortalKit's packages.
     */
    static String moduleOf(Class<?> type) {
        String[] parts = type.getPackageName().split("\\.");
        return parts.length >= 3 && parts[0].equals("dev") && parts[1].equals("portalkit") ? parts[2] : null;
    }

    /** The Maven coordinates of a PortalKit module's class or service, by the package convention. */
    static String artifactOf(Class<?> type) {
        String module = moduleOf(type);
        return module == null ? "the artifact of " + type.getName()
                : "dev.portalkit:portalkit-" + module.toLowerCase(Locale.ROOT);
    }

    /** The module class a PortalKit module's services belong to, by convention: {@code dev.portalkit.auth} → AuthModule. */
    static String moduleClassOf(String module) {
        return module.substring(0, 1).toUpperCase(Locale.ROOT) + module.substring(1) + "Module";
    }
}
