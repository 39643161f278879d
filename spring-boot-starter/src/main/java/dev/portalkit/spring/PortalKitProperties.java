package dev.portalkit.spring;

import dev.portalkit.core.MigrationMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Every {@code Portal.Builder} setting and every module's options, as {@code portalkit.*} properties.
 * Defaults are PortalKit's own (the module READMEs); a property left unset keeps it. Secrets (the
 * datasource passwords, audit key secrets, the SMTP password) are never part of {@code toString()}.
 * The Portal's own settings are here; each module's options, and the jobs, are a class of their own
 * ({@link AuthProperties}, {@link BillingProperties}, {@link ContentProperties}, {@link MessagingProperties},
 * {@link JobsProperties}).
 */
@ConfigurationProperties("portalkit")
public class PortalKitProperties {

    /**
     * Modules to install: any of auth, billing, content, messaging. Unset: every module whose jar is on
     * the classpath. A module named here whose jar is missing fails the start, naming the artifact.
     */
    private List<String> modules;

    /** The PostgreSQL schema that holds every PortalKit object. */
    private String schema = "portal";

    /** What to do with the modules' migrations at start: APPLY, VALIDATE or NONE. */
    private MigrationMode migration = MigrationMode.APPLY;

    /**
     * Whether PortalKit calls join the Spring transaction of the calling thread ({@code @Transactional},
     * TransactionTemplate) when the Portal uses the application's DataSource. Never with a pool of
     * PortalKit's own ({@code portalkit.datasource.url}).
     */
    private boolean joinSpringTransactions = true;

    /** How long one SQL statement may run before it is cancelled. */
    private Duration statementTimeout = Duration.ofSeconds(30);

    /**
     * Refuse to start when the pool's database role has more rights than PortalKit's services need
     * (owner, superuser, DDL); false logs one warning instead.
     */
    private boolean requireLeastPrivilege = false;

    private final Datasource datasource = new Datasource();
    private final MigrationDatasource migrationDatasource = new MigrationDatasource();
    private final Audit audit = new Audit();
    private final Health health = new Health();

    // Top-level classes: without the annotation the configuration processor takes only member classes for
    // groups, and these properties would be missing from the metadata.
    @NestedConfigurationProperty
    private final AuthProperties auth = new AuthProperties();
    @NestedConfigurationProperty
    private final BillingProperties billing = new BillingProperties();
    @NestedConfigurationProperty
    private final ContentProperties content = new ContentProperties();
    @NestedConfigurationProperty
    private final MessagingProperties messaging = new MessagingProperties();
    @NestedConfigurationProperty
    private final JobsProperties jobs = new JobsProperties();

    public List<String> getModules() {
        return modules;
    }

