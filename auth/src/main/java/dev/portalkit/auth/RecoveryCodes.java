package dev.portalkit.auth;

import java.util.List;

/**
 * Single-use recovery codes, shown here once; PortalKit keeps only their SHA-256. Each works once in
 * place of a TOTP code ({@link AuthService#completeSignIn}, {@link TwoFactorService#disable}).
 */
public record RecoveryCodes(List<String> codes) {

    public RecoveryCodes {
        codes = List.copyOf(codes);
    }

    @Override
    public String toString() {
        return "RecoveryCodes[" + codes.size() + " codes, ***]";
    }
}
