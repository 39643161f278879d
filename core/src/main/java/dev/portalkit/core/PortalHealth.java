package dev.portalkit.core;

import java.util.List;

/**
 * What {@link Portal#health()} found: whether the database answered, and what is wrong with the
 * schema (a module's migrations not applied or edited, an object they create missing), one line each.
 *
 * @param databaseReachable whether a pooled connection answered
 * @param problems          empty when every installed module's schema is as its migrations make it
 */
public record PortalHealth(boolean databaseReachable, List<String> problems) {

    public PortalHealth {
        problems = List.copyOf(problems);
    }

    /** The database answered and the schema is complete. */
    public boolean healthy() {
        return databaseReachable && problems.isEmpty();
    }
}
