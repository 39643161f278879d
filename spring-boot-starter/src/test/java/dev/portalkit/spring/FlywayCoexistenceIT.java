package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The host's own Flyway (Boot's auto-configuration, classpath:db/migration, history in public) beside
 * PortalKit's (schema portal, one portalkit_<module>_history table each), on Flyway 13 (the library's
 * version, not Boot's 11): both run, PortalKit's first, so the host's migration can reference
 * {@code portal.users}.
 */
@SpringBootTest(classes = HostApp.class, properties = {"spring.flyway.enabled=true", "portalkit.schema=portal",
        "spring.flyway.postgresql.transactional-lock=false", "spring.flyway.validate-migration-naming=true",
        "spring.flyway.placeholders.runtime_role=${test.runtime-role}"})
class FlywayCoexistenceIT {

    /** A database of its own: the host's migration names the schema portal. */
    static final TestDatabase DB = TestDatabases.empty();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry, DB);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UserService users;
    @Autowired
    Flyway hostFlyway;

    @Test
    void bothHistoriesAreKeptApart() {
        assertThat(jdbc.queryForList("SELECT version FROM public.flyway_schema_history WHERE success", String.class))
                .containsExactly("1");
        for (String module : new String[] {"core", "auth", "billing", "content", "messaging"}) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM portal.portalkit_" + module + "_history WHERE success",
                    Long.class)).as(module).isPositive();
        }
        assertThat(jdbc.queryForObject("SELECT to_regclass('public.users')", String.class)).isNull();
        assertThat(hostFlyway.info().current().getVersion().getVersion()).isEqualTo("1");
    }

    @Test
    void theHostsForeignKeyIntoPortalKitsSchemaHolds() {
        User user = users.register(NewUser.member("flyway@example.com", "correct horse battery", "F"), HostOrders.CONTEXT);
        jdbc.update("INSERT INTO public.orders (user_id, note) VALUES (?, 'first')", user.id());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM public.orders WHERE user_id = ?", Long.class, user.id()))
                .isOne();
        assertThatThrownBy(() -> jdbc.update("INSERT INTO public.orders (user_id, note) VALUES (?, 'nobody')",
                UUID.randomUUID())).isInstanceOf(DataIntegrityViolationException.class);
    }
}
