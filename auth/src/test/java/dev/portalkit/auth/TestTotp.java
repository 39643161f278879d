package dev.portalkit.auth;

import java.nio.ByteBuffer;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The code an authenticator app would show for an enrolment's secret: written here again, from RFC
 * 6238, rather than calling auth's own, so the tests do not check the implementation against itself.
 */
final class TestTotp {

    private TestTotp() {
    }

    /** The 6-digit code of the base32 {@code secret} at {@code at}. */
    static String code(String secret, Instant at) {
        return code(secret, Math.floorDiv(at.getEpochSecond(), 30));
    }

    static String code(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int v = ((h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | h[o + 3] & 0xff) % 1_000_000;
            return String.format("%06d", v);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 6-digit code that is not the secret's at {@code at} nor a step either side. */
    static String wrongCode(String secret, Instant at) {
        long step = Math.floorDiv(at.getEpochSecond(), 30);
        for (int i = 0; ; i++) {
            String c = String.format("%06d", (i * 7919 + 123_457) % 1_000_000);
            if (!c.equals(code(secret, step - 1)) && !c.equals(code(secret, step)) && !c.equals(code(secret, step + 1))) {
                return c;
            }
        }
    }

    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        long buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = buffer << 5 | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
