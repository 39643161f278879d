package dev.portalkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultFlag;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.ResultMapping;
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
    void aRecordResultTypeGetsOneConstructorMappingPerComponentAtLoadTime() {
        RecordMappingConfiguration c = configuration();
        List<ResultMapping> args = added(c, "s", Row.class).getResultMaps().get(0).getConstructorResultMappings();
        assertThat(args).extracting(ResultMapping::getColumn)
                .containsExactly("id", "display_name", "version", "created_at");
        assertThat(args).allSatisfy(m -> {
            assertThat(m.getFlags()).contains(ResultFlag.CONSTRUCTOR);
            assertThat(m.getTypeHandler()).isNotNull();
        });
    }

    @Test
    void aScalarResultTypeIsLeftAlone() {
        RecordMappingConfiguration c = new RecordMappingConfiguration(null);
        assertThat(added(c, "n", Long.class).getResultMaps().get(0).getResultMappings()).isEmpty();
    }

    @Test
    void aRecordWithAComponentWithoutTypeHandlerKeepsMyBatisMapping() {
        RecordMappingConfiguration c = new RecordMappingConfiguration(null); // no handler for UUID
        assertThat(added(c, "r", Row.class).getResultMaps().get(0).getResultMappings()).isEmpty();
    }

    @Test
    void recordsAreCreatedThroughTheirCanonicalConstructor() {
        UUID id = UUID.randomUUID();
        Row row = new RecordMappingConfiguration(null).getObjectFactory().create(Row.class,
                List.of(UUID.class, String.class, long.class, Instant.class), List.of(id, "Ann", 3L, Instant.EPOCH));
        assertThat(row).isEqualTo(new Row(id, "Ann", 3L, Instant.EPOCH));
    }
}
