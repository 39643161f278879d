package dev.portalkit.billing;

/**
 * Thrown by a {@link PaymentGateway} when it cannot tell whether the operation happened (a timeout,
 * a dropped connection after sending). Not a PortalKit exception: it never reaches the host from a
 * service; the payment becomes UNKNOWN instead.
 */
public class GatewayTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GatewayTimeoutException(String message) {
        super(message);
    }
}
