package dev.portalkit.billing.internal;

import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Field checks shared by the billing services. Not API. */
final class Inputs {

    static final Pattern CODE = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Inputs() {
    }

    /**
     * An ISO 4217 code that {@link Currency} knows and that has minor units (JPY 0, USD 2, KWD 3);
     * funds and metals such as XAU or XXX have none and are refused.
     */
    static Validation currency(Validation v, String field, String code) {
        if (code == null || !CURRENCY.matcher(code).matches()) {
            return v.fail(field, "must be an ISO 4217 code such as USD");
        }
        try {
            if (Currency.getInstance(code).getDefaultFractionDigits() < 0) {
                return v.fail(field, "must be a currency with minor units, not " + code);
            }
        } catch (IllegalArgumentException e) {
            return v.fail(field, "is not an ISO 4217 currency");
        }
        return v;
    }

    /**
     * Where a keyset page starts: after the row with this sort instant and id ({@link Cursors#timeKey}; both
     * {@code null} for the first page). A cursor naming an instant no row can have (forged) is refused like
     * one that does not decode: a {@link ValidationException} on {@code cursor}.
     */
    static Cursors.TimeKey after(PageRequest page) {
        Cursors.TimeKey after = Cursors.timeKey(page.cursor());
        if (after.at() != null && !new Validation().instant("cursor", after.at()).valid()) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
        return after;
    }

    /** The zone, or {@code null} after recording a failure. */
    static ZoneId zone(Validation v, String field, String id) {
        if (id == null || id.isBlank()) {
            v.fail(field, "is required");
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            v.fail(field, "is not an IANA time zone such as Europe/Paris");
            return null;
        }
    }

    /** One per thread: {@code MessageDigest.getInstance} looks the provider up on every call (a charge hashes once). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    static String sha256(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            String s = String.valueOf(p);
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            b.append(s.length()).append(':').append(s).append('|');
        }
        // digest() resets the instance for the thread's next call.
        return HexFormat.of().formatHex(SHA256.get().digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
