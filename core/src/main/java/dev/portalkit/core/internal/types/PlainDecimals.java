package dev.portalkit.core.internal.types;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Floating-point numbers written in plain notation with a decimal point ({@code 15000000000.0}, not
 * {@code 1.5E10}). jsonb keeps a number's scale, and {@code 1.5E10} has none: it would read back as
 * the integer 15000000000, a {@code Long} where a {@code Double} was stored. Non-finite values are
 * written as bare tokens, which jsonb refuses (validation refuses them first).
 */
public final class PlainDecimals {

    private PlainDecimals() {
    }

    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("PortalKitPlainDecimals");
        m.addSerializer(Double.class, new Plain<>(Double.class));
        m.addSerializer(Double.TYPE, new Plain<>(Double.TYPE));
        m.addSerializer(Float.class, new Plain<>(Float.class));
        m.addSerializer(Float.TYPE, new Plain<>(Float.TYPE));
        return m;
    }

    private static final class Plain<T extends Number> extends StdSerializer<T> {

        private static final long serialVersionUID = 1L;

        Plain(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                gen.writeNumber(d);
                return;
            }
            // Float.toString for a float: its shortest text, not the widened double's.
            String shortest = value instanceof Float f ? Float.toString(f) : Double.toString(d);
            String plain = new BigDecimal(shortest).toPlainString();
            gen.writeNumber(plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
    }
}