    public void setModules(List<String> modules) {
        this.modules = modules;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public MigrationMode getMigration() {
        return migration;
    }

    public void setMigration(MigrationMode migration) {
        this.migration = migration;
    }

    public boolean isJoinSpringTransactions() {
        return joinSpringTransactions;
    }

    public void setJoinSpringTransactions(boolean joinSpringTransactions) {
        this.joinSpringTransactions = joinSpringTransactions;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public boolean isRequireLeastPrivilege() {
        return requireLeastPrivilege;
    }

    public void setRequireLeastPrivilege(boolean requireLeastPrivilege) {
        this.requireLeastPrivilege = requireLeastPrivilege;
    }

    public Datasource getDatasource() {
        return datasource;
    }

    public MigrationDatasource getMigrationDatasource() {
        return migrationDatasource;
    }

    public Audit getAudit() {
        return audit;
    }

    public Health getHealth() {
        return health;
    }

    public AuthProperties getAuth() {
        return auth;
    }

    public BillingProperties getBilling() {
        return billing;
    }

    public ContentProperties getContent() {
        return content;
    }

    public MessagingProperties getMessaging() {
        return messaging;
    }

    public JobsProperties getJobs() {
        return jobs;
    }

    @Override
    public String toString() {
        return "PortalKitProperties[modules=" + modules + ", schema=" + schema + ", migration=" + migration
                + ", datasource=" + datasource + ", migrationDatasource=" + migrationDatasource + ", audit=" + audit + "]";
    }

    /**
     * A pool of PortalKit's own (HikariCP, closed with the Portal) instead of the application's
     * DataSource. PortalKit's calls then run in transactions of their own and never join Spring's.
     */
    public static class Datasource {

        /** A PostgreSQL JDBC URL; set, PortalKit owns its pool. Unset: the application's DataSource bean. */
        private String url;

        /** The database role of the owned pool. */
        private String username;

        /** The password of the owned pool's role; never logged. */
        private String password;

        /** Idle connections the owned pool keeps. */
        private int minimumIdle = 2;

        /** Most connections the owned pool opens. */
        private int maximumPoolSize = 10;

        /** How long a call waits for a connection of the owned pool before failing. */
        private Duration connectionTimeout = Duration.ofSeconds(10);

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getMinimumIdle() {
            return minimumIdle;
        }

        public void setMinimumIdle(int minimumIdle) {
            this.minimumIdle = minimumIdle;
        }

        public int getMaximumPoolSize() {
            return maximumPoolSize;
        }

        public void setMaximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }

        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

        @Override
        public String toString() {
            return url == null ? "application's" : url + " as " + username + (password == null ? "" : ", password ***");
        }
    }

    /**
     * A direct connection for migrations, as the schema's owner (README "Least privilege: two roles"), or
     * past a transaction-mode pooler. Unset: migrations run over the Portal's own connections.
     */
    public static class MigrationDatasource {

        /** A PostgreSQL JDBC URL that reaches the server directly. */
        private String url;

        /** The role that owns PortalKit's schema. */
        private String username;

        /** Its password; never logged. */
        private String password;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        @Override
        public String toString() {
            return url == null ? "none" : url + " as " + username + (password == null ? "" : ", password ***");
        }
    }

    /** The audit trail's seals. */
    public static class Audit {

        /**
         * Keys of the audit trail's seals, the current one first; older ones only verify. Without a key the
         * chain is plain SHA-256 (shows accidental change, not a rewrite by the database's owner).
         */
        private List<Key> keys = new ArrayList<>();

        /** Whether the Portal seals committed audit rows in a thread of its own (see portalkit.jobs.audit-sealing). */
        private boolean backgroundSealing = true;

        /** How often the Portal's sealing thread looks for rows to seal, 10 ms to 1 hour. */
        private Duration sealInterval = Duration.ofMillis(500);

        public List<Key> getKeys() {
            return keys;
        }

        public void setKeys(List<Key> keys) {
            this.keys = keys;
        }

        public boolean isBackgroundSealing() {
            return backgroundSealing;
        }

        public void setBackgroundSealing(boolean backgroundSealing) {
            this.backgroundSealing = backgroundSealing;
        }

        public Duration getSealInterval() {
            return sealInterval;
        }

        public void setSealInterval(Duration sealInterval) {
            this.sealInterval = sealInterval;
        }

        @Override
        public String toString() {
            return "keys=" + keys + ", backgroundSealing=" + backgroundSealing + ", sealInterval=" + sealInterval;
        }

        /** One audit key. */
        public static class Key {

            /** The key's name, stored with every seal it makes, e.g. audit-2025-01. */
            private String id;

            /** The secret, Base64, at least 32 bytes decoded; from a secret store, never logged. */
            private String secret;

            public String getId() {
                return id;
            }

            public void setId(String id) {
                this.id = id;
            }

            public String getSecret() {
                return secret;
            }

            public void setSecret(String secret) {
                this.secret = secret;
            }

            @Override
            public String toString() {
                return "Key[id=" + id + ", secret=***]";
            }
        }
    }

    /** The portalkit health indicator (with spring-boot-health on the classpath). */
    public static class Health {

        /** How long one answer of Portal.health() is reused (it takes a connection and checks the schema). */
        private Duration cacheFor = Duration.ofSeconds(10);

        /** Oldest due e-mail waiting in the outbox before the status is DEGRADED (messaging only). */
        private Duration outboxMaxAge = Duration.ofMinutes(15);

        public Duration getCacheFor() {
            return cacheFor;
        }

        public void setCacheFor(Duration cacheFor) {
            this.cacheFor = cacheFor;
        }

        public Duration getOutboxMaxAge() {
            return outboxMaxAge;
        }

        public void setOutboxMaxAge(Duration outboxMaxAge) {
            this.outboxMaxAge = outboxMaxAge;
        }
    }
}
