package dev.portalkit.core.internal.types;

import dev.portalkit.core.spi.Values;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * {@code timestamptz} as {@link Instant}. Written through {@link OffsetDateTime}, which pgjdbc binds
 * with an explicit offset: unlike MyBatis' own handler (via {@code java.sql.Timestamp}) the value
 * never depends on the JVM's or the session's time zone. Read through {@code getTimestamp}, which
 * for a {@code timestamptz} is the exact instant whatever those zones (the value carries its
 * offset), and uses the connection's parser: asking pgjdbc for an {@code OffsetDateTime} builds a
 * new parser for every result set, a fifth of a 20-row read's CPU. Every PortalKit timestamp
 * column is a {@code timestamptz}. Rounded by {@link Values#stored}, the rule validation uses too.
 */
public final class InstantTypeHandler extends BaseTypeHandler<Instant> {

    /** Inside PostgreSQL's timestamptz range (4713 BC to 294276 AD), with room for interval arithmetic. */
    private static final Instant EARLIEST = Instant.parse("-4000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+290000-01-01T00:00:00Z");

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, Instant value, JdbcType jdbcType) throws SQLException {
        // Past what timestamptz holds (and OffsetDateTime: Instant.MAX has none) only a query bound can
        // get here, since every instant written is validated: as +/-infinity it keeps its meaning.
        if (value.isAfter(LATEST)) {
            ps.setObject(i, "infinity", Types.OTHER);
        } else if (value.isBefore(EARLIEST)) {
            ps.setObject(i, "-infinity", Types.OTHER);
        } else {
            ps.setObject(i, Values.stored(value).atOffset(ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getNullableResult(ResultSet rs, String column) throws SQLException {
        return toInstant(rs.getTimestamp(column));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, int index) throws SQLException {
        return toInstant(rs.getTimestamp(index));
    }

    @Override
    public Instant getNullableResult(CallableStatement cs, int index) throws SQLException {
        return toInstant(cs.getTimestamp(index));
    }

    private static Instant toInstant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
