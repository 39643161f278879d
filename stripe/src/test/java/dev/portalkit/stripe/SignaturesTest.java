package dev.portalkit.stripe;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.stripe.internal.Signatures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stripe's t=…,v1=… scheme, checked against a signature computed independently of the code under test. */
class SignaturesTest {

    static final String SECRET = "whsec_" + "unitTestSecret";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
    static final String PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";

    /** HMAC-SHA256 of "t.payload", hex: computed here with javax.crypto directly. */
    static String v1(String secret, long t, String payload) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + payload)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aSignatureOfThePayloadAtAnInstantWithinTheToleranceIsAccepted() throws Exception {
        long t = NOW.getEpochSecond() - 299;
        assertThatCode(() -> Signatures.verify(PAYLOAD, "t=" + t + ",v1=" + v1(SECRET, t, PAYLOAD), SECRET, TOLERANCE, NOW))
                .doesNotThrowAnyException();
        // other schemes and unknown parts are ignored; any one matching v1 of several is enough
        String header = "t=" + t + ",v0=deadbeef,v1=" + "0".repeat(64) + ",v1=" + v1(SECRET, t, PAYLOAD) + ",x=y";
        assertThatCode(() -> Signatures.verify(PAYLOAD, header, SECRET, TOLERANCE, NOW)).doesNotThrowAnyException();
    }

    @Test
    void wrongSecretsTamperedPayloadsAndTimesOutsideTheToleranceAreRefused() throws Exception {
        long t = NOW.getEpochSecond();
        String good = v1(SECRET, t, PAYLOAD);
        refused(PAYLOAD, "t=" + t + ",v1=" + v1("whsec_" + "other", t, PAYLOAD));
        refused(PAYLOAD + " ", "t=" + t + ",v1=" + good);
        refused(PAYLOAD, "t=" + (t + 1) + ",v1=" + good); // the timestamp is signed too
        long old = t - 301;
        refused(PAYLOAD, "t=" + old + ",v1=" + v1(SECRET, old, PAYLOAD)); // a replay of an old delivery
        long future = t + 301;
        refused(PAYLOAD, "t=" + future + ",v1=" + v1(SECRET, future, PAYLOAD));
        refused(PAYLOAD, "t=" + t + ",v0=" + good); // only v1 counts
        refused(PAYLOAD, "v1=" + good);
        refused(PAYLOAD, "t=" + t);
        refused(PAYLOAD, "t=abc,v1=" + good);
        refused(PAYLOAD, "t=" + Long.MIN_VALUE + ",v1=" + good);
        refused(PAYLOAD, "t=" + Long.MAX_VALUE + ",v1=" + good);
        refused(PAYLOAD, "");
        refused(PAYLOAD, null);
        refused(PAYLOAD, "t=" + t + ",v1=" + good.toUpperCase());
        refused(PAYLOAD, "t=" + t + ",v1=" + good.substring(1));
        refused(PAYLOAD, "t=" + t + ",v1=" + "x".repeat(5000));
    }

    private static void refused(String payload, String header) {
        assertThatThrownBy(() -> Signatures.verify(payload, header, SECRET, TOLERANCE, NOW))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageNotContaining(SECRET);
    }
}
