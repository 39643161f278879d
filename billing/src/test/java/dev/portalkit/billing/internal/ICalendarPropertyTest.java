package dev.portalkit.billing.internal;

import static dev.portalkit.billing.booking.ICalendarParser.instant;
import static dev.portalkit.billing.booking.ICalendarParser.parse;
import static dev.portalkit.billing.booking.ICalendarParser.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.booking.ICalendarParser.Component;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ICalendar} against {@code ICalendarParser} (a strict reader of the test's own) over generated input: any
 * text (control characters, backslashes, separators, characters of 1 to 4 UTF-8 octets) reads back as written,
 * and any instant in any zone the JVM knows, DST changes and historical offsets included, resolves through the
 * file's own VTIMEZONE to the same instant.
 */
class ICalendarPropertyTest {

    @Property(tries = 400)
    void anyTextReadsBackAndEveryLineHasAtMost75Octets(@ForAll("texts") String summary, @ForAll("texts") String notes) {
        Instant start = Instant.parse("2026-06-01T10:00:00Z");
        String file = ICalendar.write("PUBLISH", List.of(new ICalendar.Event("x@portalkit", 0, start,
                start.plus(Duration.ofHours(1)), ZoneId.of("UTC"), summary, notes, summary, null, "CONFIRMED", null,
                null)), start);
        Component event = parse(file.getBytes(StandardCharsets.UTF_8)).all("VEVENT").get(0);
        assertThat(text(event.value("SUMMARY"))).isEqualTo(expected(summary));
        assertThat(text(event.value("DESCRIPTION"))).isEqualTo(expected(notes));
        assertThat(text(event.value("LOCATION"))).isEqualTo(expected(summary));
    }

    @Property(tries = 600)
    void anyInstantInAnyZoneResolvesThroughTheFilesOwnVtimezone(@ForAll("zones") String zone,
                                                                 @ForAll("instants") Instant start,
                                                                 @ForAll @IntRange(min = 1, max = 1440) int minutes) {
        Instant end = start.plus(Duration.ofMinutes(minutes));
        String file = ICalendar.write("PUBLISH", List.of(new ICalendar.Event("x@portalkit", 3, start, end,
                ZoneId.of(zone), "s", null, null, null, "CONFIRMED", null, null)), start);
        Component calendar = parse(file.getBytes(StandardCharsets.UTF_8));
        Component event = calendar.all("VEVENT").get(0);
        assertThat(instant(calendar, event.property("DTSTART"))).as(file).isEqualTo(start);
        assertThat(instant(calendar, event.property("DTEND"))).as(file).isEqualTo(end);
    }

    /** What a TEXT value means once read: line breaks as LF, other control characters as spaces. */
    private static String expected(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 && c != '\t' && c != '\n' || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> special = Arbitraries.of("\\", ";", ",", "\n", "\r\n", "\r", "\t", "\u0000", "\u001f", "\u007f",
                ":", "\"", "é", "€", "日", "🎉", "\\n", " ");
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(20)
                .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)); // valid UTF-16 only
        return Arbitraries.oneOf(special, plain, unicode).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> zones() {
        List<String> ids = new ArrayList<>(ZoneId.getAvailableZoneIds());
        ids.sort(null);
        return Arbitraries.of(ids);
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Bookings lie between now and a few years ahead, and feeds keep old ones: 1970 to 2100, to the minute,
        // with a bias to the hours around DST changes (the last Sundays of March and October, the first of November).
        Arbitrary<Instant> any = Arbitraries.longs().between(0, 4_102_444_800L / 60).map(m -> Instant.ofEpochSecond(m * 60));
        Arbitrary<Instant> nearChange = Arbitraries.integers().between(1971, 2099).flatMap(year ->
                Arbitraries.of("03-08", "03-29", "03-31", "04-05", "10-25", "10-27", "11-01", "11-03")
                        .flatMap(day -> Arbitraries.integers().between(0, 47 * 4).map(q ->
                                Instant.parse(year + "-" + day + "T00:00:00Z").minus(Duration.ofHours(12))
                                        .plus(Duration.ofMinutes(15L * q)))));
        return Arbitraries.oneOf(any, nearChange);
    }
}
