package dev.baton.channel.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.socket_mode.SocketModeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one place that talks to Slack's Web API, through Slack's official Java SDK pointed at
 * {@code baton.slack.api-url} (Slack itself, or the fake Slack of the tests). Every answer that is not
 * {@code ok} becomes a {@link SlackFailure}.
 */
@Component
class SlackApi {

    /** What Slack says about a token: the workspace and the bot user. */
    record Identity(String teamId, String teamName, String botUserId) {
    }

    /** A channel as the channel picker shows it. */
    record Channel(String id, String name, boolean isPrivate, boolean isIm, boolean archived) {
    }

    /** A Slack user as far as the bridge needs one. */
    record User(String id, String name, String email) {
    }

    /** What oauth.v2.access gives for an approved installation: the bot token and who it is. */
    record Installation(String botToken, Identity identity) {
    }

    /** The SDK's client (OkHttp, Gson, Kotlin, a metrics executor), made at the first call: most nodes never talk to Slack. */
    private final SingletonSupplier<Slack> slack;
    private final String apiHost;

    SlackApi(SlackSettings settings) {
        this.apiHost = java.net.URI.create(settings.apiUrl()).getHost();
        SlackConfig config = new SlackConfig();
        String url = settings.apiUrl().endsWith("/") ? settings.apiUrl() : settings.apiUrl() + "/";
        config.setMethodsEndpointUrlPrefix(url);
        config.setPrettyResponseLoggingEnabled(false);
        this.slack = SingletonSupplier.of(() -> Slack.getInstance(config));
    }

    Identity identify(String token) {
        var r = call(() -> methods(token).authTest(b -> b));
        return new Identity(r.getTeamId(), r.getTeam(), r.getUserId());
    }

    /**
     * Exchanges the code of an approved "Add to Slack" for the bot token ({@code oauth.v2.access}; the SDK sends the
     * client id and secret as HTTP Basic credentials). {@code redirectUri} must be the one the authorize URL named.
     */
    Installation install(String clientId, String clientSecret, String code, String redirectUri) {
        var r = call(() -> slack.obtain().methods().oauthV2Access(b -> b.clientId(clientId).clientSecret(clientSecret).code(code)
                .redirectUri(redirectUri)));
        if (r.getAccessToken() == null || !"bot".equals(r.getTokenType()) || r.getTeam() == null) {
            throw SlackFailure.error("no_bot_token");
        }
        return new Installation(r.getAccessToken(), new Identity(r.getTeam().getId(), r.getTeam().getName(), r.getBotUserId()));
    }

