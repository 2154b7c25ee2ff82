package dev.baton.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The H2 baseline migration (db/migration/h2/B131__baseline.sql, docs/adr/0066): a new database is built from it,
 * a database of an earlier version still runs every versioned migration above its version, and both end with the
 * schema that every versioned migration builds.
 */
class H2BaselineMigrationTests {

    // the locations and the H2 settings of application.yml
    private static final String[] LOCATIONS = {"classpath:db/migration/common", "classpath:db/migration/h2"};

    @TempDir
    Path dir;

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** This release's migrations, as Spring Boot runs them. */
    private FluentConfiguration thisRelease(String name) {
        return Flyway.configure().dataSource(url(name), "sa", "").locations(LOCATIONS);
    }

    /** The versioned migrations only: what a release before the baseline ran (its prefix matches no file). */
    private FluentConfiguration everyVersioned(String name) {
        return thisRelease(name).configuration(Map.of("flyway.baselineMigrationPrefix", "NO_BASELINE_"));
    }

    /** The schema as H2 scripts it, one statement a line, sorted; names H2 made up for unnamed constraints elided. */
    private List<String> schema(String name) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(name), "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SCRIPT NODATA NOSETTINGS")) {
            while (rs.next()) {
                String statement = rs.getString(1).strip();
                if (statement.startsWith("--") || statement.startsWith("CREATE USER")
                        || statement.contains("flyway_schema_history")) {
                    continue;
                }
                statements.add(statement.replaceAll("\"CONSTRAINT_[0-9A-F]+\"", "\"CONSTRAINT_?\""));
            }
        }
        statements.sort(null);
        return statements;
    }

    private static List<String> versions(MigrationInfo[] migrations) {
        return Arrays.stream(migrations).filter(m -> m.getVersion() != null).map(m -> m.getVersion().getVersion()).toList();
    }

    @Test
    void aNewDatabaseRunsTheBaselineAloneAndEndsWithTheSchemaOfEveryVersionedMigration() throws SQLException {
        MigrateResult fresh = thisRelease("fresh").load().migrate();
        everyVersioned("full").load().migrate();

        assertThat(fresh.migrations).extracting(m -> m.type).first().isEqualTo("SQL_BASELINE");
        assertThat(fresh.migrations).extracting(m -> m.version).first().isEqualTo("131");
        assertThat(fresh.migrations).filteredOn(m -> !m.type.equals("SQL_BASELINE"))
                .allMatch(m -> Integer.parseInt(m.version) > 131, "only migrations above the baseline");
        assertThat(schema("fresh")).isNotEmpty().isEqualTo(schema("full"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "21", "110", "121", "130"})
    void aDatabaseOfAnEarlierVersionRunsEveryLaterVersionedMigrationAndEndsWithTheSameSchema(String from)
            throws SQLException {
        everyVersioned("old").target(from).load().migrate();
        List<String> before = versions(thisRelease("old").load().info().applied());

        MigrateResult upgrade = thisRelease("old").load().migrate();

        List<String> every = versions(everyVersioned("old").load().info().all());
        assertThat(upgrade.migrations).extracting(m -> m.type).doesNotContain("SQL_BASELINE");
        assertThat(upgrade.migrations).extracting((MigrateOutput m) -> m.version)
                .isEqualTo(every.stream().filter(v -> !before.contains(v)).toList())
                .isNotEmpty();
        assertThat(versions(thisRelease("old").load().info().applied())).isEqualTo(every);
        thisRelease("fresh").load().migrate();
        assertThat(schema("old")).isEqualTo(schema("fresh"));
    }
}
