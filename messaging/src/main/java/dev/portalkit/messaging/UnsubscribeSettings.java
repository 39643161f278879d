package dev.portalkit.messaging;

import java.util.Arrays;

/**
 * Where one-click unsubscribe links point and the key that signs them ({@link MessagingOptions.Builder#unsubscribe}).
 * {@code toString()} never shows the key.
 *
 * @see SuppressionService#unsubscribe
 */
public final class UnsubscribeSettings {

    private final String url;
    private final String mailto;
    private final byte[] key;

    UnsubscribeSettings(String url, String mailto, byte[] key) {
        this.url = url;
        this.mailto = mailto;
        this.key = key.clone();
    }

    /** The host's endpoint, e.g. {@code https://acme.example/unsubscribe}; {@code ?token=...} is appended. */
    public String url() {
        return url;
    }

    /** The address of the {@code mailto:} alternative in {@code List-Unsubscribe}, or {@code null}. */
    public String mailto() {
        return mailto;
    }

    /** A copy of the HMAC-SHA-256 key: a secret, never log it. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsubscribeSettings u && url.equals(u.url) && java.util.Objects.equals(mailto, u.mailto)
                && java.security.MessageDigest.isEqual(key, u.key);
    }

    @Override
    public int hashCode() {
        return url.hashCode();
    }

    @Override
    public String toString() {
        return "UnsubscribeSettings[url=" + url + ", mailto=" + mailto + ", key=(" + key.length + " bytes, hidden)]";
    }

    static byte[] copy(byte[] k) {
        return k == null ? null : Arrays.copyOf(k, k.length);
    }
}
