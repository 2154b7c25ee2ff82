package dev.baton.realtime;

/** One event on a socket: {@code {type, account_id, conversation_id, seq, data}}; seq is null for soft events. */
record WireEvent(long conversationId, Long seq, String json) {

    static WireEvent of(String type, long accountId, long conversationId, Long seq, String dataJson) {
        String json = "{\"type\":\"" + type + "\",\"account_id\":" + accountId + ",\"conversation_id\":" + conversationId
                + ",\"seq\":" + (seq == null ? "null" : seq) + ",\"data\":" + dataJson + "}";
        return new WireEvent(conversationId, seq, json);
    }

    static WireEvent control(String json) {
        return new WireEvent(0, null, json);
    }
}
