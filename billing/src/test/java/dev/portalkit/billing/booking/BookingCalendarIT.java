package dev.portalkit.billing.booking;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.billing.booking.ICalendarParser.instant;
import static dev.portalkit.billing.booking.ICalendarParser.parse;
import static dev.portalkit.billing.booking.ICalendarParser.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.billing.BillingTests;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.booking.ICalendarParser.Component;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README "Calendar files": every file is read back by {@link ICalendarParser}, a strict reader of its own. */
class BookingCalendarIT {

    static final Instant NOW = Instant.parse("2026-03-20T08:00:00Z");
    static final TestClock clock = new TestClock(NOW);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), clock);

    @BeforeEach
    void resetClock() {
        clock.set(NOW);
    }

    private Portal portal() {
        return kit.portal();
    }

    private BookingService bookings() {
        return portal().service(BookingService.class);
    }

    /** A provider working around the clock every day in {@code zone}, bookable from now on. */
    private UUID provider(String zone) {
        UUID provider = BillingTests.user(portal(), "provider");
        bookings().setAvailability(provider, AvailabilityInput.everyDay(zone, TimeRange.of("00:00", "00:00"))
                .withNotice(Duration.ZERO, Duration.ofDays(60)), CLIENT);
        return provider;
    }

    private static Instant local(String dateTime, String zone) {
        return LocalDateTime.parse(dateTime).atZone(ZoneId.of(zone)).toInstant();
    }

    private static Component event(Component calendar) {
        assertThat(calendar.all("VEVENT")).hasSize(1);
        return calendar.all("VEVENT").get(0);
    }

    @Test
    void hostileTextIsEscapedFoldedAt75OctetsWithCrlfAndReadsBackUnchanged() {
        UUID provider = provider("Europe/Paris");
        UUID customer = BillingTests.user(portal(), "cust");
        String title = "Intro, call; back\\slash \\n not a newline,;\\;, \"quoted\" ünïcödé 日本語の予約 🎉🎉🎉 "
                + "a very long title that goes on and on so that the line has to be folded at least twice, or more";
        String notes = "line one\nline two\r\nline three\rline four; with, all\\ of them\tand a tab "
                + "€".repeat(40) + " 🎉".repeat(30);
        String location = "Room 4, Floor 2; Building \"B\" \\ east wing";
        Booking b = bookings().book(new NewBooking(customer, provider, local("2026-03-24T10:00", "Europe/Paris"),
                local("2026-03-24T11:00", "Europe/Paris"), "Europe/Paris", title, notes, location,
                "https://meet.example.com/room?a=1,b=2;c=3", null, Map.of()), CLIENT);

        CalendarFile file = bookings().calendar(b.id());

        assertThat(file.contentType()).isEqualTo("text/calendar; charset=UTF-8; method=PUBLISH");
        assertThat(file.filename()).matches("booking-[0-9a-f-]{36}\\.ics");
        assertThat(file.bytes()).isEqualTo(file.text().getBytes(StandardCharsets.UTF_8));
        assertThat(file.text()).contains("\r\n ").as("long lines are folded");
        Component calendar = parse(file.bytes());
        assertThat(calendar.value("VERSION")).isEqualTo("2.0");
        assertThat(calendar.value("METHOD")).isEqualTo("PUBLISH");
        assertThat(calendar.has("PRODID")).isTrue();
        Component event = event(calendar);
        assertThat(text(event.value("SUMMARY"))).isEqualTo(title);
        assertThat(text(event.value("DESCRIPTION")))
                .isEqualTo(notes.replace("\r\n", "\n").replace('\r', '\n'));
        assertThat(text(event.value("LOCATION"))).isEqualTo(location);
        assertThat(event.value("URL")).isEqualTo("https://meet.example.com/room?a=1,b=2;c=3");
        assertThat(event.value("UID")).isEqualTo(b.id() + "@portalkit");
        assertThat(event.value("DTSTAMP")).isEqualTo("20260320T080000Z");
        assertThat(event.value("STATUS")).isEqualTo("TENTATIVE");
        assertThat(event.value("SEQUENCE")).isEqualTo("0");
        assertThat(instant(calendar, event.property("DTSTART"))).isEqualTo(b.startsAt());
        assertThat(instant(calendar, event.property("DTEND"))).isEqualTo(b.endsAt());
    }

    @Test
    void uidStaysTheSameAcrossReschedulesAndSequenceGrowsWithEveryChange() {
        UUID provider = provider("UTC");
        UUID customer = BillingTests.user(portal(), "cust");
        Booking b = bookings().book(NewBooking.of(customer, provider, Instant.parse("2026-03-25T10:00:00Z"),
                Instant.parse("2026-03-25T11:00:00Z"), "UTC", "Checkup"), CLIENT);
        String uid = b.id() + "@portalkit";
        assertThat(seq(b.id())).isEqualTo(0);

        Booking confirmed = bookings().confirm(b.id(), b.version(), CLIENT);
        Component c1 = event(parse(bookings().calendar(b.id()).bytes()));
        assertThat(c1.value("STATUS")).isEqualTo("CONFIRMED");
        assertThat(c1.value("SEQUENCE")).isEqualTo("1");

        Booking moved = bookings().reschedule(b.id(), confirmed.version(), Instant.parse("2026-03-26T14:00:00Z"),
                Instant.parse("2026-03-26T15:00:00Z"), CLIENT);
        Component calendar = parse(bookings().calendar(moved.id()).bytes());
        Component c2 = event(calendar);
        assertThat(c2.value("UID")).isEqualTo(uid);
        assertThat(c2.value("SEQUENCE")).isEqualTo("2");
        assertThat(c2.value("STATUS")).isEqualTo("CONFIRMED");
        assertThat(instant(calendar, c2.property("DTSTART"))).isEqualTo(Instant.parse("2026-03-26T14:00:00Z"));
        assertThat(bookings().calendar(b.id()).text()).as("the old booking's file shows the series' latest")
                .isEqualTo(bookings().calendar(moved.id()).text());
        assertThat(bookings().calendar(b.id()).filename()).isEqualTo("booking-" + b.id() + ".ics");

        Booking movedAgain = bookings().reschedule(moved.id(), moved.version(), Instant.parse("2026-03-27T09:00:00Z"),
                Instant.parse("2026-03-27T09:30:00Z"), CLIENT);
        Component c3 = event(parse(bookings().calendar(movedAgain.id()).bytes()));
        assertThat(c3.value("UID")).isEqualTo(uid);
        assertThat(c3.value("SEQUENCE")).isEqualTo("3");

        bookings().cancel(movedAgain.id(), movedAgain.version(), "ill", CLIENT);
        Component c4 = event(parse(bookings().calendar(b.id()).bytes()));
        assertThat(c4.value("UID")).isEqualTo(uid);
        assertThat(c4.value("SEQUENCE")).isEqualTo("4");
        assertThat(c4.value("STATUS")).isEqualTo("CANCELLED");
        assertThat(seq(movedAgain.id())).as("persisted, bumped by the UPDATE").isEqualTo(4);
    }

    private long seq(UUID id) {
        return dev.portalkit.testing.Queries.number(portal().dataSource(),
                "SELECT sequence FROM portal.bookings WHERE id = ?", id);
    }

    @Test
    void tzidIsTheProvidersZoneAndResolvesToTheRightInstantOnBothSidesOfADstChange() {
        // Europe/Paris springs forward on 29 March 2026 (+01:00 to +02:00); New York did on 8 March and the
        // booker is there, but the event is written in the provider's zone.
        UUID provider = provider("Europe/Paris");
        UUID customer = BillingTests.user(portal(), "cust");
        Booking before = bookings().book(new NewBooking(customer, provider, local("2026-03-28T10:00", "Europe/Paris"),
                local("2026-03-28T11:00", "Europe/Paris"), "America/New_York", "Before", null, null, null, null,
                Map.of()), CLIENT);
        Booking after = bookings().book(new NewBooking(customer, provider, local("2026-03-30T10:00", "Europe/Paris"),
                local("2026-03-30T11:00", "Europe/Paris"), "America/New_York", "After", null, null, null, null,
                Map.of()), CLIENT);
        assertThat(before.startsAt()).isEqualTo(Instant.parse("2026-03-28T09:00:00Z"));
        assertThat(after.startsAt()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));

        Component feed = parse(bookings().calendarFeed(customer).bytes());
        assertThat(feed.all("VTIMEZONE")).hasSize(1);
        Component paris = feed.all("VTIMEZONE").get(0);
        assertThat(paris.value("TZID")).isEqualTo("Europe/Paris");
        assertThat(paris.all("DAYLIGHT")).anySatisfy(d -> {
            assertThat(d.value("DTSTART")).isEqualTo("20260329T020000");
            assertThat(d.value("TZOFFSETFROM")).isEqualTo("+0100");
            assertThat(d.value("TZOFFSETTO")).isEqualTo("+0200");
        });
        List<Component> events = feed.all("VEVENT");
        assertThat(events).hasSize(2);
        for (Component e : events) {
            assertThat(e.property("DTSTART").params()).containsEntry("TZID", "Europe/Paris");
            assertThat(e.value("DTSTART")).endsWith("T100000").as("local time in the provider's zone");
            Booking b = text(e.value("SUMMARY")).equals("Before") ? before : after;
            assertThat(instant(feed, e.property("DTSTART"))).isEqualTo(b.startsAt());
            assertThat(instant(feed, e.property("DTEND"))).isEqualTo(b.endsAt());
        }
    }

    @Test
    void aLocalTimeThatOccursTwiceIsWrittenSoThatItMeansTheRightOne() {
        // New York falls back on 1 November 2026: 01:30 occurs at -04:00 and again at -05:00.
        clock.set(Instant.parse("2026-10-20T00:00:00Z"));
        UUID provider = provider("America/New_York");
        UUID customer = BillingTests.user(portal(), "cust");
        Instant first = Instant.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
        Instant second = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 EST
        Booking a = bookings().book(NewBooking.of(customer, provider, first, first.plus(Duration.ofMinutes(30)), "UTC",
                "First"), CLIENT);
        Booking b = bookings().book(NewBooking.of(customer, provider, second, second.plus(Duration.ofMinutes(30)),
                "UTC", "Second"), CLIENT);
        for (Booking booking : List.of(a, b)) {
            Component calendar = parse(bookings().calendar(booking.id()).bytes());
            Component e = event(calendar);
            assertThat(instant(calendar, e.property("DTSTART"))).isEqualTo(booking.startsAt());
            assertThat(instant(calendar, e.property("DTEND"))).isEqualTo(booking.endsAt());
        }
    }

    @Test
    void feedHoldsTheUsersBookingsAsCustomerAndProviderOncePerSeries() {
        UUID provider = provider("UTC");
        UUID customer = BillingTests.user(portal(), "cust");
        UUID other = BillingTests.user(portal(), "other");
        Booking mine = bookings().book(NewBooking.of(customer, provider, Instant.parse("2026-03-25T10:00:00Z"),
                Instant.parse("2026-03-25T11:00:00Z"), "UTC", "Mine"), CLIENT);
        Booking moved = bookings().reschedule(mine.id(), mine.version(), Instant.parse("2026-03-25T12:00:00Z"),
                Instant.parse("2026-03-25T13:00:00Z"), CLIENT);
        Booking cancelled = bookings().book(NewBooking.of(customer, provider, Instant.parse("2026-03-26T10:00:00Z"),
                Instant.parse("2026-03-26T11:00:00Z"), "UTC", "Cancelled"), CLIENT);
        bookings().cancel(cancelled.id(), cancelled.version(), null, CLIENT);
        bookings().hold(NewBooking.of(customer, provider, Instant.parse("2026-03-27T10:00:00Z"),
                Instant.parse("2026-03-27T11:00:00Z"), "UTC", "Held"), null, CLIENT);
        bookings().book(NewBooking.of(other, provider, Instant.parse("2026-03-28T10:00:00Z"),
                Instant.parse("2026-03-28T11:00:00Z"), "UTC", "Someone else's"), CLIENT);

        Component feed = parse(bookings().calendarFeed(customer).bytes());
        assertThat(feed.all("VEVENT")).extracting(e -> text(e.value("SUMMARY")) + "/" + e.value("STATUS"))
                .containsExactly("Mine/TENTATIVE", "Cancelled/CANCELLED");
        assertThat(feed.all("VEVENT").get(0).value("UID")).isEqualTo(mine.id() + "@portalkit");
        assertThat(instant(feed, feed.all("VEVENT").get(0).property("DTSTART"))).isEqualTo(moved.startsAt());

        Component providerFeed = parse(bookings().calendarFeed(provider).bytes());
        assertThat(providerFeed.all("VEVENT")).extracting(e -> text(e.value("SUMMARY")))
                .containsExactly("Mine", "Cancelled", "Someone else's");
        assertThat(providerFeed.all("VEVENT")).extracting(e -> e.value("UID")).doesNotHaveDuplicates();

        Component empty = parse(bookings().calendarFeed(UUID.randomUUID()).bytes());
        assertThat(empty.all("VEVENT")).isEmpty();
        assertThatThrownBy(() -> bookings().calendar(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
    }
}
