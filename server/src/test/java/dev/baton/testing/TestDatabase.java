package dev.baton.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The database an integration run uses: H2 in memory, or a fresh schema in the PostgreSQL named by
 * {@code BATON_TEST_POSTGRES_URL} (Failsafe runs the suite once for each). Without that URL the
 * PostgreSQL run is skipped locally and fails in CI ({@code CI=true}).
 */
public final class TestDatabase {

    private static Map<String, String> properties;

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("baton.test.database", "h2"));
    }

    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            properties = isPostgres() && available("BATON_TEST_POSTGRES_URL") ? postgres() : h2();
        }
        return properties;
    }

    /** Whether a service variable is set; in CI a missing one fails instead (see {@link #requireService}). */
    static boolean available(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(variable + " is not set, and CI=true forbids skipping the tests that need it");
            }
            return false;
        }
        return true;
    }

    /** A database of its own (a new H2 database or PostgreSQL schema), for a test that starts Baton itself. */
    public static Map<String, String> fresh() {
        return isPostgres() ? postgres() : h2();
    }

    /**
     * Several servers live in one test JVM (cached test contexts, cluster nodes): each keeps a small pool, so
     * that together they stay well below PostgreSQL's connection limit.
     */
    private static Map<String, String> pooled(Map<String, String> database) {
        Map<String, String> all = new java.util.HashMap<>(database);
        all.put("spring.datasource.hikari.maximum-pool-size", "8");
        all.put("spring.datasource.hikari.minimum-idle", "1");
        return Map.copyOf(all);
    }

    private static Map<String, String> h2() {
        return pooled(h2Database());
    }

    private static Map<String, String> h2Database() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:baton-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "spring.datasource.username", "sa", "spring.datasource.password", "");
    }

    private static Map<String, String> postgres() {
        String url = requireService("BATON_TEST_POSTGRES_URL");
        String schema = "baton_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the PostgreSQL test schema at " + url, e);
        }
        String separator = url.contains("?") ? "&" : "?";
        return pooled(Map.of("spring.datasource.url", url + separator + "currentSchema=" + schema,
                "spring.datasource.username", "", "spring.datasource.password", "",
                "spring.flyway.schemas", schema, "spring.flyway.default-schema", schema));
    }

    /** The value of a service URL variable; aborts the test without it, or fails in CI. */
    public static String requireService(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(variable + " is not set, and CI=true forbids skipping the tests that need it");
            }
            Assumptions.abort(variable + " is not set: skipping tests that need this service");
        }
        return value;
    }
}
