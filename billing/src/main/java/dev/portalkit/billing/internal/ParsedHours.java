package dev.portalkit.billing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.billing.booking.TimeRange;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hours of a provider_availability row ({@code weekly_hours}, {@code date_overrides}) as Java values,
 * from the row's JSON text. Every booking reads its provider's row ({@link BookingMapper#prepareSlot}), and
 * parsing the two documents again each time was about a tenth of a booking's CPU, so parsed hours are kept,
 * keyed by the text itself: an entry can never be stale, whatever changed the row (an update, a delete and
 * a new row with the same version, a rolled-back transaction), since other hours are other text. Shared by
 * every Portal in the JVM for the same reason. Bounded in entries and in the text an entry may hold; a
 * full cache is emptied and fills again with the hours in use. Not API.
 */
final class ParsedHours {

    /** Entries kept; more distinct hours than this (providers rarely share none) only cost a parse each. */
    static final int MAX_ENTRIES = 512;
    /** Longer texts (a long list of date overrides) are parsed every time, so the cache stays a few MB. */
    static final int MAX_CACHED_CHARS = 8192;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, List<List<String>>>> DOCUMENT = new TypeReference<>() {
    };
    private static final Map<Key, Hours> CACHE = new ConcurrentHashMap<>();

    private record Key(String weekly, String overrides) {
    }

    /** Immutable: shared by every booking that reads the same text. */
    record Hours(Map<DayOfWeek, List<TimeRange>> weekly, Map<LocalDate, List<TimeRange>> overrides) {
    }

    private ParsedHours() {
    }

    /** The hours stored as {@code weeklyJson} ({"MONDAY": [["09:00", "17:00"]]}) and {@code overridesJson}. */
    static Hours of(String weeklyJson, String overridesJson) {
        if (weeklyJson.length() + overridesJson.length() > MAX_CACHED_CHARS) {
            return parse(weeklyJson, overridesJson);
        }
        Key key = new Key(weeklyJson, overridesJson);
        Hours hours = CACHE.get(key);
        if (hours == null) {
            hours = parse(weeklyJson, overridesJson);
            if (CACHE.size() >= MAX_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(key, hours);
        }
        return hours;
    }

    static Hours parse(String weeklyJson, String overridesJson) {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        read(weeklyJson).forEach((k, v) -> week.put(DayOfWeek.valueOf(k), ranges(v)));
        Map<LocalDate, List<TimeRange>> overrides = new HashMap<>();
        read(overridesJson).forEach((k, v) -> overrides.put(LocalDate.parse(k), ranges(v)));
        return new Hours(Map.copyOf(week), Map.copyOf(overrides));
    }

    private static Map<String, List<List<String>>> read(String json) {
        try {
            return JSON.readValue(json, DOCUMENT);
        } catch (JsonProcessingException e) {
            // Written by setAvailability only, through the same shape: a broken row is a bug or a hand edit.
            throw new IllegalStateException("provider_availability holds hours that are not [[\"HH:MM\", \"HH:MM\"]] lists", e);
        }
    }

    private static List<TimeRange> ranges(List<List<String>> pairs) {
        List<TimeRange> out = new ArrayList<>(pairs.size());
        for (List<String> p : pairs) {
            out.add(new TimeRange(LocalTime.parse(p.get(0)), LocalTime.parse(p.get(1))));
        }
        return List.copyOf(out);
    }
}
