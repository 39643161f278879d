package dev.portalkit.spring;

import dev.portalkit.core.MigrationMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code Portal.Builder} setting and every module's options, as {@code portalkit.*} properties.
 * Defaults are PortalKit's own (the module READMEs); a property left unset keeps it. Secrets (the
 * datasource passwords, audit key secrets, the SMTP password) are never part of {@code toString()}.
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
    private final Auth auth = new Auth();
    private final Billing billing = new Billing();
    private final Content content = new Content();
    private final Messaging messaging = new Messaging();
    private final Jobs jobs = new Jobs();
    private final Health health = new Health();

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

    public Auth getAuth() {
        return auth;
    }

    public Billing getBilling() {
        return billing;
    }

    public Content getContent() {
        return content;
    }

    public Messaging getMessaging() {
        return messaging;
    }

    public Jobs getJobs() {
        return jobs;
    }

    public Health getHealth() {
        return health;
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

    /** portalkit-auth's options (AuthOptions). A PasswordHasher bean replaces bcrypt. */
    public static class Auth {

        /** bcrypt cost factor, 10 to 14 (4 only in tests). */
        private int bcryptCost = 12;

        /** How many password hashes may be computed at once. Unset: the number of processors. */
        private Integer hashingConcurrency;

        /** Longest wait for a hashing slot before a retryable PK-2006. */
        private Duration hashingWait = Duration.ofSeconds(5);

        /** Consecutive failures that lock an account. */
        private int lockoutThreshold = 5;

        /** First lock; each further lock doubles it up to lockout-max. */
        private Duration lockoutBase = Duration.ofMinutes(1);

        /** Longest lock. */
        private Duration lockoutMax = Duration.ofMinutes(15);

        /** The failure count starts again after this long without a counted failure or a lock. */
        private Duration failureResetAfter = Duration.ofMinutes(15);

        /** A session unused this long ends. */
        private Duration idleTimeout = Duration.ofMinutes(30);

        /** A session ends this long after login, used or not. */
        private Duration absoluteTimeout = Duration.ofHours(12);

        /** Idle timeout of a remember-me session. */
        private Duration rememberMeIdleTimeout = Duration.ofDays(14);

        /** Absolute timeout of a remember-me session. */
        private Duration rememberMeAbsoluteTimeout = Duration.ofDays(30);

        /** Live sessions per user; a further login ends the least recently used. */
        private int maxSessionsPerUser = 10;

        /** last_seen_at is written at most this often per session. */
        private Duration lastSeenResolution = Duration.ofMinutes(1);

        /** How long a password reset token works. */
        private Duration resetTokenTtl = Duration.ofMinutes(30);

        /** Reset requests allowed per address within reset-request-window. */
        private int resetRequestLimit = 3;

        /** The sliding window reset-request-limit counts in. */
        private Duration resetRequestWindow = Duration.ofHours(1);

        /** How long an e-mail verification token works. */
        private Duration verificationTokenTtl = Duration.ofHours(24);

        public int getBcryptCost() {
            return bcryptCost;
        }

        public void setBcryptCost(int bcryptCost) {
            this.bcryptCost = bcryptCost;
        }

        public Integer getHashingConcurrency() {
            return hashingConcurrency;
        }

        public void setHashingConcurrency(Integer hashingConcurrency) {
            this.hashingConcurrency = hashingConcurrency;
        }

        public Duration getHashingWait() {
            return hashingWait;
        }

        public void setHashingWait(Duration hashingWait) {
            this.hashingWait = hashingWait;
        }

        public int getLockoutThreshold() {
            return lockoutThreshold;
        }

        public void setLockoutThreshold(int lockoutThreshold) {
            this.lockoutThreshold = lockoutThreshold;
        }

        public Duration getLockoutBase() {
            return lockoutBase;
        }

        public void setLockoutBase(Duration lockoutBase) {
            this.lockoutBase = lockoutBase;
        }

        public Duration getLockoutMax() {
            return lockoutMax;
        }

        public void setLockoutMax(Duration lockoutMax) {
            this.lockoutMax = lockoutMax;
        }

        public Duration getFailureResetAfter() {
            return failureResetAfter;
        }

        public void setFailureResetAfter(Duration failureResetAfter) {
            this.failureResetAfter = failureResetAfter;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getAbsoluteTimeout() {
            return absoluteTimeout;
        }

        public void setAbsoluteTimeout(Duration absoluteTimeout) {
            this.absoluteTimeout = absoluteTimeout;
        }

        public Duration getRememberMeIdleTimeout() {
            return rememberMeIdleTimeout;
        }

        public void setRememberMeIdleTimeout(Duration rememberMeIdleTimeout) {
            this.rememberMeIdleTimeout = rememberMeIdleTimeout;
        }

        public Duration getRememberMeAbsoluteTimeout() {
            return rememberMeAbsoluteTimeout;
        }

        public void setRememberMeAbsoluteTimeout(Duration rememberMeAbsoluteTimeout) {
            this.rememberMeAbsoluteTimeout = rememberMeAbsoluteTimeout;
        }

        public int getMaxSessionsPerUser() {
            return maxSessionsPerUser;
        }

        public void setMaxSessionsPerUser(int maxSessionsPerUser) {
            this.maxSessionsPerUser = maxSessionsPerUser;
        }

        public Duration getLastSeenResolution() {
            return lastSeenResolution;
        }

        public void setLastSeenResolution(Duration lastSeenResolution) {
            this.lastSeenResolution = lastSeenResolution;
        }

        public Duration getResetTokenTtl() {
            return resetTokenTtl;
        }

        public void setResetTokenTtl(Duration resetTokenTtl) {
            this.resetTokenTtl = resetTokenTtl;
        }

        public int getResetRequestLimit() {
            return resetRequestLimit;
        }

        public void setResetRequestLimit(int resetRequestLimit) {
            this.resetRequestLimit = resetRequestLimit;
        }

        public Duration getResetRequestWindow() {
            return resetRequestWindow;
        }

        public void setResetRequestWindow(Duration resetRequestWindow) {
            this.resetRequestWindow = resetRequestWindow;
        }

        public Duration getVerificationTokenTtl() {
            return verificationTokenTtl;
        }

        public void setVerificationTokenTtl(Duration verificationTokenTtl) {
            this.verificationTokenTtl = verificationTokenTtl;
        }
    }

    /** portalkit-billing's options (BillingOptions). A PaymentGateway bean is the payment provider. */
    public static class Billing {

        /** When a declined renewal is retried, counted from the first decline. */
        private List<Duration> retrySchedule = new ArrayList<>(List.of(Duration.ofDays(1), Duration.ofDays(3),
                Duration.ofDays(5), Duration.ofDays(7)));

        /** The subscription's status once every retry failed: UNPAID or CANCELED. */
        private AfterRetries afterRetries = AfterRetries.UNPAID;

        /** How long a PAST_DUE subscriber keeps access after the first decline. Unset: the last retry offset. */
        private Duration gracePeriod;

        /** How long a renewal worker's claim on a subscription lasts if it dies mid-way. */
        private Duration renewalLease = Duration.ofMinutes(5);

        /** A PROCESSING payment older than this is settled by reconciliation from the gateway's record. */
        private Duration staleAfter = Duration.ofMinutes(10);

        /** Zone of billing periods when a subscription names none. */
        private ZoneId defaultBillingZone = ZoneId.of("Z");

        /** Customers cannot cancel a booking later than this before its start. */
        private Duration cancellationCutoff = Duration.ofHours(24);

        /** How long a HELD booking blocks its slot. */
        private Duration holdTtl = Duration.ofMinutes(10);

        /** Default minimum notice for providers without their own. */
        private Duration minimumNotice = Duration.ofMinutes(120);

        /** Default booking horizon for providers without their own. */
        private Duration bookingHorizon = Duration.ofDays(60);

        /** What a subscription becomes once every renewal retry failed. */
        public enum AfterRetries {
            UNPAID, CANCELED
        }

        public List<Duration> getRetrySchedule() {
            return retrySchedule;
        }

        public void setRetrySchedule(List<Duration> retrySchedule) {
            this.retrySchedule = retrySchedule;
        }

        public AfterRetries getAfterRetries() {
            return afterRetries;
        }

        public void setAfterRetries(AfterRetries afterRetries) {
            this.afterRetries = afterRetries;
        }

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

        public Duration getRenewalLease() {
            return renewalLease;
        }

        public void setRenewalLease(Duration renewalLease) {
            this.renewalLease = renewalLease;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }

        public ZoneId getDefaultBillingZone() {
            return defaultBillingZone;
        }

        public void setDefaultBillingZone(ZoneId defaultBillingZone) {
            this.defaultBillingZone = defaultBillingZone;
        }

        public Duration getCancellationCutoff() {
            return cancellationCutoff;
        }

        public void setCancellationCutoff(Duration cancellationCutoff) {
            this.cancellationCutoff = cancellationCutoff;
        }

        public Duration getHoldTtl() {
            return holdTtl;
        }

        public void setHoldTtl(Duration holdTtl) {
            this.holdTtl = holdTtl;
        }

        public Duration getMinimumNotice() {
            return minimumNotice;
        }

        public void setMinimumNotice(Duration minimumNotice) {
            this.minimumNotice = minimumNotice;
        }

        public Duration getBookingHorizon() {
            return bookingHorizon;
        }

        public void setBookingHorizon(Duration bookingHorizon) {
            this.bookingHorizon = bookingHorizon;
        }
    }

    /** portalkit-content's options (ContentOptions). */
    public static class Content {

        /** The rate limit of every form without one of its own in rate-limits. */
        private final RateLimit rateLimit = new RateLimit();

        /** Per-form rate limits, by form key. */
        private Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

        /** Longest accepted submission message, 1 to 20,000 characters. */
        private int maxMessageLength = 5000;

        /** Most steps one resource card may have, 1 to 10,000. */
        private int maxStepsPerCard = 200;

        public RateLimit getRateLimit() {
            return rateLimit;
        }

        public Map<String, RateLimit> getRateLimits() {
            return rateLimits;
        }

        public void setRateLimits(Map<String, RateLimit> rateLimits) {
            this.rateLimits = rateLimits;
        }

        public int getMaxMessageLength() {
            return maxMessageLength;
        }

        public void setMaxMessageLength(int maxMessageLength) {
            this.maxMessageLength = maxMessageLength;
        }

        public int getMaxStepsPerCard() {
            return maxStepsPerCard;
        }

        public void setMaxStepsPerCard(int maxStepsPerCard) {
            this.maxStepsPerCard = maxStepsPerCard;
        }

        /** At most max-submissions to one form from one IP address within window; 0 turns it off. */
        public static class RateLimit {

            /** Submissions one IP address may send to one form within the window; 0: no limit. */
            private int maxSubmissions = 5;

            /** The window the submissions are counted in, at most 30 days. */
            private Duration window = Duration.ofMinutes(10);

            public int getMaxSubmissions() {
                return maxSubmissions;
            }

            public void setMaxSubmissions(int maxSubmissions) {
                this.maxSubmissions = maxSubmissions;
            }

            public Duration getWindow() {
                return window;
            }

            public void setWindow(Duration window) {
                this.window = window;
            }
        }
    }

    /**
     * portalkit-messaging's options (MessagingOptions). An EmailSender bean sends e-mail; without one,
     * portalkit.messaging.smtp.host makes an SmtpEmailSender; without either, e-mail is queued and not sent.
     */
    public static class Messaging {

        /** The From address of every e-mail, e.g. "Acme <no-reply@acme.example>"; required to queue. */
        private String from;

        /** The domain in generated Message-IDs. Unset: the domain of from. */
        private String messageIdDomain;

        /** The last locale of every fallback chain, and the locale of a request without one. */
        private String defaultLocale = "en";

        /** Attempts per e-mail before it is FAILED, 1 to 50. */
        private int maxAttempts = 5;

        /** Wait after the first failed attempt; doubles after each further one up to backoff-max. */
        private Duration backoffBase = Duration.ofMinutes(1);

        /** Longest wait between attempts. */
        private Duration backoffMax = Duration.ofHours(1);

        /** How long a worker holds a claimed e-mail before another may send it again. */
        private Duration lease = Duration.ofMinutes(5);

        /** Whether OPENED events are recorded. */
        private boolean trackOpens = false;

        /** Whether CLICKED events are recorded. */
        private boolean trackClicks = false;

        /** Whether rendered bodies stay in email_logs once an e-mail is settled (they carry token links). */
        private boolean retainBodies = false;

        private final Smtp smtp = new Smtp();

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public String getMessageIdDomain() {
            return messageIdDomain;
        }

        public void setMessageIdDomain(String messageIdDomain) {
            this.messageIdDomain = messageIdDomain;
        }

        public String getDefaultLocale() {
            return defaultLocale;
        }

        public void setDefaultLocale(String defaultLocale) {
            this.defaultLocale = defaultLocale;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBackoffBase() {
            return backoffBase;
        }

        public void setBackoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
        }

        public Duration getBackoffMax() {
            return backoffMax;
        }

        public void setBackoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public boolean isTrackOpens() {
            return trackOpens;
        }

        public void setTrackOpens(boolean trackOpens) {
            this.trackOpens = trackOpens;
        }

        public boolean isTrackClicks() {
            return trackClicks;
        }

        public void setTrackClicks(boolean trackClicks) {
            this.trackClicks = trackClicks;
        }

        public boolean isRetainBodies() {
            return retainBodies;
        }

        public void setRetainBodies(boolean retainBodies) {
            this.retainBodies = retainBodies;
        }

        public Smtp getSmtp() {
            return smtp;
        }

        /** An SmtpEmailSender (SmtpSettings), made when host is set and no EmailSender bean exists. */
        public static class Smtp {

            /** The SMTP server's host name. */
            private String host;

            /** The SMTP port. Unset: 587 for STARTTLS, 465 for TLS, 25 for NONE. */
            private Integer port;

            /** How the connection is protected: NONE, STARTTLS (required) or TLS. */
            private Security security = Security.STARTTLS;

            /** User name for SMTP AUTH; with password. */
            private String username;

            /** Password for SMTP AUTH; never logged. */
            private String password;

            /** Connecting may take this long. */
            private Duration connectTimeout = Duration.ofSeconds(10);

            /** Waiting for each server answer may take this long. */
            private Duration readTimeout = Duration.ofSeconds(30);

            /** Writing to the server may block this long. */
            private Duration writeTimeout = Duration.ofSeconds(30);

            /** The name sent in EHLO. Unset: the local host name. */
            private String heloName;

            /** Further Jakarta Mail session properties, e.g. mail.smtp.ssl.trust. */
            private Map<String, String> properties = new LinkedHashMap<>();

            /** SmtpSettings.Security. */
            public enum Security {
                NONE, STARTTLS, TLS
            }

            public String getHost() {
                return host;
            }

            public void setHost(String host) {
                this.host = host;
            }

            public Integer getPort() {
                return port;
            }

            public void setPort(Integer port) {
                this.port = port;
            }

            public Security getSecurity() {
                return security;
            }

            public void setSecurity(Security security) {
                this.security = security;
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

            public Duration getConnectTimeout() {
                return connectTimeout;
            }

            public void setConnectTimeout(Duration connectTimeout) {
                this.connectTimeout = connectTimeout;
            }

            public Duration getReadTimeout() {
                return readTimeout;
            }

            public void setReadTimeout(Duration readTimeout) {
                this.readTimeout = readTimeout;
            }

            public Duration getWriteTimeout() {
                return writeTimeout;
            }

            public void setWriteTimeout(Duration writeTimeout) {
                this.writeTimeout = writeTimeout;
            }

            public String getHeloName() {
                return heloName;
            }

            public void setHeloName(String heloName) {
                this.heloName = heloName;
            }

            public Map<String, String> getProperties() {
                return properties;
            }

            public void setProperties(Map<String, String> properties) {
                this.properties = properties;
            }

            @Override
            public String toString() {
                return "Smtp[" + security + " " + host + ":" + port + (username == null ? "" : ", user " + username)
                        + (password == null ? "" : ", password ***") + "]";
            }
        }
    }

    /**
     * Background jobs, on a scheduler of PortalKit's own (the host needs no @EnableScheduling). A job
     * exists only when its module is installed; a failing run is logged and the next one retries.
     */
    public static class Jobs {

        /** Whether any PortalKit job runs in this instance. */
        private boolean enabled = true;

        /** Sends queued e-mail (EmailService.deliverPending); needs messaging and an e-mail sender. */
        private final Job emailDelivery = new Job(true, Duration.ofSeconds(10), 50);

        /** Renews due subscriptions (SubscriptionService.renewDue); needs billing. */
        private final Job renewals = new Job(true, Duration.ofMinutes(1), 50);

        /** Settles payments left PROCESSING (PaymentService.reconcile); needs billing. */
        private final Job reconciliation = new Job(true, Duration.ofMinutes(5), 50);

        /**
         * Seals the audit trail (ActivityLog.seal) on this scheduler instead of the Portal's own thread
         * (portalkit.audit.background-sealing is then off).
         */
        private final Schedule auditSealing = new Schedule(false, Duration.ofSeconds(1));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Job getEmailDelivery() {
            return emailDelivery;
        }

        public Job getRenewals() {
            return renewals;
        }

        public Job getReconciliation() {
            return reconciliation;
        }

        public Schedule getAuditSealing() {
            return auditSealing;
        }

        /** When a job runs. */
        public static class Schedule {

            /** Whether the job runs. */
            private boolean enabled;

            /** Pause between the end of one run and the start of the next. */
            private Duration interval;

            public Schedule() {
            }

            Schedule(boolean enabled, Duration interval) {
                this.enabled = enabled;
                this.interval = interval;
            }

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getInterval() {
                return interval;
            }

            public void setInterval(Duration interval) {
                this.interval = interval;
            }
        }

        /** A job that handles a batch of rows per run. */
        public static class Job extends Schedule {

            /** Most rows one run handles, 1 to 1000. */
            private int batchSize;

            public Job() {
            }

            Job(boolean enabled, Duration interval, int batchSize) {
                super(enabled, interval);
                this.batchSize = batchSize;
            }

            public int getBatchSize() {
                return batchSize;
            }

            public void setBatchSize(int batchSize) {
                this.batchSize = batchSize;
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
