package dev.portalkit.examples.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The example's database when none is named: an embedded PostgreSQL 17 whose data directory,
 * {@code ~/.portalkit/example-spring-db}, is kept across restarts, run durably (fsync on), unlike the
 * test kit's. Named means {@code spring.datasource.url} from anywhere Spring reads it (an argument, a
 * system property, {@code SPRING_DATASOURCE_URL}) or {@code PORTALKIT_JDBC_URL}, which
 * application.properties maps to it.
 *
 * <p>An initializer, not a bean: it runs after Spring Boot has set logging up and before any bean, so
 * the DataSource finds the URL, and the server it starts is the first thing registered for
 * destruction, hence the last destroyed: it stops after the web server, the jobs and the pool.
 */
final class EmbeddedDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        String url = env.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        EmbeddedPostgres pg = start(Path.of(System.getProperty("user.home"), ".portalkit", "example-spring-db"));
        ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedPostgres", pg::close);
        env.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                "spring.datasource.username", "postgres")));
    }

    private static EmbeddedPostgres start(Path data) {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: run the example as an unprivileged"
                    + " user, or name a server with PORTALKIT_JDBC_URL (and PORTALKIT_USERNAME, PORTALKIT_PASSWORD)"
                    + " or spring.datasource.url");
        }
        try {
            Files.createDirectories(data.getParent());
            LOG.info("Embedded PostgreSQL, data in {}", data);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Stopped by the context (above), after everything that uses it.
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start in " + data, e);
        }
    }
}