    /** The workspace's public channels that are not archived, all pages of them. */
    List<Channel> publicChannels(String token) {
        List<Channel> all = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            var r = call(() -> methods(token).conversationsList(b -> b.types(List.of(ConversationType.PUBLIC_CHANNEL))
                    .excludeArchived(true).limit(200).cursor(page)));
            r.getChannels().forEach(c -> all.add(channel(c)));
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty() && all.size() < 10_000);
        return all;
    }

    Channel channel(String token, String channelId) {
        return channel(call(() -> methods(token).conversationsInfo(b -> b.channel(channelId))).getChannel());
    }

    void join(String token, String channelId) {
        call(() -> methods(token).conversationsJoin(b -> b.channel(channelId)));
    }

    /** Posts a message; {@code blocks} is Block Kit JSON or null. Returns the message's ts. */
    String post(String token, String channelId, String text, String blocks) {
        return call(() -> methods(token).chatPostMessage(b -> {
            b.channel(channelId).text(text).unfurlLinks(false).unfurlMedia(false);
            return blocks == null ? b : b.blocksAsString(blocks);
        })).getTs();
    }

    void update(String token, String channelId, String ts, String text, String blocks) {
        call(() -> methods(token).chatUpdate(b -> b.channel(channelId).ts(ts).text(text).blocksAsString(blocks)));
    }

    void ephemeral(String token, String channelId, String userId, String text) {
        call(() -> methods(token).chatPostEphemeral(b -> b.channel(channelId).user(userId).text(text)));
    }

    /** Creates a public channel; returns its id. */
    String createChannel(String token, String name) {
        return call(() -> methods(token).conversationsCreate(b -> b.name(name).isPrivate(false))).getChannel().getId();
    }

    void invite(String token, String channelId, String userId) {
        try {
            call(() -> methods(token).conversationsInvite(b -> b.channel(channelId).users(List.of(userId))));
        } catch (SlackFailure e) {
            if (!"already_in_channel".equals(e.error)) {
                throw e;
            }
        }
    }

    /** Archives a channel; one that is archived already counts as done. */
    void archive(String token, String channelId) {
        try {
            call(() -> methods(token).conversationsArchive(b -> b.channel(channelId)));
        } catch (SlackFailure e) {
            if (!"already_archived".equals(e.error)) {
                throw e;
            }
        }
    }

    User user(String token, String userId) {
        var u = call(() -> methods(token).usersInfo(b -> b.user(userId))).getUser();
        String name = u.getProfile() != null && u.getProfile().getDisplayName() != null && !u.getProfile().getDisplayName().isBlank()
                ? u.getProfile().getDisplayName() : u.getRealName() != null ? u.getRealName() : u.getName();
        return new User(u.getId(), name, u.getProfile() == null ? null : u.getProfile().getEmail());
    }

    /**
     * A file shared in a channel ({@code url_private_download}), with the bot token, through the SDK's HTTP client;
     * null when it is larger than {@code maxBytes}. The token goes only to Slack's file host or the API's host
     * (the fake Slack), never to another URL an event names.
     */
    byte[] download(String token, String url, long maxBytes) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw SlackFailure.error("file_url_invalid");
        }
        if (uri.getHost() == null || !(uri.getHost().equals("files.slack.com") || uri.getHost().equals(apiHost))) {
            throw SlackFailure.error("file_url_not_slack");
        }
        try (okhttp3.Response r = slack.obtain().getHttpClient().get(url, java.util.Map.of(), token)) {
            failOnStatus(r);
            try (var in = r.body().byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes + 1));
                return bytes.length > maxBytes ? null : bytes;
            }
        } catch (IOException e) {
            throw new SlackFailure("connection: " + e.getClass().getSimpleName(), null, true);
        }
    }

    /**
     * Shares a file in a channel the way Slack wants it since files.upload was retired: {@code
     * files.getUploadURLExternal}, the bytes to the upload URL, {@code files.completeUploadExternal}. A retry
     * starts over with a new upload URL; an upload never completed is dropped by Slack.
     */
    void upload(String token, String channelId, String fileName, byte[] bytes) {
        var target = call(() -> methods(token).filesGetUploadURLExternal(b -> b.filename(fileName).length(bytes.length)));
        okhttp3.MultipartBody body = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
                .addFormDataPart("file", fileName, okhttp3.RequestBody.create(bytes, okhttp3.MediaType.parse("application/octet-stream")))
                .build();
        try (okhttp3.Response r = slack.obtain().getHttpClient().postMultipart(target.getUploadUrl(), token, body)) {
            failOnStatus(r);
        } catch (IOException e) {
            throw new SlackFailure("connection: " + e.getClass().getSimpleName(), null, true);
        }
        call(() -> methods(token).filesCompleteUploadExternal(b -> b.channelId(channelId).files(List.of(
                com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails.builder()
                        .id(target.getFileId()).title(fileName).build()))));
    }

    /** A plain HTTP answer (a file's bytes, an upload) that is not 200, as {@link #call} turns API answers. */
    private static void failOnStatus(okhttp3.Response r) {
        if (r.code() == 429) {
            throw new SlackFailure("ratelimited", Duration.ofSeconds(retryAfter(r.header("Retry-After"))), true);
        }
        if (r.code() != 200) {
            throw new SlackFailure("http_" + r.code(), null, r.code() >= 500 || r.code() == 408);
        }
    }

    private static long retryAfter(String header) {
        try {
            return Math.max(1, Long.parseLong(header == null ? "1" : header.trim()));
        } catch (NumberFormatException ignored) {
            return 1; // an HTTP date or garbage: wait a second
        }
    }

    /**
     * A Socket Mode client for the app-level token, not yet connected: {@code apps.connections.open} (at
     * {@code baton.slack.api-url}) gives the WebSocket URL, the SDK's Java-WebSocket backend connects to it.
     */
    SocketModeClient socketMode(String appToken) throws IOException {
        return slack.obtain().socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
    }

    private MethodsClient methods(String token) {
        return slack.obtain().methods(token);
    }

    private static Channel channel(Conversation c) {
        return new Channel(c.getId(), c.getName(), c.isPrivate(), c.isIm() || c.isMpim(), c.isArchived());
    }

    interface Call<T> {
        T run() throws IOException, SlackApiException;
    }

    static <T extends SlackApiTextResponse> T call(Call<T> call) {
        T response;
        try {
            response = call.run();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            failOnStatus(e.getResponse());
            throw new SlackFailure("http_" + status, null, false);
        } catch (IOException e) {
            throw new SlackFailure("connection: " + e.getClass().getSimpleName(), null, true);
        }
        if (!response.isOk()) {
            throw SlackFailure.error(response.getError());
        }
        return response;
    }
}
