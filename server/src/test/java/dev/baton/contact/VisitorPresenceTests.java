package dev.baton.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.contact.ContactRepository.SocketCount;
import dev.baton.contact.VisitorPresence.SocketChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** How a batch of socket opens and closes changes the counts (docs/realtime.md#visitor-presence). */
class VisitorPresenceTests {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

    private final ContactRepository repository = mock(ContactRepository.class);
    private final VisitorPresence presence = new VisitorPresence(repository, Clock.fixed(NOW, ZoneOffset.UTC));

    private void counts(SocketCount... rows) {
        when(repository.lockVisitorSockets(anyCollection(), any())).thenReturn(List.of(rows));
    }

    @SuppressWarnings("unchecked")
    private List<SocketCount> written(Set<Long> vouched) {
        ArgumentCaptor<List<SocketCount>> counts = ArgumentCaptor.forClass(List.class);
        verify(repository).writeVisitorSockets(counts.capture(), org.mockito.ArgumentMatchers.eq(vouched),
                org.mockito.ArgumentMatchers.eq(NOW));
        return counts.getValue();
    }

    @Test
    void eachVisitorsChangesApplyInOrderAndOnlyThoseGoingOnlineOrOfflineAreAnswered() {
        counts(new SocketCount(1, 0, false), new SocketCount(2, 1, true), new SocketCount(3, 1, true),
                new SocketCount(4, 3, false));
        Set<Long> changed = presence.socketsChanged(List.of(
                new SocketChange(1, true),   // first socket: online
                new SocketChange(2, true),   // a second tab: still online
                new SocketChange(3, false),  // the last one closed: offline
                new SocketChange(4, false),  // a count nobody vouched for: down by one, still not online
                new SocketChange(4, true))); // ... then an open starts it again at 1
        assertThat(changed).containsExactlyInAnyOrder(1L, 3L, 4L);
        assertThat(written(Set.of(1L, 2L, 4L))).containsExactly(new SocketCount(1, 1, true), new SocketCount(2, 2, true),
                new SocketCount(3, 0, true), new SocketCount(4, 1, true));
    }

    @Test
    void anOpenAndItsCloseInOneBatchChangeNobodysPresence() {
        counts(new SocketCount(1, 0, false), new SocketCount(2, 1, true));
        Set<Long> changed = presence.socketsChanged(List.of(new SocketChange(1, true), new SocketChange(2, false),
                new SocketChange(1, false), new SocketChange(2, true)));
        assertThat(changed).isEmpty();
        assertThat(written(Set.of(1L, 2L))).containsExactly(new SocketCount(1, 0, true), new SocketCount(2, 1, true));
    }
}
