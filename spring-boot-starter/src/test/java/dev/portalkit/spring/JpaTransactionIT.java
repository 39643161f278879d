package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.spring.jpa.Note;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A JpaTransactionManager (Hibernate) on the Portal's DataSource: PortalKit's calls join it through the
 * ConnectionHolder it binds, and a PortalKit failure the host swallows still refuses the commit. The
 * manager never reads the holder's rollback-only flag, so this is the synchronization's work.
 */
class JpaTransactionIT {

    static LocalContainerEntityManagerFactoryBean factoryBean;
    static EntityManagerFactory emf;
    static JpaTransactionManager manager;
    static Portal portal;
    static UserService users;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        DataSource pool = SpringTestDatabase.DB.dataSource();
        jdbc = new JdbcTemplate(pool);
        SpringTestDatabase.hostDdl("CREATE TABLE IF NOT EXISTS public.jpa_it_notes (id bigint PRIMARY KEY, text text)",
                "CREATE SEQUENCE IF NOT EXISTS public.jpa_it_notes_seq INCREMENT BY 50");
        factoryBean = new LocalContainerEntityManagerFactoryBean();
        factoryBean.setDataSource(pool);
        factoryBean.setPackagesToScan(Note.class.getPackageName());
        factoryBean.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factoryBean.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "none"));
        factoryBean.afterPropertiesSet();
        emf = factoryBean.getObject();
        manager = new JpaTransactionManager(emf); // finds the DataSource in the factory and binds a holder for it
        manager.afterPropertiesSet();
        portal = Portal.builder().dataSource(pool).migrationDataSource(SpringTestDatabase.owner())
                .hostTransactions(new SpringHostTransactions()).schema("jpa_it")
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build())).build();
        users = portal.service(UserService.class);
    }

    @AfterAll
    static void stop() {
        portal.close();
        factoryBean.destroy();
    }

    static long notes(String text) {
        return jdbc.queryForObject("SELECT count(*) FROM public.jpa_it_notes WHERE text = ?", Long.class, text);
    }

    static EntityManager em() {
        return EntityManagerFactoryUtils.getTransactionalEntityManager(emf);
    }

    @Test
    void anEntityAndAPortalKitCallCommitTogether() {
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            em().persist(new Note("together"));
            em().flush();
            users.register(NewUser.member("jpa@example.com", "correct horse battery", "J"), HostOrders.CONTEXT);
        });
        assertThat(notes("together")).isOne();
        assertThat(users.findByEmail("jpa@example.com")).isPresent();
    }

    @Test
    void theHostsRollbackTakesPortalKitsRowsAlong() {
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            em().persist(new Note("rolled back"));
            users.register(NewUser.member("jpa-rollback@example.com", "correct horse battery", "J"), HostOrders.CONTEXT);
            status.setRollbackOnly();
        });
        assertThat(notes("rolled back")).isZero();
        assertThat(users.findByEmail("jpa-rollback@example.com")).isEmpty();
    }

    @Test
    void aSwallowedPortalKitFailureRefusesTheCommit() {
        // A refusal before any statement: PostgreSQL's transaction is healthy, only the synchronization stops the commit.
        assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
            em().persist(new Note("swallowed"));
            em().flush();
            try {
                users.register(NewUser.member("not an e-mail", "correct horse battery", "J"), HostOrders.CONTEXT);
            } catch (ValidationException swallowed) {
                // careless host
            }
        })).isInstanceOfSatisfying(PortalException.class, e -> {
            assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK);
            assertThat(e.getCause()).isInstanceOf(ValidationException.class);
        });
        assertThat(notes("swallowed")).isZero();
    }
}
