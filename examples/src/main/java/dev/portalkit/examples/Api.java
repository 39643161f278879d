package dev.portalkit.examples;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.EmailChangeRequest;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.SignIn;
import dev.portalkit.auth.TotpEnrolment;
import dev.portalkit.auth.TwoFactorChallenge;
import dev.portalkit.auth.TwoFactorService;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserQuery;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.CalendarFile;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.FormService;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.SubmissionRejectedException;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.examples.WebServer.Request;
import dev.portalkit.examples.WebServer.Response;
import dev.portalkit.examples.WebServer.StaticFile;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.Message;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON API: each handler turns a request into one or two PortalKit service calls and the
 * result into a small JSON view (never the whole record: a {@link User} carries its last login
 * IP, for instance). Validation is PortalKit's: a bad field comes back as a
 * {@link ValidationException} and leaves as 400 with every field named.
 */
final class Api {

    private static final Duration DEFAULT_SLOT = Duration.ofMinutes(30);

    private final Portal portal;
    private final Clock clock;
    private final WebServer web;
    private final UserService users;
    private final AuthService auth;
    private final PricingService pricing;
    private final SubscriptionService subscriptions;
    private final BookingService bookings;
    private final ResourceService resources;
    private final FormService forms;
    private final MessageService messages;
    private final EmailService emails;
    private final ActivityLog activity;
    private final TwoFactorService twoFactor;
    private final Map<String, StaticFile> files = new HashMap<>();

    Api(Portal portal, Clock clock, WebServer web) {
        this.portal = portal;
        this.clock = clock;
        this.web = web;
        this.users = portal.service(UserService.class);
        this.auth = portal.service(AuthService.class);
        this.pricing = portal.service(PricingService.class);
        this.subscriptions = portal.service(SubscriptionService.class);
        this.bookings = portal.service(BookingService.class);
        this.resources = portal.service(ResourceService.class);
        this.forms = portal.service(FormService.class);
        this.messages = portal.service(MessageService.class);
        this.emails = portal.service(EmailService.class);
        this.activity = portal.service(ActivityLog.class);
        this.twoFactor = portal.service(TwoFactorService.class);
        files.put("/", load("index.html", "text/html; charset=utf-8"));
        files.put("/index.html", files.get("/"));
        files.put("/app.js", load("app.js", "text/javascript; charset=utf-8"));
        files.put("/app.css", load("app.css", "text/css; charset=utf-8"));
    }

    void register() {
        for (String path : files.keySet()) {
            web.route("GET", path, r -> Response.ok(files.get(path)));
        }
        web.route("POST", "/api/signup", this::signUp);
        web.route("POST", "/api/login", this::logIn);
        web.route("GET", "/api/me", this::me);
        web.route("POST", "/api/logout", this::logOut);
        web.route("POST", "/api/login/code", this::logInWithCode);

        web.route("GET", "/api/2fa", this::twoFactorState);
        web.route("POST", "/api/2fa/enrol", this::enrol);
        web.route("POST", "/api/2fa/confirm", this::confirmTwoFactor);
        web.route("POST", "/api/2fa/disable", this::disableTwoFactor);
        web.route("GET", "/api/sessions", this::sessions);
        web.route("DELETE", "/api/sessions/{id}", this::revokeSession);
        web.route("POST", "/api/me/email", this::changeEmail);
        web.route("POST", "/api/me/email/confirm", this::confirmEmail);
        web.route("GET", "/api/me/export", this::export);

        web.route("GET", "/api/tiers", this::tiers);
        web.route("GET", "/api/subscription", this::subscription);
        web.route("POST", "/api/subscription", this::subscribe);
        web.route("DELETE", "/api/subscription", this::cancel);

        web.route("GET", "/api/providers", this::providers);
        web.route("GET", "/api/providers/{id}/slots", this::freeSlots);
        web.route("GET", "/api/bookings", this::myBookings);
        web.route("POST", "/api/bookings", this::book);
        web.route("GET", "/api/bookings/{id}/calendar", this::bookingCalendar);
        web.route("GET", "/api/calendar", this::calendarFeed);

        web.route("GET", "/api/resources", this::publishedResources);
        web.route("GET", "/api/resources/{slug}", this::resource);

        web.route("POST", "/api/contact", this::contact);

        web.route("GET", "/api/messages", this::inbox);
        web.route("POST", "/api/messages", this::sendMessage);
        web.route("GET", "/api/messages/unread-count", this::unreadCount);
        web.route("POST", "/api/messages/{id}/read", this::markRead);

        web.route("GET", "/api/admin/activity", this::recentActivity);
    }

