package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.InvalidUnsubscribeTokenException;
import dev.portalkit.messaging.MessagingNotConfiguredException;
import dev.portalkit.messaging.UnsubscribeSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed unsubscribe tokens: {@code base64url(payload) "." base64url(HMAC-SHA-256(key, payload))}, the payload
 * {@code "u1\n" + lowercased address + "\n" + category}. No expiry: a link in an old e-mail must still work
 * (RFC 8058), and the token grants nothing but opting that address out of that category. Not API.
 */
final class UnsubscribeTokens {

    private static final String VERSION = "u1";
    private static final int MAX_TOKEN = 1000;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a valid token says. */
    record Subject(String address, String category) {
    }

    private final UnsubscribeSettings settings;

    UnsubscribeTokens(UnsubscribeSettings settings) {
        this.settings = settings;
    }

    boolean configured() {
        return settings != null;
    }

    private UnsubscribeSettings settings() {
        if (settings == null) {
            throw new MessagingNotConfiguredException(
                    "unsubscribe links need a URL and a key: MessagingOptions.builder().unsubscribe(url, key)");
        }
        return settings;
    }

    String token(String address, String category) {
        byte[] payload = (VERSION + "\n" + address.toLowerCase(Locale.ROOT) + "\n" + category)
                .getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    String url(String address, String category) {
        String base = settings().url();
        return base + (base.indexOf('?') >= 0 ? "&" : "?") + "token=" + token(address, category);
    }

    /** The {@code List-Unsubscribe} header's value: the URL, then the mailto alternative if configured. */
    String header(String address, String category) {
        String value = "<" + url(address, category) + ">";
        if (settings.mailto() != null) {
            value += ", <mailto:" + settings.mailto() + "?subject=unsubscribe%20" + token(address, category) + ">";
        }
        return value;
    }

    /** @throws InvalidUnsubscribeTokenException for anything but a token this key signed */
    Subject verify(String token) {
        settings();
        if (token == null || token.length() > MAX_TOKEN) {
            throw new InvalidUnsubscribeTokenException();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new InvalidUnsubscribeTokenException();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidUnsubscribeTokenException();
        }
        // One spelling per token: base64's last character carries unused bits, and a lenient decoder would take
        // several strings (and padding) for the same bytes.
        if (!ENCODER.encodeToString(payload).equals(token.substring(0, dot))
                || !ENCODER.encodeToString(signature).equals(token.substring(dot + 1))) {
            throw new InvalidUnsubscribeTokenException();
        }
        // Constant time: how much of a forged signature matched must not show in the answer's timing.
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidUnsubscribeTokenException();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new InvalidUnsubscribeTokenException();
        }
        return new Subject(parts[1], parts[2]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings().key(), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
