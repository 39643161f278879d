package dev.portalkit.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TOTP (RFC 6238), base32 (RFC 4648), recovery codes and the secret's sealing, without a database. */
class TotpTest {

    static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA512_KEY = "1234567890123456789012345678901234567890123456789012345678901234"
            .getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, every row: time, the 8-digit TOTP for SHA-1, SHA-256 and SHA-512. */
    @ParameterizedTest
    @CsvSource({
            "59,          94287082, 46119246, 90693936",
            "1111111109,  07081804, 68084774, 25091201",
            "1111111111,  14050471, 67062674, 99943326",
            "1234567890,  89005924, 91819424, 93441116",
            "2000000000,  69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void rfc6238AppendixBTestVectors(long time, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertThat(Totp.code("HmacSHA1", SHA1_KEY, step, 8)).isEqualTo(sha1);
        assertThat(Totp.code("HmacSHA256", SHA256_KEY, step, 8)).isEqualTo(sha256);
        assertThat(Totp.code("HmacSHA512", SHA512_KEY, step, 8)).isEqualTo(sha512);
        // 6 digits are the same truncation modulo 10^6: the vectors' last six digits, leading zeros kept.
        assertThat(Totp.code(SHA1_KEY, step)).isEqualTo(sha1.substring(2)).hasSize(6);
    }

    @Test
    void rfc4226AppendixDSixDigitValues() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
                "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(Totp.code(SHA1_KEY, counter)).as("HOTP counter " + counter).isEqualTo(expected[counter]);
        }
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedTwoAreNot() {
        Instant now = Instant.ofEpochSecond(1_111_111_111L);
        long step = Totp.step(now);
        for (int drift = -3; drift <= 3; drift++) {
            String code = Totp.code(SHA1_KEY, step + drift);
            long matched = Totp.matchingStep(SHA1_KEY, code, now, null);
            if (Math.abs(drift) <= 1) {
                assertThat(matched).as("drift " + drift).isEqualTo(step + drift);
            } else {
                assertThat(matched).as("drift " + drift).isEqualTo(-1);
            }
        }
    }

    @Test
    void aStepAtOrBeforeTheLastAcceptedOneIsRefused() {
        Instant now = Instant.ofEpochSecond(1_234_567_890L);
        long step = Totp.step(now);
        String code = Totp.code(SHA1_KEY, step);
        assertThat(Totp.matchingStep(SHA1_KEY, code, now, step)).isEqualTo(-1);
        assertThat(Totp.matchingStep(SHA1_KEY, code, now, step + 1)).isEqualTo(-1);
        assertThat(Totp.matchingStep(SHA1_KEY, code, now, step - 1)).isEqualTo(step);
    }

    @Test
    void onlySixAsciiDigitsAreACode() {
        assertThat(Totp.wellFormed("123456")).isTrue();
        for (String bad : new String[] {null, "", "12345", "1234567", "12345a", "١٢٣٤٥٦", " 12345", "12 456"}) {
            assertThat(Totp.wellFormed(bad)).as(String.valueOf(bad)).isFalse();
            assertThat(Totp.matchingStep(SHA1_KEY, bad, Instant.EPOCH, null)).isEqualTo(-1);
        }
    }

    @Test
    void base32IsRfc4648WithoutPadding() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] v : vectors) {
            assertThat(Totp.base32(v[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(v[1]);
            assertThat(new String(Totp.fromBase32(v[1]), StandardCharsets.US_ASCII)).isEqualTo(v[0]);
        }
        byte[] secret = Totp.newSecret();
        assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);
        assertThat(Totp.base32(secret)).hasSize(32);
        assertThat(Totp.fromBase32("MZXW1")).isNull();
    }

    @Test
    void recoveryCodesAreTenDistinctEightyBitCodesReadInAnyCase() {
        var codes = SecondFactor.newRecoveryCodes();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}"));
        String c = codes.get(0);
        assertThat(SecondFactor.recoveryHash(c.toLowerCase())).isEqualTo(SecondFactor.recoveryHash(c))
                .isEqualTo(SecondFactor.recoveryHash(c.replace("-", " "))).isEqualTo(SecondFactor.recoveryHash(c.replace("-", "")));
        for (String bad : new String[] {null, "", "123456", c + "A", "0000-0000-0000-0000", "x".repeat(100)}) {
            assertThat(SecondFactor.recoveryHash(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    @Test
    void aSealedSecretOpensOnlyWithItsKeyForItsUserAndUntampered() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] otherKey = key.clone();
        otherKey[0] = 8;
        UUID user = UUID.randomUUID();
        byte[] secret = Totp.newSecret();
        byte[] sealed = SecretBox.seal(key, "k1", user, secret);
        assertThat(SecretBox.open(key, "k1", user, sealed)).isEqualTo(secret);
        assertThat(SecretBox.seal(key, "k1", user, secret)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(SecretBox.open(otherKey, "k1", user, sealed)).isNull();
        assertThat(SecretBox.open(key, "k2", user, sealed)).as("relabelled with another key id").isNull();
        assertThat(SecretBox.open(key, "k1", UUID.randomUUID(), sealed)).as("copied to another user").isNull();
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(SecretBox.open(key, "k1", user, tampered)).isNull();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
    }

    @Test
    void theOtpauthUriNamesIssuerAccountAndParameters() {
        String uri = SecondFactor.otpauthUri("Acme Portal", "ann+x@example.com", "JBSWY3DPEHPK3PXP");
        assertThat(uri).isEqualTo("otpauth://totp/Acme%20Portal:ann%2Bx%40example.com?secret=JBSWY3DPEHPK3PXP"
                + "&issuer=Acme%20Portal&algorithm=SHA1&digits=6&period=30");
    }
}
