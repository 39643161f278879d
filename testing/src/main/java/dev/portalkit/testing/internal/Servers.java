package dev.portalkit.testing.internal;

import dev.portalkit.testing.PostgresServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks and starts the JVM's test server once. Not API. */
public final class Servers {

    private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
    private static PostgresServer server;

    private Servers() {
    }

    public static synchronized PostgresServer get() {
        if (server == null) {
            PostgresServer started = start();
            if (started instanceof AdminServer admin) {
                List<String> dropped = admin.dropStale();
                if (!dropped.isEmpty()) {
                    LOG.info("Dropped {} left by test JVMs that are gone: {}", dropped.size(), dropped);
                }
            }
            String roles = setting("PORTALKIT_TEST_ROLES");
            if ("split".equalsIgnoreCase(roles)) {
                AdminServer admin = (AdminServer) started;
                admin.splitRoles();
                LOG.info("PortalKit tests use {}; roles split: migrations as {}, Portals' pools as {}", started.describe(),
                        admin.roles().owner(), admin.roles().runtime());
            } else if (roles != null && !roles.isBlank() && !"single".equalsIgnoreCase(roles)) {
                throw new IllegalStateException("PORTALKIT_TEST_ROLES must be single (the default) or split, not '" + roles + "'");
            } else {
                LOG.info("PortalKit tests use {}", started.describe());
            }
            server = started;
        }
        return server;
    }

    private static PostgresServer start() {
        String url = setting("PORTALKIT_TEST_JDBC_URL");
        String kind = setting("PORTALKIT_TEST_DATABASE");
        if ("testcontainers".equalsIgnoreCase(kind)) {
            String image = setting("PORTALKIT_TEST_IMAGE");
            try {
                return new ContainerServer(image == null || image.isBlank() ? ContainerServer.DEFAULT_IMAGE : image);
            } catch (NoClassDefFoundError e) {
                // Testcontainers is an optional dependency of the kit.
                throw new IllegalStateException("PORTALKIT_TEST_DATABASE=testcontainers needs Testcontainers on the test"
                        + " classpath: add org.testcontainers:testcontainers-postgresql 2.0.x (test scope)", e);
            }
        }
        if (url != null && !url.isBlank() && !"embedded".equalsIgnoreCase(kind)) {
            return new ExternalServer(url, setting("PORTALKIT_TEST_DIRECT_JDBC_URL"), setting("PORTALKIT_TEST_USERNAME"),
                    setting("PORTALKIT_TEST_PASSWORD"));
        }
        return EmbeddedServer.start();
    }

    /** A system property wins over the environment variable of the same name. */
    static String setting(String name) {
        String p = System.getProperty(name);
        return p != null ? p : System.getenv(name);
    }
}
