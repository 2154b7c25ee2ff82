package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

class SocketTests {

    private final WebSocketSession session = mock(WebSocketSession.class);

    private Socket socket() {
        when(session.isOpen()).thenReturn(true);
        when(session.getId()).thenReturn("s1");
        return new Socket(Socket.Kind.AGENT, 1, session);
    }

    private List<String> sent(int atLeast) throws Exception {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<WebSocketMessage<?>> captor = ArgumentCaptor.forClass(WebSocketMessage.class);
        verify(session, timeout(2000).atLeast(atLeast)).sendMessage(captor.capture());
        Thread.sleep(100); // let the writer finish anything queued after the awaited count
        verify(session, atLeast(atLeast)).sendMessage(captor.capture());
        return captor.getAllValues().stream().map(m -> ((TextMessage) m).getPayload()).distinct().toList();
    }

    private static WireEvent event(long conversation, long seq) {
        return WireEvent.of("message.created", 1, conversation, seq, "{\"n\":" + seq + "}");
    }

    @Test
    void liveEventsWaitForTheResumeAndReplayedOnesCannotBeOvertaken() throws Exception {
        Socket socket = socket();
        socket.resumeRequested();
        socket.deliver(event(7, 12)); // live, while the replay of 10..12 is still running
        socket.resumeGraceOver();     // the grace timer must not release it early
        socket.replay(event(7, 10));
        socket.replay(event(7, 11));
        socket.replay(event(7, 12));
        socket.resumed();
        socket.deliver(event(7, 13));

        assertThat(sent(4)).extracting(json -> json.replaceAll(".*\"seq\":(\\d+).*", "$1"))
                .containsExactly("10", "11", "12", "13");
    }

    @Test
    void aClientThatNeverResumesGetsLiveEventsAfterTheGracePeriodInOrder() throws Exception {
        Socket socket = socket();
        socket.deliver(event(3, 5));
        socket.deliver(event(3, 4));
        socket.resumeGraceOver();
        socket.deliver(event(3, 6));
        socket.deliver(event(3, 6));

        assertThat(sent(3)).extracting(json -> json.replaceAll(".*\"seq\":(\\d+).*", "$1"))
                .containsExactly("4", "5", "6");
    }

    @Test
    void messagesQueuedWhileOneIsBeingWrittenGoOutInOrderAndALaterOneStartsTheWriterAgain() throws Exception {
        Socket socket = socket();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.mockito.Mockito.doAnswer(call -> {
            writing.countDown();
            release.await();
            written.add(((TextMessage) call.getArgument(0)).getPayload());
            return null;
        }).when(session).sendMessage(org.mockito.ArgumentMatchers.any());

        socket.sendControl("0");
        assertThat(writing.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the writer holds "0"
        for (int i = 1; i <= 100; i++) {
            socket.sendControl(String.valueOf(i));
        }
        release.countDown();
        verify(session, timeout(2000).times(101)).sendMessage(org.mockito.ArgumentMatchers.any());
        socket.sendControl("101"); // the queue ran dry: this one starts a new writer
        verify(session, timeout(2000).times(102)).sendMessage(org.mockito.ArgumentMatchers.any());

        assertThat(written).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(0, 101).mapToObj(String::valueOf).toList());
    }

    @Test
    void aClientMessageInPartsIsJoinedAndOneLongerThanTheLimitClosesTheSocketWithTooBig() throws Exception {
        Socket socket = socket();
        assertThat(socket.assemble("{\"type\":", false, 20)).isNull();
        assertThat(socket.assemble("\"ping\"}", true, 20)).isEqualTo("{\"type\":\"ping\"}");
        assertThat(socket.assemble("{\"type\":\"pong\"}", true, 20)).isEqualTo("{\"type\":\"pong\"}");

        assertThat(socket.assemble("x".repeat(15), false, 20)).isNull();
        assertThat(socket.assemble("x".repeat(6), true, 20)).isNull();
        verify(session).close(org.springframework.web.socket.CloseStatus.TOO_BIG_TO_PROCESS);
    }
}
