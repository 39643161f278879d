package dev.portalkit.core.internal.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portalkit.core.spi.Validation;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.postgresql.util.PGobject;

/**
 * {@code jsonb} as a Java value through Jackson. Written as a {@link PGobject} of type jsonb (a
 * string parameter would be refused: "column is of type jsonb but expression is of type
 * character varying"); read as text.
 */
public class JsonTypeHandler<T> extends BaseTypeHandler<T> {

    private final ObjectMapper json;
    private final ObjectReader reader;
    private final JavaType type;
    /** What {@code {}} reads as when it can be shared (an empty unmodifiable map), else null. */
    private final T emptyObject;

    @SuppressWarnings("unchecked")
    public JsonTypeHandler(ObjectMapper json, JavaType type) {
        this.json = json;
        this.reader = json.readerFor(type);
        this.type = type;
        // Most metadata columns hold {}: reading it needs no parser.
        this.emptyObject = type.isMapLikeType() ? (T) Map.of() : null;
    }

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, T value, JdbcType jdbcType) throws SQLException {
        PGobject object = new PGobject();
        object.setType("jsonb");
        String text;
        try {
            text = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("Value of " + value.getClass().getName() + " cannot be written as JSON", "22023", e);
        }
        // A backstop behind Validation.jsonProblem: the driver would store a broken surrogate as '?'.
        if (!Validation.clean(text)) {
            throw new SQLException("JSON text with broken UTF-16", "22021");
        }
        object.setValue(text);
        ps.setObject(i, object, Types.OTHER);
    }

    @Override
    public T getNullableResult(ResultSet rs, String column) throws SQLException {
        return read(rs.getString(column));
    }

    @Override
    public T getNullableResult(ResultSet rs, int index) throws SQLException {
        return read(rs.getString(index));
    }

    @Override
    public T getNullableResult(CallableStatement cs, int index) throws SQLException {
        return read(cs.getString(index));
    }

    @SuppressWarnings("unchecked")
    private T read(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        if (emptyObject != null && text.equals("{}")) {
            return emptyObject;
        }
        if (emptyObject != null && text.startsWith("{")) {
            return (T) new LazyJsonObject(reader, text); // an object: parsed when first used
        }
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored JSON cannot be read as " + type, "22032", e);
        }
    }
}
