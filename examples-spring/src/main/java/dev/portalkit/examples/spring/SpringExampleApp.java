package dev.portalkit.examples.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example portal as a Spring Boot application: the same JSON API and page as the plain example
 * (module {@code examples}), here as {@code @RestController}s over the PortalKit starter's beans, plus a
 * table of the host's own ({@code member_profiles}, its own Flyway migration) written in the same
 * {@code @Transactional} method as PortalKit's calls ({@link Signups}).
 *
 * <p>The database: {@code spring.datasource.url} (or {@code PORTALKIT_JDBC_URL} with
 * {@code PORTALKIT_USERNAME} and {@code PORTALKIT_PASSWORD}); without either, an embedded PostgreSQL
 * whose data directory is {@code ~/.portalkit/example-spring-db}, kept across restarts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SpringExampleApp {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SpringExampleApp.class);
        Map<String, Object> defaults = new LinkedHashMap<>();
        EmbeddedPostgres embedded = null;
        if (!databaseConfigured(args)) {
            embedded = startEmbedded();
            defaults.put("spring.datasource.url", "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres");
            defaults.put("spring.datasource.username", "postgres");
        } else if (blankToNull(System.getenv("PORTALKIT_JDBC_URL")) != null) {
            // The plain example's variables, as defaults: spring.datasource.* set anywhere still wins.
            defaults.put("spring.datasource.url", System.getenv("PORTALKIT_JDBC_URL").strip());
            putIfSet(defaults, "spring.datasource.username", System.getenv("PORTALKIT_USERNAME"));
            putIfSet(defaults, "spring.datasource.password", System.getenv("PORTALKIT_PASSWORD"));
        }
        app.setDefaultProperties(defaults);
        // Our own hook instead of Spring's: the context (web server, jobs, pool) closes first, then the
        // embedded PostgreSQL, so a request or a job in progress finishes against a live database.
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
        EmbeddedPostgres pg = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the PortalKit Spring example...");
            context.close();
            closeQuietly(pg);
        }, "example-shutdown"));
    }

    /** Whether a database was named: spring.datasource.url (argument, property, environment) or PORTALKIT_JDBC_URL. */
    private static boolean databaseConfigured(String[] args) {
        for (String a : args) {
            if (a.startsWith("--spring.datasource.url=")) {
                return true;
            }
        }
        return blankToNull(System.getProperty("spring.datasource.url")) != null
                || blankToNull(System.getenv("SPRING_DATASOURCE_URL")) != null
                || blankToNull(System.getenv("PORTALKIT_JDBC_URL")) != null;
    }

    static EmbeddedPostgres startEmbedded() {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: run the example as an unprivileged"
                    + " user, or set PORTALKIT_JDBC_URL (and PORTALKIT_USERNAME, PORTALKIT_PASSWORD) or"
                    + " spring.datasource.url to use a server.");
        }
        Path data = Path.of(System.getProperty("user.home"), ".portalkit", "example-spring-db");
        try {
            Files.createDirectories(data.getParent());
            System.out.println("Embedded PostgreSQL, data in " + data);
            // Durable settings: this data directory is meant to be kept, unlike the test kit's.
            return EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start in " + data + ": " + e, e);
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (blankToNull(value) != null) {
            map.put(key, value);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("Stopping the embedded PostgreSQL failed: " + e);
            }
        }
    }
}
