package dev.portalkit.auth;

/**
 * An e-mail change requested by {@link UserService#requestEmailChange}: send {@link #token()} to
 * {@link #newEmail()} (a link to confirm), and tell {@link #oldEmail()} that a change was asked for.
 * The account keeps {@code oldEmail} until the token is confirmed. The token is shown here once;
 * PortalKit keeps only its SHA-256.
 */
public record EmailChangeRequest(String token, String newEmail, String oldEmail) {

    @Override
    public String toString() {
        return "EmailChangeRequest[newEmail=" + newEmail + ", oldEmail=" + oldEmail + ", token=***]";
    }
}