    // ----- accounts -----

    /** Registers a member and queues the welcome e-mail in the same transaction: both or neither. */
    private Response signUp(Request r) throws IOException {
        NewUser input = NewUser.member(r.text("email"), r.text("password"), r.text("displayName"));
        CallContext who = r.anonymousContext();
        User user = portal.inTransaction(() -> {
            User u = users.register(input, who);
            emails.queue("welcome", null, u.email(), Map.of("name", u.displayName()), "welcome-" + u.id(), who);
            return u;
        });
        return Response.json(201, Map.of("user", Views.user(user)));
    }

    /**
     * Sets the session cookie (HttpOnly, SameSite=Strict: page scripts never see the token). An API
     * client that sends {@code "returnToken": true} also gets the token in the body, for an
     * {@code Authorization: Bearer} header.
     */
    private Response logIn(Request r) throws IOException {
        boolean rememberMe = r.flag("rememberMe");
        SignIn step = auth.signIn(r.text("email"), r.text("password"), rememberMe, r.anonymousContext());
        if (step instanceof TwoFactorChallenge challenge) {
            // No session yet: the page keeps the single-use challenge for the code step (it is no credential alone).
            return Response.ok(Map.of("twoFactor", true, "challenge", challenge.token(), "expiresAt", challenge.expiresAt()));
        }
        return signedIn(r, (Login) step, rememberMe);
    }

    /** The second step of a two-factor sign-in: the challenge from {@code /api/login} and a code from the app. */
    private Response logInWithCode(Request r) throws IOException {
        Login login = auth.completeSignIn(r.text("challenge"), r.text("code"), r.anonymousContext());
        return signedIn(r, login, login.session().rememberMe());
    }

