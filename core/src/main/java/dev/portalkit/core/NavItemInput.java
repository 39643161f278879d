package dev.portalkit.core;

import dev.portalkit.core.spi.Values;
import java.util.List;
import java.util.Map;

/**
 * The editable fields of a navigation entry, for create and update. Where it goes in the tree is
 * set by {@link NavigationService#create} and {@link NavigationService#move}.
 *
 * @param label    1 to 200 characters
 * @param url      a path ({@code /docs}) or an http(s) URL, at most 2000 characters; {@code null}
 *                 for a heading that only groups children
 * @param icon     an icon name the host's UI understands, or {@code null}
 * @param roles    role names that may see it; empty or {@code null} means everyone
 * @param metadata free-form JSON-compatible values
 */
public record NavItemInput(String label, String url, String icon, List<String> roles, boolean active,
                           Map<String, Object> metadata) {

    public NavItemInput {
        roles = Values.copy(roles);
        metadata = Values.copy(metadata);
    }

    public static NavItemInput link(String label, String url) {
        return new NavItemInput(label, url, null, List.of(), true, Map.of());
    }

    public NavItemInput withRoles(String... roleNames) {
        return new NavItemInput(label, url, icon, List.of(roleNames), active, metadata);
    }

    public NavItemInput withIcon(String iconName) {
        return new NavItemInput(label, url, iconName, roles, active, metadata);
    }

    public NavItemInput inactive() {
        return new NavItemInput(label, url, icon, roles, false, metadata);
    }
}
