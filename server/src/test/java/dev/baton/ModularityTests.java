package dev.baton;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk through each other's root API or events only (ARCHITECTURE.md section 2). */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(BatonApplication.class);

    @Test
    void featuresOnlyUseEachOthersPublicApiAndHaveNoCycles() {
        modules.verify();
    }

    @Test
    void everyFeaturePackageIsAModule() {
        org.assertj.core.api.Assertions.assertThat(modules.stream().map(m -> m.getBasePackage().getName()))
                .contains("dev.baton.account", "dev.baton.inbox", "dev.baton.contact", "dev.baton.conversation",
                        "dev.baton.channel", "dev.baton.realtime", "dev.baton.routing", "dev.baton.bot", "dev.baton.notify",
                        "dev.baton.setup", "dev.baton.report", "dev.baton.audit", "dev.baton.shared");
    }
}