    private Response signedIn(Request r, Login login, boolean rememberMe) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", Views.user(login.user()));
        if (r.flag("returnToken")) {
            body.put("token", login.token());
        }
        return Response.ok(body).withHeader("Set-Cookie", web.sessionCookie(login.token(), rememberMe));
    }

    private Response me(Request r) {
        Authenticated a = r.user();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", Views.user(a.user()));
        body.put("unreadMessages", messages.unreadCount(a.user().id()));
        return Response.ok(body);
    }

    /** Ends the session if there is one; answers 204 either way, and clears the cookie. */
    private Response logOut(Request r) {
        String token = r.token();
        if (token != null && token.length() <= 100) {
            auth.logout(token, r.context());
        }
        return Response.noContent().withHeader("Set-Cookie", web.clearCookie());
    }

    // ----- account security: two-factor sign-in, sessions, e-mail change, data export -----

    private Response twoFactorState(Request r) {
        return Response.ok(Map.of("enabled", twoFactor.enabled(r.user().user().id())));
    }

    /** The secret and its otpauth:// URI, shown once: the page shows both for an authenticator app. */
    private Response enrol(Request r) {
        TotpEnrolment e = twoFactor.begin(r.user().user().id(), r.context());
        return Response.ok(Map.of("secret", e.secret(), "uri", e.uri()));
    }

    private Response confirmTwoFactor(Request r) throws IOException {
        return Response.ok(Map.of("recoveryCodes",
                twoFactor.confirm(r.user().user().id(), r.text("code"), r.context()).codes()));
    }

    private Response disableTwoFactor(Request r) throws IOException {
        twoFactor.disable(r.user().user().id(), r.text("code"), r.context());
        return Response.noContent();
    }

    private Response sessions(Request r) {
        Authenticated a = r.user();
        return Response.ok(Map.of("sessions", auth.sessions(a.user().id()).stream()
                .map(s -> Views.session(s, a.session().id())).toList()));
    }

    /** Ends one of the signed-in user's own sessions; another user's session id is 404 and ends nothing. */
    private Response revokeSession(Request r) {
        auth.revokeSession(r.user().user().id(), Views.uuid("id", r.param("id")), r.context());
        return Response.noContent();
    }

    /**
     * Mails a confirmation link to the new address and a notice to the old one, in the same
     * transaction as the request: both or neither. The account keeps the old address until the link
     * is opened.
     */
    private Response changeEmail(Request r) throws IOException {
        UUID me = r.user().user().id();
        String newEmail = r.text("email");
        CallContext who = r.context();
        portal.inTransaction(() -> {
            EmailChangeRequest change = users.requestEmailChange(me, newEmail, who);
            emails.queue("email-change", null, change.newEmail(), Map.of("link", "/?confirm-email=" + change.token()),
                    null, who);
            emails.queue("email-change-notice", null, change.oldEmail(), Map.of("newEmail", change.newEmail()), null, who);
        });
        return Response.json(202, Map.of("status", "confirmation sent"));
    }

    private Response confirmEmail(Request r) throws IOException {
        return Response.ok(Map.of("user", Views.user(users.confirmEmailChange(r.text("token"), r.context()))));
    }

    /** Everything PortalKit holds about the signed-in user, as one JSON file (GDPR article 20). */
    private Response export(Request r) {
        String json = portal.privacy().export(r.user().user().id());
        return Response.ok(new StaticFile(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json; charset=utf-8")).withHeader("Content-Disposition", "attachment; filename=\"my-data.json\"");
    }

    // ----- pricing and subscriptions -----

    private Response tiers(Request r) {
        return Response.ok(Map.of("tiers", pricing.list(false).stream().map(Views::tier).toList()));
    }

    private Response subscription(Request r) {
        Optional<Subscription> current = subscriptions.current(r.user().user().id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscription", current.map(Views::subscription).orElse(null));
        return Response.ok(body);
    }

    /**
     * Subscribes the signed-in user. The {@code Idempotency-Key} header makes a retried request
     * safe (same key: the same subscription, charged once); without one each request is new.
     */
    private Response subscribe(Request r) throws IOException {
        UUID me = r.user().user().id();
        UUID tierId = Views.uuid("tierId", r.text("tierId"));
        String key = Optional.ofNullable(r.header("Idempotency-Key")).filter(k -> !k.isBlank())
                .map(k -> me + ":" + k).orElse(UUID.randomUUID().toString());
        Subscription s = subscriptions.subscribe(NewSubscription.of(me, tierId, key), r.context());
        return Response.json(201, Map.of("subscription", Views.subscription(s)));
    }

    /** Cancels at the period end (access until then), or at once with {@code ?now=true}. */
    private Response cancel(Request r) {
        UUID me = r.user().user().id();
        Subscription current = subscriptions.current(me)
                .orElseThrow(() -> new NotFoundException("Subscription of user", me));
        boolean now = "true".equals(r.query("now"));
        Subscription s = subscriptions.cancel(current.id(), !now, r.context());
        return Response.ok(Map.of("subscription", Views.subscription(s)));
    }

    // ----- bookings -----

    /** Providers are the STAFF users with working hours. */
    private Response providers(Request r) {
        List<Map<String, Object>> list = users.list(UserQuery.all().withRole(Role.STAFF), PageRequest.first(50)).items()
                .stream().map(u -> {
                    Optional<Availability> a = bookings.availability(u.id());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", u.id());
                    m.put("displayName", u.displayName());
                    m.put("timeZone", a.map(Availability::timeZone).orElse(null));
                    m.put("slotMinutes", a.map(x -> slotLength(x).toMinutes()).orElse(null));
                    return m;
                }).filter(m -> m.get("timeZone") != null).toList();
        return Response.ok(Map.of("providers", list));
    }

    /** Free slots of a provider from {@code from} (default now) for {@code days} days (default 7, at most 31). */
    private Response freeSlots(Request r) {
        UUID provider = Views.uuid("id", r.param("id"));
        Instant from = Optional.ofNullable(r.query("from")).map(s -> Views.instant("from", s)).orElse(clock.instant());
        int days = Views.integer("days", Optional.ofNullable(r.query("days")).orElse("7"), 1, 31);
        users.find(provider).orElseThrow(() -> new NotFoundException("Provider", provider));
        List<Slot> slots = bookings.freeSlots(provider, from, from.plus(Duration.ofDays(days)), null);
        return Response.ok(Map.of("slots", slots.stream().map(s -> Map.of("start", s.start(), "end", s.end())).toList()));
    }

    private Response myBookings(Request r) {
        UUID me = r.user().user().id();
        Instant now = clock.instant();
        List<Map<String, Object>> list = bookings.forCustomer(me, now.minus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(366)), PageRequest.first(100)).items().stream().map(Views::booking).toList();
        return Response.ok(Map.of("bookings", list));
    }

    /** Books one slot (its length is the provider's slot length) for the signed-in user. */
    private Response book(Request r) throws IOException {
        UUID me = r.user().user().id();
        UUID provider = Views.uuid("providerId", r.text("providerId"));
        Instant start = Views.instant("start", r.text("start"));
        Duration length = bookings.availability(provider).map(Api::slotLength).orElse(DEFAULT_SLOT);
        String zone = Optional.ofNullable(r.text("timeZone")).orElse("UTC");
        String title = Optional.ofNullable(r.text("title")).orElse("Consultation");
        Booking b = bookings.book(NewBooking.of(me, provider, start, start.plus(length), zone, title), r.context());
        return Response.json(201, Map.of("booking", Views.booking(b)));
    }

    /** One of the user's bookings (as customer or provider) as an .ics file; anyone else's is 404. */
    private Response bookingCalendar(Request r) {
        UUID me = r.user().user().id();
        UUID id = Views.uuid("id", r.param("id"));
        Booking b = bookings.find(id).filter(x -> x.customerId().equals(me) || x.providerId().equals(me))
                .orElseThrow(() -> new NotFoundException("Booking", id));
        return calendarFile(bookings.calendar(b.id()));
    }

    /** The signed-in user's bookings as one calendar (a host would serve it under a secret feed URL). */
    private Response calendarFeed(Request r) {
        return calendarFile(bookings.calendarFeed(r.user().user().id()));
    }

    private static Response calendarFile(CalendarFile f) {
        return Response.ok(new StaticFile(f.bytes(), f.contentType()))
                .withHeader("Content-Disposition", "attachment; filename=\"" + f.filename() + "\"");
    }

    // ----- content -----

    private Response publishedResources(Request r) {
        List<Map<String, Object>> list = resources.list(CardQuery.readers(), PageRequest.first(50)).items().stream()
                .map(c -> Views.card(c, null)).toList();
        return Response.ok(Map.of("resources", list));
    }

    private Response resource(Request r) {
        String slug = r.param("slug");
        ResourceCard c = resources.findBySlug(slug, Audience.READER)
                .orElseThrow(() -> new NotFoundException("Resource", slug));
        return Response.ok(Map.of("resource", Views.card(c, resources.steps(c.id(), Audience.READER))));
    }

    /**
     * The contact form; anyone may send it. The hidden {@code website} field is the honeypot: a bot
     * that fills it in gets the same answer as a person, and nothing is stored.
     */
    private Response contact(Request r) throws IOException {
        NewSubmission s = NewSubmission.contact("contact", r.text("name"), r.text("email"), r.text("subject"),
                r.text("message")).withHoneypot(r.text("website"));
        try {
            forms.submit(s, r.context());
        } catch (SubmissionRejectedException e) {
            if (e.reason() != SubmissionRejectedException.Reason.HONEYPOT) {
                throw e;
            }
        }
        return Response.json(201, Map.of("status", "received"));
    }

    // ----- messages -----

    private Response inbox(Request r) {
        UUID me = r.user().user().id();
        Map<UUID, String> names = new HashMap<>();
        List<Map<String, Object>> list = messages.inbox(me, PageRequest.first(50)).items().stream()
                .map(m -> Views.message(m, names, users)).toList();
        return Response.ok(Map.of("messages", list));
    }

    /** Sends to another member by e-mail address; an unknown address is a field error on {@code to}. */
    private Response sendMessage(Request r) throws IOException {
        UUID me = r.user().user().id();
        String to = r.text("to");
        User recipient = users.findByEmail(to == null ? "" : to)
                .orElseThrow(() -> new ValidationException("to", "is not the e-mail address of a member"));
        Message m = messages.send(new NewMessage(me, recipient.id(), r.text("subject"), r.text("body")), r.context());
        return Response.json(201, Map.of("message", Views.message(m, new HashMap<>(), users)));
    }

    private Response unreadCount(Request r) {
        return Response.ok(Map.of("unread", messages.unreadCount(r.user().user().id())));
    }

    private Response markRead(Request r) {
        UUID me = r.user().user().id();
        Message m = messages.markRead(Views.uuid("id", r.param("id")), me, r.context());
        return Response.ok(Map.of("message", Views.message(m, new HashMap<>(), users)));
    }

    // ----- administration -----

    /** The last 50 audit entries; admins (and owners) only. */
    private Response recentActivity(Request r) {
        Authenticated a = r.user();
        if (!a.role().hasAtLeast(Role.ADMIN)) {
            throw HttpError.forbidden("Recent activity is for administrators only");
        }
        int limit = Views.integer("limit", Optional.ofNullable(r.query("limit")).orElse("50"), 1, 200);
        List<Map<String, Object>> list = activity.find(ActivityQuery.all(), PageRequest.first(limit)).items().stream()
                .map(Views::activity).toList();
        return Response.ok(Map.of("activity", list));
    }

    // ----- views -----








    // ----- parsing -----

    private static Duration slotLength(Availability a) {
        return a.slotLength() == null ? DEFAULT_SLOT : a.slotLength();
    }




    private static StaticFile load(String name, String contentType) {
        try (InputStream in = Api.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource dev/portalkit/examples/web/" + name);
            }
            return new StaticFile(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
