package dev.portalkit.examples.spring;

/** An HTTP answer decided by the host itself (401, 403, 404, 413, 415), not by a PortalKit service. */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static HttpError unauthorized() {
        return new HttpError(401, "UNAUTHENTICATED", "Sign in first: the session is missing, expired or ended");
    }

    static HttpError forbidden(String why) {
        return new HttpError(403, "FORBIDDEN", why);
    }

    static HttpError notFound(String what) {
        return new HttpError(404, "NOT_FOUND", what);
    }
}
