package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalkit.billing.InMemoryPaymentGateway.Outcome;
import dev.portalkit.content.FormService;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.examples.RunningApp.Answer;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every API flow of the example over real HTTP ({@link java.net.http.HttpClient}) against the
 * application started on a free port and a database of the test kit, including each error status.
 * The clock is a test clock so renewals can be made due; the background loop is driven by hand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalHttpIT {

    static final String PASSWORD = "correct horse battery staple";
    static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T06:00:00Z"));
    static final List<String> SECRETS = new ArrayList<>();
    static CapturedErr log;
    static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        // slf4j-simple writes to System.err at each call: keep a copy to prove no secret is logged.
        log = CapturedErr.start();
        SECRETS.add(PASSWORD);
        SECRETS.add(RunningApp.ADMIN_PASSWORD);
        app = RunningApp.withTestClock(CLOCK);
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            log.close();
        }
    }

    // ----- helpers -----

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static Answer post(String path, String json, String... headers) throws Exception {
        return app.call("POST", path, json, headers);
    }

    static Answer get(String path, String... headers) throws Exception {
        return app.call("GET", path, null, headers);
    }

    static String json(Object... pairs) throws Exception {
        var node = WebServer.JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], WebServer.JSON.valueToTree(pairs[i + 1]));
        }
        return WebServer.JSON.writeValueAsString(node);
    }

    static void signUp(String email, String name) throws Exception {
        Answer a = post("/api/signup", json("email", email, "password", PASSWORD, "displayName", name));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    /** Logs in and returns the session cookie header value ("pk_session=..."). */
    static String logIn(String email, String password) throws Exception {
        Answer a = post("/api/login", json("email", email, "password", password));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String cookie = a.cookie();
        String pair = cookie.substring(0, cookie.indexOf(';'));
        SECRETS.add(pair.substring(pair.indexOf('=') + 1));
        return pair;
    }

    static String member(String who) throws Exception {
        String email = email(who);
        signUp(email, who);
        return logIn(email, PASSWORD);
    }

    static void assertError(Answer a, int status) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json()).as("a JSON error body: " + a.body()).isNotNull();
        assertThat(a.json().path("error").path("status").asInt()).isEqualTo(status);
        assertThat(a.json().path("error").path("requestId").asText()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception", "\tat ", "dev.portalkit.", "SQL");
    }

    static List<String> fields(Answer a) {
        List<String> out = new ArrayList<>();
        a.json().path("error").path("fields").forEach(f -> out.add(f.path("field").asText()));
        return out;
    }

    // ----- the page -----

    @Test
    @Order(1)
    void servesThePageItsScriptAndStyleWithSecurityHeaders() throws Exception {
        Answer page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("PortalKit example portal", "/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(get("/app.js").body()).contains("textContent");
        assertThat(get("/app.css").status()).isEqualTo(200);
        assertError(get("/nothing-here"), 404);
        assertError(app.call("DELETE", "/api/tiers", null), 405);
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

        Answer created = post("/api/signup", json("email", email, "password", PASSWORD, "displayName", "Ann"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("user").path("role").asText()).isEqualTo("MEMBER");
        assertThat(created.body()).doesNotContain(PASSWORD);

        assertError(post("/api/signup", json("email", email.toUpperCase(), "password", PASSWORD, "displayName", "Ann")), 409);
        assertError(post("/api/login", json("email", email, "password", "wrong password entirely")), 401);

        Answer login = post("/api/login", json("email", email, "password", PASSWORD, "returnToken", true));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.cookie()).startsWith("pk_session=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure", "Domain");
        String token = login.json().path("token").asText();
        SECRETS.add(token);
        String cookie = login.cookie().substring(0, login.cookie().indexOf(';'));
        assertThat(cookie).isEqualTo("pk_session=" + token);

        Answer me = get("/api/me", "Cookie", cookie);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("user").path("email").asText()).isEqualTo(email);
        assertThat(get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);

        // Without returnToken the body never carries the token: the page only has the HttpOnly cookie.
        Answer pageLogin = post("/api/login", json("email", email, "password", PASSWORD));
        assertThat(pageLogin.json().has("token")).isFalse();
        SECRETS.add(pageLogin.cookie().substring("pk_session=".length(), pageLogin.cookie().indexOf(';')));

        Answer out = post("/api/logout", "{}", "Cookie", cookie);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.cookie()).contains("Max-Age=0");
        assertError(get("/api/me", "Cookie", cookie), 401);
        assertError(get("/api/me", "Authorization", "Bearer not-a-token"), 401);
    }

    @Test
    @Order(3)
    void malformedRequestsAreRefusedWithoutAStackTrace() throws Exception {
        Answer broken = post("/api/login", "{\"email\": ");
        assertError(broken, 400);
        assertThat(fields(broken)).containsExactly("body");
        assertError(post("/api/login", "[1, 2]"), 400);
        assertError(app.call("POST", "/api/login", null, "Content-Type", "text/plain"), 415);
        assertError(post("/api/login", "{\"email\": \"" + "x".repeat(WebServer.MAX_BODY_BYTES) + "\"}"), 413);
        String cookie = member("mal");
        Answer badId = post("/api/bookings", json("providerId", "xyz", "start", "tomorrow"), "Cookie", cookie);
        assertError(badId, 400);
        assertThat(fields(badId)).contains("providerId");
    }

    // ----- pricing and subscriptions -----

    @Test
    @Order(4)
    void tiersSubscribeAndCancel() throws Exception {
        Answer tiers = get("/api/tiers");
        assertThat(tiers.status()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        tiers.json().path("tiers").forEach(t -> codes.add(t.path("code").asText()));
        assertThat(codes).containsExactly("basic", "pro");
        String basic = tierId("basic");

        String cookie = member("sub");
        assertError(post("/api/subscription", json("tierId", basic)), 401);
        assertThat(get("/api/subscription", "Cookie", cookie).json().path("subscription").isNull()).isTrue();
        assertError(post("/api/subscription", json("tierId", "nope"), "Cookie", cookie), 400);

        Answer sub = post("/api/subscription", json("tierId", basic), "Cookie", cookie, "Idempotency-Key", "k1");
        assertThat(sub.status()).as(sub.body()).isEqualTo(201);
        assertThat(sub.json().path("subscription").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(sub.json().path("subscription").path("price").asText()).isEqualTo("9.00 EUR");
        assertError(post("/api/subscription", json("tierId", tierId("pro")), "Cookie", cookie), 409);

        Answer cancel = app.call("DELETE", "/api/subscription", null, "Cookie", cookie);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("subscription").path("cancelAtPeriodEnd").asBoolean()).isTrue();
        Answer now = app.call("DELETE", "/api/subscription?now=true", null, "Cookie", cookie);
        assertThat(now.json().path("subscription").path("status").asText()).isEqualTo("CANCELED");
        assertError(app.call("DELETE", "/api/subscription", null, "Cookie", cookie), 404);
    }

    @Test
    @Order(5)
    void aDeclinedCardIs402AndAGatewayTimeoutIs503UntilReconciled() throws Exception {
        String email = email("declined");
        signUp(email, "Dee");
        String cookie = logIn(email, PASSWORD);
        UUID id = UUID.fromString(get("/api/me", "Cookie", cookie).json().path("user").path("id").asText());
        app.gateway.declineCustomer(id);
        assertError(post("/api/subscription", json("tierId", tierId("basic")), "Cookie", cookie), 402);
        app.gateway.clearDeclines();

        String other = member("timeout");
        app.gateway.enqueue(Outcome.TIMEOUT_AFTER_CHARGING);
        Answer unknown = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", other, "Idempotency-Key", "t1");
        assertError(unknown, 503);
        assertThat(unknown.headers().firstValue("Retry-After")).isPresent();

        // The background loop's reconciliation settles the payment from the gateway's record...
        BackgroundJobs.Pass pass = app.app.jobs().runOnce();
        assertThat(pass.payments().succeeded()).isGreaterThanOrEqualTo(1);
        // ...and the same request, retried with its key, completes without a second charge.
        int charges = app.gateway.chargeCalls();
        Answer retried = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", other, "Idempotency-Key", "t1");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(app.gateway.chargeCalls()).isEqualTo(charges);
    }

    // ----- bookings -----

    @Test
    @Order(6)
    void freeSlotsBookAndListMyBookings() throws Exception {
        Answer providers = get("/api/providers");
        assertThat(providers.json().path("providers")).hasSize(1);
        JsonNode provider = providers.json().path("providers").get(0);
        assertThat(provider.path("timeZone").asText()).isEqualTo("Europe/Paris");
        String providerId = provider.path("id").asText();

        Answer slots = get("/api/providers/" + providerId + "/slots?days=2");
        assertThat(slots.status()).isEqualTo(200);
        JsonNode first = slots.json().path("slots").get(0);
        // Minimum notice is 2 hours: 06:00Z now, so 08:00Z (09:00 in Paris) is the first slot.
        assertThat(first.path("start").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertError(get("/api/providers/" + providerId + "/slots?days=99"), 400);
        assertError(get("/api/providers/" + UUID.randomUUID() + "/slots"), 404);

        String ann = member("booker");
        assertError(post("/api/bookings", json("providerId", providerId, "start", first.path("start").asText())), 401);
        Answer booked = post("/api/bookings", json("providerId", providerId, "start", first.path("start").asText(),
                "timeZone", "America/New_York", "title", "First session"), "Cookie", ann);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().path("booking").path("end").asText()).isEqualTo("2026-03-02T08:30:00Z");

        String bob = member("rival");
        assertError(post("/api/bookings", json("providerId", providerId, "start", first.path("start").asText()),
                "Cookie", bob), 409);
        assertError(post("/api/bookings", json("providerId", providerId, "start", "2026-03-02T03:00:00Z"),
                "Cookie", bob), 400);
        // Only a user with working hours can be booked: not the admin, not another member.
        String adminId = get("/api/me", "Cookie", logIn(Seed.ADMIN_EMAIL, RunningApp.ADMIN_PASSWORD)).json()
                .path("user").path("id").asText();
        String annId = get("/api/me", "Cookie", ann).json().path("user").path("id").asText();
        for (String notAProvider : List.of(adminId, annId)) {
            Answer refused = post("/api/bookings", json("providerId", notAProvider, "start", "2026-03-02T10:00:00Z"),
                    "Cookie", bob);
            assertError(refused, 400);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("PK-3103");
            assertThat(fields(refused)).containsExactly("providerId");
            Answer slotsOf = get("/api/providers/" + notAProvider + "/slots");
            assertError(slotsOf, 400);
            assertThat(slotsOf.json().path("error").path("code").asText()).isEqualTo("PK-3103");
        }

        JsonNode mine = get("/api/bookings", "Cookie", ann).json().path("bookings");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("title").asText()).isEqualTo("First session");
        assertThat(get("/api/bookings", "Cookie", bob).json().path("bookings")).isEmpty();
        JsonNode after = get("/api/providers/" + providerId + "/slots?days=2").json().path("slots");
        assertThat(after.get(0).path("start").asText()).isEqualTo("2026-03-02T08:30:00Z");
    }

    // ----- content -----

    @Test
    @Order(7)
    void publishedResourcesAndTheirSteps() throws Exception {
        Answer list = get("/api/resources");
        List<String> slugs = new ArrayList<>();
        list.json().path("resources").forEach(r -> slugs.add(r.path("slug").asText()));
        assertThat(slugs).containsExactlyInAnyOrder("getting-started", "preparing-a-session");
        Answer one = get("/api/resources/getting-started");
        assertThat(one.json().path("resource").path("steps")).hasSize(3);
        assertThat(one.json().path("resource").path("steps").get(0).path("title").asText()).isEqualTo("Create an account");
        assertError(get("/api/resources/no-such-guide"), 404);
    }

    @Test
    @Order(8)
    void contactFormWithHoneypotAndRateLimit() throws Exception {
        FormService forms = app.app.portal().service(FormService.class);
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
        assertThat(inbox.get(0).path("fromName").asText()).isEqualTo("writer");
        assertThat(inbox.get(0).path("body").asText()).isEqualTo("See you Monday");
        String id = inbox.get(0).path("id").asText();

        // Ann cannot mark Bob's message read: it is not hers, and she cannot learn it exists.
        assertError(post("/api/messages/" + id + "/read", "{}", "Cookie", ann), 404);
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
        String admin = logIn(Seed.ADMIN_EMAIL, RunningApp.ADMIN_PASSWORD);
        Answer activity = get("/api/admin/activity?limit=200", "Cookie", admin);
        assertThat(activity.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        activity.json().path("activity").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).contains("auth.login_succeeded", "user.registered", "booking.created");
    }

    // ----- background loop -----

    @Test
    @Order(10)
    void theAccountSecurityEndpointsNeedASessionAndReachOnlyTheCallersOwnData() throws Exception {
        for (String path : List.of("/api/me/export", "/api/sessions", "/api/2fa", "/api/calendar")) {
            assertError(get(path), 401);
        }
        assertError(post("/api/2fa/enrol", "{}"), 401);
        assertError(post("/api/me/email", json("email", email("nobody"))), 401);

        String ann = member("ann21");
        String bob = member("bob21");
        String annSession = app.call("GET", "/api/sessions", null, "Cookie", ann).json().path("sessions").get(0).path("id").asText();
        // Bob cannot end Ann's session: 404, and Ann is still signed in.
        assertError(app.call("DELETE", "/api/sessions/" + annSession, null, "Cookie", bob), 404);
        assertThat(get("/api/me", "Cookie", ann).status()).isEqualTo(200);
        assertError(app.call("DELETE", "/api/sessions/not-a-uuid", null, "Cookie", bob), 400);

        // A wrong first code turns nothing on; the secret is shown once and never logged.
        Answer enrol = post("/api/2fa/enrol", "{}", "Cookie", ann);
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(200);
        SECRETS.add(enrol.json().path("secret").asText());
        assertThat(post("/api/2fa/confirm", json("code", "000000"), "Cookie", ann).status()).isBetween(400, 499);
        assertThat(get("/api/2fa", "Cookie", ann).json().path("enabled").asBoolean()).isFalse();

        // A taken address is a field error at request time; nothing is queued.
        Answer taken = post("/api/me/email", json("email", "not an address"), "Cookie", ann);
        assertError(taken, 400);

        // The export is the caller's own, as a download; no other user's address is in it.
        Answer export = get("/api/me/export", "Cookie", ann);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        assertThat(export.body()).contains("ann21").doesNotContain("bob21");

        // Another user's booking calendar is 404 like a booking that does not exist.
        assertError(get("/api/bookings/" + UUID.randomUUID() + "/calendar", "Cookie", bob), 404);
    }

    @Test
    @Order(11)
    void theBackgroundLoopDeliversEmailAndRenewsSubscriptions() throws Exception {
        String email = email("loop");
        signUp(email, "Lou");
        app.app.jobs().runOnce();
        assertThat(app.mail.sentTo(email)).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("Welcome, Lou"));

        String cookie = logIn(email, PASSWORD);
        Answer sub = post("/api/subscription", json("tierId", tierId("basic")), "Cookie", cookie);
        String periodEnd = sub.json().path("subscription").path("currentPeriodEnd").asText();

        CLOCK.set(Instant.parse(periodEnd).plus(Duration.ofMinutes(1)));
        BackgroundJobs.Pass pass = app.app.jobs().runOnce();
        assertThat(pass.renewals().renewed()).isGreaterThanOrEqualTo(1);
        // The session idled out while a month passed: sign in again.
        assertError(get("/api/subscription", "Cookie", cookie), 401);
        cookie = logIn(email, PASSWORD);
        JsonNode renewed = get("/api/subscription", "Cookie", cookie).json().path("subscription");
        assertThat(renewed.path("periodIndex").asInt()).isEqualTo(1);
        assertThat(renewed.path("currentPeriodStart").asText()).isEqualTo(periodEnd);
    }

    @Test
    @Order(12)
    void withSecureCookiesTheSessionCookieIsHostPrefixedAndOnlyThatNameIsRead() throws Exception {
        try (RunningApp secure = RunningApp.withSecureCookies(CLOCK)) {
            String email = email("tls");
            Answer created = secure.call("POST", "/api/signup", json("email", email, "password", PASSWORD, "displayName", "Tess"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            for (boolean rememberMe : List.of(false, true)) {
                Answer login = secure.call("POST", "/api/login", json("email", email, "password", PASSWORD,
                        "rememberMe", rememberMe, "returnToken", true));
                assertThat(login.status()).as(login.body()).isEqualTo(200);
                String token = login.json().path("token").asText();
                SECRETS.add(token);
                List<String> parts = List.of(login.cookie().split(";")).stream().map(String::strip).toList();
                // __Host-: Secure, Path=/ and no Domain, or a browser refuses the cookie.
                assertThat(parts.get(0)).as(login.cookie()).isEqualTo("__Host-pk_session=" + token);
                assertThat(parts).as(login.cookie()).contains("Secure", "Path=/", "HttpOnly", "SameSite=Strict")
                        .noneMatch(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("domain"));
                assertThat(parts.stream().anyMatch(a -> a.startsWith("Max-Age="))).as(login.cookie()).isEqualTo(rememberMe);

                assertThat(secure.call("GET", "/api/me", null, "Cookie", "__Host-pk_session=" + token).status())
                        .as("the prefixed cookie").isEqualTo(200);
                // A cookie of the bare name (planted by a sibling subdomain, or over plain HTTP) is not read.
                Answer bare = secure.call("GET", "/api/me", null, "Cookie", "pk_session=" + token);
                assertThat(bare.status()).as("the unprefixed cookie: " + bare.body()).isEqualTo(401);
                assertThat(bare.cookie()).as("the 401 clears the prefixed cookie").startsWith("__Host-pk_session=;")
                        .contains("Secure", "Path=/", "Max-Age=0");

                Answer out = secure.call("POST", "/api/logout", "{}", "Cookie", "__Host-pk_session=" + token);
                assertThat(out.status()).isEqualTo(204);
                assertThat(List.of(out.cookie().split(";")).stream().map(String::strip).toList())
                        .as(out.cookie()).startsWith("__Host-pk_session=").contains("Secure", "Path=/", "Max-Age=0")
                        .noneMatch(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("domain"));
                assertThat(secure.call("GET", "/api/me", null, "Cookie", "__Host-pk_session=" + token).status())
                        .as("after logout").isEqualTo(401);
            }
        }
    }

    @Test
    @Order(13)
    void noPasswordOrSessionTokenReachedTheLog() {
        System.err.flush();
        String log = PortalHttpIT.log.text();
        assertThat(log).contains("POST /api/login 200");
        for (String secret : SECRETS) {
            assertThat(log).doesNotContain(secret);
        }
    }

    static String tierId(String code) throws Exception {
        for (JsonNode t : get("/api/tiers").json().path("tiers")) {
            if (t.path("code").asText().equals(code)) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("no tier " + code);
    }
}
