package dev.portalkit.core.internal.mybatis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.internal.types.InstantTypeHandler;
import dev.portalkit.core.internal.types.JsonTypeHandler;
import dev.portalkit.core.internal.types.PgEnumTypeHandler;
import dev.portalkit.core.internal.types.TextListTypeHandler;
import dev.portalkit.core.internal.types.UuidTypeHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.logging.nologging.NoLoggingImpl;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.type.TypeHandlerRegistry;

/** Builds the one MyBatis configuration of a Portal from every installed module's mappers. */
public final class MyBatisFactory {

    private MyBatisFactory() {
    }

    public static SqlSessionFactory create(DataSource dataSource, String schema, ObjectMapper json,
                                    Duration statementTimeout, Collection<Class<?>> mappers) {
        Configuration c = new RecordMappingConfiguration(new Environment("portalkit", new JdbcTransactionFactory(), dataSource));
        Properties variables = new Properties();
        // The only ${...} in any mapper: a validated identifier, fixed for the Portal's life.
        variables.setProperty("schema", schema);
        // The parameter core's audit fragments read (spi.AuditRows), unless an include names another.
        variables.setProperty("auditParam", "audit");
        c.setVariables(variables);
        c.setMapUnderscoreToCamelCase(true);
        // Records are read through their canonical constructor (see RecordMappingConfiguration); a
        // record it cannot map falls back to MyBatis' matching by parameter name.
        c.setArgNameBasedConstructorAutoMapping(true);
        c.setCacheEnabled(false);
        // A session-wide cache would answer a repeated SELECT ... FOR UPDATE SKIP LOCKED from memory.
        c.setLocalCacheScope(LocalCacheScope.STATEMENT);
        c.setDefaultStatementTimeout(Math.toIntExact(Math.max(1, statementTimeout.toSeconds())));
        c.setDefaultEnumTypeHandler(PgEnumTypeHandler.class);
        c.setReturnInstanceForEmptyRow(false);
        // MyBatis' statement log prints every bound parameter (password hashes, token hashes,
        // e-mails) to whoever turns on DEBUG for a mapper: PortalKit never logs them.
        c.setLogImpl(NoLoggingImpl.class);
        // Dynamic statements are parsed once per generated text, not on every execution.
        c.setDefaultScriptingLanguage(CachingLanguageDriver.class);

        TypeHandlerRegistry types = c.getTypeHandlerRegistry();
        types.register(UUID.class, new UuidTypeHandler());
        types.register(Instant.class, new InstantTypeHandler());
        types.register(List.class, new TextListTypeHandler());
        types.register(Map.class, new JsonTypeHandler<Map<String, Object>>(json,
                json.getTypeFactory().constructMapType(Map.class, String.class, Object.class)));
        types.register(JsonNode.class, new JsonTypeHandler<JsonNode>(json, json.constructType(JsonNode.class)));

        for (Class<?> mapper : mappers) {
            c.addMapper(mapper);
        }
        return new SqlSessionFactoryBuilder().build(c);
    }
}
