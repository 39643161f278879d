package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthError;
import dev.portalkit.billing.BillingError;
import dev.portalkit.content.ContentError;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.ErrorCode;
import dev.portalkit.core.PortalException;
import dev.portalkit.messaging.MessagingError;
import dev.portalkit.stripe.StripeError;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every module's error-code enum, held to one rule (ErrorCode's javadoc): each constant carries its
 * template and retryability in an {@link ErrorCode.Message}, its number lies in its module's range
 * and is used by no other constant of any module, and its template formats with its arguments.
 */
class ErrorCodesTest {

    /** Each module's enum and the first number of its range of 1000. */
    static final Map<Class<? extends Enum<?>>, Integer> RANGES = Map.of(
            CoreError.class, 1000,
            AuthError.class, 2000,
            BillingError.class, 3000,
            ContentError.class, 4000,
            MessagingError.class, 5000,
            StripeError.class, 6000);

    /** A format specifier: %[index$][flags][width][.precision]conversion. */
    private static final Pattern SPECIFIER = Pattern.compile("%(\\d+\\$)?([-#+ 0,(<]*)?(\\d+)?(\\.\\d+)?([tT])?([a-zA-Z%])");

    static List<ErrorCode> codes() {
        List<ErrorCode> all = new ArrayList<>();
        RANGES.keySet().forEach(type -> Arrays.stream(type.getEnumConstants()).map(ErrorCode.class::cast).forEach(all::add));
        return all;
    }

    private static Field field(ErrorCode code) {
        try {
            return ((Enum<?>) code).getDeclaringClass().getField(code.name());
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyConstantCarriesAMessage() {
        List<String> without = new ArrayList<>();
        for (ErrorCode code : codes()) {
            ErrorCode.Message m = field(code).getAnnotation(ErrorCode.Message.class);
            if (m == null || m.value().isBlank()) {
                without.add(code.getClass().getSimpleName() + "." + code.name());
            }
        }
        assertThat(without).as("constants without an @ErrorCode.Message").isEmpty();
    }

    @Test
    void anEnumKeepsOnlyItsNumber() {
        for (Class<? extends Enum<?>> type : RANGES.keySet()) {
            List<String> fields = Arrays.stream(type.getDeclaredFields())
                    .filter(f -> !f.isEnumConstant() && !f.isSynthetic() && !Modifier.isStatic(f.getModifiers()))
                    .map(Field::getName).toList();
            assertThat(fields).as(type.getSimpleName() + "'s instance fields: its template lives in @Message")
                    .containsExactly("number");
        }
    }

    @Test
    void numbersAreUniqueAcrossModulesAndInsideTheirModulesRange() {
        Map<Integer, String> byNumber = new HashMap<>();
        for (Map.Entry<Class<? extends Enum<?>>, Integer> range : RANGES.entrySet()) {
            for (Enum<?> constant : range.getKey().getEnumConstants()) {
                ErrorCode code = (ErrorCode) constant;
                String name = range.getKey().getSimpleName() + "." + constant.name();
                assertThat(code.number()).as(name).isBetween(range.getValue(), range.getValue() + 999);
                String other = byNumber.putIfAbsent(code.number(), name);
                assertThat(other).as(name + " has the number of " + other).isNull();
            }
        }
    }

    @Test
    void theIdIsPkAndTheNumber() {
        for (ErrorCode code : codes()) {
            assertThat(code.id()).as(code.name()).isEqualTo("PK-" + code.number()).matches("PK-[1-9]\\d{3}");
        }
    }

    @Test
    void everyTemplateFormatsWithItsArguments() {
        for (ErrorCode code : codes()) {
            String template = code.template();
            Object[] args = sampleArguments(template);
            String message = new PortalException(code, args).getMessage();
            assertThat(message).as(code.name()).startsWith("[" + code.id() + "] ").doesNotContain("%");
            for (Object arg : args) {
                if (arg instanceof String text) {
                    assertThat(message).as(code.name() + " shows each argument").contains(text);
                }
            }
        }
    }

    @Test
    void retryabilityIsTheMessages() {
        for (ErrorCode code : codes()) {
            ErrorCode.Message m = field(code).getAnnotation(ErrorCode.Message.class);
            assertThat(m).as(code.getClass().getSimpleName() + "." + code.name() + " has an @ErrorCode.Message").isNotNull();
            assertThat(code.retryable()).as(code.name()).isEqualTo(m.retryable());
        }
        assertThat(codes().stream().filter(ErrorCode::retryable)).contains(CoreError.SERIALIZATION_FAILURE,
                CoreError.DEADLOCK, CoreError.DATABASE_UNAVAILABLE);
    }

    /** One value of the right type for each specifier that takes an argument, in order. */
    static Object[] sampleArguments(String template) {
        List<Object> args = new ArrayList<>();
        Matcher m = SPECIFIER.matcher(template);
        while (m.find()) {
            char conversion = m.group(6).charAt(0);
            if (m.group(1) != null || (m.group(2) != null && m.group(2).contains("<"))) {
                throw new AssertionError("\"" + template + "\": use plain, ordered specifiers");
            }
            switch (conversion) {
                case '%', 'n' -> { }
                case 'd', 'x', 'X', 'o' -> args.add(40 + args.size());
                case 'f', 'e', 'E', 'g', 'G' -> args.add(1.5 + args.size());
                case 's', 'S' -> args.add("arg" + args.size());
                case 'b', 'B' -> args.add(Boolean.TRUE);
                default -> throw new AssertionError("\"" + template + "\": unexpected conversion %" + conversion);
            }
        }
        return args.toArray();
    }
}
