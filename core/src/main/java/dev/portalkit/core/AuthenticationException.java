package dev.portalkit.core;

/** Who is calling could not be established or is not allowed. Subclasses live in portalkit-auth. */
public class AuthenticationException extends PortalException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
