package dev.portalkit.examples;

/**
 * An HTTP answer decided by the host itself (401, 403, 404, 413, 415, a malformed body), not by a
 * PortalKit service; both example portals throw it and answer it with {@link Errors#body}.
 */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static HttpError unauthorized() {
        return new HttpError(401, "UNAUTHENTICATED", "Sign in first: the session is missing, expired or ended");
    }

    public static HttpError forbidden(String why) {
        return new HttpError(403, "FORBIDDEN", why);
    }

    public static HttpError notFound(String what) {
        return new HttpError(404, "NOT_FOUND", what);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
