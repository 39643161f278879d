package dev.portalkit.messaging;

import dev.portalkit.core.ValidationException;
import java.util.List;

/**
 * A template could not be rendered with the model given, or does not compile: {@link #errors()}
 * names each problem, e.g. {@code model.name: is required by template welcome}. Nothing was written.
 */
public class TemplateRenderException extends ValidationException {

    private static final long serialVersionUID = 1L;

    public TemplateRenderException(List<FieldError> errors) {
        super(MessagingError.TEMPLATE_RENDER_FAILED, errors, null);
    }
}
