package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.account.Availability;
import org.junit.jupiter.api.Test;

class AgentStatusTests {

    @Test
    void chatwootClientsSeeAvailableAsOnlineAwayAndAMissedOfferAsBusyAndOfflineAsOffline() {
        assertThat(AgentStatus.AVAILABLE.availability()).isEqualTo(Availability.ONLINE);
        assertThat(AgentStatus.AWAY.availability()).isEqualTo(Availability.BUSY);
        assertThat(AgentStatus.RONA.availability()).isEqualTo(Availability.BUSY);
        assertThat(AgentStatus.OFFLINE.availability()).isEqualTo(Availability.OFFLINE);
    }
}
