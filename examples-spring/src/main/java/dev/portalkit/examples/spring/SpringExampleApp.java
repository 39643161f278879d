package dev.portalkit.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The example portal as a Spring Boot application: the same JSON API and page as the plain example
 * (module {@code examples}), here as {@code @RestController}s over the PortalKit starter's beans, plus a
 * table of the host's own ({@code member_profiles}, its own Flyway migration) written in the same
 * {@code @Transactional} method as PortalKit's calls ({@link Members#signUp}).
 *
 * <p>The database: {@code spring.datasource.url} (or {@code PORTALKIT_JDBC_URL} with
 * {@code PORTALKIT_USERNAME} and {@code PORTALKIT_PASSWORD}); without either, an embedded PostgreSQL
 * ({@link EmbeddedDatabase}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SpringExampleApp {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SpringExampleApp.class);
        app.addInitializers(new EmbeddedDatabase());
        app.run(args);
    }
}
