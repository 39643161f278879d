package dev.portalkit.examples;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.LoggingEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.SmtpEmailSender;
import dev.portalkit.messaging.SmtpSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A host application embedding every PortalKit module: a small web portal (JSON API and one HTML
 * page) with its own HTTP layer ({@link WebServer}), a background loop ({@link BackgroundJobs}) and
 * demo data written on first start ({@link Seed}).
 *
 * <p>Configuration (arguments win over the environment):
 * <ul>
 *   <li>{@code --port=N} / {@code PORTALKIT_PORT}: default 8080; {@code 0} picks a free port.
 *       {@code --host=H} / {@code PORTALKIT_HOST}: default 127.0.0.1 (this machine only).</li>
 *   <li>{@code --jdbc-url=URL} / {@code PORTALKIT_JDBC_URL}, with {@code PORTALKIT_USERNAME} and
 *       {@code PORTALKIT_PASSWORD} from the environment: an existing PostgreSQL server. Without one,
 *       an embedded PostgreSQL whose data directory is {@code ~/.portalkit/example-db}, run
 *       durably (fsync on), so what the example stores survives restarts.</li>
 *   <li>{@code PORTALKIT_MIGRATION_JDBC_URL} (+ {@code _USERNAME}, {@code _PASSWORD}): migrate on a
 *       connection of its own, e.g. straight to PostgreSQL, as the schema's owner, when the URL above
 *       goes through a transaction pooler such as PgBouncer.</li>
 *   <li>{@code PORTALKIT_SMTP_HOST} (+ {@code _PORT}, {@code _SECURITY}, {@code _USERNAME},
 *       {@code _PASSWORD}): send e-mail by SMTP; otherwise e-mail is only logged (recipient and
 *       subject). {@code PORTALKIT_MAIL_FROM}: the sender address.</li>
 *   <li>{@code PORTALKIT_ADMIN_PASSWORD}: the seeded admin's password; otherwise one is generated
 *       into {@code ~/.portalkit/example-admin-password} (mode 600), never printed.</li>
 *   <li>{@code PORTALKIT_COOKIE_SECURE=true}: mark the session cookie {@code Secure} (behind TLS).</li>
 *   <li>{@code PORTALKIT_TOTP_KEY}: the key two-factor secrets are encrypted under, 32 bytes in URL-safe
 *       base64; otherwise one is generated once into {@code ~/.portalkit/example-totp-key} (mode 600).</li>
 * </ul>
 */
public final class ExampleApp {

    private ExampleApp() {
    }

