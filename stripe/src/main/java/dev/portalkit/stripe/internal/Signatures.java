package dev.portalkit.stripe.internal;

import dev.portalkit.stripe.WebhookSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature scheme: the header {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}; a
 * {@code v1} is HMAC-SHA256 of {@code "<t>.<payload>"} under the endpoint secret. Several {@code v1} appear while
 * a secret is being rolled: any one matching is enough. Compared in constant time ({@link MessageDigest#isEqual}).
 * A timestamp outside the tolerance either way is refused: an old delivery replayed, or a forged future one.
 * Error messages never carry the secret, the expected signature or the payload. Not API.
 */
public final class Signatures {

    private static final int MAX_HEADER = 4096;

    private Signatures() {
    }

    public static void verify(String payload, String header, String secret, Duration tolerance, Instant now) {
        if (header == null || header.isEmpty()) {
            throw new WebhookSignatureException("the Stripe-Signature header is missing");
        }
        if (header.length() > MAX_HEADER) {
            throw new WebhookSignatureException("the Stripe-Signature header is too long");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new WebhookSignatureException("its timestamp is not a number");
                }
            } else if (name.equals("v1")) {
                signatures.add(value.getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (timestamp == null) {
            throw new WebhookSignatureException("it has no timestamp (t=)");
        }
        if (signatures.isEmpty()) {
            throw new WebhookSignatureException("it has no v1 signature");
        }
        long age = now.getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds() || timestamp < 0) {
            throw new WebhookSignatureException("it was signed " + age + " s ago, outside the tolerance of "
                    + tolerance.toSeconds() + " s (a replayed or delayed delivery)");
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, timestamp + "." + payload))
                .getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (byte[] candidate : signatures) {
            // Every candidate is compared, in constant time each, so timing tells nothing about which matched.
            match |= MessageDigest.isEqual(expected, candidate);
        }
        if (!match) {
            throw new WebhookSignatureException("no v1 signature matches the payload under the webhook secret");
        }
    }

    /** HMAC-SHA256 of {@code signed} under {@code secret}, as Stripe computes it (the secret's UTF-8 bytes as the key). */
    public static byte[] hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
