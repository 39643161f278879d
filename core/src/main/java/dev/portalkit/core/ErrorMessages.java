package dev.portalkit.core;

import java.util.HashMap;
import java.util.Map;

/** Reads each error-code enum's {@link ErrorCode.Message}s once per enum class. */
final class ErrorMessages {

    private static final ClassValue<Map<String, ErrorCode.Message>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Map<String, ErrorCode.Message> computeValue(Class<?> type) {
            Map<String, ErrorCode.Message> messages = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                try {
                    ErrorCode.Message m = type.getField(name).getAnnotation(ErrorCode.Message.class);
                    if (m == null) {
                        throw new IllegalStateException(type.getName() + "." + name + " has no @ErrorCode.Message");
                    }
                    messages.put(name, m);
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Map.copyOf(messages);
        }
    };

    private ErrorMessages() {
    }

    static ErrorCode.Message of(ErrorCode code) {
        if (!(code instanceof Enum<?> e)) {
            throw new IllegalStateException(code.getClass().getName()
                    + " is not an enum: implement template() and retryable(), or make it an enum of @Message constants");
        }
        return BY_CLASS.get(e.getDeclaringClass()).get(e.name());
    }
}
