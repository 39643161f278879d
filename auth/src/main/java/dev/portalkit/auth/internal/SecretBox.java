package dev.portalkit.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for TOTP secrets: a random 96-bit nonce per seal, stored before the ciphertext and its
 * 128-bit tag. The user's id and the key's id are authenticated with it (GCM's associated data), so a
 * sealed secret copied to another user's row, or relabelled with another key id, does not open. Not API.
 */
final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private SecretBox() {
    }

    static byte[] seal(byte[] key, String keyId, UUID userId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, keyId, userId);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /** The plaintext, or null when the sealed bytes do not open under this key for this user. */
    static byte[] open(byte[] key, String keyId, UUID userId, byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE) {
            return null;
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE), keyId, userId);
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String keyId, UUID userId)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(("portalkit-totp/" + keyId + "/" + userId).getBytes(StandardCharsets.US_ASCII));
        return c;
    }
}
