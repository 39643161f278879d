package dev.portalkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole example application, started as {@code main} would start it (migrations, seed, web
 * server), on a database of the test kit's server and a free port, with the in-memory
 * gateway and e-mail sender so tests can look at what left the application.
 */
final class RunningApp implements AutoCloseable {

    static final String ADMIN_PASSWORD = "admin password for tests";

    final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    final InMemoryEmailSender mail = new InMemoryEmailSender();
    final TestDatabase database;
    final ExampleApp.Running app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningApp(Clock clock, Duration jobInterval, boolean secureCookies) throws IOException {
        ExampleApp.Settings s = new ExampleApp.Settings("127.0.0.1", 0, null, null, null, null, 4, clock, gateway, mail,
                "Example <no-reply@example.com>", ADMIN_PASSWORD, jobInterval, secureCookies, null);
        // A clone of a template migrated once per JVM: the application's own migration run then finds
        // nothing pending, as on a restart, and each test class still seeds a database of its own.
        database = TestDatabases.migrated("portal", ExampleApp.modules(s));
        // Migrations as the README says for a pooler or two roles: direct, as the schema's owner.
        s = s.withDatabase(database.jdbcUrl(), database.username(), database.password())
                .withMigrations(database.directJdbcUrl(), database.ownerUsername(), database.ownerPassword());
        try {
            app = ExampleApp.start(s);
        } catch (IOException | RuntimeException e) {
            TestDatabases.server().dropDatabase(database.name());
            throw e;
        }
    }

    static RunningApp withTestClock(TestClock clock) throws IOException {
        return new RunningApp(clock, Duration.ZERO, false);
    }

    /** As started with {@code PORTALKIT_COOKIE_SECURE=true} (behind TLS). */
    static RunningApp withSecureCookies(TestClock clock) throws IOException {
        return new RunningApp(clock, Duration.ZERO, true);
    }

    URI url() {
        return app.url();
    }

    /** One HTTP answer; {@code json} is null when the body is not JSON. */
    record Answer(int status, String body, JsonNode json, HttpHeaders headers) {
        String cookie() {
            return headers.firstValue("Set-Cookie").orElse("");
        }
    }

    Answer call(String method, String path, String jsonBody, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = WebServer.JSON.readTree(r.body());
        }
        return new Answer(r.statusCode(), r.body(), json, r.headers());
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            TestDatabases.server().dropDatabase(database.name());
        }
    }
}