    /** What the application needs; tests build one for the test kit's database and a random port. */
    record Settings(String host, int port, String jdbcUrl, String username, String password, Direct migrations,
                    int bcryptCost, Clock clock, PaymentGateway gateway, EmailSender sender, String mailFrom,
                    String adminPassword, Duration jobInterval, boolean secureCookies, byte[] totpKey) {

        Settings withDatabase(String url, String user, String pass) {
            return new Settings(host, port, url, user, pass, migrations, bcryptCost, clock, gateway, sender, mailFrom,
                    adminPassword, jobInterval, secureCookies, totpKey);
        }

        /** Migrations on their own connection: a direct one when the pool goes through a transaction pooler. */
        Settings withMigrations(String url, String user, String pass) {
            return new Settings(host, port, jdbcUrl, username, password, new Direct(url, user, pass), bcryptCost, clock,
                    gateway, sender, mailFrom, adminPassword, jobInterval, secureCookies, totpKey);
        }

        static Settings defaults() {
            return new Settings("127.0.0.1", 8080, null, null, null, null, 12, Clock.systemUTC(), new InMemoryPaymentGateway(),
                    new LoggingEmailSender(), "PortalKit example <no-reply@example.com>", null, Duration.ofSeconds(10),
                    false, null);
        }

        static Settings from(String[] args, Map<String, String> env) throws IOException {
            Settings d = defaults();
            String host = arg(args, "host", env.getOrDefault("PORTALKIT_HOST", d.host()));
            String portText = arg(args, "port", env.getOrDefault("PORTALKIT_PORT", String.valueOf(d.port())));
            int port;
            try {
                port = Integer.parseInt(portText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port (PORTALKIT_PORT) must be a number from 0 to 65535, not '"
                        + portText + "'");
            }
            String url = blankToNull(arg(args, "jdbc-url", env.get("PORTALKIT_JDBC_URL")));
            EmailSender sender = d.sender();
            String smtpHost = blankToNull(env.get("PORTALKIT_SMTP_HOST"));
            if (smtpHost != null) {
                SmtpSettings.Builder smtp = SmtpSettings.builder().host(smtpHost);
                if (env.get("PORTALKIT_SMTP_PORT") != null) {
                    smtp.port(Integer.parseInt(env.get("PORTALKIT_SMTP_PORT")));
                }
                if (env.get("PORTALKIT_SMTP_SECURITY") != null) {
                    smtp.security(SmtpSettings.Security.valueOf(env.get("PORTALKIT_SMTP_SECURITY")));
                }
                if (env.get("PORTALKIT_SMTP_USERNAME") != null) {
                    smtp.credentials(env.get("PORTALKIT_SMTP_USERNAME"), env.get("PORTALKIT_SMTP_PASSWORD"));
                }
                sender = new SmtpEmailSender(smtp.build());
            }
            String from = env.getOrDefault("PORTALKIT_MAIL_FROM", d.mailFrom());
            String migrationUrl = blankToNull(env.get("PORTALKIT_MIGRATION_JDBC_URL"));
            Direct migrations = migrationUrl == null ? null
                    : new Direct(migrationUrl, env.get("PORTALKIT_MIGRATION_USERNAME"), env.get("PORTALKIT_MIGRATION_PASSWORD"));
            return new Settings(host, port, url, env.get("PORTALKIT_USERNAME"), env.get("PORTALKIT_PASSWORD"), migrations,
                    d.bcryptCost(), d.clock(), d.gateway(), sender, from, ExampleApp.adminPassword(env), d.jobInterval(),
                    "true".equalsIgnoreCase(env.get("PORTALKIT_COOKIE_SECURE")),
                    Base64.getUrlDecoder().decode(Seed.secret(env.get("PORTALKIT_TOTP_KEY"), totpKeyFile(), 32)));
        }
    }

    /** A connection that reaches PostgreSQL itself, for migrations; its password is never printed. */
    record Direct(String jdbcUrl, String username, String password) {

        DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(username);
            ds.setPassword(password);
            return ds;
        }

