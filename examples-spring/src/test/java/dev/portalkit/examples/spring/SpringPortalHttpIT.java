package dev.portalkit.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.content.FormService;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PageRequest;
import dev.portalkit.examples.Seed;
import dev.portalkit.examples.spring.Http.Answer;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every API flow of the Spring example over real HTTP against the application on a random port and a
 * database of the test kit, each error status included: the same walk as the plain example's
 * PortalHttpIT, answered by Spring MVC controllers. The clock is a test clock; the scheduled jobs are
 * off, and the tests run their work by hand.
 */
@ExtendWith(ExampleDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "example.admin-password=" + SpringPortalHttpIT.ADMIN_PASSWORD,
        "portalkit.auth.bcrypt-cost=4",
        "portalkit.jobs.enabled=false"})
@Import(TestBeans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringPortalHttpIT {

    static final String ADMIN_PASSWORD = "admin password for tests";
    static final String PASSWORD = "correct horse battery staple";
    static final List<String> SECRETS = new ArrayList<>(List.of(PASSWORD, ADMIN_PASSWORD));
    static CapturedErr log;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ExampleDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    PaymentGateway paymentGateway;
    @Autowired
    InMemoryEmailSender mail;
    @Autowired
    EmailService emails;
    @Autowired
    SubscriptionService subscriptions;
    @Autowired
    PaymentService payments;
    @Autowired
    FormService forms;

    Http http;
    InMemoryPaymentGateway gateway;

    @BeforeAll
    static void captureTheLog() {
        log = CapturedErr.startWithOut();
    }

    @AfterAll
    static void stopCapturing() {
        log.close();
    }

    @BeforeEach
    void client() {
        http = new Http(port);
        gateway = (InMemoryPaymentGateway) paymentGateway;
    }

    // ----- helpers -----

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    Answer post(String path, String json, String... headers) throws Exception {
        return http.post(path, json, headers);
    }

    Answer get(String path, String... headers) throws Exception {
        return http.get(path, headers);
    }

    static String json(Object... pairs) {
        return Http.json(pairs);
    }

    void signUp(String email, String name) throws Exception {
        Answer a = post("/api/signup", json("email", email, "password", PASSWORD, "displayName", name));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    /** Logs in and returns the session cookie pair ("pk_session=..."). */
    String logIn(String email, String password) throws Exception {
        Answer a = post("/api/login", json("email", email, "password", password));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String cookie = a.cookie();
        String pair = cookie.substring(0, cookie.indexOf(';'));
        SECRETS.add(pair.substring(pair.indexOf('=') + 1));
        return pair;
    }

    String member(String who) throws Exception {
        String email = email(who);
        signUp(email, who);
        return logIn(email, PASSWORD);
    }

    static void assertError(Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json()).as("a JSON error body: " + a.body()).isNotNull();
        assertThat(a.json().path("error").path("status").asInt()).isEqualTo(status);
        assertThat(a.json().path("error").path("code").asString()).isNotBlank();
        assertThat(a.json().path("error").path("requestId").asString()).isNotBlank()
                .isEqualTo(a.headers().firstValue("X-Request-Id").orElse(null));
        assertThat(a.body()).doesNotContain("Exception", "\tat ", "dev.portalkit.", "SQL", "springframework");
    }

    static List<String> fields(Answer a) {
        List<String> out = new ArrayList<>();
        a.json().path("error").path("fields").forEach(f -> out.add(f.path("field").asString()));
        return out;
    }

    String tierId(String code) throws Exception {
        for (JsonNode t : get("/api/tiers").json().path("tiers")) {
            if (t.path("code").asString().equals(code)) {
                return t.path("id").asString();
            }
        }
        throw new AssertionError("no tier " + code);
    }

    // ----- the page -----

    @Test
    @Order(1)
    void servesThePlainExamplesPageItsScriptAndStyleWithSecurityHeaders() throws Exception {
        Answer page = get("/");
        assertThat(page.status()).isEqualTo(200);
        // Tomcat writes it without the space: text/html;charset=utf-8
        assertThat(MediaType.parseMediaType(page.headers().firstValue("Content-Type").orElseThrow()))
                .isEqualTo(MediaType.parseMediaType("text/html; charset=utf-8"));
        assertThat(page.body()).contains("PortalKit example portal", "/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get("/index.html").body()).isEqualTo(page.body());
        assertThat(get("/app.js").body()).contains("textContent");
        assertThat(MediaType.parseMediaType(get("/app.js").headers().firstValue("Content-Type").orElseThrow()))
                .isEqualTo(MediaType.parseMediaType("text/javascript; charset=utf-8"));
        assertThat(get("/app.css").status()).isEqualTo(200);
        assertError(get("/nothing-here"), 404);
        assertError(get("/api/nothing-here"), 404);
        assertError(http.call("DELETE", "/api/tiers", null), 405);
        // JSON whatever Accept asks for (a browser's address bar asks for text/html).
        for (String accept : List.of("text/html", "text/plain", "application/xml")) {
            Answer tiers = get("/api/tiers", "Accept", accept);
            assertThat(tiers.status()).as(accept + ": " + tiers.body()).isEqualTo(200);
            assertThat(tiers.json().path("tiers")).as(accept).hasSize(2);
            assertError(get("/api/me", "Accept", accept), 401);
            assertError(get("/nothing-here", "Accept", accept), 404);
        }
        assertThat(get("/", "Accept", "application/json").body()).contains("PortalKit example portal");
        // No servlet session: the session is PortalKit's, in the cookie the login sets.
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    }

    // ----- accounts -----

    @Test
    @Order(2)
    void signUpLogInWhoAmIAndLogOut() throws Exception {
        String email = email("ann");
        assertError(get("/api/me"), 401);

        Answer bad = post("/api/signup", json("email", "not an address", "password", "short", "displayName", "<b>"));
        assertError(bad, 400);
        assertThat(fields(bad)).contains("email", "password", "displayName");

        Answer created = post("/api/signup", json("email", email, "password", PASSWORD, "displayName", "Ann",
                "company", "Ann's Bakery", "newsletter", true));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("user").path("role").asString()).isEqualTo("MEMBER");
        assertThat(created.body()).doesNotContain(PASSWORD);

        assertError(post("/api/signup", json("email", email.toUpperCase(), "password", PASSWORD, "displayName", "Ann")), 409);
        assertError(post("/api/login", json("email", email, "password", "wrong password entirely")), 401);

        Answer login = post("/api/login", json("email", email, "password", PASSWORD, "returnToken", true));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(login.cookie()).startsWith("pk_session=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure", "Domain", "Max-Age", "JSESSIONID");
        String token = login.json().path("token").asString();
        SECRETS.add(token);
        String cookie = login.cookie().substring(0, login.cookie().indexOf(';'));
        assertThat(cookie).isEqualTo("pk_session=" + token);

        Answer me = get("/api/me", "Cookie", cookie);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("user").path("email").asString()).isEqualTo(email);
        assertThat(me.json().path("unreadMessages").asInt()).isZero();
        assertThat(me.json().path("profile").path("company").asString()).isEqualTo("Ann's Bakery");
        assertThat(me.json().path("profile").path("newsletter").asBoolean()).isTrue();
        assertThat(get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);

        // Without returnToken the body never carries the token: the page only has the HttpOnly cookie.
        Answer pageLogin = post("/api/login", json("email", email, "password", PASSWORD, "rememberMe", true));
        assertThat(pageLogin.json().has("token")).isFalse();
        assertThat(pageLogin.cookie()).contains("Max-Age=2592000");
        SECRETS.add(pageLogin.cookie().substring("pk_session=".length(), pageLogin.cookie().indexOf(';')));

        Answer out = post("/api/logout", "{}", "Cookie", cookie);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.cookie()).startsWith("pk_session=;").contains("Max-Age=0");
        Answer after = get("/api/me", "Cookie", cookie);
        assertError(after, 401);
        assertThat(after.cookie()).as("a 401 clears the cookie").contains("Max-Age=0");
        assertError(get("/api/me", "Authorization", "Bearer not-a-token"), 401);
        assertError(get("/api/me", "Cookie", "pk_session=" + "x".repeat(5000)), 401);
    }

    @Test
    @Order(3)
    void malformedRequestsAreRefusedWithoutAStackTrace() throws Exception {
        Answer broken = post("/api/login", "{\"email\": ");
        assertError(broken, 400);
        assertThat(fields(broken)).containsExactly("body");
        assertError(post("/api/login", "[1, 2]"), 400);
        assertError(http.raw("POST", "/api/login", "{}", "text/plain"), 415);
        assertError(http.raw("POST", "/api/login", null, null), 415);
        // What a cross-site HTML form can send is never read.
        assertError(http.raw("POST", "/api/login", "email=a&password=b", "application/x-www-form-urlencoded"), 415);
        assertError(post("/api/login", "{\"email\": \"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}"), 413);
        String cookie = member("mal");
        Answer badId = post("/api/bookings", json("providerId", "xyz", "start", "tomorrow"), "Cookie", cookie);
        assertError(badId, 400);
        assertThat(fields(badId)).contains("providerId");
        // A member's endpoint answers 401 to an anonymous caller before it reads the body.
        assertError(http.raw("POST", "/api/bookings", "not json", "text/plain"), 401);
    }

    // ----- pricing and subscriptions -----

    @Test
    @Order(4)
    void tiersSubscribeWithAnIdempotencyKeyAndCancel() throws Exception {
        Answer tiers = get("/api/tiers");
        assertThat(tiers.status()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        tiers.json().path("tiers").forEach(t -> codes.add(t.path("code").asString()));
        assertThat(codes).containsExactly("basic", "pro");
        String basic = tierId("basic");

        String cookie = member("sub");
        assertError(post("/api/subscription", json("tierId", basic)), 401);
        assertThat(get("/api/subscription", "Cookie", cookie).json().path("subscription").isNull()).isTrue();
        assertError(post("/api/subscription", json("tierId", "nope"), "Cookie", cookie), 400);

        int charges = gateway.chargeCalls();
        Answer sub = post("/api/subscription", json("tierId", basic), "Cookie", cookie, "Idempotency-Key", "k1");
        assertThat(sub.status()).as(sub.body()).isEqualTo(201);
        assertThat(sub.json().path("subscription").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(sub.json().path("subscription").path("price").asString()).isEqualTo("9.00 EUR");
        assertThat(gateway.chargeCalls()).isEqualTo(charges + 1);

        // The client did not see the answer and sends the same request again: the same subscription, no charge.
        Answer retried = post("/api/subscription", json("tierId", basic), "Cookie", cookie, "Idempotency-Key", "k1");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().path("subscription").path("id").asString())
                .isEqualTo(sub.json().path("subscription").path("id").asString());
        assertThat(gateway.chargeCalls()).isEqualTo(charges + 1);

        assertError(post("/api/subscription", json("tierId", tierId("pro")), "Cookie", cookie), 409);

        Answer cancel = http.call("DELETE", "/api/subscription", null, "Cookie", cookie);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("subscription").path("cancelAtPeriodEnd").asBoolean()).isTrue();
        Answer now = http.call("DELETE", "/api/subscription?now=true", null, "Cookie", cookie);
        assertThat(now.json().path("subscription").path("status").asString()).isEqualTo("CANCELED");
        assertError(http.call("DELETE", "/api/subscription", null, "Cookie", cookie), 404);
    }

    @Test
    @Order(5)
    void aDeclinedCardIs402AndAGatewayTimeoutIs503UntilReconciled() throws Exception {
        String email = email("declined");
        signUp(email, "Dee");
        String cookie = logIn(email, PASSWORD);
        UUID id = UUID.fromString(get("/api/me", "Cookie", cookie).json().path("user").path("id").asString());
        gateway.declineCustomer(id);
        assertError(post("/api/subscription", json("tierId", tierId("basic")), "Cookie", cookie), 402);
        gateway.clearDeclines();

        String other = member("timeout");
        gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        Answer unknown = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", other, "Idempotency-Key", "t1");
        assertError(unknown, 503);
        assertThat(unknown.headers().firstValue("Retry-After")).hasValue("1");

        // The reconciliation job settles the payment from the gateway's record...
        assertThat(payments.reconcile(50, CallContext.system("test-reconcile")).succeeded()).isGreaterThanOrEqualTo(1);
        // ...and the same request, retried with its key, completes without a second charge.
        int charges = gateway.chargeCalls();
        Answer retried = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", other, "Idempotency-Key", "t1");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(gateway.chargeCalls()).isEqualTo(charges);
    }

    // ----- bookings -----

    @Test
    @Order(6)
    void freeSlotsBookAndListMyBookings() throws Exception {
        Answer providers = get("/api/providers");
        assertThat(providers.json().path("providers")).hasSize(1);
        JsonNode provider = providers.json().path("providers").get(0);
        assertThat(provider.path("timeZone").asString()).isEqualTo("Europe/Paris");
        assertThat(provider.path("slotMinutes").asInt()).isEqualTo(30);
        String providerId = provider.path("id").asString();

        Answer slots = get("/api/providers/" + providerId + "/slots?days=2");
        assertThat(slots.status()).isEqualTo(200);
        JsonNode first = slots.json().path("slots").get(0);
        // Minimum notice is 2 hours: 06:00Z now, so 08:00Z (09:00 in Paris) is the first slot.
        assertThat(first.path("start").asString()).isEqualTo("2026-03-02T08:00:00Z");
        assertError(get("/api/providers/" + providerId + "/slots?days=99"), 400);
        assertError(get("/api/providers/" + providerId + "/slots?from=yesterday"), 400);
        assertError(get("/api/providers/not-an-id/slots"), 400);
        assertError(get("/api/providers/" + UUID.randomUUID() + "/slots"), 404);

        String ann = member("booker");
        assertError(post("/api/bookings", json("providerId", providerId, "start", first.path("start").asString())), 401);
        Answer booked = post("/api/bookings", json("providerId", providerId, "start", first.path("start").asString(),
                "timeZone", "America/New_York", "title", "First session"), "Cookie", ann);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().path("booking").path("end").asString()).isEqualTo("2026-03-02T08:30:00Z");

        String bob = member("rival");
        assertError(post("/api/bookings", json("providerId", providerId, "start", first.path("start").asString()),
                "Cookie", bob), 409);
        assertError(post("/api/bookings", json("providerId", providerId, "start", "2026-03-02T03:00:00Z"),
                "Cookie", bob), 400);
        // Only a user with working hours can be booked: not the admin, not another member.
        String adminId = get("/api/me", "Cookie", logIn(Seed.ADMIN_EMAIL, ADMIN_PASSWORD)).json()
                .path("user").path("id").asString();
        String annId = get("/api/me", "Cookie", ann).json().path("user").path("id").asString();
        for (String notAProvider : List.of(adminId, annId)) {
            Answer refused = post("/api/bookings", json("providerId", notAProvider, "start", "2026-03-02T10:00:00Z"),
                    "Cookie", bob);
            assertError(refused, 400);
            assertThat(refused.json().path("error").path("code").asString()).isEqualTo("PK-3103");
            assertThat(fields(refused)).containsExactly("providerId");
        }

        JsonNode mine = get("/api/bookings", "Cookie", ann).json().path("bookings");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("title").asString()).isEqualTo("First session");
        assertThat(get("/api/bookings", "Cookie", bob).json().path("bookings")).isEmpty();
        JsonNode after = get("/api/providers/" + providerId + "/slots?days=2").json().path("slots");
        assertThat(after.get(0).path("start").asString()).isEqualTo("2026-03-02T08:30:00Z");
    }

    // ----- content -----

    @Test
    @Order(7)
    void publishedResourcesAndTheirSteps() throws Exception {
        List<String> slugs = new ArrayList<>();
        get("/api/resources").json().path("resources").forEach(r -> slugs.add(r.path("slug").asString()));
        assertThat(slugs).containsExactlyInAnyOrder("getting-started", "preparing-a-session");
        Answer one = get("/api/resources/getting-started");
        assertThat(one.json().path("resource").path("steps")).hasSize(3);
        assertThat(one.json().path("resource").path("steps").get(0).path("title").asString()).isEqualTo("Create an account");
        assertError(get("/api/resources/no-such-guide"), 404);
    }

    @Test
    @Order(8)
    void contactFormWithHoneypotAndRateLimit() throws Exception {
        Answer bad = post("/api/contact", json("name", "", "email", "nope", "message", "Hi"));
        assertError(bad, 400);
        assertThat(fields(bad)).contains("name", "email");

        Answer ok = post("/api/contact", json("name", "Carla", "email", "carla@example.com", "subject", "Hello",
                "message", "Do you open on Sundays?"));
        assertThat(ok.status()).isEqualTo(201);
        Answer bot = post("/api/contact", json("name", "Bot", "email", "bot@example.com", "message", "Buy now",
                "website", "http://spam.example"));
        assertThat(bot.status()).isEqualTo(201);
        assertThat(bot.body()).isEqualTo(ok.body());
        assertThat(forms.list(SubmissionQuery.all(), PageRequest.first(50)).items())
                .extracting(s -> s.name()).containsExactly("Carla");

        // 5 per 10 minutes from one address: 4 more pass, the next is 429.
        for (int i = 0; i < 4; i++) {
            assertThat(post("/api/contact", json("name", "Carla", "email", "carla@example.com", "message", "Again " + i))
                    .status()).isEqualTo(201);
        }
        assertError(post("/api/contact", json("name", "Carla", "email", "carla@example.com", "message", "Once more")), 429);
    }

    // ----- messages -----

    @Test
    @Order(9)
    void inboxSendMessageAndUnreadCount() throws Exception {
        String ann = member("writer");
        String bobEmail = email("reader");
        signUp(bobEmail, "Bob");
        String bob = logIn(bobEmail, PASSWORD);
        assertError(get("/api/messages"), 401);

        Answer sent = post("/api/messages", json("to", bobEmail, "subject", "Hello", "body", "See you Monday"),
                "Cookie", ann);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        Answer unknown = post("/api/messages", json("to", "nobody@example.com", "subject", "Hi", "body", "?"),
                "Cookie", ann);
        assertError(unknown, 400);
        assertThat(fields(unknown)).containsExactly("to");

        assertThat(get("/api/messages/unread-count", "Cookie", bob).json().path("unread").asInt()).isEqualTo(1);
        JsonNode inbox = get("/api/messages", "Cookie", bob).json().path("messages");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("fromName").asString()).isEqualTo("writer");
        assertThat(inbox.get(0).path("body").asString()).isEqualTo("See you Monday");
        String id = inbox.get(0).path("id").asString();

        // Ann cannot mark Bob's message read: it is not hers, and she cannot learn it exists.
        assertError(post("/api/messages/" + id + "/read", "{}", "Cookie", ann), 404);
        assertError(post("/api/messages/not-an-id/read", "{}", "Cookie", bob), 400);
        assertThat(post("/api/messages/" + id + "/read", "{}", "Cookie", bob).status()).isEqualTo(200);
        assertThat(get("/api/messages/unread-count", "Cookie", bob).json().path("unread").asInt()).isZero();
        assertThat(get("/api/me", "Cookie", bob).json().path("unreadMessages").asInt()).isZero();
        assertThat(get("/api/messages", "Cookie", ann).json().path("messages")).isEmpty();
    }

    // ----- administration -----

    @Test
    @Order(10)
    void recentActivityIsForAdminsOnly() throws Exception {
        assertError(get("/api/admin/activity"), 401);
        assertError(get("/api/admin/activity", "Cookie", member("nosy")), 403);
        String admin = logIn(Seed.ADMIN_EMAIL, ADMIN_PASSWORD);
        assertError(get("/api/admin/activity?limit=0", "Cookie", admin), 400);
        Answer activity = get("/api/admin/activity?limit=200", "Cookie", admin);
        assertThat(activity.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        activity.json().path("activity").forEach(e -> actions.add(e.path("action").asString()));
        assertThat(actions).contains("auth.login_succeeded", "user.registered", "booking.created");
        // The audit trail has the client's address, from the request (CallContext).
        assertThat(activity.json().path("activity").get(0).path("ip").asString()).isEqualTo("127.0.0.1");
    }

    // ----- the jobs' work -----

    @Test
    @Order(11)
    void welcomeEmailIsDeliveredAndASubscriptionRenewsAMonthLater() throws Exception {
        String email = email("loop");
        signUp(email, "Lou");
        emails.deliverPending(50, CallContext.system("mail-worker"));
        assertThat(mail.sentTo(email)).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("Welcome, Lou"));

        String cookie = logIn(email, PASSWORD);
        Answer sub = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", cookie);
        String periodEnd = sub.json().path("subscription").path("currentPeriodEnd").asString();

        clock.set(Instant.parse(periodEnd).plus(Duration.ofMinutes(1)));
        assertThat(subscriptions.renewDue(clock.instant(), 50).renewed()).isGreaterThanOrEqualTo(1);
        // The session idled out while a month passed: sign in again.
        assertError(get("/api/subscription", "Cookie", cookie), 401);
        cookie = logIn(email, PASSWORD);
        JsonNode renewed = get("/api/subscription", "Cookie", cookie).json().path("subscription");
        assertThat(renewed.path("periodIndex").asInt()).isEqualTo(1);
        assertThat(renewed.path("currentPeriodStart").asString()).isEqualTo(periodEnd);
    }

    // ----- operations -----

    @Test
    @Order(12)
    void actuatorHealthShowsPortalKitUpAndMetricsListPortalKitCalls() throws Exception {
        Answer health = get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("portalkit").path("status").asString()).as(health.body())
                .isEqualTo("UP");
        assertThat(health.json().path("components").path("portalkit").has("details"))
                .as("components only: this endpoint is public").isFalse();

        Answer metrics = get("/actuator/metrics");
        List<String> names = new ArrayList<>();
        metrics.json().path("names").forEach(n -> names.add(n.asString()));
        assertThat(names).contains("portalkit.calls");
        Answer calls = get("/actuator/metrics/portalkit.calls");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.json().path("measurements").get(0).path("value").asDouble()).isPositive();
        // health and metrics only.
        assertThat(get("/actuator/env").status()).isEqualTo(404);
        assertThat(get("/actuator/beans").status()).isEqualTo(404);
    }

    @Test
    @Order(13)
    void eightSimultaneousRetriesOfOneSubscribeRequestChargeOnce() throws Exception {
        String cookie = member("burst");
        String basic = tierId("basic");
        int charges = gateway.chargeCalls();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post("/api/subscription", json("tierId", basic), "Cookie", cookie, "Idempotency-Key", "burst-1");
                }));
            }
            go.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<Answer> f : answers) {
                Answer a = f.get();
                // The one that charges, and any that find it done: 201, the same subscription. One that
                // arrives while the charge is in flight: 503 with Retry-After. Never a second charge.
                // A copy that looked for the key just before the first claimed it, and for a live
                // subscription just after the first finished, is a replay too (billing's KeyedCalls
                // looks for the key again when the plan is refused): never 409.
                if (a.status() == 201) {
                    ids.add(a.json().path("subscription").path("id").asString());
                } else {
                    assertError(a, 503);
                    assertThat(a.headers().firstValue("Retry-After")).hasValue("1");
                }
            }
            assertThat(ids).isNotEmpty();
            assertThat(ids.stream().distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(gateway.chargeCalls()).isEqualTo(charges + 1);
        Answer again = post("/api/subscription", json("tierId", basic), "Cookie", cookie, "Idempotency-Key", "burst-1");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(get("/api/subscription", "Cookie", cookie).json().path("subscription").path("id").asString())
                .isEqualTo(again.json().path("subscription").path("id").asString());
        assertThat(gateway.chargeCalls()).isEqualTo(charges + 1);
    }

    @Test
    @Order(99)
    void noPasswordOrSessionTokenReachedTheLog() {
        String text = log.text();
        assertThat(text).contains("POST /api/login 200");
        for (String secret : SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
