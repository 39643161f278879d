package dev.portalkit.core.internal.types;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Java enums as PostgreSQL enum types (or {@code text} + CHECK) by constant name. Bound as
 * {@link Types#OTHER}, so the server casts the literal to the column's enum type; bound as
 * varchar it would fail with "column is of type x but expression is of type character varying".
 */
public final class PgEnumTypeHandler<E extends Enum<E>> extends BaseTypeHandler<E> {

    private final Class<E> type;

    public PgEnumTypeHandler(Class<E> type) {
        if (type == null) {
            throw new IllegalArgumentException("null enum type");
        }
        this.type = type;
    }

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, E value, JdbcType jdbcType) throws SQLException {
        ps.setObject(i, value.name(), Types.OTHER);
    }

    @Override
    public E getNullableResult(ResultSet rs, String column) throws SQLException {
        return toEnum(rs.getString(column));
    }

    @Override
    public E getNullableResult(ResultSet rs, int index) throws SQLException {
        return toEnum(rs.getString(index));
    }

    @Override
    public E getNullableResult(CallableStatement cs, int index) throws SQLException {
        return toEnum(cs.getString(index));
    }

    private E toEnum(String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
