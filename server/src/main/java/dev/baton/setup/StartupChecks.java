package dev.baton.setup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Runs before any bean (and before the database is touched): says loudly when the embedded database
 * is in use, and refuses development defaults in production mode.
 */
class StartupChecks implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String url = environment.getProperty("spring.datasource.url", "");
        boolean embedded = url.startsWith("jdbc:h2:");
        boolean production = "production".equalsIgnoreCase(environment.getProperty("baton.mode", "development"));
        if (production) {
            if (embedded) {
                throw new ProductionModeRefused("baton.mode=production refuses the embedded H2 database: "
                        + "set BATON_DB_URL (with BATON_DB_USERNAME and BATON_DB_PASSWORD) to a PostgreSQL database");
            }
            if ("true".equalsIgnoreCase(environment.getProperty("baton.demo.enabled"))) {
                throw new ProductionModeRefused("baton.mode=production refuses demo data: remove baton.demo.enabled=true");
            }
        }
        if (embedded) {
            log.warn("""

                    ************************************************************************
                    *  Baton runs on the EMBEDDED H2 database ({}).
                    *  Fine for trying it out; for real use set BATON_DB_URL to PostgreSQL.
                    ************************************************************************""", url);
        }
    }

    /** Turns the refusal into a short, actionable message instead of a stack trace. */
    static class Explained extends AbstractFailureAnalyzer<ProductionModeRefused> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, ProductionModeRefused cause) {
            return new FailureAnalysis(cause.getMessage(),
                    "Fix the setting above, or run without baton.mode=production to try Baton out.", cause);
        }
    }
}
