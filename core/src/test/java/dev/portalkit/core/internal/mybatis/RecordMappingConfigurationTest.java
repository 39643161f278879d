package dev.portalkit.core.internal.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.SqlCommandType;
import dev.portalkit.core.internal.types.UuidTypeHandler;
import org.junit.jupiter.api.Test;

class RecordMappingConfigurationTest {

    public record Row(UUID id, String displayName, long version, Instant createdAt) {
    }

    private static MappedStatement added(RecordMappingConfiguration c, String id, Class<?> resultType) {
        ResultMap inline = new ResultMap.Builder(c, id + "-Inline", resultType, List.of(), null).build();
        c.addMappedStatement(new MappedStatement.Builder(c, id, new StaticSqlSource(c, "SELECT 1"), SqlCommandType.SELECT)
                .resultMaps(List.of(inline)).build());
        return c.getMappedStatement(id);
    }

    @Test
    void componentNamesMapToSnakeCaseColumns() {
        assertThat(RecordMappingConfiguration.column("occurredAt")).isEqualTo("occurred_at");
        assertThat(RecordMappingConfiguration.column("id")).isEqualTo("id");
        assertThat(RecordMappingConfiguration.column("line2Text")).isEqualTo("line2_text");
    }

    private static RecordMappingConfiguration configuration() {
        RecordMappingConfiguration c = new RecordMappingConfiguration(null);
        c.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
        return c;
    }

    @Test
    void aRecordResultTypeGetsARowHandlerWhenItsFirstStatementIsLoaded() {
        RecordMappingConfiguration c = configuration();
        assertThat(c.getTypeHandlerRegistry().hasTypeHandler(Row.class)).isFalse();
        added(c, "s", Row.class);
        assertThat(c.getTypeHandlerRegistry().getTypeHandler(Row.class))
                .isInstanceOf(RecordMappingConfiguration.RecordRowHandler.class);
    }

    @Test
    void aScalarResultTypeIsLeftAlone() {
        RecordMappingConfiguration c = new RecordMappingConfiguration(null);
        added(c, "n", Long.class);
        assertThat(c.getTypeHandlerRegistry().getTypeHandler(Long.class))
                .isNotInstanceOf(RecordMappingConfiguration.RecordRowHandler.class);
    }

    @Test
    void aRecordWithAComponentWithoutTypeHandlerKeepsMyBatisMapping() {
        RecordMappingConfiguration c = new RecordMappingConfiguration(null); // no handler for UUID
        added(c, "r", Row.class);
        assertThat(c.getTypeHandlerRegistry().hasTypeHandler(Row.class)).isFalse();
    }

    @Test
    void recordsAreCreatedThroughTheirCanonicalConstructor() {
        UUID id = UUID.randomUUID();
        Row row = new RecordMappingConfiguration(null).getObjectFactory().create(Row.class,
                List.of(UUID.class, String.class, long.class, Instant.class), List.of(id, "Ann", 3L, Instant.EPOCH));
        assertThat(row).isEqualTo(new Row(id, "Ann", 3L, Instant.EPOCH));
    }
}