        @Override
        public String toString() {
            return "Direct[jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
        }
    }

    /** The running application: its Portal, web server and background loop. Closing stops all three. */
    record Running(Portal portal, WebServer web, BackgroundJobs jobs, URI url) implements AutoCloseable {

        @Override
        public void close() {
            try {
                web.close();
                jobs.close();
            } finally {
                portal.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args, System.getenv());
        EmbeddedPostgres embedded = null;
        if (settings.jdbcUrl() == null) {
            embedded = startEmbedded();
            settings = settings.withDatabase("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres",
                    "postgres", null);
        }
        Running app;
        try {
            app = start(settings);
        } catch (IOException | RuntimeException e) {
            closeQuietly(embedded);
            if (e instanceof BindException) {
                System.err.println("Port " + settings.port() + " on " + settings.host() + " is taken: pass another"
                        + " one, e.g. -Dexec.args=--port=9090 (or PORTALKIT_PORT=9090).");
                System.exit(2);
            }
            throw e;
        }
        EmbeddedPostgres pg = embedded;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the PortalKit example...");
            app.close();
            closeQuietly(pg);
            stopped.countDown();
        }, "example-shutdown"));
        if (blankToNull(System.getenv("PORTALKIT_ADMIN_PASSWORD")) == null) {
            System.out.println("Admin account: " + Seed.ADMIN_EMAIL + ", password in " + adminPasswordFile());
        }
        System.out.println();
        System.out.println("PortalKit example is running at " + app.url() + "  (Ctrl+C to stop)");
        System.out.println();
        stopped.await();
    }

    /** Builds and migrates the Portal, seeds demo data, starts the web server and the background loop. */
    static Running start(Settings s) throws IOException {
        Portal portal = portal(s);
        try {
            Seed.ensure(portal, s.adminPassword());
            WebServer web = new WebServer(new InetSocketAddress(s.host(), s.port()),
                    portal.service(AuthService.class), s.secureCookies());
            new Api(portal, s.clock(), web).register();
            BackgroundJobs jobs = new BackgroundJobs(portal, s.clock());
            web.start();
            if (!s.jobInterval().isZero()) {
                jobs.start(s.jobInterval());
            }
            String host = s.host().equals("0.0.0.0") || s.host().equals("127.0.0.1") ? "localhost" : s.host();
            return new Running(portal, web, jobs, URI.create("http://" + host + ":" + web.port() + "/"));
        } catch (IOException | RuntimeException e) {
            portal.close();
            throw e;
        }
    }

    /** Builds the Portal with every module and migrates it, on the migration connection when one is set. */
    static Portal portal(Settings s) {
        Portal.Builder builder = Portal.builder().jdbcUrl(s.jdbcUrl()).username(s.username()).password(s.password())
                .clock(s.clock());
        if (s.migrations() != null) {
            builder.migrationDataSource(s.migrations().dataSource());
        }
        return withModules(builder, s).build();
    }

    /** Every module, with the in-memory payment gateway and an e-mail sender that only logs. */
    static Portal.Builder withModules(Portal.Builder builder) {
        return withModules(builder, Settings.defaults());
    }

    static Portal.Builder withModules(Portal.Builder builder, Settings s) {
        return builder.install(modules(s).toArray(PortalModule[]::new));
    }

    static List<PortalModule> modules(Settings s) {
        return List.of(
                // The host key two-factor secrets are encrypted under: from the host's configuration, never the database.
                new AuthModule(AuthOptions.builder().bcryptCost(s.bcryptCost())
                        .totpKey("example-1", s.totpKey() != null ? s.totpKey() : randomKey()).totpIssuer("PortalKit example")
                        .build()),
                new BillingModule(BillingOptions.builder().gateway(s.gateway()).build()),
                new ContentModule(),
                new MessagingModule(MessagingOptions.builder().from(s.mailFrom()).sender(s.sender()).build()));
    }

    static EmbeddedPostgres startEmbedded() throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: run the example as an unprivileged"
                    + " user, or set PORTALKIT_JDBC_URL (and PORTALKIT_USERNAME, PORTALKIT_PASSWORD) to use a server.");
        }
        Path data = Path.of(System.getProperty("user.home"), ".portalkit", "example-db");
        Files.createDirectories(data.getParent());
        System.out.println("Embedded PostgreSQL, data in " + data);
        // Durable settings: this data directory is meant to be kept, unlike the test kit's.
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // Stopped by our own shutdown hook, after the web server and the background loop, so a
                // pass in progress finishes against a live database.
                .setRegisterShutdownHook(false)
                .start();
    }

    /** Where the generated key for two-factor secrets is kept when PORTALKIT_TOTP_KEY is not set. */
    static Path totpKeyFile() {
        return Path.of(System.getProperty("user.home"), ".portalkit", "example-totp-key");
    }

    static Path adminPasswordFile() {
        return Path.of(System.getProperty("user.home"), ".portalkit", "example-admin-password");
    }

    /** From the environment, else from a file only this user may read, created on first start. */
    private static String adminPassword(Map<String, String> env) throws IOException {
        return Seed.adminPassword(env.get("PORTALKIT_ADMIN_PASSWORD"), adminPasswordFile());
    }

    static void report(Portal portal) throws SQLException {
        System.out.println("PortalKit is ready in schema '" + portal.schema() + "'. Tables it created:");
        try (Connection c = portal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT t.table_name,
                            (SELECT count(*) FROM information_schema.columns col
                              WHERE col.table_schema = t.table_schema AND col.table_name = t.table_name) AS columns
                       FROM information_schema.tables t
                      WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE'
                        AND (quote_ident(t.table_schema) || '.' || quote_ident(t.table_name))::regclass
                            NOT IN (SELECT inhrelid FROM pg_inherits) -- a partition is its parent's rows
                      ORDER BY t.table_name""")) {
            ps.setString(1, portal.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.printf("  %s.%-32s %2d columns%n", portal.schema(), rs.getString(1), rs.getInt(2));
                }
            }
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }

    private static String blankToNull(String s) {
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

    /** A key for this process only (tests, the default settings): secrets enrolled under it die with it. */
    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }
}
