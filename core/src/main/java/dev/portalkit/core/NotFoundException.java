package dev.portalkit.core;

/**
 * The row a call needs does not exist (or is soft-deleted): PK-1011 from every module, naming the
 * entity (for example {@code "User"}, {@code "Email template"}) and the key it was looked up by.
 */
public class NotFoundException extends PortalException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final transient Object id;

    public NotFoundException(String entity, Object id) {
        super(CoreError.NOT_FOUND, entity, id);
        this.entity = entity;
        this.id = id;
    }

    protected NotFoundException(ErrorCode code, Object... args) {
        super(code, args);
        this.entity = null;
        this.id = null;
    }

    /** What was looked for, e.g. {@code "User"}; {@code null} from a module's own legacy code. */
    public String entity() {
        return entity;
    }

    /** The key it was looked for by (an id, or a readable compound key). */
    public Object id() {
        return id;
    }
}
