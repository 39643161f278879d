package dev.portalkit.core;

/** The row a call needs does not exist (or is soft-deleted). */
public class NotFoundException extends PortalException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String entity, Object id) {
        super(CoreError.NOT_FOUND, entity, id);
    }

    protected NotFoundException(ErrorCode code, Object... args) {
        super(code, args);
    }
}
