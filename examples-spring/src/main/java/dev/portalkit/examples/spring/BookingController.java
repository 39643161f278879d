package dev.portalkit.examples.spring;

import dev.portalkit.auth.Role;
import dev.portalkit.auth.UserQuery;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.examples.Views;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Providers (STAFF users with working hours), their free slots, and the member's bookings. */
@RestController
@RequestMapping("/api")
class BookingController {

    private static final Duration DEFAULT_SLOT = Duration.ofMinutes(30);

    private final UserService users;
    private final BookingService bookings;
    private final Clock clock;

    BookingController(UserService users, BookingService bookings, Clock clock) {
        this.users = users;
        this.bookings = bookings;
        this.clock = clock;
    }

    @GetMapping("/providers")
    Map<String, Object> providers() {
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
        return Map.of("providers", list);
    }

    /** Free slots of a provider from {@code from} (default now) for {@code days} days (default 7, at most 31). */
    @GetMapping("/providers/{id}/slots")
    Map<String, Object> freeSlots(@PathVariable("id") String id, @RequestParam(name = "from", required = false) String from,
                                  @RequestParam(name = "days", required = false) String days) {
        UUID provider = Views.uuid("id", id);
        Instant start = from == null ? clock.instant() : Views.instant("from", from);
        int n = Views.integer("days", days == null ? "7" : days, 1, 31);
        users.find(provider).orElseThrow(() -> new NotFoundException("Provider", provider));
        List<Slot> slots = bookings.freeSlots(provider, start, start.plus(Duration.ofDays(n)), null);
        return Map.of("slots", slots.stream().map(s -> Map.of("start", s.start(), "end", s.end())).toList());
    }

    @GetMapping("/bookings")
    Map<String, Object> myBookings(Caller caller) {
        UUID me = caller.user().user().id();
        Instant now = clock.instant();
        List<Map<String, Object>> list = bookings.forCustomer(me, now.minus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(366)), PageRequest.first(100)).items().stream().map(Views::booking).toList();
        return Map.of("bookings", list);
    }

    /** Books one slot (its length is the provider's slot length) for the signed-in user. */
    @PostMapping("/bookings")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> book(JsonBody body, Caller caller) {
        UUID me = caller.user().user().id();
        UUID provider = Views.uuid("providerId", body.text("providerId"));
        Instant start = Views.instant("start", body.text("start"));
        Duration length = bookings.availability(provider).map(BookingController::slotLength).orElse(DEFAULT_SLOT);
        String zone = Optional.ofNullable(body.text("timeZone")).orElse("UTC");
        String title = Optional.ofNullable(body.text("title")).orElse("Consultation");
        Booking b = bookings.book(NewBooking.of(me, provider, start, start.plus(length), zone, title), caller.context());
        return Map.of("booking", Views.booking(b));
    }

    private static Duration slotLength(Availability a) {
        return a.slotLength() == null ? DEFAULT_SLOT : a.slotLength();
    }
}
