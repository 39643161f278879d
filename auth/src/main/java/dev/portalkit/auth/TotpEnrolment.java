package dev.portalkit.auth;

/**
 * A started two-factor enrolment: the TOTP secret (base32) and the {@code otpauth://} URI holding it,
 * shown here once, to put in a QR code for an authenticator app. Two-factor sign-in is on only after
 * {@link TwoFactorService#confirm} with a first code. PortalKit keeps the secret only encrypted.
 */
public record TotpEnrolment(String secret, String uri) {

    @Override
    public String toString() {
        return "TotpEnrolment[secret=***, uri=***]";
    }
}
