package dev.portalkit.spring;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.AuditRetention;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.PrivacyService;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.core.spi.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * PortalKit for a Spring Boot application: a {@link Portal} bean on the application's DataSource (or a
 * pool of its own, {@code portalkit.datasource.url}), whose calls join the thread's Spring transaction;
 * the installed modules' services as beans; the background jobs; a health indicator and metrics when
 * the application has them. Every setting is a {@code portalkit.*} property ({@link PortalKitProperties}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(Portal.class)
@EnableConfigurationProperties(PortalKitProperties.class)
@Import({AuthConfiguration.class, BillingConfiguration.class, ContentConfiguration.class, MessagingConfiguration.class,
        PortalKitMetricsConfiguration.class, PortalKitHealthConfiguration.class})
public class PortalKitAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PortalKitAutoConfiguration.class);

    /** Module name → the class its jar has. */
    static final Map<String, String> MODULES = Map.of(
            "auth", "dev.portalkit.auth.AuthModule",
            "billing", "dev.portalkit.billing.BillingModule",
            "content", "dev.portalkit.content.ContentModule",
            "messaging", "dev.portalkit.messaging.MessagingModule");

    /**
     * The Portal: migrated (unless {@code portalkit.migration} says otherwise) before the host's own
     * Flyway and JdbcTemplate users ({@link PortalDatabaseInitializerDetector}); closed with the context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Portal portal(PortalKitProperties properties, ObjectProvider<DataSource> dataSource,
                         ObjectProvider<PortalModule> modules, ObjectProvider<Clock> clock,
                         ObjectProvider<Setting<?>> settings, ObjectProvider<PortalCustomizer> customizers,
                         ConfigurableListableBeanFactory beanFactory) {
        Problems problems = new Problems();
        checkModules(properties, beanFactory.getBeanClassLoader(), problems);
        Portal.Builder b = Portal.builder()
                .schema(properties.getSchema())
                .migration(properties.getMigration())
                .statementTimeout(properties.getStatementTimeout())
                .requireLeastPrivilege(properties.isRequireLeastPrivilege());
        String source = database(properties, dataSource, b, problems);
        migrationDataSource(properties.getMigrationDatasource(), b);
        audit(properties, b, problems);
        problems.throwIfAny();
        Clock c = clock.getIfUnique();
        if (c != null) {
            b.clock(c);
        }
        b.settings(settings.orderedStream().toArray(Setting<?>[]::new));
        b.install(modules.orderedStream().toArray(PortalModule[]::new));
        customizers.orderedStream().forEach(customizer -> customizer.customize(b));
        Portal portal = b.build();
        LOG.info("PortalKit started: schema {}, modules {}, {}", portal.schema(),
                portal.config().modules().stream().map(PortalModule::name).toList(), source);
        return portal;
    }

    private static void checkModules(PortalKitProperties properties, ClassLoader classLoader, Problems problems) {
        if (properties.getModules() == null) {
            return;
        }
        for (String raw : properties.getModules()) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            String type = MODULES.get(name);
            if (type == null) {
                problems.check(false, "portalkit.modules names '%s': use any of %s", raw,
                        MODULES.keySet().stream().sorted().toList());
            } else {
                problems.check(ClassUtils.isPresent(type, classLoader),
                        "portalkit.modules names %s, but dev.portalkit:portalkit-%s is not on the classpath: add the"
                                + " dependency, or remove %s from portalkit.modules", name, name, name);
            }
        }
    }

    /** Sets the Portal's database; what it chose, for the start-up log line (never a password). */
    private static String database(PortalKitProperties properties, ObjectProvider<DataSource> dataSource,
                                   Portal.Builder b, Problems problems) {
        PortalKitProperties.Datasource own = properties.getDatasource();
        if (own.getUrl() != null && !own.getUrl().isBlank()) {
            b.jdbcUrl(own.getUrl()).username(own.getUsername()).password(own.getPassword())
                    .minimumIdle(own.getMinimumIdle()).maximumPoolSize(own.getMaximumPoolSize())
                    .connectionTimeout(own.getConnectionTimeout());
            // Without the query: a URL may carry password=... as a parameter.
            int q = own.getUrl().indexOf('?');
            String shown = q < 0 ? own.getUrl() : own.getUrl().substring(0, q) + "?...";
            return "its own pool at " + shown + " (its calls do not join Spring transactions)";
        }
        DataSource ds = dataSource.getIfUnique();
        if (ds == null) {
            problems.check(false, "no database for PortalKit: give the application a DataSource (spring.datasource.url,"
                    + " one DataSource bean or a @Primary one), or give PortalKit a pool of its own with"
                    + " portalkit.datasource.url, .username and .password");
            return "";
        }
        // The pool Spring binds transactions to: a TransactionAwareDataSourceProxy's target.
        b.dataSource(SpringHostTransactions.boundKey(ds)).connectionTimeout(own.getConnectionTimeout());
        if (properties.isJoinSpringTransactions()) {
            b.hostTransactions(new SpringHostTransactions());
            return "the application's DataSource, joining Spring transactions";
        }
        return "the application's DataSource, in transactions of its own (portalkit.join-spring-transactions=false)";
    }

    private static void migrationDataSource(PortalKitProperties.MigrationDatasource p, Portal.Builder b) {
        if (p.getUrl() == null || p.getUrl().isBlank()) {
            return;
        }
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setUrl(p.getUrl());
        if (p.getUsername() != null) {
            direct.setUser(p.getUsername());
        }
        if (p.getPassword() != null) {
            direct.setPassword(p.getPassword());
        }
        b.migrationDataSource(direct);
    }

    private static void audit(PortalKitProperties properties, Portal.Builder b, Problems problems) {
        PortalKitProperties.Audit audit = properties.getAudit();
        List<AuditKey> keys = new ArrayList<>();
        List<PortalKitProperties.Audit.Key> configured = audit.getKeys() == null ? List.of() : audit.getKeys();
        for (int i = 0; i < configured.size(); i++) {
            PortalKitProperties.Audit.Key key = configured.get(i);
            String name = "portalkit.audit.keys[" + i + "]";
            byte[] secret;
            try {
                secret = key.getSecret() == null ? null : Base64.getDecoder().decode(key.getSecret().strip());
            } catch (IllegalArgumentException e) {
                problems.check(false, "%s.secret is not Base64 (its value is not shown)", name);
                continue;
            }
            try {
                keys.add(AuditKey.of(key.getId(), secret));
            } catch (RuntimeException e) {
                problems.check(false, "%s: %s", name, e.getMessage()); // AuditKey's messages never show a secret
            }
        }
        if (!keys.isEmpty()) {
            b.auditKeys(keys.get(0), keys.subList(1, keys.size()).toArray(AuditKey[]::new));
        }
        b.backgroundSealing(audit.isBackgroundSealing() && !auditSealingJob(properties))
                .sealInterval(audit.getSealInterval());
    }

    /** Whether the audit-sealing job replaces the Portal's own sealing thread. */
    static boolean auditSealingJob(PortalKitProperties properties) {
        return properties.getJobs().isEnabled() && properties.getJobs().getAuditSealing().isEnabled();
    }

    @Bean
    @ConditionalOnMissingBean
    public SettingsService settingsService(Portal portal) {
        return portal.service(SettingsService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    public NavigationService navigationService(Portal portal) {
        return portal.service(NavigationService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    public ActivityLog activityLog(Portal portal) {
        return portal.service(ActivityLog.class);
    }

    /** Data-subject requests (export, erase) across every installed module. */
    @Bean
    @ConditionalOnMissingBean
    public PrivacyService privacyService(Portal portal) {
        return portal.service(PrivacyService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    public AuditRetention auditRetention(Portal portal) {
        return portal.service(AuditRetention.class);
    }

    /** The audit trail's months ahead, kept while the instance runs (the Portal makes them only at start). */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.partitions.enabled", matchIfMissing = true)
    public PortalKitJob portalkitAuditPartitionsJob(Portal portal, PortalKitProperties properties) {
        AuditRetention retention = portal.service(AuditRetention.class);
        return new PortalKitJob("partitions.activity_logs", properties.getJobs().getPartitions().getInterval(),
                () -> retention.ensurePartitions(AuditRetention.DEFAULT_MONTHS_AHEAD));
    }

    /** Seals on the jobs' scheduler; the Portal's own sealing thread is then off. */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.audit-sealing.enabled")
    public PortalKitJob portalkitAuditSealingJob(Portal portal, PortalKitProperties properties) {
        ActivityLog log = portal.service(ActivityLog.class);
        return new PortalKitJob("audit-sealing", properties.getJobs().getAuditSealing().getInterval(), log::seal);
    }

    @Bean
    @ConditionalOnMissingBean
    public PortalKitJobs portalkitJobs(ObjectProvider<PortalKitJob> jobs) {
        return new PortalKitJobs(jobs.orderedStream().collect(Collectors.toList()));
    }
}
