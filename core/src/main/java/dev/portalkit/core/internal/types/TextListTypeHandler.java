package dev.portalkit.core.internal.types;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** {@code text[]} as an unmodifiable {@code List<String>}. */
public final class TextListTypeHandler extends BaseTypeHandler<List<String>> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, List<String> value, JdbcType jdbcType) throws SQLException {
        Array array = ps.getConnection().createArrayOf("text", value.toArray());
        ps.setArray(i, array);
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, String column) throws SQLException {
        return toList(rs.getArray(column));
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, int index) throws SQLException {
        return toList(rs.getArray(index));
    }

    @Override
    public List<String> getNullableResult(CallableStatement cs, int index) throws SQLException {
        return toList(cs.getArray(index));
    }

    private static List<String> toList(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return Collections.unmodifiableList(Arrays.asList((String[]) array.getArray())); // keeps NULL elements
        } finally {
            array.free();
        }
    }
}
