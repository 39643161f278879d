package dev.portalkit.core;

import java.util.List;

/** {@code Portal.builder().build()} found settings it cannot work with; each problem says what to set. */
public class PortalConfigurationException extends PortalException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public PortalConfigurationException(List<String> problems) {
        super(CoreError.INVALID_CONFIGURATION, "  - " + String.join(System.lineSeparator() + "  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public PortalConfigurationException(ErrorCode code, Throwable cause, Object... args) {
        super(code, cause, args);
        this.problems = List.of(getMessage());
    }

    public List<String> problems() {
        return problems;
    }
}
