package dev.baton.inbox;

/** How visitors reach an inbox: the embedded web widget, or an API channel driven by another system. */
public enum ChannelType {
    WEB_WIDGET("web_widget", "Channel::WebWidget"),
    API("api", "Channel::Api");

    private final String wire;
    private final String chatwootName;

    ChannelType(String wire, String chatwootName) {
        this.wire = wire;
        this.chatwootName = chatwootName;
    }

    public String wire() {
        return wire;
    }

    /** The {@code channel_type} value Chatwoot clients expect. */
    public String chatwootName() {
        return chatwootName;
    }

    public static ChannelType fromWire(String value) {
        for (ChannelType type : values()) {
            if (type.wire.equals(value) || type.chatwootName.equals(value)) {
                return type;
            }
        }
        throw dev.baton.shared.BatonException.invalid("channel.type", "inclusion", "channel.type must be web_widget or api");
    }
}
