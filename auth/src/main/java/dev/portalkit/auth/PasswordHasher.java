package dev.portalkit.auth;

/**
 * Hashes and checks passwords. The default is bcrypt (jBCrypt); a host may supply its own through
 * {@link AuthOptions.Builder#hasher}. PortalKit calls it outside any transaction, at most as many at
 * once as {@link AuthOptions#hashingConcurrency()}.
 */
public interface PasswordHasher {

    /** A new hash of {@code password}, at the configured cost. */
    String hash(String password);

    /** Whether {@code password} matches {@code hash}. Never throws for a malformed hash: false. */
    boolean verify(String password, String hash);

    /** Whether {@code hash} should be replaced after a successful verification (older cost or variant). */
    boolean needsRehash(String hash);
}
