package dev.portalkit.testing.internal;

import dev.portalkit.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An existing server named by PORTALKIT_TEST_JDBC_URL. Databases made here are dropped after
 * their test class, and templates when the JVM exits, so the server is left as it was.
 */
final class ExternalServer extends AdminServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+)/([^?]*)(\\?.*)?");

    private final String base;
    private final String database;
    private final String query;
    private final String directBase;
    private final String directQuery;
    private final String username;
    private final String password;
    private final String version;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ExternalServer(String url, String directUrl, String username, String password) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("PORTALKIT_TEST_JDBC_URL must look like jdbc:postgresql://host:5432/db");
        }
        this.base = m.group(1);
        this.database = m.group(2).isEmpty() ? "postgres" : m.group(2);
        this.query = m.group(3) == null ? "" : m.group(3);
        Matcher d = URL.matcher(directUrl == null || directUrl.isBlank() ? url : directUrl);
        if (!d.matches()) {
            throw new IllegalArgumentException("PORTALKIT_TEST_DIRECT_JDBC_URL must look like jdbc:postgresql://host:5432/db");
        }
        this.directBase = d.group(1);
        this.directQuery = d.group(3) == null ? "" : d.group(3);
        this.username = username;
        this.password = password;
        this.version = serverVersion();
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "portalkit-test-databases-drop"));
    }

    // No lock around create/clone/drop: PostgreSQL serializes what must be (see AdminServer's
    // cloneDatabase), and parallel test classes must not queue behind each other here.

    @Override
    public TestDatabase createDatabase() {
        return remember(super.createDatabase());
    }

    @Override
    public TestDatabase cloneDatabase(String template) {
        return remember(super.cloneDatabase(template));
    }

    private TestDatabase remember(TestDatabase db) {
        created.add(db.name());
        if (closing) {
            // Made (in the background) while the JVM exits: do not leave it behind.
            dropDatabase(db.name());
        }
        return db;
    }

    @Override
    public void dropDatabase(String name) {
        super.dropDatabase(name);
        created.remove(name);
    }

    private void dropAll() {
        closing = true;
        for (String name : List.copyOf(created)) {
            try {
                super.dropDatabase(name);
            } catch (RuntimeException e) {
                // Best effort at exit; a later run drops it as a leftover of a JVM that is gone.
            }
        }
        try {
            dropRoles();
        } catch (RuntimeException e) {
            // Best effort at exit: a database left behind keeps its roles.
        }
    }

    @Override
    String urlFor(String db) {
        return base + "/" + db + query;
    }

    @Override
    String directUrlFor(String db) {
        return directBase + "/" + db + directQuery;
    }

    @Override
    String maintenanceDatabase() {
        return database;
    }

    @Override
    String username() {
        return username;
    }

    @Override
    String password() {
        return password;
    }

    @Override
    public String describe() {
        String at = base.substring("jdbc:postgresql://".length());
        return "PostgreSQL " + version + " at " + at + (directBase.equals(base) ? ""
                : " (through a pooler; direct at " + directBase.substring("jdbc:postgresql://".length()) + ")");
    }
}
